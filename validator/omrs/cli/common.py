"""Pieces the commands share: error exits, trust flags, atomic report writing."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from omrs.fileio import atomic_write
from omrs.options import TrustSettings

EXIT_ERROR = 2


def fail(message: str) -> NoReturn:
    """Print ``omrs: error: message`` on stderr and exit 2 (usage, configuration, I/O)."""
    click.echo(f"omrs: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def trust_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The C2PA trust flags, shared by ``check``, ``inspect`` and ``sign``."""
    pem = click.Path(exists=True, dir_okay=False, path_type=Path)
    flags = [
        click.option(
            "--trust-anchors", type=pem, help="PEM file of trusted roots (C2PA trust anchors)."
        ),
        click.option(
            "--allowed-list", type=pem, help="PEM file of signing certificates trusted as they are."
        ),
        click.option(
            "--trust-config", type=pem, help="File of accepted signer EKU OIDs, one a line."
        ),
        click.option(
            "--fetch-remote",
            is_flag=True,
            default=None,
            help="Fetch remote manifests over the network (off by default).",
        ),
        click.option(
            "--require-trusted",
            is_flag=True,
            default=None,
            help="Fail media whose manifest is valid but not trusted.",
        ),
    ]
    for flag in reversed(flags):
        command = flag(command)
    return command


def trust_settings(config: dict[str, Any], flags: dict[str, Any]) -> TrustSettings:
    """Trust flags over the configuration file's ``[trust]`` table."""

    def pick(flag: str, key: str) -> Any:
        value = flags.get(flag)
        return value if value is not None else config.get(key)

    return TrustSettings(
        anchors=pick("trust_anchors", "anchors"),
        allowed_list=pick("allowed_list", "allowed-list"),
        trust_config=pick("trust_config", "trust-config"),
        fetch_remote=bool(pick("fetch_remote", "fetch-remote")),
        require_trusted=bool(pick("require_trusted", "require-trusted")),
    )


def write_output(path: Path, text: str) -> None:
    """Write a report atomically: a reader never sees half a report."""
    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")
