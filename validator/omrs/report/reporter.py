"""The review report as a ``--report`` format: ``omrs check --report md=review.md``.

Renders a run already checked, so CI gets the Markdown review (the GitHub job summary) from
the same pass as its other reports. Media are not verified a second time for it
(``media=False``): their C2PA verdicts are in the findings.
"""

from __future__ import annotations

from omrs.findings import RunResult
from omrs.options import CheckOptions
from omrs.reporters.base import ReportContext, Reporter


class MarkdownReviewReporter(Reporter):
    """``omrs report --format md`` for a run in hand."""

    name = "md"
    description = (
        "Markdown review report (verdict, consents, coverage, findings), e.g. a job summary"
    )

    def render(self, run: RunResult, ctx: ReportContext) -> str:
        from omrs.report import build_report, render_markdown

        options = ctx.check_options or CheckOptions(
            as_of=ctx.as_of,
            profiles=ctx.chosen_profiles,
            excluded_profiles=ctx.excluded_profiles,
            strict=run.strict,
        )
        review = build_report(run, options, generated_at=ctx.run_finished, media=False)
        return render_markdown(review)
