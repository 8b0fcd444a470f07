"""The ``omrs`` command line: the only place that knows about click.

Commands live in submodules and are imported only when invoked, so that a pre-commit run of
``omrs check`` on one record never pays for the C2PA or XMP layers.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from omrs.version import STANDARD_VERSION, TOOL_VERSION

#: command name -> "module:attribute" of its click command.
COMMANDS: dict[str, str] = {
    "check": "omrs.cli.check:check",
    "explain": "omrs.cli.check:explain",
    "schema": "omrs.cli.check:schema",
    "init": "omrs.cli.check:init",
    "keygen": "omrs.cli.media:keygen",
    "sign": "omrs.cli.media:sign",
    "inspect": "omrs.cli.media:inspect",
    "xmp": "omrs.cli.xmp:xmp",
    "migrate": "omrs.cli.migrate:migrate",
    "audit": "omrs.cli.audit:audit",
    "rehash": "omrs.cli.rehash:rehash",
    "report": "omrs.cli.report:report",
}

#: Exit codes, DESIGN.md "Command line".
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class SuggestingGroup(click.Group):
    """A group that names the nearest subcommand when the one typed does not exist."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = click.utils.make_str(args[0]) if args else ""
        known = self.list_commands(ctx)
        if args and name not in known and not name.startswith("-"):
            from omrs.suggest import did_you_mean

            ctx.fail(f"No such command {name!r}{did_you_mean(name, known) or '.'}")
        return super().resolve_command(ctx, args)


class LazyGroup(SuggestingGroup):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    TOOL_VERSION,
    "-V",
    "--version",
    prog_name="omrs",
    message=f"%(prog)s %(version)s (OMRS standard {STANDARD_VERSION})",
)
def cli() -> None:
    """Check OMRS rights records, bundles and media; sign records into media as C2PA."""


def main(argv: list[str] | None = None) -> Any:
    """Console entry point. Usage errors exit 2 (click's own convention matches ours)."""
    try:
        return cli.main(args=argv, prog_name="omrs", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("omrs: interrupted", err=True)
        sys.exit(EXIT_ERROR)
    except Exception as exc:  # an internal error is exit 2, never 1, and no traceback
        if os.environ.get("OMRS_DEBUG"):
            raise
        click.echo(
            f"omrs: internal error: {type(exc).__name__}: {exc}\n"
            "omrs: this is a bug; set OMRS_DEBUG=1 to see the traceback and please report it",
            err=True,
        )
        sys.exit(EXIT_ERROR)
