"""``omrs explain``: the rule, its pass and fail examples, and ``--list`` (issue 15)."""

from __future__ import annotations

from pathlib import Path

from omrs.rules.examples import examples
from tests.cli.test_suggestions import invoke
from tests.conftest import FIXTURES


def test_explain_shows_the_pass_and_fail_examples_with_the_flagged_line() -> None:
    result = invoke("explain", "consent.specific-use")
    assert result.exit_code == 0
    out = result.output
    assert "examples:" in out
    assert "pass  " in out and "specific-use/pass/specific-use.yaml" in out
    assert "fail  " in out and "fail/blanket-grant.yaml: A blanket grant" in out
    assert "28 | description: Use of Ms Ruiz's likeness" in out


def test_every_example_folder_is_found() -> None:
    root = FIXTURES / "rules"
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        found = list(examples(folder.name, root))
        assert {e.outcome for e in found} <= {"pass", "fail"}
        assert found, folder


def test_without_the_source_tree_explain_points_at_the_published_examples(
    tmp_path: Path,
) -> None:
    from omrs.rules.examples import published

    assert list(examples("consent.specific-use", tmp_path)) == []
    assert published("consent.expired").endswith("/fixtures/rules/consent.expired")


def test_explain_list_names_every_rule() -> None:
    result = invoke("explain", "--list")
    assert result.exit_code == 0
    assert any(line.startswith("consent.specific-use ") for line in result.output.splitlines())
