"""The detailed, human view of one media file: ``omrs inspect --detailed`` and the report.

A legal reviewer asks of a file: is the claim intact, who signed it and when, what does each
assertion say, what went into it, and what do the OMRS records signed into it grant. This
module turns a verified :class:`~omrs.media.report.C2paReport` into those facts, as plain
values both the text view and the review report (``omrs.report``) render, so the two always
say the same. No ``c2pa`` import.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from omrs.findings import FileResult, Finding
from omrs.media.extract import EmbeddedRecord, embedded_records, training_entries
from omrs.media.render import _PROBLEMS, _TIME_STAMPS, _VERDICTS
from omrs.media.report import C2paReport, StatusEntry
from omrs.source_types import source_type_term

#: How far a parentOf chain is followed (a hostile store may loop).
MAX_CHAIN = 32


@dataclass(frozen=True, slots=True)
class Ingredient:
    title: str
    relationship: str
    kind: str
    description: str = ""
    manifest: str | None = None


@dataclass(frozen=True, slots=True)
class ManifestLink:
    """One manifest of the chain, newest first: the active one, then each parent's."""

    label: str
    title: str
    generator: str
    signer: str
    issuer: str
    alg: str
    time: str | None
    ingredients: tuple[Ingredient, ...]


@dataclass(frozen=True, slots=True)
class Line:
    """A labelled statement in plain words (an assertion, an embedded record)."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class MediaDetail:
    path: str
    state: str
    verdict: str
    mime: str | None
    error: str | None
    manifest: str | None
    where: str
    signer: str | None
    issuer: str | None
    alg: str | None
    serial: str | None
    signed_at: str | None
    timestamp: str
    chain: tuple[ManifestLink, ...]
    assertions: tuple[Line, ...]
    records: tuple[Line, ...]
    privacy: str | None
    codes: tuple[StatusEntry, ...]
    successes: int
    findings: tuple[Finding, ...]

    @property
    def ingredients(self) -> tuple[Ingredient, ...]:
        return self.chain[0].ingredients if self.chain else ()


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _ingredient(item: Mapping[str, Any]) -> Ingredient:
    types = [t.get("type") for t in item.get("data_types") or () if isinstance(t, Mapping)]
    kind = "model" if "c2pa.types.model" in types else "dataset" if types else "asset"
    manifest = item.get("active_manifest")
    return Ingredient(
        _text(item.get("title")) or "(untitled)",
        _text(item.get("relationship")) or "?",
        kind,
        _text(item.get("description")),
        manifest if isinstance(manifest, str) else None,
    )


def _link(label: str, manifest: Mapping[str, Any]) -> ManifestLink:
    info = manifest.get("signature_info")
    info = info if isinstance(info, Mapping) else {}
    gen = manifest.get("claim_generator_info")
    first = gen[0] if isinstance(gen, list) and gen and isinstance(gen[0], Mapping) else {}
    generator = " ".join(_text(first.get(k)) for k in ("name", "version")).strip()
    items = manifest.get("ingredients")
    return ManifestLink(
        label,
        _text(manifest.get("title")),
        generator or _text(manifest.get("claim_generator")) or "unknown",
        _text(info.get("common_name")) or "unknown",
        _text(info.get("issuer")) or "unknown",
        _text(info.get("alg")) or "?",
        info.get("time") if isinstance(info.get("time"), str) else None,
        tuple(_ingredient(i) for i in items or () if isinstance(i, Mapping)),
    )


def chain(report: C2paReport) -> tuple[ManifestLink, ...]:
    """The active manifest and, through each ``parentOf`` ingredient, the earlier ones."""
    manifests = (report.manifest_store or {}).get("manifests")
    if not isinstance(manifests, Mapping):
        return ()
    out: list[ManifestLink] = []
    label, seen = report.active_manifest, set()
    while isinstance(label, str) and label not in seen and len(out) < MAX_CHAIN:
        seen.add(label)
        manifest = manifests.get(label)
        if not isinstance(manifest, Mapping):
            break
        link = _link(label, manifest)
        out.append(link)
        label = next((i.manifest for i in link.ingredients if i.relationship == "parentOf"), None)
    return tuple(out)


def _span(change: Any) -> str:
    for region in change.get("region") or () if isinstance(change, Mapping) else ():
        time = region.get("time") if isinstance(region, Mapping) else None
        if isinstance(time, Mapping):
            return f"{_text(time.get('start'))}-{_text(time.get('end'))}"
    return ""


def _action(action: Mapping[str, Any]) -> str:
    name = _text(action.get("action")).removeprefix("c2pa.").replace(".", " ")
    extra = [_span(c) for c in action.get("changes") or ()]
    term = source_type_term(_text(action.get("digitalSourceType")) or None)
    if term:
        extra.append(f"source type {term}")
    agent = action.get("softwareAgent")
    if isinstance(agent, Mapping) and agent.get("name"):
        extra.append(f"by {_text(agent.get('name'))} {_text(agent.get('version'))}".strip())
    shown = ", ".join(e for e in extra if e)
    return f"{name} ({shown})" if shown else name


_METADATA = {
    "Iptc4xmpExt:DigitalSourceType": "digital source type",
    "plus:DataMining": "data mining",
    "plus:ModelReleaseStatus": "model release status",
    "plus:ModelReleaseID": "model release",
    "Iptc4xmpExt:AISystemUsed": "AI system",
    "Iptc4xmpExt:AISystemVersionUsed": "AI system version",
}


def _value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    return _text(value).rsplit("/", 1)[-1]


def _assertion(label: str, data: Any, report: C2paReport) -> str:
    if label in ("c2pa.actions", "c2pa.actions.v2") and isinstance(data, Mapping):
        acts = [_action(a) for a in data.get("actions") or () if isinstance(a, Mapping)]
        return "what was done: " + "; ".join(acts)
    if label in ("cawg.metadata", "c2pa.metadata") and isinstance(data, Mapping):
        # In the order of _METADATA: the SDK does not keep the JSON-LD's key order.
        said = [f"{name} {_value(data[k])}" for k, name in _METADATA.items() if k in data]
        return "IPTC metadata: " + ("; ".join(said) or "no rights fields")
    if label in ("cawg.training-mining", "c2pa.training-mining"):
        uses = [f"{e.key.split('.')[-1]} {e.use}" for e in training_entries(report)]
        return "AI training and data mining: " + (", ".join(uses) or "no entries")
    if label == "org.omrs.asset" and isinstance(data, Mapping):
        return (
            f"OMRS asset binding: bundle {_text(data.get('bundle'))}, path "
            f"{_text(data.get('path'))}, privacy {_text(data.get('privacy'))}"
        )
    if label.startswith("org.omrs."):
        return f"OMRS {label.removeprefix('org.omrs.')} records (summarised below)"
    return "no plain-words description for this assertion"


def _term(data: Mapping[str, Any]) -> str:
    term = data.get("term")
    if not isinstance(term, Mapping):
        return "no term"
    return f"{_text(term.get('start')) or '?'} to {_text(term.get('end')) or 'open-ended'}"


def _list(value: Any) -> str:
    return ", ".join(_text(v) for v in value) if isinstance(value, list) and value else "none"


def _record(record: EmbeddedRecord) -> str:
    data, form = record.data, "minimal form" if record.minimal else "full record"
    kind = data.get("recordType")
    if kind == "likeness-consent":
        subject = data.get("subject")
        who = _text(subject.get("name")) if isinstance(subject, Mapping) else ""
        revoked = data.get("revocation")
        revoked = revoked.get("revokedAt") if isinstance(revoked, Mapping) else None
        return (
            f"consent {record.id} ({form}): {who + ', ' if who else ''}attributes "
            f"{_list(data.get('attributes'))}; term {_term(data)}; territories "
            f"{_list(data.get('territories'))}" + (f"; revoked {revoked}" if revoked else "")
        )
    if kind == "ai-disclosure":
        label = data.get("label")
        text = f'label "{_text(label.get("text"))}"' if isinstance(label, Mapping) else "no label"
        place = f" ({_text(label.get('placement'))})" if isinstance(label, Mapping) else ""
        term = source_type_term(_text(data.get("digitalSourceType")) or None) or "?"
        return f"disclosure {record.id} ({form}): {text}{place}; source type {term}"
    if kind == "training-license":
        perms = data.get("permissions")
        uses = [
            f"{k} {_text(v.get('use'))}"
            for k, v in sorted(perms.items() if isinstance(perms, Mapping) else ())
            if isinstance(v, Mapping)
        ]
        return f"licence {record.id} ({form}): {', '.join(uses) or 'no permissions'}"
    return f"{_text(kind) or 'record'} {record.id} ({form})"


def _records(report: C2paReport) -> tuple[tuple[Line, ...], str | None]:
    embedded = embedded_records(report)
    lines = [Line(r.label, _record(r)) for r in embedded.records]
    lines += [Line(bad.label, f"refused: {bad.message}") for bad in embedded.invalid]
    return tuple(lines), embedded.privacy


def _stamp(report: C2paReport) -> str:
    stamp = report.timestamp
    if stamp is None:
        return "none (the certificate is judged at the current time)"
    return f"{stamp.time or '?'}, {_TIME_STAMPS[stamp.state]}"


def media_detail(path: Path | str, report: C2paReport, result: FileResult) -> MediaDetail:
    """Everything the detailed view shows of one verified file."""
    info = report.signature_info
    verdict = _PROBLEMS.get(report.problem or "") or _VERDICTS.get(report.state, report.state)
    records, privacy = _records(report)
    serial = info.get("cert_serial_number")
    stamp = report.timestamp
    return MediaDetail(
        path=str(path),
        state=report.state,
        verdict=verdict,
        mime=report.mime,
        error=report.error,
        manifest=report.active_manifest,
        where=f"sidecar {report.sidecar}" if report.sidecar else "embedded",
        signer=_text(info.get("common_name")) or None,
        issuer=_text(info.get("issuer")) or None,
        alg=_text(info.get("alg")) or None,
        serial=_text(serial) or None,
        signed_at=stamp.time if stamp else None,
        timestamp=_stamp(report),
        chain=chain(report),
        assertions=tuple(
            Line(a.label, _assertion(a.label, a.data, report)) for a in report.assertions
        ),
        records=records,
        privacy=privacy,
        codes=tuple(c for c in report.codes if c.kind != "success"),
        successes=sum(1 for c in report.codes if c.kind == "success"),
        findings=result.findings,
    )


def _chain_lines(detail: MediaDetail) -> Iterator[str]:
    for depth, link in enumerate(detail.chain):
        head = "active" if depth == 0 else f"parent {depth}"
        when = f", time-stamped {link.time}" if link.time else ""
        yield f"    {head}: {link.label} by {link.generator}, signed by {link.signer}{when}"
        for ing in link.ingredients:
            about = f": {ing.description}" if ing.description else ""
            yield f"      - {ing.relationship} {ing.kind} {ing.title!r}{about}"


def render_detailed(detail: MediaDetail) -> str:
    """``omrs inspect --detailed``: the same facts as the review report's media section.

    Raw text: the caller makes controls and bidi overrides visible for a terminal."""
    lines = [f"{detail.path}: {detail.verdict}"]
    pairs = [
        ("reason", detail.error),
        ("format", detail.mime),
        ("manifest", f"{detail.manifest} ({detail.where})" if detail.manifest else None),
        ("signer", f"{detail.signer} ({detail.alg})" if detail.signer else None),
        (
            "certificate",
            f"issued by {detail.issuer}, serial {detail.serial}" if detail.issuer else None,
        ),
        ("signed at", detail.signed_at or ("unknown (no time-stamp)" if detail.signer else None)),
        ("time-stamp", detail.timestamp if detail.manifest else None),
    ]
    lines += [f"  {k + ':':<13}{v}" for k, v in pairs if v]
    if detail.chain:
        lines += ["  manifest chain (newest first):", *_chain_lines(detail)]
    if detail.assertions:
        lines += ["  assertions:", *(f"    {a.label}: {a.text}" for a in detail.assertions)]
    if detail.records:
        lines.append(f"  embedded OMRS records (privacy {detail.privacy or 'unknown'}):")
        lines += [f"    {r.text}" for r in detail.records]
    if detail.codes:
        lines.append("  status codes:")
        lines += [f"    {c.kind:<13} {c.code}: {c.explanation or ''}" for c in detail.codes]
    if detail.successes:
        lines.append(f"    ({detail.successes} success code(s) not shown)")
    lines.append("  findings:" if detail.findings else "  findings:    none")
    lines += [f"    {f.severity.value}: {f.code}: {f.message}" for f in detail.findings]
    return "\n".join(lines)
