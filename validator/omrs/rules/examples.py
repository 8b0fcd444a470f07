"""The pass and fail examples of a rule, from ``fixtures/rules/<id>/{pass,fail}``.

``omrs explain RULE`` shows them. They ship with the source tree, not the wheel: an
installed copy without them points at the published folder instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from omrs.version import INFORMATION_URI, TOOL_VERSION

#: The source tree's fixtures folder, when omrs runs from a checkout (editable install).
RULE_FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "rules"


@dataclass(frozen=True, slots=True)
class Example:
    """One example: passes or fails, its path, what it shows, the lines a finding points at."""

    outcome: str
    path: Path
    about: str
    flagged: tuple[tuple[int, str], ...] = ()


def published(rule_id: str) -> str:
    return f"{INFORMATION_URI}/tree/v{TOOL_VERSION}/fixtures/rules/{rule_id}"


def _about(path: Path) -> str:
    """The example's leading comment, which says what it shows."""
    text = path / "omrs.yaml" if path.is_dir() else path
    try:
        first = text.read_text("utf-8").splitlines()[:1]
    except (OSError, UnicodeDecodeError):
        return ""
    return first[0].lstrip("# ").strip() if first and first[0].startswith("#") else ""


def _flagged(case: Path) -> tuple[tuple[int, str], ...]:
    """The lines the expected findings of a one-file example point at, as they read."""
    expected = case.with_name(case.stem + ".expected.yaml")
    if case.is_dir() or not expected.is_file():
        return ()
    findings = (yaml.safe_load(expected.read_text("utf-8")) or {}).get("findings") or []
    lines = case.read_text("utf-8").splitlines()
    out = []
    for finding in findings:
        line = finding.get("line")
        if isinstance(line, int) and 0 < line <= len(lines):
            out.append((line, lines[line - 1].rstrip()))
    return tuple(dict.fromkeys(out))


def examples(rule_id: str, root: Path = RULE_FIXTURES) -> Iterator[Example]:
    """The rule's examples, passing ones first, each folder in name order."""
    for outcome in ("pass", "fail"):
        folder = root / rule_id / outcome
        if not folder.is_dir():
            continue
        for case in sorted(folder.iterdir()):
            if case.name.endswith(".expected.yaml"):
                continue
            flagged = _flagged(case) if outcome == "fail" else ()
            yield Example(outcome, case, _about(case), flagged)
