"""``omrs xmp export`` and ``omrs xmp import``: OMRS records <-> XMP sidecars."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from omrs.cli import SuggestingGroup
from omrs.cli.common import INPUT_FILE, fail

EXIT_OK, EXIT_FINDINGS = 0, 1


@click.group("xmp", cls=SuggestingGroup)
def xmp() -> None:
    """Write OMRS rights as IPTC/PLUS XMP sidecars, or read XMP back as OMRS fragments."""


@xmp.command("export")
@click.argument("bundle", type=INPUT_FILE)
@click.option(
    "--asset",
    "asset",
    required=True,
    metavar="PATH|SHA256",
    help="The asset, by its path in the bundle (or on disk) or its SHA-256.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Sidecar to write (default: name.xmp beside the media, as Adobe and exiftool name it).",
)
@click.option(
    "--keep-extension",
    is_flag=True,
    help="Name the sidecar name.ext.xmp (e.g. clip.mov.xmp), for folders where two media "
    "share a name. omrs reads both names.",
)
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the sidecar instead of writing.")
def export(
    bundle: Path, asset: str, output: Path | None, keep_extension: bool, to_stdout: bool
) -> None:
    """Write the XMP sidecar that BUNDLE's records imply for one asset."""
    from omrs.bundles import BundleError, asset_records
    from omrs.xmp.mapping import to_xmp
    from omrs.xmp.write import serialise, write_sidecar

    try:
        found = asset_records(bundle, asset)
    except BundleError as exc:
        fail(str(exc))
    models = found.asset.get("models")
    rights = to_xmp(
        found.disclosure,
        found.licence(),
        found.consents,
        people_present=found.people_present(),
        models=models if isinstance(models, list) else None,
    )
    if to_stdout:
        click.echo(serialise(rights).decode("utf-8"), nl=False)
        sys.exit(EXIT_OK)
    destination = output or sidecar_name(Path(found.media), keep_extension=keep_extension)
    try:
        write_sidecar(rights, destination)
    except (OSError, ValueError) as exc:
        fail(f"cannot write {destination}: {getattr(exc, 'strerror', None) or exc}")
    click.echo(f"wrote {destination}")


def sidecar_name(media: Path, *, keep_extension: bool = False) -> Path:
    """``clip.xmp`` (what Adobe tools and exiftool write and look for) or ``clip.mov.xmp``."""
    return media.with_name(media.name + ".xmp") if keep_extension else media.with_suffix(".xmp")


@xmp.command("import")
@click.argument("file", type=INPUT_FILE)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--max-packet-size",
    type=click.IntRange(min=1024),
    default=None,
    help="Largest XMP packet read, in bytes (default 4 MiB).",
)
def import_(file: Path, fmt: str, max_packet_size: int | None) -> None:
    """Print the OMRS record fragments that FILE's XMP implies.

    FILE is an .xmp sidecar, or a media file whose first embedded packet is read.
    Exit 1 when the XMP cannot be read (malformed, DOCTYPE, too large).
    """
    from omrs.xmp.crosscheck import read_media_xmp
    from omrs.xmp.mapping import from_xmp
    from omrs.xmp.packets import DEFAULT_MAX_PACKET

    media = read_media_xmp(file, max_packet_size=max_packet_size or DEFAULT_MAX_PACKET)
    for problem in media.problems:
        where = f"{problem.path}:{problem.line}" if problem.line else str(problem.path)
        click.echo(f"{where}: {problem.code}: {problem.message}", err=True)
    if any(p.code == "xmp.unreadable" for p in media.problems):
        sys.exit(2)
    claims = media.claims()
    if not claims:
        if not media.problems:
            click.echo(f"omrs: {file}: no XMP packet found", err=True)
        sys.exit(EXIT_FINDINGS)
    fragments = from_xmp(claims[0][1])
    click.echo(_dump(fragments, fmt), nl=False)
    sys.exit(EXIT_FINDINGS if media.problems else EXIT_OK)


def _dump(data: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    from omrs import yaml_out

    return yaml_out.dump(data, sort_keys=False, width=100)
