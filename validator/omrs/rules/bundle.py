"""Bundle rules: every reference resolves, every digest matches, every AI use is covered.

A bundle is indexed once per run (``view``): its records are loaded through the run's
document cache (never read twice), checked with the same envelope, schema and rules as
any record, and indexed by id, so each rule is a linear pass over the assets. Consent
findings never look at the disclosure label: a label does not cure a failed consent.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omrs.bundles import outside
from omrs.fileio import file_sha256, is_regular_file, unreadable_reason
from omrs.findings import FileResult, Finding, Severity
from omrs.loading import Document, LoadProblem
from omrs.rules import sources as src
from omrs.rules.base import Report, items, listing, semantic, uncovered
from omrs.rules.disclosure import has_generative
from omrs.rules.engine import RuleContext
from omrs.rules.profiles import from_scope
from omrs.territories import Scope

BUNDLE = ("bundle",)
CHUNK = 1024 * 1024


@dataclass(slots=True)
class Entry:
    """One listed record: where it is listed, and what loading and checking it gave."""

    index: int
    path: Path
    doc: Document | None = None
    problem: LoadProblem | None = None
    result: FileResult | None = None

    @property
    def data(self) -> dict[str, Any]:
        data = self.doc.data if self.doc is not None else None
        return data if isinstance(data, dict) else {}

    @property
    def record_type(self) -> str | None:
        return self.doc.record_type if self.doc is not None else None

    @property
    def sound(self) -> bool:
        """Loaded and schema-valid, so the cross-record rules may read its fields."""
        broken = self.result is None or any(f.code.startswith(BROKEN) for f in self.result.findings)
        return self.doc is not None and not broken


@dataclass(slots=True)
class BundleView:
    doc: Document
    folder: Path
    entries: list[Entry] = field(default_factory=list)
    by_id: dict[str, Entry] = field(default_factory=dict)
    duplicates: list[tuple[Entry, Entry]] = field(default_factory=list)

    def record(self, record_id: str, record_type: str) -> dict[str, Any] | None:
        """The sound record of that id and type (a broken one is reported at its entry)."""
        entry = self.by_id.get(record_id)
        ok = entry and entry.sound and entry.record_type == record_type
        return entry.data if entry and ok else None

    def broken(self, record_id: str) -> bool:
        entry = self.by_id.get(record_id)
        return entry is not None and not entry.sound

    def missing(self, record_id: str, kind: str) -> str:
        """Why ``record_id`` resolves to no usable ``kind`` record, for messages."""
        if self.broken(record_id):
            return "is listed but broken (see its entry in `records`)"
        if kind == "likeness-consent" and self.record(record_id, "likeness-approval"):
            return (
                "is a likeness approval, not a consent: an approval grants no rights and "
                "never satisfies a consent requirement"
            )
        article = "an" if kind[:1] in "aeio" else "a"  # an audit-log, an ai-disclosure
        return f"is not {article} {kind} record of this bundle"

    def consents(self) -> Iterator[dict[str, Any]]:
        return (e.data for e in self.entries if e.sound and e.record_type == "likeness-consent")

    def disclosure(self, asset: dict[str, Any]) -> dict[str, Any] | None:
        ref = asset.get("disclosure")
        return self.record(ref, "ai-disclosure") if ref else None


def view(doc: Document, ctx: RuleContext) -> BundleView:
    """The bundle's records, loaded and indexed once per run."""
    key = ("bundle-view", doc.path)
    if key not in ctx.memo:
        ctx.memo[key] = _build(doc, ctx)
    found: BundleView = ctx.memo[key]
    return found


def _build(doc: Document, ctx: RuleContext) -> BundleView:
    out = BundleView(doc, Path(doc.path).parent)
    for i, rec in items(doc.data, "records"):
        entry = Entry(i, out.folder / rec["path"])
        why = outside(out.folder, rec["path"])
        got = LoadProblem("io.outside", why, io=False) if why else ctx.documents.get(entry.path)
        if isinstance(got, LoadProblem):
            entry.problem = got
        else:
            entry.doc = got
        _checked(entry, doc, ctx)
        out.entries.append(entry)
        record_id = entry.data.get("id")
        if isinstance(record_id, str):
            if record_id in out.by_id:
                out.duplicates.append((out.by_id[record_id], entry))
            else:
                out.by_id[record_id] = entry
    return out


def _checked(entry: Entry, bundle: Document, ctx: RuleContext) -> FileResult | None:
    """The record's own check (envelope, schema, rules), with the bundle's profiles."""
    if entry.doc is None or entry.record_type == "bundle":
        return None
    if entry.result is None:
        inherited = tuple(sorted(from_scope(Scope.of_record(bundle.data["release"]))))
        child = dataclasses.replace(ctx, inherited_profiles=inherited, active_profiles=())
        entry.result = ctx.judge(entry.doc, child)
    return entry.result


#: Codes of a record that cannot be read or fails its schema: a broken reference.
BROKEN = ("load.", "schema.", "io.")


def _listed(bundle: Document, entry: Entry) -> str:
    """The record's path as the bundle lists it (relative to the bundle)."""
    return str(bundle.data["records"][entry.index]["path"])


def _own_problem(entry: Entry) -> bool:
    """A listed record's problem is the bundle's to report only when the run cannot report
    it at the record: the path leaves the folder, is gone or is no regular file (a FIFO is
    never opened), or is a name the OS refuses."""
    problem = entry.problem
    if problem is None:
        return False
    return problem.code == "io.outside" or not is_regular_file(entry.path)


@semantic(
    "bundle.reference",
    "Every record and asset a bundle names exists and loads",
    Severity.ERROR,
    "Each listed record file must exist (a record that does not load or fails its schema "
    "is reported once, at the record, and the rules that need it pass it over), ids must "
    "be unique, each asset file must "
    "exist, and each disclosure, licence and consent id an asset names, and (OMRS 1.1) each "
    "approval a depicted person cites, must be a record of the right type in the bundle. "
    "Record and asset paths are relative and stay inside the bundle's folder (no absolute "
    "path, no `..` above it, no symbolic link out of it): a path that leaves it is reported "
    "and never read.",
    (src.OMRS_BUNDLE,),
    BUNDLE,
)
def _reference(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    bundle = view(doc, ctx)
    for entry in bundle.entries:
        where = f"/records/{entry.index}/path"
        listed = _listed(doc, entry)
        if _own_problem(entry):
            assert entry.problem is not None
            yield r.at(where, f"record {listed}: {entry.problem.message}")
        elif entry.record_type == "bundle":
            yield r.at(where, f"{listed} is a bundle; bundles list records, not bundles")
    for first, again in bundle.duplicates:
        yield r.at(
            f"/records/{again.index}/path",
            f"{_listed(doc, again)} has the id {again.data['id']} already used by "
            f"{_listed(doc, first)}",
        )
    for i, asset in items(doc.data, "assets"):
        why = outside(bundle.folder, asset["path"]) or unreadable_reason(
            bundle.folder / asset["path"]
        )
        if why is not None:
            yield r.at(f"/assets/{i}/path", f"asset file {asset['path']} {why}")
        yield from _asset_refs(r, bundle, i, asset)


_REF_FIELDS = (("disclosure", "ai-disclosure"), ("licenses", "training-license"),
               ("consents", "likeness-consent"))  # fmt: skip


def _asset_refs(r: Report, bundle: BundleView, i: int, asset: dict[str, Any]) -> Iterator[Finding]:
    for name, kind in _REF_FIELDS:
        value = asset.get(name)
        refs = [value] if isinstance(value, str) else list(value or [])
        for j, ref in enumerate(refs):
            pointer = f"/assets/{i}/{name}" + ("" if isinstance(value, str) else f"/{j}")
            if bundle.record(ref, kind) is None and not bundle.broken(ref):
                yield r.at(pointer, f"{ref} {bundle.missing(ref, kind)}")
    for pointer, person in _people(bundle, i, asset):
        for ref in person.get("approvals") or ():
            if bundle.record(ref, "likeness-approval") is None and not bundle.broken(ref):
                why = bundle.missing(ref, "likeness-approval")
                yield r.at(pointer, f"approval {ref} cited for {person['name']} {why}")
    for j, model in items(asset, "models"):
        ref = model.get("license")
        if ref and bundle.record(ref, "training-license") is None and not bundle.broken(ref):
            yield r.at(
                f"/assets/{i}/models/{j}/license",
                f"licence {ref} of model {model['name']} {bundle.missing(ref, 'training-license')}",
            )


@semantic(
    "bundle.digest-mismatch",
    "Digests in the bundle match the files and records",
    Severity.ERROR,
    "Each asset is bound by the SHA-256 of its bytes (hashed from disk in 1 MiB chunks); a "
    "pinned record digest must match the record file; an asset's disclosure must describe "
    "the same bytes. A mismatch means the file changed after the records were written.",
    (src.OMRS_BUNDLE,),
    BUNDLE,
)
def _digests(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    bundle = view(doc, ctx)
    for entry, (i, rec) in zip(bundle.entries, items(doc.data, "records"), strict=True):
        actual = entry.doc.sha256 if entry.doc is not None and rec.get("sha256") else None
        if actual is not None and actual != rec["sha256"]:
            yield r.at(
                f"/records/{i}/sha256",
                f"{rec['path']} has changed: its SHA-256 is {actual}, "
                f"the bundle pins {rec['sha256']}",
            )
    for i, asset in items(doc.data, "assets"):
        yield from _asset_digest(r, bundle.folder, i, asset)
        disclosure = bundle.disclosure(asset)
        if disclosure and disclosure["asset"]["sha256"] != asset["sha256"]:
            yield r.at(
                f"/assets/{i}/disclosure",
                f"disclosure {asset['disclosure']} "
                f"describes a file with SHA-256 {disclosure['asset']['sha256']}, "
                f"not {asset['path']}",
            )


def _asset_digest(r: Report, folder: Path, i: int, asset: dict[str, Any]) -> Iterator[Finding]:
    path = folder / asset["path"]
    if outside(folder, asset["path"]) or not is_regular_file(path):
        return  # bundle.reference says why
    try:
        actual = file_sha256(path)
    except OSError as exc:
        yield r.at(
            f"/assets/{i}/sha256",
            f"{asset['path']} cannot be read to compare its SHA-256: {exc.strerror or exc}",
        )
        return
    if actual != asset["sha256"]:
        yield r.at(
            f"/assets/{i}/sha256",
            f"{asset['path']} has SHA-256 {actual}, not {asset['sha256']} as the bundle says",
        )


def _people(
    bundle: BundleView, i: int, asset: dict[str, Any]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each person listed on the asset or in its disclosure's segments, with a pointer."""
    for j, person in items(asset, "people"):
        yield f"/assets/{i}/people/{j}", person
    for _, seg in items(bundle.disclosure(asset), "segments"):
        for _, person in items(seg, "people"):
            yield f"/assets/{i}/disclosure", person


def is_ai_asset(asset: dict[str, Any], disclosure: dict[str, Any] | None) -> bool:
    return bool(asset.get("models")) or bool(disclosure and has_generative(disclosure))


@semantic(
    "bundle.supersedes-cycle",
    "Supersession chains among a bundle's records end",
    Severity.ERROR,
    "OMRS 1.0: chains of supersession MUST NOT form a cycle (overview.md); a record that, "
    "through `supersedes`, replaces itself leaves no record in force. Checked across the "
    "records a bundle lists.",
    (src.OMRS_OVERVIEW,),
    BUNDLE,
)
def _supersedes_cycle(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    bundle = view(doc, ctx)
    replaces = {
        rid: str(e.data["supersedes"])
        for rid, e in bundle.by_id.items()
        if e.sound and isinstance(e.data.get("supersedes"), str)
    }
    reported: set[str] = set()
    for first in replaces:
        chain: list[str] = []
        seen: dict[str, int] = {}
        current: str | None = first
        while current in replaces and current not in seen and current not in reported:
            seen[current] = len(chain)
            chain.append(current)
            current = replaces[current]
        if current in seen:
            cycle = chain[seen[current] :]
            reported.update(cycle)
            entry = bundle.by_id[min(cycle)]
            yield r.at(
                f"/records/{entry.index}/path",
                f"supersession cycle: {' -> '.join([*cycle, cycle[0]])}",
            )
        reported.update(chain)


@semantic(
    "bundle.release-scope",
    "A disclosure is not released where the bundle is not",
    Severity.ERROR,
    "OMRS 1.0 bundles: a disclosure's release MUST NOT reach territories the bundle's "
    "release does not (bundle.md). Consents are judged against the bundle's release, so a "
    "disclosure released more widely would be a use no check has looked at. (The same "
    "sentence names dates; with one first-release date per release, a disclosure dated "
    "before a later re-release of the bundle is not read as reaching beyond it.)",
    (src.OMRS_BUNDLE,),
    BUNDLE,
)
def _release_scope(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    bundle = view(doc, ctx)
    territories = doc.data["release"]["territories"]
    for i, asset in items(doc.data, "assets"):
        disclosure = bundle.disclosure(asset)
        wider = uncovered(territories, disclosure["release"]["territories"]) if disclosure else []
        if wider:
            yield r.at(
                f"/assets/{i}/disclosure",
                f"disclosure {asset['disclosure']} is released in {listing(wider)}, which the "
                f"bundle's release ({listing(territories)}) does not reach",
            )


@semantic(
    "bundle.undisclosed-ai",
    "Every AI asset has a disclosure",
    Severity.ERROR,
    "OMRS 1.0: an asset made or changed with models must name the AI-disclosure record that "
    "tells what AI did, whom it depicts and what the audience is told (bundle.md); that "
    "record is what the EU AI Act Art. 50(4) and other labelling checks read.",
    (src.OMRS_BUNDLE, src.EU_AI_ACT_50_4),
    BUNDLE,
)
def _undisclosed(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for i, asset in items(doc.data, "assets"):
        if asset.get("models") and not asset.get("disclosure"):
            names = listing(m["name"] for _, m in items(asset, "models"))
            yield r.at(
                f"/assets/{i}", f"{asset['path']} was made with {names} but names no `disclosure`"
            )
