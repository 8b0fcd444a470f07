"""Rules on dataset manifests (OMRS 1.1, spec/1.1/dataset-manifest.md).

In a manifest: the list digest is the digest of its items, and each withdrawal names an item
and says truthfully whether it is still listed. Across a bundle: the consents and licences
items rest on are records of the bundle, the data sets models and licences name are
manifests of it, and no model was trained on an item after its consent was withdrawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from omrs.digests import item_list_sha256
from omrs.findings import Finding, Severity
from omrs.loading import Document
from omrs.provenance import Stage, stages
from omrs.rules import sources as src
from omrs.rules.base import Report, date, items, semantic
from omrs.rules.bundle import BundleView, Entry, view
from omrs.rules.engine import RuleContext
from omrs.rules.inside import inside, of_type

MANIFEST = ("dataset-manifest",)


@semantic(
    "dataset.list-digest",
    "The list digest is the digest of the items, each listed once",
    Severity.ERROR,
    "OMRS 1.1: `itemsSha256` MUST be the SHA-256 of the items' distinct `sha256` values, "
    "sorted, each followed by a line feed (dataset-manifest.md; `sort -u | sha256sum`), and "
    "each item MUST be listed once. The digest names the data set's content: a model or "
    "licence that cites it cites exactly these items.",
    (src.OMRS_DATASETS,),
    MANIFEST,
    since="1.1",
)
def _list_digest(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for i, item in items(doc.data, "items"):
        first = seen.setdefault(item["sha256"], i)
        if first != i:
            yield r.at(
                f"/items/{i}/sha256",
                f"item {i + 1} repeats item {first + 1} ({item['sha256']}); list each item once",
            )
    computed = item_list_sha256(seen)
    stated = doc.data["itemsSha256"]
    if computed != stated:
        yield r.at(
            "/itemsSha256",
            f"the items' list digest is {computed}, not {stated} (SHA-256 of the distinct "
            "item digests, sorted, one per line); update it when items are added or removed",
        )


@semantic(
    "dataset.withdrawal",
    "Each withdrawal names an item and says truly whether it left the data set",
    Severity.ERROR,
    "OMRS 1.1: a withdrawal names an item by its `sha256`. While the item is still in "
    "`items` the withdrawal MUST NOT carry `removed`; once the item is taken out of `items` "
    "the withdrawal MUST say when in `removed` (dataset-manifest.md), so that whether a model "
    "trained on a given day still read the item can be decided.",
    (src.OMRS_DATASETS,),
    MANIFEST,
    since="1.1",
)
def _withdrawal(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    listed = {item["sha256"]: i for i, item in items(doc.data, "items")}
    for i, withdrawal in items(doc.data, "withdrawals"):
        digest, removed = withdrawal["item"], withdrawal.get("removed")
        if digest in listed and removed:
            yield r.at(
                f"/withdrawals/{i}/removed",
                f"the withdrawal says item {digest} was removed on {removed}, but it is still "
                f"listed (/items/{listed[digest]})",
            )
        elif digest not in listed and not removed:
            yield r.at(
                f"/withdrawals/{i}/item",
                f"the withdrawal names item {digest}, which is not listed; if it was removed "
                "from the data set, say when in `removed`",
            )


def _missing_refs(
    bundle: BundleView, entry: Entry, field: str, kind: str
) -> Iterator[tuple[str, str, int]]:
    """(first pointer, id, count) of each id the manifest's items name that does not resolve."""
    counts: dict[str, tuple[str, int]] = {}
    for i, item in items(entry.data, "items"):
        ref = item.get(field)
        if isinstance(ref, str) and bundle.record(ref, kind) is None and not bundle.broken(ref):
            pointer, count = counts.get(ref, (f"/items/{i}/{field}", 0))
            counts[ref] = (pointer, count + 1)
    for ref, (pointer, count) in counts.items():
        yield pointer, ref, count


def _dataset_refs(bundle: BundleView) -> Iterator[tuple[Entry, str, str, str]]:
    """(entry, pointer, id, who) of every dataset reference in the bundle's records."""
    for entry in of_type(bundle, "ai-disclosure"):
        for stage in stages(entry.data):
            for j, ref in enumerate(stage.ids("datasets")):
                yield entry, f"{stage.pointer}/datasets/{j}", ref, stage.label
    for entry in of_type(bundle, "training-license"):
        for i, asset in items(entry.data, "assets"):
            if isinstance(asset.get("manifest"), str):
                yield entry, f"/assets/{i}/manifest", asset["manifest"], f"licence asset {i + 1}"


@semantic(
    "dataset.reference",
    "Data sets and the consents and licences of their items are records of the bundle",
    Severity.ERROR,
    "OMRS 1.1: when a bundle lists a dataset manifest, every consent and licence its items "
    "name MUST be a likeness-consent or training-license record of the bundle, and every "
    "data set a model stage or a licence names MUST be a dataset-manifest record of it "
    "(dataset-manifest.md, bundle.md): what a model was trained on, and under whose consent, "
    "is then checkable. One finding per missing identifier, with how many items name it.",
    (src.OMRS_DATASETS,),
    ("bundle",),
    since="1.1",
)
def _reference(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    bundle = view(doc, ctx)
    for entry in of_type(bundle, "dataset-manifest"):
        for field, kind in (("consent", "likeness-consent"), ("license", "training-license")):
            for pointer, ref, count in _missing_refs(bundle, entry, field, kind):
                named = f"{count} items name" if count > 1 else "an item names"
                yield inside(
                    r, bundle, entry, pointer, f"{named} {ref}, which {bundle.missing(ref, kind)}"
                )
    for entry, pointer, ref, who in _dataset_refs(bundle):
        if bundle.record(ref, "dataset-manifest") is None and not bundle.broken(ref):
            yield inside(
                r,
                bundle,
                entry,
                pointer,
                f"{who} names data set {ref}, which {bundle.missing(ref, 'dataset-manifest')}",
            )


@dataclass(frozen=True, slots=True)
class _Withdrawn:
    """An item withdrawn (or whose consent was revoked) on ``day``, and what says so."""

    item: str
    day: dt.date
    why: str
    listed: bool
    removed: dt.date | None
    path: str | None = None

    @property
    def named(self) -> str:
        return f"item {self.item}" + (f" ({self.path})" if self.path else "")


def _withdrawn(manifest: Mapping[str, Any], consents: Mapping[str, Any]) -> list[_Withdrawn]:
    """Every withdrawal of the manifest, and every listed item whose consent was revoked."""
    listed = {item["sha256"]: item for _, item in items(manifest, "items")}
    out: list[_Withdrawn] = []
    for _, w in items(manifest, "withdrawals"):
        day = date(w["date"])
        if day is not None:
            by = w["by"]["name"]
            out.append(
                _Withdrawn(
                    w["item"],
                    day,
                    f"withdrawn by {by}",
                    w["item"] in listed,
                    date(w.get("removed")),
                )
            )
    stated = {w.item for w in out}
    for digest, item in listed.items():
        if digest in stated:
            continue  # its withdrawal says it already
        consent = consents.get(str(item.get("consent")))
        revoked = date(((consent or {}).get("revocation") or {}).get("revokedAt"))
        if revoked is not None:
            out.append(
                _Withdrawn(digest, revoked, f"consent {item['consent']} revoked", True, None)
            )
    return out


def _included(w: _Withdrawn, trained: dt.date) -> bool:
    """Whether the item was still in the data set when training ended on ``trained``."""
    return w.listed or (w.removed is not None and w.removed >= trained)


@semantic(
    "dataset.withdrawn-item",
    "No model was trained on an item after its consent or licence was withdrawn",
    Severity.ERROR,
    "OMRS 1.1: a withdrawn item's consent or licence MUST NOT be relied on after the "
    "withdrawal date (dataset-manifest.md). A model stage `trained` after that date on a "
    "data set that still included the item (listed, or removed only on or after the "
    "training day) relied on it: an error naming the item and both dates. A revoked consent "
    "(`revocation.revokedAt`) of a listed item counts as its withdrawal. Training on the "
    "withdrawal day itself is a warning (the order within the day is not recorded), and so "
    "is a stage that names a data set with withdrawals but no `trained` date.",
    (src.OMRS_DATASETS, src.OMRS_PROVENANCE),
    ("bundle",),
    since="1.1",
)
def _withdrawn_item(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    bundle = view(doc, ctx)
    manifests = {e.data["id"]: e.data for e in of_type(bundle, "dataset-manifest")}
    consents = {e.data["id"]: e.data for e in of_type(bundle, "likeness-consent")}
    withdrawn = {mid: _withdrawn(m, consents) for mid, m in manifests.items()}
    for entry in of_type(bundle, "ai-disclosure"):
        for stage in stages(entry.data):
            for j, ref in enumerate(stage.ids("datasets")):
                found = withdrawn.get(ref) or []
                pointer = f"{stage.pointer}/datasets/{j}"
                yield from _stage_findings(r, bundle, entry, stage, pointer, ref, found)


def _stage_findings(
    r: Report,
    bundle: BundleView,
    entry: Entry,
    stage: Stage,
    pointer: str,
    dataset: str,
    found: list[_Withdrawn],
) -> Iterator[Finding]:
    trained = date(stage.data.get("trained"))
    if trained is None:
        if found:
            yield inside(
                r,
                bundle,
                entry,
                stage.pointer,
                f"{stage.label} was trained on data set {dataset}, which has withdrawals, but "
                "says no `trained` date, so reliance on withdrawn items cannot be checked",
                severity=Severity.WARNING,
            )
        return
    for w in found:
        if trained < w.day or not _included(w, trained):
            continue
        same_day = trained == w.day
        yield inside(
            r,
            bundle,
            entry,
            pointer,
            f"{stage.label} was trained on {trained} on data set {dataset}, which still "
            f"included {w.named}, {w.why} on {w.day}"
            + ("; on the same day, so the order is not recorded" if same_day else ""),
            severity=Severity.WARNING if same_day else None,
        )
