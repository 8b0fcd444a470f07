"""``omrs migrate``: click only; the work is in :mod:`omrs.migrate`.

Exit codes: 0 done (or nothing to do); 1 with ``--check`` when a file would change; 2 when a
file cannot be migrated (then nothing at all is written) or cannot be read.
"""

from __future__ import annotations

import sys

import click

from omrs.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK


def _newest() -> str:
    from omrs import schemas

    return schemas.versions()[-1]


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--to", "target", help="Target standard version (default: the newest shipped).")
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a file would change.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of each change.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
def migrate(
    paths: tuple[str, ...], target: str | None, check: bool, show_diff: bool, quiet: bool
) -> None:
    """Rewrite records and bundles to a newer OMRS version, keeping comments and layout.

    Folders are walked like `omrs check` walks them. Every file is migrated in memory first;
    if any cannot be, nothing is written. Migrating again changes nothing.
    """
    from omrs import migrate as engine

    target = target or _newest()
    outcomes = engine.outcomes_for(paths, target)
    problems = [o for o in outcomes if o.problem]
    for outcome in problems:
        click.echo(f"{outcome.path}: cannot migrate to {target}: {outcome.problem}", err=True)
    changed = [o for o in outcomes if o.changed]
    for outcome in changed:
        if show_diff:
            click.echo(engine.unified_diff(outcome), nl=False)
        if not quiet:
            verb = "would migrate" if check else "migrated"
            steps = ", ".join(outcome.changes)
            click.echo(
                f"{verb} {outcome.path}: {outcome.source} -> {target} ({steps})", err=show_diff
            )
    if problems:
        if not check and changed:
            click.echo("omrs: nothing was written, because some files cannot be migrated", err=True)
        sys.exit(EXIT_ERROR)
    if check:
        sys.exit(EXIT_FINDINGS if changed else EXIT_OK)
    try:
        engine.write_all(outcomes)
    except OSError as exc:
        click.echo(
            f"omrs: error: cannot write: {exc.strerror or exc}; no file was changed", err=True
        )
        sys.exit(EXIT_ERROR)
    if not quiet:
        click.echo(f"{len(changed)} of {len(outcomes)} document(s) migrated to OMRS {target}")
    sys.exit(EXIT_OK)
