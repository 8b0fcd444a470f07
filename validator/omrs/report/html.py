"""The review report as one self-contained HTML file (Jinja2, autoescaped, inline CSS).

Records are hostile input: every value is cut to a readable length, its controls and
bidirectional overrides are made visible (``\\u202e``) by the policy the other reporters
use, and Jinja2's autoescaping escapes it. The page carries a Content-Security-Policy that
forbids scripts and every fetch, so even a value that escaped escaping could not run or
call out.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

from omrs.report.model import ReviewReport, clip
from omrs.report.timeline import layout
from omrs.reporters.base import visible


def _finalize(value: Any) -> Any:
    """Every ``{{ value }}``: text made visible (controls, bidi), markup left as it is."""
    from markupsafe import Markup

    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return visible(clip(value))


@functools.cache
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("omrs.report", "templates"),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _css() -> str:
    return resources.files("omrs.report").joinpath("templates/report.css").read_text("utf-8")


def render_html(report: ReviewReport) -> str:
    """The whole HTML document for ``report``."""
    from markupsafe import Markup

    template = _environment().get_template("report.html.j2")
    text: str = template.render(r=report, t=layout(report.events), css=Markup(_css()))
    return text
