"""AI segment coverage: each segment, whom it depicts, the consent covering each attribute
(or the gap), the models and their licences, and the audience label."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from omrs.report import consents as cs
from omrs.report.model import AssetCoverage, Label, ModelRow, SegmentRow
from omrs.report.sources import Record, Sources
from omrs.rules.base import items
from omrs.source_types import source_type_term

text = cs.text


def _models(segment: Mapping[str, Any], licences: Mapping[str, Record]) -> tuple[ModelRow, ...]:
    out = []
    for _, model in items(segment, "models"):
        made = f"{text(model.get('name'))} {text(model.get('version'))}"
        name = f"{made} ({text(model.get('provider'))})"
        ref = model.get("license")
        licence = licences.get(ref) if isinstance(ref, str) else None
        if not isinstance(ref, str):
            note = "no training licence named"
        elif licence is None:
            note = "licence not in the bundle"
        else:
            perms = licence.get("permissions")
            perms = perms if isinstance(perms, Mapping) else {}
            uses = [
                f"{k} {text(v.get('use'))}"
                for k, v in sorted(perms.items())
                if isinstance(v, Mapping)
            ]
            note = f"{cs.term(licence)}; {', '.join(uses) or 'no permissions'}"
        out.append(ModelRow(name, ref if isinstance(ref, str) else None, note))
    return tuple(out)


def _label(disclosure: Record | None) -> Label | None:
    label = disclosure.get("label") if disclosure else None
    if not isinstance(label, Mapping) or disclosure is None:
        return None
    duration = label.get("durationSeconds")
    return Label(
        text(label.get("text")),
        text(label.get("languages")),
        text(label.get("placement")),
        f"{duration} s" if duration is not None else "not stated",
        label.get("audio") is True,
        text(disclosure.get("regimes")) or "none named",
    )


def _where(segment: Mapping[str, Any]) -> str:
    rng, region = segment.get("range"), segment.get("region")
    if isinstance(rng, Mapping):
        return f"{text(rng.get('start'))} to {text(rng.get('end'))}"
    if isinstance(region, Mapping):
        box = ", ".join(f"{k} {text(region.get(k))}" for k in ("x", "y", "width", "height"))
        return f"region {box}"
    return "whole asset"


def _releases(source: Mapping[str, Any], bundle: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The disclosure's release and the bundle's, each once: a use goes out in both."""
    found = [r for r in (source.get("release"), bundle.get("release")) if isinstance(r, Mapping)]
    return [r for i, r in enumerate(found) if r not in found[:i]] or [{}]


def coverage(sources: Sources) -> tuple[AssetCoverage, ...]:
    consents = {text(c.get("id")): c for c in sources.of_type("likeness-consent")}
    licences = {text(c.get("id")): c for c in sources.of_type("training-license")}
    out = []
    for _, bundle in sources.bundles:
        for _, asset in items(bundle, "assets"):
            ref = asset.get("disclosure")
            disclosure = sources.records.get(ref) if isinstance(ref, str) else None
            source = disclosure if disclosure and disclosure.get("work") else bundle
            work = source.get("work") or {}
            releases = _releases(source, bundle)
            rows, named = [], set()
            for i, seg in items(disclosure, "segments"):
                people = tuple(
                    cs.person_cover(p, consents, work, releases) for _, p in items(seg, "people")
                )
                named |= {p.name for p in people}
                rows.append(
                    SegmentRow(
                        text(seg.get("id")) or f"segment {i + 1}",
                        _where(seg),
                        text(seg.get("actions")),
                        source_type_term(seg.get("digitalSourceType")) or "?",
                        text(seg.get("description")),
                        people,
                        _models(seg, licences),
                    )
                )
            rest = [p for _, p in items(asset, "people") if text(p.get("name")) not in named]
            if rest or (not rows and asset.get("models")):
                rows.append(
                    SegmentRow(
                        "asset as a whole",
                        "whole asset",
                        "",
                        "",
                        "people and models listed on the bundle's asset",
                        tuple(cs.person_cover(p, consents, work, releases) for p in rest),
                        _models(asset, licences),
                        whole=True,
                    )
                )
            share = disclosure.get("aiShare") if disclosure else None
            out.append(
                AssetCoverage(
                    text(asset.get("path")),
                    ref if isinstance(ref, str) else None,
                    source_type_term((disclosure or {}).get("digitalSourceType"))
                    or "not disclosed",
                    f"{share:.0%}" if isinstance(share, int | float) else "not stated",
                    _label(disclosure),
                    tuple(rows),
                )
            )
    return tuple(out)
