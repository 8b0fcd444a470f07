"""The review report's facts and both renderings, without a browser."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from omrs.checker import check_paths
from omrs.cli import cli
from omrs.options import CheckOptions
from omrs.report import build_report, render_html, render_markdown
from omrs.report import consents as cs
from omrs.report.markdown import md
from omrs.report.model import MAX_SHOWN, ReviewReport
from tests.report.hostile import DOCUMENTARY, FAILING, HUGE, SCRIPT, hostile_bundle

AS_OF = dt.date(2026, 9, 1)
SECTIONS = ("verdict", "works", "consents", "timeline", "coverage", "findings", "waivers", "media")


def review(path: Path, as_of: dt.date = AS_OF, **kw: object) -> ReviewReport:
    options = CheckOptions(as_of=as_of)
    return build_report(check_paths([path], options), options, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def documentary() -> ReviewReport:
    return review(DOCUMENTARY)


def test_documentary_numbers(documentary: ReviewReport) -> None:
    r = documentary
    assert r.verdict.word == "pass" and r.standard_versions == ("1.0",)
    assert r.people == ("Marguerite Okafor",)
    assert r.segments == 2 and r.gaps == 0
    [consent] = r.consents
    assert consent.state == "active" and consent.attributes == "face, voice"
    assert consent.grantor.startswith("Daniel Okafor-Reyes (executor)")
    assert "lettersTestamentary" in consent.authority and len(consent.uses) == 3
    assert {w.title for w in r.works} == {"Okafor: A Life in Light"}
    eu = next(p for p in r.profiles if p.id == "eu-ai-act")
    assert any("release territories" in why for why in eu.reasons)
    teaser = next(a for a in r.coverage if a.path == "media/teaser-narration.wav")
    assert teaser.label is not None and "recreated with AI" in teaser.label.text
    [segment] = teaser.segments
    assert segment.people[0].covers[0].consent == "urn:omrs:consent:okafor-estate-northlight-001"
    assert {e.kind for e in r.events} >= {"consent-term", "licence-term", "release", "signing"}
    assert [m.state for m in r.media] == ["none", "none"]


def test_failing_bundle_shows_the_gap() -> None:
    r = review(FAILING, dt.date(2026, 9, 20))
    assert r.verdict.word == "fail" and r.gaps == 1
    gap = next(
        c for a in r.coverage for s in a.segments for p in s.people for c in p.covers if c.gap
    )
    assert gap.attribute == "face" and "does not grant face" in (gap.gap or "")
    [errors] = [g for g in r.findings if g.severity.value == "error"]
    [rule] = errors.rules
    assert rule.code == "bundle.consent-attributes" and rule.sources
    assert "ELVIS" in " ".join(cite for cite, _ in rule.sources)


def test_html_sections_in_reading_order(documentary: ReviewReport) -> None:
    html = render_html(documentary)
    places = [html.index(f'<section id="{s}"') for s in SECTIONS]
    assert places == sorted(places)
    assert "<script" not in html and 'lang="en"' in html and "@media print" in html
    assert "prefers-color-scheme: dark" in html and "<svg" in html


def test_reproducible_reports_are_identical() -> None:
    first, second = (render_html(review(DOCUMENTARY)) for _ in range(2))
    assert first == second and "generation time omitted" in first
    stamped = render_html(review(DOCUMENTARY, generated_at=dt.datetime(2026, 9, 1, 8, 0)))
    assert "2026-09-01T08:00:00" in stamped


def test_markdown_has_the_same_sections(documentary: ReviewReport) -> None:
    text = render_markdown(documentary)
    heads = re.findall(r"^## (\d)\. ", text, re.M)
    assert heads == [str(i) for i in range(1, 9)]
    assert "AI segments: 2; consent gaps: 0" in text and "People depicted or consenting: 1" in text


def test_markdown_values_are_inert() -> None:
    assert md("<b>|[x](javascript:1)*_`") == "&lt;b&gt;\\|\\[x\\]\\(javascript:1\\)\\*\\_\\`"
    # Shown as the visible escapes \u202e and \x0a (the backslash itself escaped).
    assert md("a\u202eb\nc") == "a\\\\u202eb\\\\x0ac"


def test_hostile_records_are_escaped_and_cut(tmp_path: Path) -> None:
    r = review(hostile_bundle(tmp_path / "hostile"))
    html = render_html(r)
    assert (
        "<script" not in html
        and "<img" not in html
        and "onerror=" not in html.replace("onerror=&#34;", "")
    )
    assert "&lt;script&gt;window.omrsPwned" in html and "\\u202e" in html and "\u202e" not in html
    assert HUGE not in html and f"{100_000 - MAX_SHOWN + len(SCRIPT) + 5:,} more characters" in html
    text = render_markdown(r)
    assert "<script" not in text and "\u202e" not in text and HUGE not in text


@pytest.mark.parametrize(
    ("consent", "state"),
    [
        ({"term": {"start": "2026-01-01", "end": "2026-12-31"}}, "active"),
        ({"term": {"start": "2026-01-01", "end": "2026-06-30"}}, "expired"),
        ({"term": {"start": "2026-10-01"}}, "not yet in force"),
        (
            {"term": {"start": "2026-01-01"}, "revocation": {"revokedAt": "2026-08-01T00:00:00Z"}},
            "revoked",
        ),
        ({"id": "urn:x:old", "term": {"start": "2026-01-01"}}, "superseded"),
    ],
)
def test_consent_states(consent: dict[str, object], state: str) -> None:
    replaced = cs.superseded(
        [{"id": "urn:x:new", "supersedes": "urn:x:old", "issued": "2026-05-01"}]
    )
    assert cs.state(consent, AS_OF, replaced)[0] == state


def test_cli_writes_html_and_markdown(tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    runner = CliRunner()
    done = runner.invoke(cli, ["report", str(DOCUMENTARY), "-o", str(out), "--as-of", "2026-09-01"])
    assert done.exit_code == 0, done.output
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>") and f"report: {out}" in done.stderr
    done = runner.invoke(cli, ["report", str(FAILING), "--format", "md", "--reproducible"])
    assert done.exit_code == 1 and done.stdout.startswith("# Rights review: FAIL")
    assert runner.invoke(cli, ["report", str(tmp_path / "missing")]).exit_code == 2


RULE_EXAMPLES = Path(__file__).parents[2] / "fixtures" / "rules"
COVERAGE_RULES = ("bundle.consent-term", "bundle.consent-territory")


@pytest.mark.parametrize(
    "example",
    sorted(
        p.relative_to(RULE_EXAMPLES).as_posix()
        for rule in COVERAGE_RULES
        for p in (RULE_EXAMPLES / rule).glob("*/*")
        if p.is_dir()
    ),
)
def test_the_report_shows_a_gap_exactly_where_the_rule_refuses(example: str) -> None:
    """The report's coverage and the consent rules share one reading of a consent's term
    and territories (legal bases included), so a reviewer never sees a segment covered that
    the verdict refuses, nor a gap the verdict accepts."""
    rule = example.split("/")[0]
    run = check_paths([RULE_EXAMPLES / example], CheckOptions())
    refused = [f for r in run.files for f in r.findings if f.code == rule]
    r = build_report(run, CheckOptions(), media=False)
    gaps = [c.gap for a in r.coverage for s in a.segments for p in s.people for c in p.covers]
    assert bool(refused) == any(gaps), (refused, gaps)
