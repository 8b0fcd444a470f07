"""``omrs check``, ``omrs explain``, ``omrs schema`` and ``omrs init``.

Flags and the configuration file are merged into a frozen ``CheckOptions``; the library
does the work; this module renders and returns the exit code.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from omrs.cli import EXIT_ERROR, EXIT_OK
from omrs.cli.common import (
    InputFile,
    build_options,
    config_options,
    fail,
    load_cli_config,
    trust_options,
    write_output,
)
from omrs.options import DEFAULT_MAX_FILE_SIZE, EXECUTORS, CheckOptions

if TYPE_CHECKING:
    from omrs.discovery import Target
    from omrs.findings import RunResult

FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab")


def _default_format(value: str | None) -> str:
    if value:
        return value
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _use_color(choice: str, stream: Any) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def _refuse_wrong_kind(targets: list[Target]) -> None:
    """A file named on the command line that omrs never checks (a README) is a usage error."""
    from omrs.findings import FileKind

    for target in targets:
        if target.explicit and target.kind is FileKind.UNKNOWN and os.path.isfile(target.path):
            from omrs.media.formats import supported_names

            fail(
                f"{target.path} is not a record, bundle or media file: records and bundles are "
                f".json/.yaml/.yml, media one of {supported_names()}"
            )


def _run(
    paths: tuple[str, ...],
    options: CheckOptions,
    *,
    quiet: bool,
    progress: bool | None,
    heartbeat: float | None,
) -> RunResult:
    """Discover, then check with a progress bar on stderr when someone is watching."""
    from omrs.checker import check_targets
    from omrs.cli.progress import watcher_for
    from omrs.discovery import discover

    found = discover(paths, options.exclude)
    _refuse_wrong_kind(found.targets)
    targets = found.targets
    watcher = watcher_for(
        targets, quiet=quiet, forced=progress, stream=sys.stderr, heartbeat=heartbeat
    )
    try:
        plan = watcher.plan if watcher is not None else None
        return check_targets(targets, options, watcher, found.skipped, found.not_omrs, plan)
    finally:
        if watcher is not None:
            watcher.close()


def _name_unreadable(run: RunResult) -> None:
    """Paths that could not be read, named on stderr when the report went elsewhere."""
    from omrs.reporters.base import visible, visible_path

    for file in run.io_errors:
        shown = visible(file.io_error or "", lines=False)
        click.echo(f"omrs: error: {visible_path(file.path)}: {shown}", err=True)


@click.command()
@click.argument("paths", nargs=-1, metavar="PATHS...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Report format (default: text; github when GITHUB_ACTIONS is set).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE; the summary still goes to the terminal.",
)
@click.option(
    "--report",
    "reports",
    multiple=True,
    metavar="FORMAT=FILE",
    help="Also write the report in FORMAT to FILE, from the same run (repeatable), "
    "e.g. --report sarif=omrs.sarif --report junit=omrs.xml.",
)
@click.option(
    "--unsigned-media",
    type=click.Choice(["summary", "each"]),
    default=None,
    help="Media without a C2PA manifest in GitHub annotations: one summary line (default) "
    "or one annotation per file.",
)
@click.option("--strict", is_flag=True, help="Warnings fail the run too.")
@click.option(
    "--profile",
    multiple=True,
    help="Profile to apply besides those derived from the records (repeatable).",
)
@click.option(
    "--no-profile",
    multiple=True,
    help="Profile never to apply, even when derived (repeatable).",
)
@click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Date for time-dependent rules (default: today).",
)
@click.option(
    "--max-file-size",
    type=click.IntRange(min=1),
    help=f"Refuse record files larger than this many bytes (default {DEFAULT_MAX_FILE_SIZE:,}).",
)
@click.option(
    "--records",
    multiple=True,
    type=InputFile(path_type=None),
    help="Full consent record to match against a minimal embedded form (repeatable).",
)
@click.option(
    "--exclude",
    multiple=True,
    help="Gitignore-style pattern of paths to skip in folders (repeatable).",
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Report only these codes or families, e.g. consent,schema (repeatable).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CODES",
    help="Never report these codes or families, e.g. c2pa.none (repeatable).",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: number of cores)."
)
@click.option(
    "--executor",
    type=click.Choice(EXECUTORS),
    help="Where to check: local (this machine, --jobs processes) or dask (a Dask cluster; "
    "pip install 'omrs[dask]').",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Dask scheduler to use (tcp://HOST:PORT); without it --executor dask starts a "
    "LocalCluster of --jobs workers. See docs/cluster.md.",
)
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    help="Result cache folder: unchanged files (and what they depend on) are not checked again.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only failures.")
@click.option("-v", "--verbose", is_flag=True, help="Show rule sources and passing files.")
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour in text output (NO_COLOR is honoured).",
)
@config_options
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress on stderr (default: a bar for long runs on a terminal; a heartbeat line "
    "when CI is set).",
)
@click.option(
    "--heartbeat",
    type=click.FloatRange(min=0.001),
    metavar="SECONDS",
    help="Seconds between progress lines in CI (default 30).",
)
@click.option(
    "--show-settings", is_flag=True, help="Print the resolved settings and exit; check nothing."
)
@click.option("--show-files", is_flag=True, help="List the files a check would read and exit.")
@trust_options
def check(
    paths: tuple[str, ...],
    fmt: str | None,
    output: Path | None,
    quiet: bool,
    verbose: bool,
    color: str,
    config_path: Path | None,
    no_config: bool,
    progress: bool | None,
    heartbeat: float | None,
    show_settings: bool,
    show_files: bool,
    reports: tuple[str, ...],
    unsigned_media: str | None,
    **flags: Any,
) -> None:
    """Check records, bundles, media files and folders.

    Exit status: 0 everything passed, 1 findings, 2 usage, configuration or I/O error.
    """
    from omrs.executors import ExecutorError
    from omrs.reporters import ReportContext, get_reporter, summary
    from omrs.reporters.base import context_line

    config = load_cli_config(config_path, no_config=no_config)
    options = build_options(config, flags)
    if show_settings:
        from omrs.cli.show import settings_lines

        click.echo("\n".join(settings_lines(config, options)))
        sys.exit(EXIT_OK)
    if not paths:
        raise click.UsageError("Missing argument 'PATHS...'.")
    if show_files:
        from omrs.cli.show import files_lines
        from omrs.discovery import discover

        click.echo("\n".join(files_lines(discover(paths, options.exclude))))
        sys.exit(EXIT_OK)
    from omrs.cli.reports import parse_reports, write_reports

    requests = parse_reports(reports)
    try:
        run = _run(paths, options, quiet=quiet, progress=progress, heartbeat=heartbeat)
    except ExecutorError as exc:
        fail(str(exc))
    if run.interrupted:
        left = sum(1 for s in run.skipped if s.reason.startswith("not checked"))
        click.echo(f"omrs: error: {run.interrupted}; {left} files not checked", err=True)
    fmt = _default_format(fmt)
    stream = sys.stdout if output is None else sys.stderr
    ctx = ReportContext(
        color=_use_color(color, sys.stdout) and output is None,
        verbose=verbose,
        quiet=quiet,
        base_dir=Path.cwd(),
        as_of=options.as_of or dt.date.today(),
        chosen_profiles=options.profiles,
        excluded_profiles=options.excluded_profiles,
        unsigned_media=unsigned_media or config.unsigned_media or "summary",
        check_options=options,
    )
    write_reports(run, ctx, requests)
    report = get_reporter(fmt)().render(run, ctx)
    if output is not None or fmt != "text":
        _name_unreadable(run)
    if output is not None:
        write_output(output, report)
        if not quiet:
            context = context_line(run, ctx)
            click.echo(f"{context}\n{summary(run)}" if context else summary(run), file=stream)
    else:
        click.echo(report, nl=False)
    sys.exit(run.exit_code())


@click.command()
@click.argument("rule_id", required=False)
@click.option("--list", "list_all", is_flag=True, help="List every rule id with its title.")
def explain(rule_id: str | None, list_all: bool) -> None:
    """Explain a rule: what it checks, why, and the law or standard it rests on."""
    from omrs.rules.catalogue import all_rules, get
    from omrs.rules.explain import describe

    if list_all or rule_id is None:
        for rule in all_rules():
            click.echo(f"{rule.id:40} {rule.severity.value:8} {rule.title}")
        sys.exit(EXIT_OK)
    found = get(rule_id)
    if found is None:
        from omrs.suggest import did_you_mean

        hint = did_you_mean(rule_id, [r.id for r in all_rules()])
        fail(f"unknown rule id {rule_id!r}{hint} (`omrs explain --list` shows them all)")
    click.echo(describe(found))
    _show_examples(found.id)


def _show_examples(rule_id: str) -> None:
    """The rule's pass and fail examples, each with what it shows and the lines it flags."""
    from omrs.rules.examples import RULE_FIXTURES, examples, published

    found = list(examples(rule_id))
    if not found:
        if not RULE_FIXTURES.is_dir():
            click.echo(f"  examples: {published(rule_id)}")
        return
    click.echo("  examples:")
    for example in found:
        where = os.path.relpath(example.path)
        about = f": {example.about}" if example.about else ""
        click.echo(f"    {example.outcome}  {where}{about}")
        for number, text in example.flagged:
            click.echo(f"          {number:>4} | {text.strip()}")


@click.command()
@click.argument("name", required=False)
@click.option("--version", "std_version", help="Standard version (default: newest).")
def schema(name: str | None, std_version: str | None) -> None:
    """List the shipped schemas, or print one (e.g. `omrs schema likeness-consent`)."""
    import json

    from omrs import schemas

    versions = schemas.versions()
    version = std_version or versions[-1]
    if version not in versions:
        fail(f"unknown standard version {version!r} (known: {', '.join(versions)})")
    if name is None:
        for v in versions:
            for record_type in (*schemas.record_types(v), *schemas.shared_schemas(v)):
                click.echo(f"{v}  {record_type:20} {schemas.load_schema(v, record_type)['$id']}")
        return
    if name not in (*schemas.record_types(version), *schemas.shared_schemas(version)):
        known = ", ".join((*schemas.record_types(version), *schemas.shared_schemas(version)))
        fail(f"no schema {name!r} in OMRS {version} (known: {known})")
    click.echo(json.dumps(schemas.load_schema(version, name), indent=2, ensure_ascii=False))


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
def init(directory: Path, force: bool) -> None:
    """Write a small, valid example bundle with its records into DIRECTORY."""
    from omrs.starter import StarterExists, write_starter

    try:
        written = write_starter(directory, today=dt.date.today(), force=force)
    except StarterExists as exc:
        fail(f"{exc}; use --force to overwrite")
    except OSError as exc:
        fail(f"cannot write {directory}: {exc.strerror or exc}")
    else:
        for path in written:
            click.echo(f"wrote {path}")
        click.echo(f"next: omrs check {directory}")
    sys.exit(EXIT_OK if written else EXIT_ERROR)
