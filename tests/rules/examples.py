"""Collects the per-rule examples in ``fixtures/rules/<rule-id>/{pass,fail}``.

An example is a record file, or a folder holding a bundle (``omrs.yaml``) with its records
and media. A fail example ``x`` names the findings it must produce in ``x.expected.yaml``
(``findings: [{code, pointer, line, column}]``, as in ``fixtures/records/invalid``). An
optional ``options.yaml`` beside ``pass/`` and ``fail/`` sets ``profiles`` and ``asOf``
for every example of the rule; the default check date is 2026-09-01.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from omrs.checker import check_paths
from omrs.findings import RunResult
from omrs.options import CheckOptions
from tests.conftest import FIXTURES

RULES = FIXTURES / "rules"
DEFAULT_AS_OF = dt.date(2026, 9, 1)
DOCUMENT_SUFFIXES = (".json", ".yaml", ".yml")


@dataclass(frozen=True)
class Example:
    rule: str
    kind: str
    path: Path

    @property
    def target(self) -> Path:
        """The file to check: the record itself, or a folder's bundle."""
        return self.path / "omrs.yaml" if self.path.is_dir() else self.path

    @property
    def expected_file(self) -> Path:
        stem = self.path.name.rsplit(".", 1)[0] if self.path.is_file() else self.path.name
        return self.path.with_name(f"{stem}.expected.yaml")

    @property
    def id(self) -> str:
        return f"{self.rule}/{self.kind}/{self.path.name}"


def examples(kind: str) -> list[Example]:
    found = []
    for folder in sorted(p for p in RULES.glob(f"*/{kind}") if p.is_dir()):
        for entry in sorted(folder.iterdir()):
            if entry.name.endswith(".expected.yaml"):
                continue
            if entry.is_dir() or entry.suffix in DOCUMENT_SUFFIXES:
                found.append(Example(folder.parent.name, kind, entry))
    return found


def options_for(rule: str) -> CheckOptions:
    path = RULES / rule / "options.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8")) if path.is_file() else {}
    as_of = data.get("asOf", DEFAULT_AS_OF)
    return CheckOptions(profiles=tuple(data.get("profiles", ())), as_of=as_of, jobs=1)


def run(example: Example) -> RunResult:
    return check_paths([example.target], options_for(example.rule))


def located(run_result: RunResult) -> list[tuple[str, str, int | None, int | None]]:
    """Unwaived findings; an unsigned asset's ``c2pa.none`` note is left out (a bundle's
    media are checked with it, and that note is never an example's subject)."""
    return sorted(
        (f.code, f.location.pointer, f.location.line, f.location.column)
        for f in run_result.findings
        if not f.waived_by and f.code != "c2pa.none"
    )


def expected(example: Example) -> list[tuple[str, str, int | None, int | None]]:
    data = yaml.safe_load(example.expected_file.read_text("utf-8"))
    return sorted(
        (f["code"], f.get("pointer", ""), f.get("line"), f.get("column")) for f in data["findings"]
    )
