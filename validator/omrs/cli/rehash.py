"""``omrs rehash BUNDLE``: re-pin the bundle's digests after its files were signed or edited."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from omrs.cli import EXIT_FINDINGS, EXIT_OK
from omrs.cli.common import fail


@click.command()
@click.argument("bundle", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--asset",
    "assets",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Re-pin only this asset (repeatable; default: every asset).",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a digest is stale.")
def rehash(bundle: Path, assets: tuple[Path, ...], check: bool) -> None:
    """Set BUNDLE's asset digests (and its disclosures' and record pins) to the files' bytes.

    All files are written together or none is; comments, key order and layout are kept.
    """
    from omrs.fileio import resolved
    from omrs.rehash import RehashError
    from omrs.rehash import rehash as run

    only = {resolved(a) for a in assets} if assets else None
    try:
        changes = run(bundle, only, dry_run=check)
    except (RehashError, OSError) as exc:
        fail(f"nothing was written: {exc}")
    verb = "stale" if check else "re-pinned"
    for change in changes:
        click.echo(f"{verb} {change.path} {change.pointer}: {change.old} -> {change.new}")
    if not changes:
        click.echo(f"{bundle}: every digest matches")
    sys.exit(EXIT_FINDINGS if check and changes else EXIT_OK)
