"""The run: discover targets, index the project, check each file once in context.

The run first builds the project index (omrs.project): the bundles among and above the
targets, and what each lists. A change reaches further than its own file, so the targets
grow by what it reaches (a record brings its bundles, a bundle everything it lists). A
record a bundle lists is judged once, in that bundle's context (its release's profiles and
its waivers), and reported at the record; a record no bundle lists is judged alone. Media go
to the C2PA layer, imported only when a media file is met (a pre-commit run on records never
loads the native C2PA library), with the disclosure and licences its bundle names.

Where the files no bundle lists are checked is the executor's business (omrs.executors:
this process, ``--jobs`` processes or a Dask cluster); a bundle and what it lists are judged
together in this process, since each depends on the others. Results are sorted, so output
does not depend on which executor ran or in what order results came.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from omrs import executors
from omrs.bundles import licences_of, merged_licence
from omrs.discovery import Target, discover, mentions_omrs
from omrs.executors import PARALLEL_MIN_TARGETS, Indexed
from omrs.fileio import path_problem, resolved
from omrs.findings import FileKind, FileResult, Finding, Location, RunResult, Severity, Skipped
from omrs.judgement import check_document, in_context_key, new_context, problem_result
from omrs.loading import Document, LoadProblem, load_document
from omrs.options import CheckOptions
from omrs.project import build_index, in_context
from omrs.rules.bundle import view
from omrs.rules.engine import RuleContext
from omrs.workers import Work

if TYPE_CHECKING:
    from omrs.media.check import BundleClaims

STDIN_NAME = "<stdin>"
__all__ = ["PARALLEL_MIN_TARGETS", "check_paths", "check_target", "check_targets"]


def _configured(result: FileResult, options: CheckOptions) -> FileResult:
    """Apply the user's selection and severity overrides (``None`` switches a code off)."""
    if not (options.severities or options.select or options.ignore):
        return result
    from omrs.selection import configure

    out = configure(result.findings, options.severities, options.select, options.ignore)
    return dataclasses.replace(result, findings=tuple(sorted(out, key=Finding.sort_key)))


def _is_foreign(doc: Document) -> bool:
    """A walked JSON/YAML file that is not an OMRS document at all (e.g. package.json)."""
    return not isinstance(doc.data, dict) or not ({"omrs", "recordType"} & doc.data.keys())


def _walked_and_foreign(target: Target, problem: LoadProblem) -> bool:
    """A walked file that does not load is ours only if its bytes name an OMRS key."""
    if target.explicit or problem.io:
        return False
    try:
        return not mentions_omrs(target.path)
    except OSError:
        return False


def _check_record_file(target: Target, ctx: RuleContext) -> FileResult | None:
    shown = STDIN_NAME if target.path == "-" else target.path
    judged = _judged_in_context(resolved(target.path), ctx) if target.path != "-" else None
    if judged is not None:
        return _as_shown(judged, shown)
    try:
        doc = load_document(target.path, max_size=ctx.options.max_file_size, display_path=shown)
    except LoadProblem as problem:
        if _walked_and_foreign(target, problem):
            return None
        return problem_result(shown, FileKind.RECORD, problem)
    if not target.explicit and _is_foreign(doc):
        return None
    if target.path != "-":
        ctx.documents.put(Path(target.path), doc)
    return check_document(doc, ctx)


def _judged_in_context(path: Path, ctx: RuleContext) -> FileResult | None:
    """A bundle judged once, or a record as the bundles listing it judged it (None: the
    file is neither, or no bundle listing it got as far as its rules)."""
    if ctx.index is None:
        return None
    if ctx.index.is_bundle(path):
        return judged_bundle(path, ctx)
    found = [r for b in ctx.index.bundles_listing(path) if (r := _judged_in(b, path, ctx))]
    return listed_by(merged(found), path, ctx) if found else None


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


def _as_shown(result: FileResult, shown: str) -> FileResult:
    """``result`` under the path the run shows (a file may have been loaded under another
    spelling, e.g. beside its bundle)."""
    if result.path == shown:
        return result
    moved = tuple(
        dataclasses.replace(f, location=dataclasses.replace(f.location, path=shown))
        if f.location.path == result.path
        else f
        for f in result.findings
    )
    return dataclasses.replace(result, path=shown, findings=moved)


def bundle_claims(bundle: Path, media: Path, ctx: RuleContext) -> BundleClaims | None:
    """What ``bundle`` says about the asset ``media``: its disclosure and its own licences
    (None when the bundle fails its schema, so its fields cannot be read)."""
    from omrs.media.check import BundleClaims

    judged = judged_bundle(bundle, ctx)
    doc = ctx.documents.get(bundle)
    if judged is None or not isinstance(doc, Document) or ctx.index is None:
        return None
    if not _sound(bundle, ctx):
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


def _check_media_file(target: Target, ctx: RuleContext) -> FileResult:
    from omrs.media.check import check_media  # imported only when media is met

    path = Path(target.path)
    claims = [c for b in _listing(resolved(path), ctx) if (c := bundle_claims(b, path, ctx))]
    return listed_by(check_media(path, ctx.options, ctx, claims), resolved(path), ctx)


def _unsupported(target: Target) -> FileResult:
    problem = LoadProblem(
        "io.unsupported",
        "not a record, bundle or supported media file (records are .json/.yaml/.yml)",
    )
    return problem_result(target.path, FileKind.UNKNOWN, problem)


def check_target(target: Target, ctx: RuleContext) -> FileResult | None:
    """Check one target (None: a walked file that turned out not to be ours).

    Bad input becomes findings. A bug of ours becomes an ``internal.error`` result for this
    file only (exit 2, never 1), so one crash does not lose the rest of the run.
    """
    try:
        result = _dispatch(target, ctx)
        return None if result is None else _configured(result, ctx.options)
    except Exception as exc:
        message = f"internal error while checking this file: {type(exc).__name__}: {exc}"
        finding = Finding("internal.error", Severity.ERROR, message, Location(target.path))
        return FileResult(target.path, target.kind, (finding,), io_error=message)


def _refused(target: Target) -> FileResult | None:
    """An I/O verdict reached without opening the path: unlistable, missing, not a regular
    file, or a name the OS refuses.

    Decided here, before the loader or the media layer, so no FIFO, socket or device is
    ever opened (a FIFO would block the run forever).
    """
    problem = target.problem
    if problem is None and target.path != "-":
        problem = path_problem(target.path)
        if problem is not None and problem[0] == "io.not-found":
            problem = ("io.not-found", "no such file or directory")
    if problem is None:
        return None
    code, message = problem
    return problem_result(target.path, target.kind, LoadProblem(code, message, io=True))


def _dispatch(target: Target, ctx: RuleContext) -> FileResult | None:
    refused = _refused(target)
    if refused is not None:
        return refused
    if target.kind is FileKind.RECORD:
        return _check_record_file(target, ctx)
    if target.kind is FileKind.MEDIA:
        return _check_media_file(target, ctx)
    return _unsupported(target)


_worker_ctx: RuleContext | None = None


def _worker_init(options: CheckOptions) -> None:
    global _worker_ctx
    _worker_ctx = new_context(options)


def _worker_check(target: Target) -> FileResult | None:
    assert _worker_ctx is not None
    return check_target(target, _worker_ctx)


#: Called once per target, in target order, as soon as its result and those of the
#: targets before it have arrived (None: a walked file that was not ours); the CLI uses it
#: for progress, so core code never prints.
ResultCallback = Callable[[FileResult | None], None]


def _planned(
    targets: Sequence[Target], options: CheckOptions
) -> tuple[Sequence[Target], RuleContext]:
    """The run's context (with the project index unless ``options.context`` is off) and its
    targets, grown by what a change reaches."""
    ctx = new_context(options)
    if not options.context:
        return targets, ctx
    index = build_index(targets, ctx.documents.get, options.root)
    ctx = dataclasses.replace(ctx, index=index)
    return in_context(targets, index, lambda bundle: _sound(bundle, ctx)), ctx


def _results(targets: Sequence[Target], ctx: RuleContext) -> Iterator[Indexed]:
    """``(index, result)`` per target: a bundle and what it lists judged here, together;
    the rest by the executor the options choose; through the result cache when one is set."""
    options = ctx.options
    work = Work(_worker_init, _worker_check, options)

    def execute(chosen: Sequence[Target]) -> Iterator[Indexed]:
        bound = [i for i, t in enumerate(chosen) if _in_a_bundle(t, ctx)]
        alone = [i for i, t in enumerate(chosen) if not _in_a_bundle(t, ctx)]
        yield from ((i, check_target(chosen[i], ctx)) for i in bound)
        runner = executors.choose(options, len(alone))
        yield from ((alone[i], r) for i, r in runner.run([chosen[i] for i in alone], work))

    if options.cache is None:
        return execute(targets)
    from omrs.result_cache import cached_results

    return cached_results(targets, options, execute, lambda t: _context_inputs(t, ctx))


def _context_inputs(target: Target, ctx: RuleContext) -> frozenset[Path]:
    """What a target's verdict depends on through its bundles (for the result cache): for a
    listed file, everything each bundle listing it lists, since it is judged in there."""
    if not _in_a_bundle(target, ctx):
        return frozenset()
    assert ctx.index is not None
    path = resolved(target.path)
    found = set(ctx.index.depends_on(path))
    for bundle in ctx.index.bundles_listing(path):
        found |= ctx.index.depends_on(bundle)
    return frozenset(found)


def _sound(bundle: Path, ctx: RuleContext) -> bool:
    """The bundle loads and passes its schema, so its rules ran and its context holds."""
    judged = judged_bundle(bundle, ctx)
    return judged is not None and not any(f.code.startswith(_BROKEN) for f in judged.findings)


_BROKEN = ("load.", "schema.")


def _in_a_bundle(target: Target, ctx: RuleContext) -> bool:
    """Whether a bundle lists the target or it is one: judged in this process, in context."""
    if ctx.index is None or target.path == "-" or target.problem is not None:
        return False
    path = resolved(target.path)
    return ctx.index.is_bundle(path) or bool(ctx.index.listings(path))


def check_targets(
    targets: Sequence[Target],
    options: CheckOptions,
    on_result: ResultCallback | None = None,
    skipped: Iterable[Skipped] = (),
    not_omrs: Iterable[str] = (),
) -> RunResult:
    """Check ``targets``; ``skipped`` and ``not_omrs`` (what discovery passed over, to which
    walked files that parse but are not OMRS documents are added) are carried into the run.

    Results are taken as they arrive, so a Ctrl-C or a lost Dask scheduler still leaves the
    results so far: the run is then ``interrupted`` and the targets left are skipped.
    Raises :class:`~omrs.executors.ExecutorError` when the executor cannot start.
    """
    targets, ctx = _planned(targets, options)
    done: dict[int, FileResult | None] = {}
    stopped: str | None = None
    told = 0  # the callback sees results in target order, whatever order they arrive in
    try:
        for index, result in _results(targets, ctx):
            done[index] = result
            while on_result is not None and told in done:
                on_result(done[told])
                told += 1
    except KeyboardInterrupt:
        stopped = "interrupted (Ctrl-C)"
    except executors.ExecutorLost as exc:
        stopped = str(exc)
    found = [r for r in done.values() if r is not None]
    foreign = [targets[i].path for i, r in done.items() if r is None]
    if stopped is not None:
        why = f"not checked: {stopped}"
        left = [Skipped(t.path, why) for i, t in enumerate(targets) if i not in done]
        skipped = (*skipped, *left)
    return RunResult.of(
        found,
        strict=options.strict,
        skipped=skipped,
        not_omrs=[*not_omrs, *foreign],
        interrupted=stopped,
    )


def check_paths(
    paths: Iterable[str | Path],
    options: CheckOptions | None = None,
    on_result: ResultCallback | None = None,
) -> RunResult:
    """Check records, bundles, media and folders; the library's main entry point."""
    options = options or CheckOptions()
    found = discover([str(p) for p in paths], options.exclude)
    return check_targets(found.targets, options, on_result, found.skipped, found.not_omrs)
