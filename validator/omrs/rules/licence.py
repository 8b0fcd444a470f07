"""Rules on training-licence records: effective permissions, term and territory sanity.

``effective_use`` is also what the bundle rules use to decide whether a model's licence
allows its training, so the two can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from omrs.findings import Finding, Severity
from omrs.loading import Document
from omrs.rules import sources as src
from omrs.rules.base import Report, covers, date, items, semantic
from omrs.rules.engine import RuleContext

LICENCE = ("training-license",)
#: Most restrictive first: the order IETF AIPREF combines statements in.
RESTRICTIVENESS = {"notAllowed": 0, "constrained": 1, "allowed": 2}


def _use(statement: dict[str, Any]) -> str:
    """CAWG 1.1: ``constrained`` without machine-readable constraints means ``notAllowed``."""
    use = str(statement["use"])
    return "notAllowed" if use == "constrained" and not statement.get("constraints") else use


def statements(data: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
    """Every statement about ``key`` with its pointer: the permission, then the list form."""
    found: list[tuple[str, dict[str, Any]]] = []
    permission = data.get("permissions", {}).get(key)
    if isinstance(permission, dict):
        found.append((f"/permissions/{key}", permission))
    found += [(f"/statements/{i}", s) for i, s in items(data, "statements") if s["key"] == key]
    return found


def effective_use(data: dict[str, Any], key: str) -> str | None:
    """The use that holds for ``key`` (None: unspecified), most restrictive statement winning."""
    uses = [_use(s) for _, s in statements(data, key)]
    return min(uses, key=RESTRICTIVENESS.__getitem__) if uses else None


def by_key(data: dict[str, Any]) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """``statements`` for every key at once, in one pass: permission keys first, then the
    keys only statements name, in document order (vendor keys are unbounded in number)."""
    found: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for key, permission in data.get("permissions", {}).items():
        found[key] = [(f"/permissions/{key}", permission)] if isinstance(permission, dict) else []
    for i, statement in items(data, "statements"):
        found.setdefault(statement["key"], []).append((f"/statements/{i}", statement))
    return found


@semantic(
    "licence.constrained-without-terms",
    "A `constrained` permission carries machine-readable constraints",
    Severity.WARNING,
    "CAWG 1.1 treats `constrained` without machine-readable terms as `notAllowed`: a "
    "human-readable `constraintInfo` alone does not let a machine honour the constraint. "
    "The validator applies the permission as `notAllowed` and says so.",
    (src.CAWG_TDM,),
    LICENCE,
)
def _constrained(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for key, found in by_key(doc.data).items():
        for pointer, statement in found:
            if statement["use"] == "constrained" and not statement.get("constraints"):
                yield r.at(
                    f"{pointer}/use",
                    f"`{key}` is `constrained` without machine-"
                    "readable `constraints`; it is treated as `notAllowed`",
                )


@semantic(
    "licence.conflicting-statements",
    "Statements about the same use agree",
    Severity.WARNING,
    "When several statements (the permission and entries of `statements`) speak about the "
    "same use with different values, the most restrictive one holds. The finding names "
    "the conflict and the effective value, so the licence can be corrected.",
    (src.IETF_AIPREF, src.CAWG_TDM),
    LICENCE,
)
def _conflicts(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for key, found in by_key(doc.data).items():
        uses = {_use(s) for _, s in found}
        if len(uses) > 1:
            said = "; ".join(f"{p} says {s['use']}" for p, s in found)
            pointer = found[-1][0]
            effective = min(uses, key=RESTRICTIVENESS.__getitem__)
            yield r.at(
                pointer,
                f"conflicting statements about `{key}` ({said}); the most "
                f"restrictive holds: {effective}",
            )


@semantic(
    "licence.term",
    "Licence term and time windows are coherent",
    Severity.ERROR,
    "A term must end on or after the day it starts, and a permission's time window must lie "
    "inside the licence term, or the licence grants nothing on the days the parties meant.",
    (src.OMRS,),
    LICENCE,
)
def _term(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    start, end = date(doc.data["term"]["start"]), date(doc.data["term"].get("end"))
    if start and end and end < start:
        yield r.at("/term/end", f"the term ends on {end}, before it starts on {start}")
        return
    for key, found in by_key(doc.data).items():
        for pointer, statement in found:
            window = (statement.get("constraints") or {}).get("window")
            if not window:
                continue
            w_start, w_end = date(window["start"]), date(window["end"])
            where = f"{pointer}/constraints/window"
            if w_start and w_end and w_end < w_start:
                yield r.at(where, f"the `{key}` window ends on {w_end}, before it starts")
            elif (start and w_start and w_start < start) or (end and w_end and w_end > end):
                yield r.at(
                    where,
                    f"the `{key}` window {w_start} to {w_end} reaches outside "
                    f"the licence term {start} to {end or 'open'}",
                )


@semantic(
    "licence.territory",
    "Territories do not overlap or reach outside the licence",
    Severity.WARNING,
    "`WORLD` beside other codes, or a country beside one of its own subdivisions, says the "
    "same thing twice and usually hides a drafting error; a permission's territory "
    "constraint outside the licence territories grants nothing there.",
    (src.OMRS,),
    LICENCE,
)
def _territory(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    yield from overlapping(r, doc.data["territories"], "/territories")
    scope = frozenset(doc.data["territories"])
    for key, found in by_key(doc.data).items():
        for pointer, statement in found:
            limited = (statement.get("constraints") or {}).get("territories") or []
            outside = [t for t in limited if not covers(scope, t)]
            if outside:
                yield r.at(
                    f"{pointer}/constraints/territories",
                    f"`{key}` is limited to {', '.join(outside)}, outside the licence territories",
                )


def overlapping(r: Report, territories: list[str], pointer: str) -> Iterator[Finding]:
    """WORLD beside other codes, or a subdivision beside its own country (one set lookup each)."""
    present = frozenset(territories)
    if "WORLD" in present and len(territories) > 1:
        yield r.at(pointer, "WORLD is listed beside other territories it already includes")
        return
    for i, code in enumerate(territories):
        country = code.split("-", 1)[0]
        if "-" in code and country in present:
            yield r.at(f"{pointer}/{i}", f"{code} is already included in {country}")
