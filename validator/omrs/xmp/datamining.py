"""OMRS licence permissions <-> the single-valued PLUS ``plus:DataMining`` code.

IPTC Data Mining holds one value, so mixed permission sets need rules. The rules here are
conservative: the code written never implies more than the licence grants (it may imply
less), and each code read back maps to exactly the permission set it implies, so sets that
a code can express survive a round trip unchanged. The table is spec/1.0/xmp-mapping.md.

Semantics carried over from the record side: a missing key is unspecified; ``constrained``
with no machine-readable terms counts as ``notAllowed`` (CAWG 1.1); where several statements
speak about one key the most restrictive wins (IETF AIPREF).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from omrs.xmp.namespaces import PLUS_VOCAB

PERMISSION_KEYS = (
    "data_mining",
    "ai_inference",
    "ai_generative_training",
    "ai_training",
    "ai_fine_tuning",
    "ai_indexing",
    "search_indexing",
)
TRAINING_KEYS = frozenset({"ai_training", "ai_generative_training", "ai_fine_tuning"})

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

#: How far each use lets a user go; comparing these is what "more permissive" means.
#: ``constrained`` ranks above ``notAllowed`` only when it has machine-readable terms.
_RANK = {"notAllowed": 0, "constrained": 1, None: 2, "allowed": 3}
_SEVERITY = {"notAllowed": 0, "constrained": 1, "allowed": 2}


@dataclass(frozen=True, slots=True)
class Use:
    """The effective statement about one key after merging (most restrictive wins).

    ``use`` is None when nothing is said. ``terms`` is True when a ``constrained`` use has
    machine-readable constraints or duties; ``info`` collects the human-readable texts.
    """

    use: str | None = None
    terms: bool = False
    info: tuple[str, ...] = ()
    constraints: tuple[Mapping[str, Any], ...] = ()
    duties: tuple[str, ...] = ()

    @property
    def category(self) -> str | None:
        """``constrained`` only when something (terms or text) qualifies it, else CAWG 1.1."""
        if self.use == "constrained" and not (self.terms or self.info):
            return "notAllowed"
        return self.use

    @property
    def rank(self) -> int:
        """Permissiveness: constrained without machine-readable terms counts as notAllowed."""
        if self.use == "constrained" and not self.terms:
            return _RANK["notAllowed"]
        return _RANK[self.use]


def code_of(value: str | None) -> str | None:
    """``DMI-...`` code of an XMP value (full IRI, ``https`` IRI or bare code), else None."""
    if value is None:
        return None
    text = value.strip()
    for base in (PLUS_VOCAB, PLUS_VOCAB.replace("http://", "https://", 1)):
        if text.startswith(base):
            text = text[len(base) :]
    return text if text in CODES else None


def effective_permissions(licence: Mapping[str, Any] | None) -> dict[str, Use]:
    """Per key, the merged statement of ``permissions`` and ``statements`` of a licence."""
    found: dict[str, list[Mapping[str, Any]]] = {key: [] for key in PERMISSION_KEYS}
    if licence:
        permissions = licence.get("permissions")
        if isinstance(permissions, Mapping):
            for key in PERMISSION_KEYS:
                if isinstance(permissions.get(key), Mapping):
                    found[key].append(permissions[key])
        statements = licence.get("statements")
        if isinstance(statements, list):
            for item in statements:
                if isinstance(item, Mapping) and item.get("key") in found:
                    found[item["key"]].append(item)
    return {key: _merge(items) for key, items in found.items()}


def _merge(items: Iterable[Mapping[str, Any]]) -> Use:
    uses = [i for i in items if i.get("use") in _SEVERITY]
    if not uses:
        return Use()
    strictest = min(_SEVERITY[i["use"]] for i in uses)
    kept = [i for i in uses if _SEVERITY[i["use"]] == strictest]
    use = kept[0]["use"]
    constraints = tuple(i["constraints"] for i in kept if isinstance(i.get("constraints"), Mapping))
    duties = tuple(
        d
        for i in kept
        if isinstance(i.get("duties"), list)
        for d in i["duties"]
        if isinstance(d, str)
    )
    info = tuple(i["constraintInfo"] for i in kept if isinstance(i.get("constraintInfo"), str))
    terms = use == "constrained" and bool(constraints or duties)
    return Use(use, terms, info, constraints, duties)


@dataclass(frozen=True, slots=True)
class DataMiningExport:
    """What to write: the code, and the plus:OtherConstraints text SEECONSTRAINT needs."""

    code: str
    other_constraints: str | None = None
    rule: str = ""


def export_data_mining(licence: Mapping[str, Any] | None) -> DataMiningExport:
    """The PLUS code for a licence, by the first matching rule (R1..R9 of the spec table)."""
    eff = effective_permissions(licence)
    cats = {key: use.category for key, use in eff.items()}
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
    code: str, licence: Mapping[str, Any] | None, other_constraints: str | None = None
) -> list[str]:
    """Keys on which what ``code`` implies lets a user do more than the licence does."""
    implied = effective_permissions({"permissions": implied_permissions(code, other_constraints)})
    actual = effective_permissions(licence)
    return [key for key in PERMISSION_KEYS if implied[key].rank > actual[key].rank]


def describe(licence: Mapping[str, Any] | None) -> str:
    """``key: use`` for every key, in the fixed key order (used in messages and summaries)."""
    eff = effective_permissions(licence)
    return "; ".join(f"{key}: {_describe_use(eff[key])}" for key in PERMISSION_KEYS)


def constraint_summary(eff: Mapping[str, Use], licence: Mapping[str, Any] | None) -> str:
    """Readable plus:OtherConstraints text for SEECONSTRAINT.

    When every key is constrained by one and the same text and nothing else (the shape
    SEECONSTRAINT imports as), that text is written back unchanged, so it round-trips.
    """
    infos = {use.info for use in eff.values()}
    if (
        all(use.use == "constrained" and not use.terms for use in eff.values())
        and len(infos) == 1
        and len(next(iter(infos))) == 1
    ):
        return next(iter(infos))[0]
    ident = licence.get("id") if licence else None
    origin = f" by OMRS training licence {ident}" if isinstance(ident, str) else ""
    body = "; ".join(f"{key}: {_describe_use(eff[key])}" for key in PERMISSION_KEYS)
    return f"Data mining and AI uses are prohibited except as stated{origin}: {body}."


def describe_terms(use: Use) -> list[str]:
    """The machine-readable terms of a use in words: constraints, then duties.

    The one wording of licence terms, for XMP's plus:OtherConstraints and C2PA's CAWG
    ``constraint_info`` alike.
    """
    parts: list[str] = []
    for constraints in use.constraints:
        parts.extend(_describe_constraints(constraints))
    if use.duties:
        parts.append("duties " + ", ".join(use.duties))
    return list(dict.fromkeys(parts))


def _describe_use(use: Use) -> str:
    if use.use is None:
        return "unspecified"
    parts = list(dict.fromkeys([*describe_terms(use), *use.info]))
    text = use.use
    if use.use == "constrained" and not use.terms:
        text = "constrained (counts as notAllowed)"
    return f"{text} ({'; '.join(parts)})" if parts else text


def _describe_constraints(constraints: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    for field, label in (
        ("territories", "territories"),
        ("purposes", "purposes"),
        ("licenseeClasses", "licensees"),
    ):
        values = constraints.get(field)
        if isinstance(values, list) and values:
            out.append(f"{label} {', '.join(map(str, values))}")
    window = constraints.get("window")
    if isinstance(window, Mapping):
        out.append(f"from {window.get('start', '?')} to {window.get('end', '?')}")
    return out
