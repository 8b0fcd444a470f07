"""A file judged in the context of the bundles that list it (the project index's use).

A bundle is judged once per run; a record it lists is judged inside it (its release's
profiles, its waivers) and reported at the record, once, saying where it is listed
(``details.listedBy``). A media file a bundle lists is cross-checked against what the
bundle says of it (:class:`Claimed` carries that to a worker, which has no index).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from omrs.bundles import licences_of, merged_licence
from omrs.discovery import Target
from omrs.fileio import resolved
from omrs.findings import FileKind, FileResult, Finding
from omrs.judgement import check_document, in_context_key
from omrs.loading import Document
from omrs.rules.bundle import view
from omrs.rules.engine import RuleContext

if TYPE_CHECKING:
    from omrs.media.check import BundleClaims


def judged_in_context(path: Path, ctx: RuleContext) -> FileResult | None:
    """A bundle judged once, or a record as the bundles listing it judged it (None: the
    file is neither, or no bundle listing it got as far as its rules)."""
    if ctx.index is None:
        return None
    if ctx.index.is_bundle(path):
        return judged_bundle(path, ctx)
    found = [r for b in ctx.index.bundles_listing(path) if (r := _judged_in(b, path, ctx))]
    return listed_by(merged(found), path, ctx) if found else None


def listing_names(target: Target, ctx: RuleContext) -> str:
    """How this run names the bundles listing ``target`` (its ``listedBy``, the bundle in
    its media messages): it depends on the working folder and on how paths were given, so
    the result cache keys on it."""
    if not in_a_bundle(target, ctx):
        return ""
    assert ctx.index is not None
    listings = ctx.index.listings(resolved(target.path))
    return repr([(ctx.index.bundles[x.bundle].display, x.pointer) for x in listings])


def listed_by(result: FileResult, path: Path, ctx: RuleContext) -> FileResult:
    """``result`` saying where bundles reference the file (``details.listedBy``): its
    findings have their one home here, and are referenced there too."""
    if ctx.index is None or not ctx.index.listings(path):
        return result
    where = [
        {"bundle": ctx.index.bundles[x.bundle].display or str(x.bundle), "pointer": x.pointer}
        for x in ctx.index.listings(path)
    ]
    return dataclasses.replace(result, details={**result.details, "listedBy": where})


def _listing(path: Path, ctx: RuleContext) -> tuple[Path, ...]:
    return ctx.index.bundles_listing(path) if ctx.index is not None else ()


def judged_bundle(path: Path, ctx: RuleContext) -> FileResult | None:
    """The bundle at ``path`` judged once per run (None: it does not load as a bundle)."""
    key = ("judged", path)
    if key not in ctx.memo:
        doc = ctx.documents.get(path)
        ok = isinstance(doc, Document) and doc.record_type == "bundle"
        ctx.memo[key] = check_document(doc, ctx) if isinstance(doc, Document) and ok else None
    found: FileResult | None = ctx.memo[key]
    return found


def _judged_in(bundle: Path, record: Path, ctx: RuleContext) -> FileResult | None:
    """The record's result as judged in the bundle's context (None: the bundle's rules
    did not run, e.g. it fails its schema)."""
    judged_bundle(bundle, ctx)
    found: FileResult | None = ctx.memo.get(in_context_key(str(bundle)), {}).get(record)
    return found


def merged(results: Sequence[FileResult]) -> FileResult:
    """One record judged in the context of several bundles: every finding once, waived
    only if the waivers of every bundle that reports it accept it."""
    if len(results) == 1:
        return results[0]
    seen: dict[tuple[object, ...], Finding] = {}
    for finding in (f for r in results for f in r.findings):
        key = (finding.code, finding.location, finding.message)
        kept = seen.get(key)
        if kept is None or (kept.waived_by and not finding.waived_by):
            seen[key] = finding
    details = dict(results[0].details)
    profiles = sorted({p for r in results for p in r.details.get("profiles", ())})
    if "profiles" in details:
        details["profiles"] = profiles
    found = tuple(sorted(seen.values(), key=Finding.sort_key))
    return dataclasses.replace(results[0], findings=found, details=details)


def bundle_claims(bundle: Path, media: Path, ctx: RuleContext) -> BundleClaims | None:
    """What ``bundle`` says about the asset ``media``: its disclosure and its own licences
    (None when the bundle fails its schema, so its fields cannot be read)."""
    from omrs.media.check import BundleClaims

    judged = judged_bundle(bundle, ctx)
    doc = ctx.documents.get(bundle)
    if judged is None or not isinstance(doc, Document) or ctx.index is None:
        return None
    if not sound(bundle, ctx):
        return None
    listed = view(doc, ctx)
    for listing in ctx.index.listings(resolved(media), "asset"):
        if listing.bundle != bundle:
            continue
        asset = doc.data["assets"][int(listing.pointer.rsplit("/", 1)[1])]
        disclosure = listed.disclosure(asset)
        refs = asset.get("licenses") or ()
        found = [r for r in (listed.record(x, "training-license") for x in refs) if r]
        own = licences_of(found, asset, disclosure)
        licence = merged_licence(own, on=ctx.options.as_of) if own else None
        return BundleClaims(doc.path, listing.pointer, disclosure, licence)
    return None


@dataclass(frozen=True, slots=True)
class Claimed(Target):
    """A media file with what the bundles listing it say about it, read by the run from
    the index, so a worker (a process, a Dask worker) judges it in context without one."""

    claims: tuple[BundleClaims, ...] = ()


def claimed(target: Target, ctx: RuleContext) -> Target:
    """``target`` carrying its bundles' claims when it is media a bundle lists."""
    if target.kind is not FileKind.MEDIA or not in_a_bundle(target, ctx):
        return target
    path = Path(target.path)
    claims = tuple(c for b in _listing(resolved(path), ctx) if (c := bundle_claims(b, path, ctx)))
    return Claimed(target.path, target.kind, target.explicit, target.problem, claims)


def context_inputs(target: Target, ctx: RuleContext) -> frozenset[Path]:
    """What a target's verdict depends on through its bundles (for the result cache): for a
    listed file, everything each bundle listing it lists, since it is judged in there."""
    if not in_a_bundle(target, ctx):
        return frozenset()
    assert ctx.index is not None
    path = resolved(target.path)
    found = set(ctx.index.depends_on(path))
    for bundle in ctx.index.bundles_listing(path):
        found |= ctx.index.depends_on(bundle)
    return frozenset(found)


def sound(bundle: Path, ctx: RuleContext) -> bool:
    """The bundle loads and passes its schema, so its rules ran and its context holds."""
    judged = judged_bundle(bundle, ctx)
    return judged is not None and not any(f.code.startswith(_BROKEN) for f in judged.findings)


_BROKEN = ("load.", "schema.")


def in_a_bundle(target: Target, ctx: RuleContext) -> bool:
    """Whether a bundle lists the target or it is one: judged in this process, in context."""
    if ctx.index is None or target.path == "-" or target.problem is not None:
        return False
    path = resolved(target.path)
    return ctx.index.is_bundle(path) or bool(ctx.index.listings(path))
