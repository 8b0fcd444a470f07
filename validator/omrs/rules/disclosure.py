"""Rules on AI-disclosure records: source types that agree, and labels where law wants them.

Labels are required per active profile: the EU AI Act from 2026-08-02 (judged on the
release date, since the duty attaches to the release), New York for synthetic performers
in advertisements, China for every piece of generated content (explicit and implicit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from omrs import source_types as vocab
from omrs.findings import Finding, Severity
from omrs.loading import Document
from omrs.rules import sources as src
from omrs.rules.base import Report, date, items, semantic, span
from omrs.rules.engine import RuleContext
from omrs.source_types import SourceClass

DISCLOSURE = ("ai-disclosure",)
EU_ART_50_FROM = dt.date(2026, 8, 2)
#: Contexts in which the EU allows a lighter disclosure that does not spoil the work.
ARTISTIC = frozenset({"artistic", "creative", "satirical", "fictional"})
#: Placements the audience meets before or while it sees the content.
UP_FRONT = frozenset({"firstExposure", "openingScreen", "onScreenThroughout"})
#: Shortest explicit label on video the Chinese standard accepts, in seconds.
CN_MIN_SECONDS = 2


def source_types(data: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Pointer, value and owning object of every source type: the asset's, then segments'."""
    yield "/digitalSourceType", data["digitalSourceType"], data
    for i, seg in items(data, "segments"):
        yield f"/segments/{i}/digitalSourceType", seg["digitalSourceType"], seg


def has_generative(data: dict[str, Any]) -> bool:
    return any(vocab.is_generative(value) for _, value, _ in source_types(data))


@semantic(
    "vocab.retired-source-type",
    "A retired IPTC digital source type is used",
    Severity.WARNING,
    "IPTC retired `minorHumanEdits`, `digitalArt` and `softwareImage`; they are still read "
    "(with the meaning of their replacements) but new records should use the current terms.",
    (src.IPTC_DST,),
    DISCLOSURE,
)
def _retired(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for pointer, value, _ in source_types(doc.data):
        if vocab.is_retired(value):
            term = vocab.term(value)
            yield r.at(
                pointer, f"{term!r} is a retired IPTC term; use {vocab.REPLACEMENTS[term]!r}"
            )


@semantic(
    "disclosure.source-type-mismatch",
    "The asset's source type agrees with its segments",
    Severity.ERROR,
    "An asset coded as captured or non-generative (digitalCapture, algorithmicallyEnhanced...) "
    "cannot contain a segment made with generative AI; it should be coded "
    "compositeWithTrainedAlgorithmicMedia or compositeSynthetic. An asset coded as wholly "
    "AI-generated (trainedAlgorithmicMedia) cannot contain captured, non-AI segments.",
    (src.IPTC_DST, src.EU_AI_ACT_50_4),
    DISCLOSURE,
)
def _mismatch(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    overall = doc.data["digitalSourceType"]
    asset_class = vocab.classify(overall)
    for i, seg in items(doc.data, "segments"):
        seg_class = vocab.classify(seg["digitalSourceType"])
        clash = (asset_class in vocab.NON_GENERATIVE and seg_class in vocab.GENERATIVE) or (
            asset_class is SourceClass.AI_GENERATED and seg_class is SourceClass.NO_AI
        )
        if clash:
            yield r.at(
                f"/segments/{i}/digitalSourceType",
                f"the asset is coded "
                f"{vocab.term(overall)!r} ({asset_class.value}) but {span(seg)} is "
                f"{vocab.term(seg['digitalSourceType'])!r} ({seg_class.value})",
            )


@semantic(
    "disclosure.ambiguous-source-type",
    "An ambiguous source type is resolved",
    Severity.ERROR,
    "`composite` and `virtualRecording` do not say whether generative AI was involved; a "
    "record using them must say so in the `resolution` field next to them, or use a more "
    "precise term.",
    (src.IPTC_DST,),
    DISCLOSURE,
)
def _ambiguous(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for pointer, value, owner in source_types(doc.data):
        if vocab.classify(value) is SourceClass.AMBIGUOUS and not owner.get("resolution"):
            where = pointer.rsplit("/", 1)[0] or "the asset"
            yield r.at(
                pointer,
                f"{vocab.term(value)!r} is ambiguous and {where} has no "
                "`resolution` saying whether generative AI was involved",
            )


def _eu_applies(data: dict[str, Any], ctx: RuleContext) -> bool:
    released = date(data["release"]["date"])
    return "eu-ai-act" in ctx.active_profiles and bool(released and released >= EU_ART_50_FROM)


def _ny_applies(data: dict[str, Any], ctx: RuleContext) -> bool:
    performers = any(seg.get("syntheticPerformers") for _, seg in items(data, "segments"))
    return (
        "us-ny" in ctx.active_profiles
        and data["release"]["context"] == "advertisement"
        and (performers)
    )


def label_regimes(data: dict[str, Any], ctx: RuleContext) -> list[str]:
    """The active regimes that require an audience label on this disclosure."""
    out = []
    if has_generative(data) and _eu_applies(data, ctx):
        out.append("EU AI Act Art. 50(4)")
    if _ny_applies(data, ctx):
        out.append("NY GBL 396-b")
    if has_generative(data) and "cn-labelling" in ctx.active_profiles:
        out.append("China's 2025 labelling measures")
    return out


@semantic(
    "disclosure.label-missing",
    "AI content has the label its release requires",
    Severity.ERROR,
    "Under the EU AI Act from 2026-08-02, deep fakes must be disclosed (OMRS treats every "
    "generated or AI-altered image, audio or video as needing a label, and leaves the "
    "deep-fake judgement to a waiver); New York requires synthetic performers in "
    "advertisements to be disclosed conspicuously; China requires an explicit label and an "
    "implicit, machine-readable one on generated content.",
    (src.EU_AI_ACT_50_4, src.NY_GBL_396B, src.CN_MEASURES, src.CN_GB_45438),
    DISCLOSURE,
    profiles=("eu-ai-act", "us-ny", "cn-labelling"),
)
def _label_missing(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = doc.data
    regimes = label_regimes(data, ctx)
    if regimes and "label" not in data:
        yield r.at(
            "",
            f"no audience `label`, which {' and '.join(regimes)} require(s) for "
            f"this {data['release']['context']} release",
        )
    if has_generative(data) and "cn-labelling" in ctx.active_profiles:
        marking = data.get("machineReadableMarking") or {}
        if not (marking.get("metadata") or marking.get("c2paManifest")):
            yield r.at(
                "/machineReadableMarking" if marking else "",
                "no implicit label: "
                "China's measures require machine-readable metadata (or a C2PA "
                "manifest) marking generated content",
            )


@semantic(
    "disclosure.label-placement",
    "The label is placed and timed as the release requires",
    Severity.ERROR,
    "The EU requires the information at the latest at first exposure; only evidently "
    "artistic, creative, satirical or fictional works may use a lighter form such as the "
    "end credits. New York's synthetic-performer disclosure must be conspicuous, which end "
    "credits are not. China's explicit label on video belongs at the start and stays on "
    "screen for at least 2 seconds.",
    (src.EU_AI_ACT_50_4, src.EU_AI_ACT_50_5, src.NY_GBL_396B, src.CN_GB_45438),
    DISCLOSURE,
    profiles=("eu-ai-act", "us-ny", "cn-labelling"),
)
def _label_placement(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data, label = doc.data, doc.data.get("label")
    if not label:
        return
    placement, context = label["placement"], data["release"]["context"]
    generative = has_generative(data)
    if placement not in UP_FRONT:
        if generative and _eu_applies(data, ctx) and context not in ARTISTIC:
            yield r.at(
                "/label/placement",
                f"a label in the {placement} is allowed in the EU "
                f"only for evidently artistic, creative, satirical or fictional works; "
                f"this release is {context}, so it must be shown at first exposure",
            )
        if _ny_applies(data, ctx):
            yield r.at(
                "/label/placement",
                f"a synthetic performer in an advertisement must be "
                f"disclosed conspicuously in New York; a label in the {placement} is not",
            )
        if generative and "cn-labelling" in ctx.active_profiles:
            yield r.at(
                "/label/placement",
                f"China's explicit label belongs at the start; {placement} is not enough",
            )
    seconds = label.get("durationSeconds")
    cn = generative and "cn-labelling" in ctx.active_profiles
    if cn and seconds is not None and seconds < CN_MIN_SECONDS:
        yield r.at(
            "/label/durationSeconds",
            f"the label shows for {seconds} s; China's "
            f"explicit label needs at least {CN_MIN_SECONDS} s",
        )
