"""Rules on training-licence records: what each use means, term and territory sanity.

What a licence says about a use (``constrained``, precedence of the licence's own terms
over statements of preference) is ``omrs.permissions``, shared with the bundle rules and
the XMP and C2PA exports, so none of them can disagree.
"""

from __future__ import annotations

from collections.abc import Iterator

from omrs import permissions
from omrs.findings import Finding, Severity
from omrs.loading import Document
from omrs.rules import sources as src
from omrs.rules.base import Report, date, semantic
from omrs.rules.engine import RuleContext
from omrs.territories import GROUPS, Scope, country

LICENCE = ("training-license",)


@semantic(
    "licence.constrained-without-terms",
    "A `constrained` permission carries machine-readable constraints",
    Severity.WARNING,
    'CAWG TDM 1.1 section 3.1: "In the absence of additional information, `constrained` '
    'shall be treated as equivalent to `notAllowed`." For a machine the additional '
    "information is the statement's `constraints` (territories, window, purposes, licensee "
    "classes). `duties` are not constraints (they say what the licensee must do when making "
    "the use, not whether it may: a use permitted on a duty alone is `allowed` with "
    "`duties`), and `constraintInfo` prose is for people. The validator applies such a "
    "statement as `notAllowed` everywhere (rules, XMP and C2PA exports) and says so.",
    (src.CAWG_TDM,),
    LICENCE,
)
def _constrained(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for key, found in permissions.by_key(doc.data).items():
        for statement in found:
            if statement.use == "constrained" and not statement.constraints:
                extra = (
                    " (duties are not constraints: if the use is permitted on those duties, "
                    "write `allowed` with `duties`)"
                    if statement.duties
                    else ""
                )
                yield r.at(
                    f"{statement.pointer}/use",
                    f"`{key}` is `constrained` without machine-readable `constraints`; it "
                    f"is treated as `notAllowed`{extra}",
                )


@semantic(
    "licence.conflicting-statements",
    "Statements about the same use agree",
    Severity.WARNING,
    "Where the licence's own terms (its `permissions` and statements from the contract) "
    "speak about a use, they hold, and statements of preference (a `source` naming TDMRep, "
    "AIPREF, robots.txt, ai.txt, IPTC metadata or a training-mining assertion) are set aside: "
    "a contract that permits a use applies despite a reservation (IETF AIPREF vocab -07 "
    "section 5.2, a working draft). That is no conflict. Two terms of the licence that "
    "disagree are one: the most restrictive holds, and the licence should be corrected. "
    "Preferences that disagree, with no term of the licence on the use, combine "
    "most-restrictively (section 5.1).",
    (src.IETF_AIPREF_5_1, src.IETF_AIPREF_5_2, src.CAWG_TDM),
    LICENCE,
)
def _conflicts(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for key, found in permissions.by_key(doc.data).items():
        terms = [s for s in found if not s.preference]
        pool, kind = (terms, "terms of the licence") if terms else (found, "preferences")
        if len({s.meaning for s in pool}) > 1:
            said = "; ".join(f"{s.pointer} says {s.use}" for s in pool)
            held = permissions.decide(key, found).use
            rule = "the licence read strictly" if terms else "AIPREF -07 section 5.1"
            yield r.at(
                pool[-1].pointer,
                f"conflicting {kind} about `{key}` ({said}); the most restrictive holds "
                f"({rule}): {held}",
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
    for key, found in permissions.by_key(doc.data).items():
        for statement in found:
            pointer = statement.pointer
            window = (statement.constraints or {}).get("window")
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
    "`WORLD` beside other codes, a country beside one of its own subdivisions, or (OMRS 1.1) "
    "a group such as `EU` beside one of its members says the same thing twice and usually "
    "hides a drafting error; a permission's territory constraint outside the licence "
    "territories (less their exclusions) grants nothing there.",
    (src.OMRS,),
    LICENCE,
)
def _territory(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    yield from overlapping(r, doc.data["territories"], "/territories")
    scope = Scope.of_record(doc.data)
    for key, found in permissions.by_key(doc.data).items():
        for statement in found:
            limits = statement.constraints or {}
            if not limits.get("territories"):
                continue
            outside = scope.missing(Scope.of_record(limits))
            if outside:
                yield r.at(
                    f"{statement.pointer}/constraints/territories",
                    f"`{key}` is limited to {', '.join(outside)}, outside the licence territories",
                )


def overlapping(r: Report, territories: list[str], pointer: str) -> Iterator[Finding]:
    """WORLD beside other codes, a subdivision beside its own country, a member beside its
    group (one set lookup each)."""
    present = frozenset(territories)
    if "WORLD" in present and len(territories) > 1:
        yield r.at(pointer, "WORLD is listed beside other territories it already includes")
        return
    groups = [GROUPS[g] for g in territories if g in GROUPS]
    for i, code in enumerate(territories):
        within = country(code)
        if "-" in code and within in present:
            yield r.at(f"{pointer}/{i}", f"{code} is already included in {within}")
            continue
        for group in groups:
            inside = within in group.members or (
                code in GROUPS
                and code != group.code
                and set(GROUPS[code].members) < set(group.members)
            )
            if inside:
                yield r.at(f"{pointer}/{i}", f"{code} is already included in {group.code}")
                break
