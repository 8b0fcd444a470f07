"""The run: discover targets, check each one, collect results in a deterministic order.

Records and bundles go through load → envelope → schema → rules; media go to the C2PA
layer, imported only when a media file is met (a pre-commit run on records never loads
the native C2PA library). Where targets are checked is the executor's business
(omrs.executors: this process, ``--jobs`` processes or a Dask cluster); the results are
sorted, so output does not depend on which one ran or in what order results came.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from omrs import executors
from omrs.discovery import Target, discover, mentions_omrs
from omrs.executors import PARALLEL_MIN_TARGETS, Indexed
from omrs.fileio import path_problem
from omrs.findings import FileKind, FileResult, Finding, Location, RunResult, Severity, Skipped
from omrs.judgement import check_document, new_context, problem_result
from omrs.loading import Document, LoadProblem, load_document
from omrs.options import CheckOptions
from omrs.rules.engine import RuleContext
from omrs.workers import Work

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


#: Called once per target, in target order, as soon as its result and those of the
#: targets before it have arrived (None: a walked file that was not ours); the CLI uses it
#: for progress, so core code never prints.
ResultCallback = Callable[[FileResult | None], None]


def _results(targets: Sequence[Target], options: CheckOptions) -> Iterator[Indexed]:
    """``(index, result)`` per target from the executor ``options`` choose, through the
    result cache when one is set."""
    work = Work(_worker_init, _worker_check, options)

    def execute(chosen: Sequence[Target]) -> Iterator[Indexed]:
        return executors.choose(options, len(chosen)).run(chosen, work)

    if options.cache is None:
        return execute(targets)
    from omrs.result_cache import cached_results

    return cached_results(targets, options, execute)


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
    done: dict[int, FileResult | None] = {}
    stopped: str | None = None
    told = 0  # the callback sees results in target order, whatever order they arrive in
    try:
        for index, result in _results(targets, options):
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
