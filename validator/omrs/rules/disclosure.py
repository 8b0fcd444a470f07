"""Rules on AI-disclosure records: source types that agree, and labels where law wants them.

Labels are required per active profile, each regime judged on the release date (the duty
attaches to the release): the EU AI Act from 2026-08-02, New York's GBL § 396-b for
synthetic performers in advertisements from 2026-06-09, China's labelling measures from
2025-09-01. A finding that rests only on a regime read in summaries (New York, China) is a
warning; the EU's Art. 50, read in full, gives errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from omrs import aigc
from omrs import source_types as vocab
from omrs.findings import Finding, Severity
from omrs.loading import Document
from omrs.rules import sources as src
from omrs.rules.base import Report, date, items, semantic, span
from omrs.rules.engine import RuleContext
from omrs.rules.releases import is_advertisement, is_artistic, promoted_work, what
from omrs.source_types import SourceClass

DISCLOSURE = ("ai-disclosure",)
EU_ART_50_FROM = dt.date(2026, 8, 2)
NY_396B_FROM = dt.date(2026, 6, 9)
CN_LABELLING_FROM = dt.date(2025, 9, 1)
#: Placements the audience meets at the latest when first exposed to the AI content.
UP_FRONT = frozenset({"firstExposure", "openingScreen", "onScreenThroughout"})
#: Placements on a video's start frame (China wants the label there).
AT_START = frozenset({"openingScreen", "onScreenThroughout"})
#: Shortest explicit label on video the Chinese standard accepts, in seconds.
CN_MIN_SECONDS = 2
#: Where 1.0 records GB 45438-2025 Annex E's implicit-label fields (1.1: a structured field).
CN_AIGC_EXTENSION = aigc.EXTENSION


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
    "OMRS 1.0: if any segment is generative AI the overall type MUST NOT be a no-AI or "
    "non-generative type (ai-disclosure.md), so an asset coded as captured or "
    "non-generative (digitalCapture, algorithmicallyEnhanced...) cannot contain a segment "
    "made with generative AI; it should be coded compositeWithTrainedAlgorithmicMedia or "
    "compositeSynthetic (whose current IPTC definition is a composite of several elements, "
    '"at least one of which is Generative AI"; the older wording said "synthetic"). An '
    "asset coded as wholly AI-generated (trainedAlgorithmicMedia) cannot contain a segment "
    "declared captured, with no AI.",
    (src.OMRS_DISCLOSURE, src.IPTC_DST),
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
    "OMRS 1.0: `composite` and `virtualRecording` do not say whether generative AI was "
    "involved (IPTC: composite of elements any of which may or may not be generative AI); a "
    "record using them MUST say so in the `resolution` field next to them (ai-disclosure.md), "
    "or use a more precise term.",
    (src.OMRS_DISCLOSURE, src.IPTC_DST),
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


def _released_from(data: dict[str, Any], day: dt.date) -> bool:
    released = date(data["release"]["date"])
    return bool(released and released >= day)


def media_kind(data: dict[str, Any]) -> str:
    """``audio``, ``video``, ``image`` from the asset's media type, else ``unknown``."""
    kind = str(data["asset"].get("mediaType", "")).split("/", 1)[0]
    return kind if kind in ("audio", "video", "image") else "unknown"


@dataclass(frozen=True, slots=True)
class Regime:
    """A labelling regime that applies to a disclosure, and how sure its findings are."""

    id: str
    name: str
    severity: Severity


EU = Regime("eu", "EU AI Act Art. 50(4) and 50(5)", Severity.ERROR)
NY = Regime("ny", "N.Y. GBL § 396-b", Severity.WARNING)
CN = Regime("cn", "China's 2025 labelling measures", Severity.WARNING)


def _performers(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for _, seg in items(data, "segments") for _, p in items(seg, "syntheticPerformers")]


def ny_exempt_promotion(data: dict[str, Any]) -> bool:
    """§ 396-b's exemption for promoting an expressive work: the release names the work it
    promotes (1.1 ``release.promotes``) and every synthetic performer in it is used as in
    that work (``usedAsInPromotedWork``). A 1.0 record cannot say either, so never."""
    performers = _performers(data)
    promoted = promoted_work(data["release"]) is not None
    return promoted and bool(performers) and all(p.get("usedAsInPromotedWork") for p in performers)


def _ny_applies(data: dict[str, Any], ctx: RuleContext) -> bool:
    """An advertisement with a synthetic performer, released from 2026-06-09, not audio-only,
    and not promotion of an expressive work that uses its performers as the work does.

    An advertisement is 1.0's context ``advertisement`` or 1.1's kind or context
    (``rules.releases.is_advertisement``), so a migrated record gets the same verdict.
    """
    return (
        "us-ny" in ctx.active_profiles
        and is_advertisement(data["release"])
        and bool(_performers(data))
        and _released_from(data, NY_396B_FROM)
        and media_kind(data) != "audio"
        and not ny_exempt_promotion(data)
    )


def label_regimes(data: dict[str, Any], ctx: RuleContext) -> list[Regime]:
    """The active regimes that require an audience label on this disclosure."""
    out = []
    generative = has_generative(data)
    if generative and "eu-ai-act" in ctx.active_profiles and _released_from(data, EU_ART_50_FROM):
        out.append(EU)
    if _ny_applies(data, ctx):
        out.append(NY)
    cn = "cn-labelling" in ctx.active_profiles
    if generative and cn and _released_from(data, CN_LABELLING_FROM):
        out.append(CN)
    return out


def _worst(regimes: list[Regime]) -> Severity:
    return min((r.severity for r in regimes), key=lambda s: s.rank)


def _implicit_label_gap(data: dict[str, Any]) -> str | None:
    """What the record lacks to show China's implicit label, or None.

    Read from 1.1's ``machineReadableMarking.implicitLabel``, else 1.0's extension.
    """
    found = aigc.record_fields(data)
    if found is None:
        if data.get("omrs") == "1.0":
            return (
                f"no `extensions[{CN_AIGC_EXTENSION!r}]` with the AIGC fields (OMRS 1.1 "
                "records them in `machineReadableMarking.implicitLabel`)"
            )
        return "no `machineReadableMarking.implicitLabel` with the AIGC fields"
    fields, where = found
    structured = where != f"extensions[{CN_AIGC_EXTENSION!r}]"

    def named(keys: list[str]) -> str:
        return ", ".join(aigc.FROM_ANNEX.get(k, k) if structured else k for k in keys)

    missing = [k for k in aigc.REQUIRED if not fields.get(k)]
    if missing:
        return f"`{where}` lacks {named(missing)}"
    if fields["Label"] not in aigc.LABELS:
        return f"the AIGC `Label` is {fields['Label']!r}, not 1, 2 or 3"
    odd = [k for k, v in fields.items() if not aigc.ALLOWED.match(v)]
    if odd:
        return (
            f"`{where}` has characters that GB 45438-2025 Annex E does not allow in "
            f"{named(odd)} (as secondary sources quote it: printable ASCII without space, "
            "quotation mark or backslash)"
        )
    if not (data.get("machineReadableMarking") or {}).get("metadata"):
        return "`machineReadableMarking.metadata` does not say the file's metadata carries it"
    return None


@semantic(
    "disclosure.label-missing",
    "AI content has the label its release requires",
    Severity.ERROR,
    "EU AI Act Art. 50(4), applying from 2026-08-02: deepfakes must be disclosed (OMRS "
    "treats every generated or AI-altered image, audio or video as needing a label, and "
    "leaves the deep-fake judgement to a waiver). N.Y. GBL § 396-b as amended, from "
    "2026-06-09: whoever produces an advertisement with a synthetic performer must disclose "
    "it conspicuously; audio-only advertisements are exempt, and so is promotion of an "
    "expressive work that uses the performer as the work does: OMRS 1.1 records the work "
    "promoted (`release.promotes`) and, per synthetic performer, `usedAsInPromotedWork`; "
    "a 1.0 record cannot, so waive the finding there. An advertisement is a release whose "
    "1.0 context is `advertisement`, or whose 1.1 context is `commercial` or kind an "
    "advertisement, trailer, teaser or promo. China's labelling measures, "
    "from 2025-09-01: an explicit label and an implicit one in the file metadata carrying "
    "the content attribute, the provider's name or code and a content ID (Measures Art. 5; "
    "GB 45438-2025 Annex E fields Label, ContentProducer, ProduceID, recorded in OMRS 1.1 "
    "as machineReadableMarking.implicitLabel and in 1.0 under "
    "extensions['cn.org.tc260.aigc']); a C2PA manifest or a bare "
    "`machineReadableMarking.metadata` does not show them. The EU text was read; New York's "
    "duty and exemptions and China's texts only in summaries, so findings resting on them "
    "alone are warnings.",
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
            f"no audience `label`, which {' and '.join(g.name for g in regimes)} require(s) "
            f"for this {what(data['release'])} release",
            severity=_worst(regimes),
        )
    if CN in regimes:
        gap = _implicit_label_gap(data)
        if gap:
            yield r.at(
                "",
                f"no implicit label China's measures accept: {gap}. It must sit in the "
                "file's metadata with the content attribute, the provider's name or code "
                "and a content ID (GB 45438-2025 Annex E: Label, ContentProducer, ProduceID)",
                severity=CN.severity,
            )


def _first_ai_second(data: dict[str, Any]) -> float | None:
    """When the first generative segment starts (0 for a whole-asset segment), if known."""
    from omrs.rules.segments import seconds

    starts: list[float] = []
    for _, seg in items(data, "segments"):
        if not vocab.is_generative(seg["digitalSourceType"]):
            continue
        rng = seg.get("range")
        start = seconds(rng["start"], rng.get("frameRate")) if isinstance(rng, dict) else 0.0
        if start is None:
            return None
        starts.append(start)
    return min(starts) if starts else 0.0


def _cn_placement(data: dict[str, Any], placement: str) -> str | None:
    """Why China's explicit label is misplaced, per media type (Measures Art. 4)."""
    kind = media_kind(data)
    if kind in ("audio", "image"):
        return None  # audio: start, middle or end (Art. 4(2)); images: any fitting place
    if placement in AT_START:
        return None
    if placement == "firstExposure" and _first_ai_second(data) == 0:
        return None
    return (
        f"China's explicit label on video must be on the start frame (the end and middle "
        f"may add to it, Measures Art. 4); {placement} is not there"
    )


@semantic(
    "disclosure.label-placement",
    "The label is placed and timed as the release requires",
    Severity.ERROR,
    'EU AI Act Art. 50(5): the information is due "at the latest at the time of the first '
    'interaction or exposure". The artistic proviso of Art. 50(4) limits evidently artistic, '
    "creative, satirical or fictional works to disclosing the AI content in a manner that "
    "does not hamper the work: it changes the form, not the timing, so end credits alone "
    "(after the exposure) never satisfy it. New York: the synthetic-performer disclosure "
    "must be conspicuous (undefined in the statute, read in summaries), which end credits "
    "are not. China (Measures Art. 4, GB 45438-2025, read in summaries): on video the "
    "explicit label goes on the start frame and stays at least 2 s at normal speed; on "
    "audio a cue at the start, the middle or the end. Findings resting on New York or China "
    "alone are warnings.",
    (src.EU_AI_ACT_50_4, src.EU_AI_ACT_50_5, src.NY_GBL_396B, src.CN_MEASURES, src.CN_GB_45438),
    DISCLOSURE,
    profiles=("eu-ai-act", "us-ny", "cn-labelling"),
)
def _label_placement(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data, label = doc.data, doc.data.get("label")
    if not label:
        return
    placement = label["placement"]
    regimes = label_regimes(data, ctx)
    if EU in regimes and placement not in UP_FRONT:
        lighter = (
            "; the artistic proviso of Art. 50(4) lightens the form, not the timing"
            if is_artistic(data["release"])
            else ""
        )
        yield r.at(
            "/label/placement",
            f"a label only in the {placement} comes after the audience was exposed; EU AI "
            f"Act Art. 50(5) wants it at the latest at first exposure{lighter}",
        )
    if NY in regimes and placement not in UP_FRONT:
        yield r.at(
            "/label/placement",
            f"a synthetic performer in an advertisement must be disclosed conspicuously "
            f"in New York; a label in the {placement} is not",
            severity=NY.severity,
        )
    if CN in regimes:
        why = _cn_placement(data, placement)
        if why:
            yield r.at("/label/placement", why, severity=CN.severity)
        seconds = label.get("durationSeconds")
        if media_kind(data) != "audio" and seconds is not None and seconds < CN_MIN_SECONDS:
            yield r.at(
                "/label/durationSeconds",
                f"the label shows for {seconds} s; China's explicit label on video needs at "
                f"least {CN_MIN_SECONDS} s at normal speed (GB 45438-2025)",
                severity=CN.severity,
            )
