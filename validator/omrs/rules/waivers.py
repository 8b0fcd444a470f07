"""Waivers: a legal team's acceptance of a finding, on record in the bundle.

A waiver names a rule and a target (a JSON pointer into the bundle, an asset path or a
record id), who approved it and until when. A waived finding stays in the results with
``waived_by`` set, so the acceptance is visible and auditable; an expired waiver stops
applying and says so; a waiver that matches nothing is reported so stale ones get removed.
"""

from __future__ import annotations

import collections
import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from omrs.findings import Finding, Severity
from omrs.loading import Document
from omrs.rules import sources as src
from omrs.rules.base import Report, date, items
from omrs.rules.bundle import view
from omrs.rules.catalogue import Rule, register
from omrs.rules.engine import RuleContext

EXPIRED = register(
    Rule(
        "waiver.expired",
        "A waiver has expired",
        Severity.WARNING,
        "A waiver applies up to and including its `until` date (compared with --as-of, "
        "default today). After that the finding it accepted counts again, and this warning "
        "points at the waiver so it is renewed or removed.",
        (src.OMRS_BUNDLE,),
        applies_to=("bundle",),
    )
)
UNUSED = register(
    Rule(
        "waiver.unused",
        "A waiver matches no finding",
        Severity.WARNING,
        "A waiver whose rule and target match no finding of the bundle is stale or mistyped; "
        "it is reported so that it does not silently accept a future finding.",
        (src.OMRS_BUNDLE,),
        applies_to=("bundle",),
    )
)


class _Scopes:
    """The bundle pointers each target stands for, from one walk of the bundle.

    A pointer target stands for itself; a record id or asset path for the asset and record
    entries with that path, the objects in ``assets`` naming it directly (a value of an
    object or a member of a list) and the entry of the record with that id.
    """

    def __init__(self, doc: Document, ctx: RuleContext) -> None:
        self._naming: dict[str, set[str]] = {}
        for i, asset in items(doc.data, "assets"):
            self._walk(asset, f"/assets/{i}")
        for i, rec in items(doc.data, "records"):
            if isinstance(rec.get("path"), str):
                self._naming.setdefault(rec["path"], set()).add(f"/records/{i}")
        self._by_id = view(doc, ctx).by_id

    def _walk(self, value: Any, pointer: str) -> None:
        stack: list[tuple[Any, str]] = [(value, pointer)]
        while stack:
            node, at = stack.pop()
            children = list(node.items() if isinstance(node, dict) else enumerate(node))
            for named in {v for _, v in children if isinstance(v, str)}:
                self._naming.setdefault(named, set()).add(at)
            stack.extend((v, f"{at}/{k}") for k, v in children if isinstance(v, dict | list))

    def of(self, target: str) -> set[str]:
        if target.startswith("/") or target == "":
            return {target}
        scopes = set(self._naming.get(target, ()))
        entry = self._by_id.get(target)
        if entry is not None:
            scopes.add(f"/records/{entry.index}")
        return scopes


def _prefixes(pointer: str) -> Iterator[str]:
    """The scopes that contain ``pointer``: itself and each ancestor (``""`` for all)."""
    yield pointer
    for at, char in enumerate(pointer):
        if char == "/":
            yield pointer[:at]


#: Codes of a document that cannot be read or fails its schema: never waived (bundle.md).
UNWAIVABLE = ("load.", "schema.", "io.", "internal.")


class _Open:
    """The findings no waiver has accepted yet, indexed by what a waiver can match.

    Keys: (code, scope) for each scope containing the finding's pointer in the bundle (a
    listed record's finding counts at the bundle's entry for it, ``anchors``), and (code,
    target) for each waiver target its message names. A finding leaves every key once
    waived, so each is looked at a bounded number of times however many waivers there are.
    """

    def __init__(self, targets: dict[str, _Names], anchors: Mapping[str, str]) -> None:
        self.findings: list[Finding] = []
        self._targets = targets  # rule -> the non-pointer targets waivers name for it
        self._anchors = anchors
        self._keys: dict[tuple[str, str, str], dict[int, None]] = {}
        self._owned: dict[int, list[tuple[str, str, str]]] = {}

    def add(self, finding: Finding) -> None:
        index = len(self.findings)
        self.findings.append(finding)
        if finding.waived_by or finding.code.startswith(UNWAIVABLE):
            return
        code = finding.code
        pointer = self._anchors.get(finding.location.path, finding.location.pointer)
        keys = [("scope", code, p) for p in _prefixes(pointer)]
        names = self._targets.get(code)
        keys += [("named", code, t) for t in names.found_in(finding.message)] if names else []
        for key in keys:
            self._keys.setdefault(key, {})[index] = None
        self._owned[index] = keys

    def take(self, rule: str, scopes: Iterable[str], target: str | None) -> list[int]:
        """The open findings of ``rule`` in ``scopes`` or naming ``target``, now closed."""
        keys = [("scope", rule, s) for s in scopes]
        if target is not None:
            keys.append(("named", rule, target))
        hits = sorted({i for key in keys for i in self._keys.get(key, ())})
        for index in hits:
            for key in self._owned.pop(index):
                del self._keys[key][index]
        return hits


class _Names:
    """Which of a fixed set of strings occur in a text, in one pass over it (Aho-Corasick).

    Every finding's message is searched for every non-pointer target of its rule; testing
    each target in turn made 4,000 waivers cost 4,000 searches per finding.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self._next: list[dict[str, int]] = [{}]
        self._word: list[str | None] = [None]
        for word in words:
            node = 0
            for char in word:
                if char not in self._next[node]:
                    self._next[node][char] = len(self._next)
                    self._next.append({})
                    self._word.append(None)
                node = self._next[node][char]
            self._word[node] = word
        self._fail = [0] * len(self._next)
        self._output = [0] * len(self._next)  # nearest node down the fail chain ending a word
        queue = collections.deque(self._next[0].values())
        while queue:
            node = queue.popleft()
            for char, child in self._next[node].items():
                fail = self._fail[node]
                while fail and char not in self._next[fail]:
                    fail = self._fail[fail]
                self._fail[child] = self._next[fail].get(char, 0)
                target = self._fail[child]
                self._output[child] = target if self._word[target] else self._output[target]
                queue.append(child)

    def found_in(self, text: str) -> set[str]:
        found: set[str] = {""} if self._word[0] is not None else set()
        node = 0
        for char in text:
            while node and char not in self._next[node]:
                node = self._fail[node]
            node = self._next[node].get(char, 0)
            hit = node if self._word[node] is not None else self._output[node]
            while hit:
                found.add(self._word[hit] or "")
                hit = self._output[hit]
        return found


def apply_waivers(
    doc: Document,
    findings: list[Finding],
    ctx: RuleContext,
    anchors: Mapping[str, str] | None = None,
) -> list[Finding]:
    """``findings`` with waived ones marked, plus expiry and unused-waiver warnings.

    ``findings`` may hold the findings of the records the bundle lists, each at its own
    record: ``anchors`` maps such a record's path to the bundle's entry for it
    (``/records/N``), where a waiver's target is matched, so a waiver applies to the
    finding it names wherever that finding is reported. Waivers apply in order: a finding
    is waived by the first unexpired waiver that matches it (its rule, and its pointer
    inside the target's scopes or its message naming a non-pointer target), and a waiver
    whose matches were all taken is unused. Load, schema and I/O findings are never waived.
    """
    waivers = list(items(doc.data, "waivers"))
    targets: dict[str, set[str]] = {}
    for _, waiver in waivers:
        if not waiver["target"].startswith("/"):
            targets.setdefault(waiver["rule"], set()).add(waiver["target"])
    open_ = _Open({rule: _Names(names) for rule, names in targets.items()}, anchors or {})
    for finding in findings:
        open_.add(finding)
    scopes = _Scopes(doc, ctx)
    seen: set[tuple[str, str]] = set()
    for i, waiver in waivers:
        rule, target, until = waiver["rule"], waiver["target"], date(waiver["until"])
        if until is not None and until < ctx.today:
            open_.add(
                Report(EXPIRED, doc).at(
                    f"/waivers/{i}/until",
                    f"the waiver of {rule} for {target} expired on {until}; the finding "
                    "counts again",
                )
            )
            continue
        hits = open_.take(rule, _scopes_once(scopes, seen, rule, target), _named_key(target))
        if not hits:
            open_.add(
                Report(UNUSED, doc).at(
                    f"/waivers/{i}", f"the waiver of {rule} for {target} matches no finding"
                )
            )
        by = f"waiver /waivers/{i}: {waiver['approvedBy']['name']} until {until}"
        for k in hits:
            open_.findings[k] = dataclasses.replace(open_.findings[k], waived_by=by)
    return open_.findings


def _named_key(target: str) -> str | None:
    """A pointer target matches by scope only; any other also where a message names it."""
    return None if target.startswith("/") else target


def _scopes_once(scopes: _Scopes, seen: set[tuple[str, str]], rule: str, target: str) -> set[str]:
    """The target's scopes the first time (rule, target) is applied, later only pointers.

    Findings appended while waivers apply sit under ``/waivers``, which no asset or record
    scope contains: once a (rule, target) has taken its asset and record scopes, they hold
    no open finding of that rule, so a repeated waiver skips rebuilding them.
    """
    if target.startswith("/") or target == "":
        return {target}
    if (rule, target) in seen:
        return set()
    seen.add((rule, target))
    return scopes.of(target)
