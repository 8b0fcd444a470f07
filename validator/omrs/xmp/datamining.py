"""OMRS licence permissions <-> the single-valued PLUS ``plus:DataMining`` code.

What a licence says about each use is ``omrs.permissions`` (shared with the rules and the
C2PA export): ``constrained`` without machine-readable constraints counts as ``notAllowed``
(CAWG TDM 1.1 §3.1), the licence's own terms override statements of preference (AIPREF -07
§5.2), and a use the licence limits in ways PLUS cannot carry (a named licensee, territories,
a term end, purposes, duties) is exported as constrained, never as allowed. IPTC Data
Mining holds one value, so mixed sets need rules: the code written never implies more than
the records grant (it may imply less), and each code read back maps to exactly the
permission set it implies, so sets a code can express survive a round trip. The table is
spec/1.0/xmp-mapping.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from omrs import permissions
from omrs.permissions import KEYS as PERMISSION_KEYS
from omrs.permissions import TRAINING_KEYS, Exported
from omrs.xmp.namespaces import PLUS_VOCAB

UNSPECIFIED = "DMI-UNSPECIFIED"
ALLOWED = "DMI-ALLOWED"
PROHIBITED_AIML = "DMI-PROHIBITED-AIMLTRAINING"
PROHIBITED_GENAIML = "DMI-PROHIBITED-GENAIMLTRAINING"
PROHIBITED_EXCEPT_SEARCH = "DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING"
PROHIBITED = "DMI-PROHIBITED"
SEE_CONSTRAINT = "DMI-PROHIBITED-SEECONSTRAINT"
SEE_EMBEDDED = "DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR"
SEE_LINKED = "DMI-PROHIBITED-SEELINKEDRIGHTSEXPR"
CODES = (
    UNSPECIFIED,
    ALLOWED,
    PROHIBITED_AIML,
    PROHIBITED_GENAIML,
    PROHIBITED_EXCEPT_SEARCH,
    PROHIBITED,
    SEE_CONSTRAINT,
    SEE_EMBEDDED,
    SEE_LINKED,
)


def code_of(value: str | None) -> str | None:
    """``DMI-...`` code of an XMP value (full IRI, ``https`` IRI or bare code), else None."""
    if value is None:
        return None
    text = value.strip()
    for base in (PLUS_VOCAB, PLUS_VOCAB.replace("http://", "https://", 1)):
        if text.startswith(base):
            text = text[len(base) :]
    return text if text in CODES else None


def effective_permissions(
    licence: Mapping[str, Any] | None, *, on: dt.date | None = None
) -> dict[str, Exported]:
    """Per standard key, what an export of ``licence`` (or an export view) made ``on``
    (default today) may say."""
    found = permissions.export_all([licence] if licence else [], on=on)
    return {key: found.get(key, Exported()) for key in PERMISSION_KEYS}


@dataclass(frozen=True, slots=True)
class DataMiningExport:
    """What to write: the code, and the plus:OtherConstraints text SEECONSTRAINT needs."""

    code: str
    other_constraints: str | None = None
    rule: str = ""


def export_data_mining(
    licence: Mapping[str, Any] | None, *, on: dt.date | None = None
) -> DataMiningExport:
    """The PLUS code for a licence of this asset, by the first matching rule (R1..R9).

    Several licences of one asset are first combined into one (``omrs.bundles
    .merged_licence``), which exports exactly as they would together.
    """
    eff = effective_permissions(licence, on=on)
    cats = {key: use.use for key, use in eff.items()}
    banned = {key for key, cat in cats.items() if cat == "notAllowed"}
    granted = {key for key, cat in cats.items() if cat == "allowed"}
    everything = set(PERMISSION_KEYS)
    if any(cat == "constrained" for cat in cats.values()):
        return DataMiningExport(SEE_CONSTRAINT, constraint_summary(eff, licence), "R1")
    if not banned and not granted:
        return DataMiningExport(UNSPECIFIED, rule="R2")
    if granted == everything:
        return DataMiningExport(ALLOWED, rule="R3")
    if banned == everything:
        return DataMiningExport(PROHIBITED, rule="R4")
    if not banned:
        return DataMiningExport(UNSPECIFIED, rule="R5")
    if banned == {"ai_generative_training"}:
        return DataMiningExport(PROHIBITED_GENAIML, rule="R6")
    if {"ai_training", "ai_generative_training"} <= banned <= TRAINING_KEYS and (
        "ai_fine_tuning" not in granted
    ):
        return DataMiningExport(PROHIBITED_AIML, rule="R7")
    if banned == everything - {"search_indexing"}:
        return DataMiningExport(PROHIBITED_EXCEPT_SEARCH, rule="R8")
    return DataMiningExport(SEE_CONSTRAINT, constraint_summary(eff, licence), "R9")


def implied_permissions(code: str, other_constraints: str | None = None) -> dict[str, Any]:
    """The OMRS ``permissions`` object a PLUS code implies (missing key = unspecified).

    The partial codes only state prohibitions, so keys they do not prohibit stay
    unspecified; only DMI-ALLOWED grants anything. The SEE* codes make every key
    ``constrained`` by the text they point to, which counts as notAllowed (CAWG 1.1).
    """
    denied = {"use": "notAllowed"}
    if code == ALLOWED:
        return {key: {"use": "allowed"} for key in PERMISSION_KEYS}
    if code == PROHIBITED:
        return {key: dict(denied) for key in PERMISSION_KEYS}
    if code == PROHIBITED_GENAIML:
        return {"ai_generative_training": dict(denied)}
    if code == PROHIBITED_AIML:
        return {key: dict(denied) for key in PERMISSION_KEYS if key in TRAINING_KEYS}
    if code == PROHIBITED_EXCEPT_SEARCH:
        return {key: dict(denied) for key in PERMISSION_KEYS if key != "search_indexing"}
    pointer = {
        SEE_CONSTRAINT: other_constraints,
        SEE_EMBEDDED: "see the embedded rights expression (Iptc4xmpExt:EmbdEncRightsExpr)",
        SEE_LINKED: "see the linked rights expression (Iptc4xmpExt:LinkedEncRightsExpr)",
    }.get(code)
    if code in (SEE_CONSTRAINT, SEE_EMBEDDED, SEE_LINKED):
        if not pointer:
            return {key: dict(denied) for key in PERMISSION_KEYS}
        return {key: {"use": "constrained", "constraintInfo": pointer} for key in PERMISSION_KEYS}
    return {}


def more_permissive_keys(
    code: str,
    licence: Mapping[str, Any] | None,
    other_constraints: str | None = None,
    *,
    on: dt.date | None = None,
) -> list[str]:
    """Keys on which what ``code`` implies lets a user do more than the records let anyone.

    The records' side is what an export of them may say (a licensee's grant is nobody
    else's), ranked for a machine: ``constrained`` with prose only counts as ``notAllowed``.
    """
    implied = effective_permissions({"permissions": implied_permissions(code, other_constraints)})
    actual = effective_permissions(licence, on=on)
    return [key for key in PERMISSION_KEYS if implied[key].rank > actual[key].rank]


def describe(licence: Mapping[str, Any] | None) -> str:
    """``key: use`` for every key, in the fixed key order (used in messages and summaries)."""
    eff = effective_permissions(licence)
    return "; ".join(f"{key}: {_describe_use(eff[key])}" for key in PERMISSION_KEYS)


def constraint_summary(eff: Mapping[str, Exported], licence: Mapping[str, Any] | None) -> str:
    """Readable plus:OtherConstraints text for SEECONSTRAINT.

    When every key is constrained by one and the same text and nothing else (the shape
    SEECONSTRAINT imports as), that text is written back unchanged, so it round-trips.
    """
    texts = {use.text for use in eff.values()}
    if (
        all(use.use == "constrained" and use.stated == "notAllowed" for use in eff.values())
        and all(len(use.prose) == 1 and not use.limits for use in eff.values())
        and len(texts) == 1
    ):
        return texts.pop()
    ident = licence.get("id") if licence else None
    origin = f" by OMRS training licence {ident}" if isinstance(ident, str) else ""
    body = "; ".join(f"{key}: {_describe_use(eff[key])}" for key in PERMISSION_KEYS)
    return f"Data mining and AI uses are prohibited except as stated{origin}: {body}."


def _describe_use(use: Exported) -> str:
    if use.use is None:
        return "unspecified"
    text = use.stated or use.use
    if use.use == "constrained" and use.stated == "notAllowed":
        text = "constrained (counts as notAllowed)"
    elif use.use == "constrained" and use.stated == "allowed":
        text = "allowed only"
    return f"{text} ({use.text})" if use.text else text
