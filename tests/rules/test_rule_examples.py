"""Every semantic rule has examples that pass and fail, collected from ``fixtures/rules``.

A pass example produces no finding of its rule and no error at all; a fail example
produces exactly the located findings its ``.expected.yaml`` names.
"""

from __future__ import annotations

import pytest

from omrs.findings import Severity
from omrs.rules.catalogue import all_rules
from tests.rules.examples import RULES, Example, examples, expected, located, run

PASSING = examples("pass")
FAILING = examples("fail")


@pytest.mark.parametrize("example", PASSING, ids=lambda e: e.id)
def test_pass_example_passes(example: Example) -> None:
    result = run(example)
    active = [f for f in result.findings if not f.waived_by]
    assert [f.to_dict() for f in active if f.code == example.rule] == []
    assert [f.to_dict() for f in active if f.severity is Severity.ERROR] == []
    assert result.exit_code() == 0


@pytest.mark.parametrize("example", FAILING, ids=lambda e: e.id)
def test_fail_example_gives_exactly_its_findings(example: Example) -> None:
    want = expected(example)
    assert example.rule in {code for code, *_ in want}, "a fail example must show its rule"
    assert located(run(example)) == want


def test_every_rule_with_a_check_has_pass_and_fail_examples() -> None:
    checked = {r.id for r in all_rules() if r.check is not None}
    with_pass = {e.rule for e in PASSING}
    with_fail = {e.rule for e in FAILING}
    assert sorted(checked - with_pass) == []
    assert sorted(checked - with_fail) == []


def test_example_folders_name_real_rules() -> None:
    known = {r.id for r in all_rules()}
    assert sorted(p.name for p in RULES.iterdir() if p.is_dir() and p.name not in known) == []


@pytest.mark.parametrize("example", FAILING, ids=lambda e: e.id)
def test_every_fail_example_has_expectations(example: Example) -> None:
    assert example.expected_file.is_file(), example.expected_file
