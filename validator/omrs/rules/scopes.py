"""Rules on territory lists themselves: exclusions that exclude something, and leave something.

What a list covers is ``omrs.territories``; these rules only check that a list with
``excludedTerritories`` (OMRS 1.1) says what its author meant.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from omrs import permissions
from omrs.findings import Finding, Severity
from omrs.loading import Document
from omrs.rules import sources as src
from omrs.rules.base import Report, semantic
from omrs.rules.engine import RuleContext
from omrs.territories import Scope, describe


def _lists(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], Scope | None]]:
    """Each object with exclusions: its pointer, itself, and the scope it must stay inside."""
    record_type = data.get("recordType")
    if record_type in ("ai-disclosure", "bundle"):
        yield "/release", data["release"], None
        return
    yield "", data, None
    if record_type == "training-license":
        licence = Scope.of_record(data)
        for _, found in permissions.by_key(data).items():
            for statement in found:
                item = _at(data, statement.pointer)
                if isinstance(item.get("constraints"), dict):
                    yield f"{statement.pointer}/constraints", item["constraints"], licence


def _at(data: dict[str, Any], pointer: str) -> dict[str, Any]:
    _, field, key = pointer.split("/", 2)
    container = data[field]
    found = container[int(key)] if isinstance(container, list) else container[key]
    return found if isinstance(found, dict) else {}


@semantic(
    "territory.exclusions",
    "Excluded territories lie inside the territories and leave some",
    Severity.ERROR,
    "OMRS 1.1: `excludedTerritories` takes territories out of the `territories` beside it "
    '("WORLD except CN"); each excluded territory MUST lie within them, and the exclusions '
    "MUST NOT remove all of them (overview.md). An exclusion outside the list removes "
    "nothing, and one that removes everything grants or releases nothing: either way the "
    "record does not say what its author meant. A permission's constraint with exclusions "
    "and no territories of its own excludes from the licence's territories.",
    (src.OMRS_OVERVIEW_1_1,),
    ("likeness-consent", "training-license", "ai-disclosure", "bundle"),
    since="1.1",
)
def _exclusions(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for pointer, item, outer in _lists(doc.data):
        excluded = item.get("excludedTerritories") or []
        if not excluded:
            continue
        territories = item.get("territories") or (list(outer.listed) if outer else [])
        scope = Scope.of(territories, outer.excluded_listed if outer else ())
        for i, code in enumerate(excluded):
            if not Scope.of(territories).reaches(code):
                yield r.at(
                    f"{pointer}/excludedTerritories/{i}",
                    f"{code} is excluded but is not within {describe(territories)}",
                )
        if Scope.of(territories, [*excluded, *scope.excluded_listed]).empty:
            yield r.at(
                f"{pointer}/excludedTerritories",
                f"{describe(territories, excluded)} leaves no territory",
            )
