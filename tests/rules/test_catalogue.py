"""The rule catalogue as data: explainable ids, cited sources, profiles and the spec pages."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from omrs.cli import cli
from omrs.rules.catalogue import all_rules
from omrs.rules.profiles import PROFILES
from omrs.specgen import stale_pages

RULE_IDS = [r.id for r in all_rules()]
SEMANTIC = [r for r in all_rules() if r.check is not None]


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_explain_prints_every_rule(rule_id: str) -> None:
    result = CliRunner().invoke(cli, ["explain", rule_id])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{rule_id}: ")
    assert "default severity:" in result.output


def test_explain_cites_the_legal_source_of_a_rule() -> None:
    result = CliRunner().invoke(cli, ["explain", "consent.specific-use"])
    assert "Cal. Lab. Code § 927(a)-(b) (AB 2602, 2024;" in result.output
    assert "[P-copy]" in result.output
    assert "N.Y. Gen. Oblig. Law § 5-302(1)-(3) (from 2025-01-01) [P]" in result.output


def test_explain_rejects_an_unknown_rule() -> None:
    result = CliRunner().invoke(cli, ["explain", "consent.no-such-rule"])
    assert result.exit_code == 2


@pytest.mark.parametrize("rule", SEMANTIC, ids=lambda r: r.id)
def test_semantic_rules_are_complete_data(rule: object) -> None:
    from omrs.rules.catalogue import Rule

    assert isinstance(rule, Rule)
    assert re.fullmatch(r"[a-z]+\.[a-z0-9]+(?:-[a-z0-9]+)*", rule.id)
    assert rule.title and rule.rationale and rule.applies_to
    assert rule.sources and rule.citation()
    assert all(s.grade in {"P", "P-copy", "S", "std"} for s in rule.sources)
    assert set(rule.profiles) <= set(PROFILES), rule.profiles


def test_spec_rule_and_profile_pages_match_the_catalogue() -> None:
    assert stale_pages() == []


def test_rules_page_lists_every_semantic_rule() -> None:
    """Each version's page lists exactly the rules that judge documents of that version."""
    from omrs import schemas
    from omrs.specgen import spec_dir

    for version in schemas.versions():
        page = (spec_dir() / version / "rules.md").read_text("utf-8")
        for rule in SEMANTIC:
            assert (f"### {rule.id}\n" in page) == rule.applies_in(version), (version, rule.id)
