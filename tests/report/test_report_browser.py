"""The review report as a person sees it: opened, printed and screenshotted in Chromium.

Playwright drives the system's Chromium (Debian's ``chromium``; ``.ci/run`` installs it),
never a downloaded browser. Without it, or without Playwright, these tests skip and say
why. The screenshot of the documentary report is kept at ``build/test-artefacts/``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from omrs.checker import check_paths
from omrs.options import CheckOptions
from omrs.report import build_report, render_html
from tests.conftest import ROOT
from tests.report.hostile import DOCUMENTARY, FAILING, hostile_bundle

ARTEFACTS = ROOT / "build" / "test-artefacts"
SCREENSHOT = ARTEFACTS / "report-documentary.png"
SECTIONS = ["verdict", "works", "consents", "timeline", "coverage", "findings", "waivers", "media"]
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium() -> str | None:
    found = os.environ.get("OMRS_CHROMIUM") or shutil.which("chromium")
    return found if found and os.access(found, os.X_OK) else None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    if executable is None:
        pytest.skip("no system Chromium (apt-get install chromium; .ci/run does it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        yield launched
        launched.close()


def _write(tmp_path: Path, bundle: Path, as_of: dt.date) -> Path:
    options = CheckOptions(as_of=as_of)
    html = render_html(build_report(check_paths([bundle], options), options))
    out = tmp_path / f"{bundle.name}.html"
    out.write_text(html, "utf-8")
    return out


class Opened:
    """A report open in a page, with every console error and page error it raised."""

    def __init__(self, browser: Any, path: Path, **context: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, **context)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())

    def count(self, name: str) -> int:
        return int(self.page.inner_text(f'#verdict [data-count="{name}"]'))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def documentary(browser: Any, tmp_path: Path) -> Iterator[Opened]:
    opened = Opened(browser, _write(tmp_path, DOCUMENTARY, dt.date(2026, 9, 1)))
    yield opened
    opened.close()


def test_documentary_renders_every_section_with_its_numbers(documentary: Opened) -> None:
    page = documentary.page
    ids = page.eval_on_selector_all("main > section", "all => all.map(s => s.id)")
    assert ids == SECTIONS
    for section in SECTIONS:
        assert page.locator(f"#{section} h2").is_visible()
    assert page.inner_text("[data-verdict]") == "PASS"
    assert (documentary.count("people"), documentary.count("segments")) == (1, 2)
    assert documentary.count("gaps") == 0
    assert page.locator("#consents tbody tr").count() == 1
    assert page.locator("#coverage .gap").count() == 0
    title = page.locator("#timeline svg[role=img] > title").text_content() or ""
    assert title.startswith("Timeline") and page.locator("#timeline svg rect").count() >= 5
    assert page.locator("#footer .inputs li").count() == 8
    assert documentary.errors == []
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000


def test_documentary_prints_to_a_few_pages(documentary: Opened) -> None:
    pdf = documentary.page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 3 <= pages <= 12, pages
    (ARTEFACTS / "report-documentary.pdf").parent.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / "report-documentary.pdf").write_bytes(pdf)


def test_dark_mode_turns_the_page_dark(browser: Any, tmp_path: Path) -> None:
    path = _write(tmp_path, DOCUMENTARY, dt.date(2026, 9, 1))
    opened = Opened(browser, path, color_scheme="dark")
    try:
        background = opened.page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(20, 20, 20)"
    finally:
        opened.close()


def test_failing_bundle_shows_its_gap(browser: Any, tmp_path: Path) -> None:
    opened = Opened(browser, _write(tmp_path, FAILING, dt.date(2026, 9, 20)))
    page = opened.page
    try:
        assert page.inner_text("[data-verdict]") == "FAIL"
        assert (opened.count("people"), opened.count("segments"), opened.count("gaps")) == (1, 1, 1)
        gap = page.locator("#coverage li.gap")
        assert gap.count() == 1 and gap.is_visible()
        assert "GAP" in gap.inner_text() and "face" in gap.inner_text()
        box = gap.bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0
        colour = gap.evaluate("e => getComputedStyle(e).backgroundColor")
        red, green, blue = map(int, re.findall(r"\d+", colour)[:3])
        assert red > green and red > blue
        assert page.locator("#findings h3.sev-error").inner_text() == "Errors (1)"
        assert page.locator("#rule-bundle\\.consent-attributes").is_visible()
        assert opened.errors == []
    finally:
        opened.close()


def test_hostile_records_run_no_script_and_keep_the_layout(browser: Any, tmp_path: Path) -> None:
    opened = Opened(browser, _write(tmp_path, hostile_bundle(tmp_path / "h"), dt.date(2026, 9, 1)))
    page = opened.page
    try:
        assert page.evaluate("window.omrsPwned === undefined")
        assert page.evaluate("document.querySelectorAll('script, [onerror], [onload]').length") == 0
        assert page.title().startswith("Rights review")
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1]
        text = page.inner_text("#consents")
        assert "<script>window.omrsPwned = 1</script>\\u202eevil" in text
        assert "more characters not shown" in text
        ids = page.eval_on_selector_all("main > section", "all => all.map(s => s.id)")
        assert ids == SECTIONS
        assert opened.errors == []
    finally:
        opened.close()
