"""``omrs report``: the review report for legal teams, as HTML or Markdown.

Checks the paths exactly as ``omrs check`` does (same flags, same configuration), then
writes one report. Exit status follows the check: 0 passed, 1 findings, 2 usage, I/O or
configuration error. The report is written whenever the check ran (an unreadable input is
in it as a finding); a usage or configuration error writes nothing.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from omrs.cli.common import (
    build_options,
    config_options,
    load_cli_config,
    trust_options,
    write_output,
)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE (default: standard output).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "md"]),
    default=None,
    help="html (one self-contained file) or md (Markdown); default: from the -o suffix, else html.",
)
@click.option(
    "--reproducible",
    is_flag=True,
    help="Leave out the generation time, so two reports of the same input are identical.",
)
@click.option("--title", default="Rights review", show_default=True, help="Heading of the report.")
@click.option("--strict", is_flag=True, help="Warnings fail the verdict too.")
@click.option("--profile", multiple=True, help="Profile to apply besides the derived ones.")
@click.option("--no-profile", multiple=True, help="Profile never to apply (repeatable).")
@click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Date for time-dependent rules and consent states (default: today).",
)
@click.option("--exclude", multiple=True, help="Gitignore-style pattern of paths to skip.")
@config_options
@trust_options
def report(
    paths: tuple[str, ...],
    output: Path | None,
    fmt: str | None,
    reproducible: bool,
    title: str,
    config_path: Path | None,
    no_config: bool,
    **flags: Any,
) -> None:
    """Write a review report of records, bundles and media for legal and clearance teams.

    Sections: verdict and profiles, works and releases, consent matrix, timeline, AI
    segment coverage, findings with their rules and sources, waivers, media (C2PA).
    """
    from omrs.checker import check_paths
    from omrs.report import build_report, render_html, render_markdown

    options = build_options(load_cli_config(config_path, no_config=no_config), flags)
    if fmt is None:
        fmt = (
            "md" if output is not None and output.suffix.lower() in (".md", ".markdown") else "html"
        )
    run = check_paths(paths, options)
    now = None if reproducible else dt.datetime.now(dt.UTC)
    review = build_report(run, options, title=title, generated_at=now)
    text = render_html(review) if fmt == "html" else render_markdown(review)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_output(output, text)
        click.echo(f"{review.verdict.summary}\nreport: {output}", err=True)
    sys.exit(run.exit_code())
