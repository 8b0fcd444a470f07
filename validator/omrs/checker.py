"""The run: discover targets, index the project, check each file once in context.

The run first builds the project index (omrs.project): the bundles among and above the
targets, and what each lists. A change reaches further than its own file, so the targets
grow by what it reaches (a record brings its bundles, a bundle everything it lists). A
record a bundle lists is judged once, in that bundle's context (its release's profiles and
its waivers), and reported at the record; a record no bundle lists is judged alone. Media go
to the C2PA layer, imported only when a media file is met (a pre-commit run on records never
loads the native C2PA library), with the disclosure and licences its bundle names.

A bundle and the records it lists are judged together in this process, since each depends
on the others. Everything else, media included (listed media carry their bundles' claims,
:class:`Claimed`), is checked where the executor says (omrs.executors: this process,
``--jobs`` processes or a Dask cluster). Results are sorted, so output
does not depend on which executor ran or in what order results came.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from omrs import executors
from omrs.context import (
    Claimed,
    claimed,
    context_inputs,
    in_a_bundle,
    judged_in_context,
    listed_by,
    listing_names,
    sound,
)
from omrs.discovery import Target, discover, mentions_omrs
from omrs.executors import PARALLEL_MIN_TARGETS, Indexed
from omrs.fileio import path_problem, resolved
from omrs.findings import FileKind, FileResult, Finding, Location, RunResult, Severity, Skipped
from omrs.judgement import check_document, new_context, problem_result
from omrs.loading import Document, LoadProblem, load_document
from omrs.options import CheckOptions
from omrs.project import build_index, in_context
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
    judged = judged_in_context(resolved(target.path), ctx) if target.path != "-" else None
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


def _check_media_file(target: Target, ctx: RuleContext) -> FileResult:
    from omrs.media.check import check_media  # imported only when media is met

    path = Path(target.path)
    target = claimed(target, ctx)
    found = list(target.claims) if isinstance(target, Claimed) else []
    return listed_by(check_media(path, ctx.options, ctx, found), resolved(path), ctx)


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
    return in_context(targets, index, lambda bundle: sound(bundle, ctx)), ctx


def _results(targets: Sequence[Target], ctx: RuleContext) -> Iterator[Indexed]:
    """``(index, result)`` per target: a bundle and what it lists judged here, together;
    the rest by the executor the options choose; through the result cache when one is set."""
    options = ctx.options
    work = Work(_worker_init, _worker_check, options)

    def execute(chosen: Sequence[Target]) -> Iterator[Indexed]:
        local = [_judged_here(t, ctx) for t in chosen]  # resolves each path once
        here = [i for i, x in enumerate(local) if x]
        away = [i for i, x in enumerate(local) if not x]
        yield from ((i, check_target(chosen[i], ctx)) for i in here)
        shipped = [claimed(chosen[i], ctx) for i in away]
        runner = executors.choose(options, len(shipped))
        for i, result in runner.run(shipped, work):
            yield away[i], _placed(result, shipped[i], ctx)

    if options.cache is None:
        return execute(targets)
    from omrs.result_cache import cached_results

    return cached_results(
        targets,
        options,
        execute,
        lambda t: context_inputs(t, ctx),
        lambda t: listing_names(t, ctx),
    )


def _judged_here(target: Target, ctx: RuleContext) -> bool:
    """Bundles and the records they list are judged together in this process (each
    depends on the others); media, even listed, go to the executor with their claims."""
    return target.kind is not FileKind.MEDIA and in_a_bundle(target, ctx)


def _placed(result: FileResult | None, target: Target, ctx: RuleContext) -> FileResult | None:
    """A result from the executor saying which bundles list its file (workers have no index)."""
    if result is None or not isinstance(target, Claimed):
        return result
    return listed_by(result, resolved(Path(target.path)), ctx)


def check_targets(
    targets: Sequence[Target],
    options: CheckOptions,
    on_result: ResultCallback | None = None,
    skipped: Iterable[Skipped] = (),
    not_omrs: Iterable[str] = (),
    on_plan: Callable[[Sequence[Target]], None] | None = None,
) -> RunResult:
    """Check ``targets``; ``skipped`` and ``not_omrs`` (what discovery passed over, to which
    walked files that parse but are not OMRS documents are added) are carried into the run.

    ``on_plan`` hears the targets the run will check: those given, then the files a change
    reaches through its bundles (progress counts them). Results are taken as they arrive,
    so a Ctrl-C or a lost Dask scheduler still leaves the
    results so far: the run is then ``interrupted`` and the targets left are skipped.
    Raises :class:`~omrs.executors.ExecutorError` when the executor cannot start.
    """
    targets, ctx = _planned(targets, options)
    if on_plan is not None:
        on_plan(targets)  # the given targets first, then what a change reaches
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
