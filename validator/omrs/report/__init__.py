"""The review report for legal and clearance teams: ``omrs report``.

``build_report(run, options)`` gathers the facts of a checked run (verdict, profiles and
why, works and releases, consents, timeline, AI segment coverage, findings with their
rules and sources, waivers, media) into a :class:`ReviewReport`; ``render_html`` and
``render_markdown`` lay it out. A reporter that already has a run (the GitHub Action's
step summary) needs only ``render_markdown(build_report(run, options))``.
"""

from __future__ import annotations

from omrs.report.build import build_report
from omrs.report.model import ReviewReport

__all__ = ["ReviewReport", "build_report", "render_html", "render_markdown"]


def render_html(report: ReviewReport) -> str:
    """One self-contained HTML file (Jinja2 is imported only here)."""
    from omrs.report.html import render_html as render

    return render(report)


def render_markdown(report: ReviewReport) -> str:
    """The same sections in GitHub-flavoured Markdown."""
    from omrs.report.markdown import render_markdown as render

    return render(report)
