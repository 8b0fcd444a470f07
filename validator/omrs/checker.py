"""The run: discover targets, check each one, collect results in a deterministic order.

Records and bundles go through load → envelope → schema → rules; media go to the C2PA
layer, imported only when a media file is met (a pre-commit run on records never loads
the native C2PA library). With ``jobs > 1`` targets are checked in worker processes
(omrs.workers: a dead worker costs one file at most) and the results sorted, so output
does not depend on scheduling.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from omrs.discovery import Target, discover, mentions_omrs
from omrs.fileio import path_problem
from omrs.findings import FileKind, FileResult, Finding, Location, RunResult, Severity, Skipped
from omrs.judgement import check_document, new_context, problem_result
from omrs.loading import Document, LoadProblem, load_document
from omrs.options import CheckOptions
from omrs.rules.engine import RuleContext

STDIN_NAME = "<stdin>"
#: Below this many targets, starting worker processes costs more than it saves.
PARALLEL_MIN_TARGETS = 16


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


def _check_media_file(target: Target, ctx: RuleContext) -> FileResult:
    from omrs.media.check import check_media  # imported only when media is met

    return check_media(Path(target.path), ctx.options, ctx)


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


#: Called once per target as its result arrives (None: a walked file that was not ours);
#: the CLI uses it for progress, so core code never prints.
ResultCallback = Callable[[FileResult | None], None]


def _results(
    targets: Sequence[Target], options: CheckOptions, on_result: ResultCallback | None
) -> Iterator[FileResult | None]:
    if options.jobs > 1 and len(targets) >= PARALLEL_MIN_TARGETS:
        from omrs.workers import Work, parallel_results  # only large runs pay for a pool

        work = Work(_worker_init, _worker_check, options)
        yield from _notify(parallel_results(targets, work), on_result)
    else:
        ctx = new_context(options)
        yield from _notify((check_target(t, ctx) for t in targets), on_result)


def _notify(
    results: Iterable[FileResult | None], on_result: ResultCallback | None
) -> Iterator[FileResult | None]:
    for result in results:
        if on_result is not None:
            on_result(result)
        yield result


def check_targets(
    targets: Sequence[Target],
    options: CheckOptions,
    on_result: ResultCallback | None = None,
    skipped: Iterable[Skipped] = (),
    not_omrs: Iterable[str] = (),
) -> RunResult:
    """Check ``targets``; ``skipped`` and ``not_omrs`` (what discovery passed over, to which
    walked files that parse but are not OMRS documents are added) are carried into the run."""
    results = list(_results(targets, options, on_result))
    found = [r for r in results if r is not None]
    foreign = [t.path for t, r in zip(targets, results, strict=True) if r is None]
    return RunResult.of(
        found, strict=options.strict, skipped=skipped, not_omrs=[*not_omrs, *foreign]
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
