"""``omrs migrate``: click only; the work is in :mod:`omrs.migrate`.

Exit codes: 0 done (or nothing to do); 1 with ``--check`` when a file would change; 2 when a
file cannot be migrated or read (then nothing at all is written), on a usage or
configuration error, or when writing fails (the message says which files, if any, changed).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from omrs.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from omrs.cli.common import build_options, config_options, fail, load_cli_config

if TYPE_CHECKING:
    from omrs.migrate import Outcome


def _target(value: str | None) -> str:
    """The version asked for, the newest shipped by default; any other is a usage error."""
    from omrs import schemas

    versions = schemas.versions()
    if value is None:
        return versions[-1]
    if value not in versions:
        fail(f"--to: {value!r} is not a standard version this tool ships ({', '.join(versions)})")
    return value


def _report_problems(outcomes: Sequence[Outcome], target: str) -> bool:
    """Print each file's problem as ``omrs check`` would name it; whether there were any."""
    problems = [o for o in outcomes if o.problem]
    for outcome in problems:
        if outcome.code:
            click.echo(f"{outcome.path}: error {outcome.code} {outcome.problem}", err=True)
        else:
            click.echo(f"{outcome.path}: cannot migrate to {target}: {outcome.problem}", err=True)
    return bool(problems)


def _show(changed: Sequence[Outcome], target: str, *, verb: str, diff: bool, quiet: bool) -> None:
    from omrs.migrate import unified_diff

    for outcome in changed:
        if diff:
            click.echo(unified_diff(outcome), nl=False)
        if not quiet:
            steps = ", ".join(outcome.changes)
            click.echo(f"{verb} {outcome.path}: {outcome.source} -> {target} ({steps})", err=diff)


def _write(changed: Sequence[Outcome]) -> None:
    """Write every changed file together; on failure say truthfully what changed, exit 2."""
    from omrs.fileio import PartlyReplaced
    from omrs.migrate import write_all

    try:
        write_all(changed)
    except PartlyReplaced as exc:
        fail(exc.describe())
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        fail(f"cannot write{where}: {exc.strerror or exc}; no file was changed")


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--to", "target", help="Target standard version (default: the newest shipped).")
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a file would change.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of each change.")
@click.option(
    "--exclude",
    multiple=True,
    help="Gitignore-style pattern of paths to skip in folders (repeatable).",
)
@config_options
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
def migrate(
    paths: tuple[str, ...],
    target: str | None,
    check: bool,
    show_diff: bool,
    exclude: tuple[str, ...],
    config_path: Path | None,
    no_config: bool,
    quiet: bool,
) -> None:
    """Rewrite records and bundles to a newer OMRS version, keeping comments and layout.

    Folders are walked like `omrs check` walks them, with the same `exclude` patterns.
    Every file is migrated in memory first; if any cannot be, nothing is written. Bundles
    in the run get the new SHA-256 of each record they pin. Migrating again changes nothing.
    """
    from omrs import migrate as engine

    if "-" in paths:
        fail("`-`: standard input cannot be migrated, files are rewritten in place; name them")
    version = _target(target)
    options = build_options(load_cli_config(config_path, no_config=no_config), {"exclude": exclude})
    outcomes = engine.outcomes_for(
        paths, version, exclude=options.exclude, max_size=options.max_file_size
    )
    changed = [o for o in outcomes if o.changed]
    if _report_problems(outcomes, version):
        if not check and changed:
            click.echo("omrs: nothing was written, because some files cannot be migrated", err=True)
        sys.exit(EXIT_ERROR)
    if check:
        _show(changed, version, verb="would migrate", diff=show_diff, quiet=quiet)
        sys.exit(EXIT_FINDINGS if changed else EXIT_OK)
    _write(changed)
    _show(changed, version, verb="migrated", diff=show_diff, quiet=quiet)
    if not quiet:
        click.echo(f"{len(changed)} of {len(outcomes)} document(s) migrated to OMRS {version}")
    sys.exit(EXIT_OK)
