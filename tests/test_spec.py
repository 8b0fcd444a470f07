"""The spec pages: generated tables are current, complete, and links inside the spec resolve."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from omrs import specgen

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "spec"
RECORD_TYPES = ("likeness-consent", "training-license", "ai-disclosure", "bundle")
#: Pages other engineers generate later; a link to them may dangle until they exist.
PENDING_PAGES = {"rules.md"}


def test_generated_blocks_are_up_to_date() -> None:
    stale = specgen.stale_pages(SPEC)
    assert not stale, f"run `python -m omrs.specgen` to regenerate: {stale}"


def test_check_mode_exits_zero_when_current() -> None:
    assert specgen.main(["--check"]) == 0


@pytest.mark.parametrize("record_type", RECORD_TYPES)
def test_each_record_type_has_a_page_with_its_field_table(record_type: str) -> None:
    text = (SPEC / "1.0" / f"{record_type}.md").read_text("utf-8")
    assert "<!-- BEGIN GENERATED: fields -->" in text
    schemas = specgen.SchemaSet("1.0", specgen.schema_dir() / "1.0")
    for field in schemas.documents[record_type]["properties"]:
        assert f"| `{field}` |" in text, field


def test_overview_lists_every_shared_definition() -> None:
    text = (SPEC / "1.0" / "overview.md").read_text("utf-8")
    schemas = specgen.SchemaSet("1.0", specgen.schema_dir() / "1.0")
    for name in schemas.documents["common"]["$defs"]:
        assert f"| `{name}` |" in text, name


def test_nested_fields_get_their_own_rows() -> None:
    schemas = specgen.SchemaSet("1.0", specgen.schema_dir() / "1.0")
    table = specgen.field_table(schemas, "likeness-consent")
    assert "| `intendedUses[].description` | string | yes |" in table
    assert "| `grantor.proofOfAuthority.documentDigest` | string (sha256) | no |" in table
    assert "[Party](overview.md#party)" in table


def test_a_new_block_plugs_in(tmp_path: Path) -> None:
    page = tmp_path / "1.0" / "example.md"
    page.parent.mkdir()
    page.write_text(
        "intro\n<!-- BEGIN GENERATED: demo -->\nold\n<!-- END GENERATED: demo -->\nend\n"
    )
    renderers = {**specgen.blocks(), "demo": lambda ctx: f"rows for {ctx.page_name}"}
    ctx = specgen.BlockContext(page, specgen.SchemaSet("1.0", specgen.schema_dir() / "1.0"))
    out = specgen.render(page.read_text(), ctx, renderers)
    assert out == (
        "intro\n<!-- BEGIN GENERATED: demo -->\nrows for example\n"
        "<!-- END GENERATED: demo -->\nend\n"
    )


def test_check_mode_reports_and_write_mode_fixes_a_stale_page(tmp_path: Path) -> None:
    page = tmp_path / "1.0" / "bundle.md"
    page.parent.mkdir()
    page.write_text("<!-- BEGIN GENERATED: fields -->\nold\n<!-- END GENERATED: fields -->\n")
    assert specgen.main(["--check", "--spec-dir", str(tmp_path)]) == 1
    assert "old" in page.read_text()
    assert specgen.main(["--spec-dir", str(tmp_path)]) == 0
    assert "| `assets[].sha256` | string (sha256) | yes |" in page.read_text()
    assert specgen.main(["--check", "--spec-dir", str(tmp_path)]) == 0


def test_unknown_block_is_an_error(tmp_path: Path) -> None:
    page = tmp_path / "1.0" / "x.md"
    page.parent.mkdir()
    page.write_text("<!-- BEGIN GENERATED: nope -->\n<!-- END GENERATED: nope -->\n")
    with pytest.raises(KeyError):
        specgen.stale_pages(tmp_path, specgen.schema_dir())


_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("page", sorted(SPEC.rglob("*.md")), ids=lambda p: p.name)
def test_relative_links_resolve(page: Path) -> None:
    text = page.read_text("utf-8")
    missing = [
        target
        for target in _LINK.findall(text)
        if "://" not in target
        and not (page.parent / target).exists()
        and Path(target).name not in PENDING_PAGES
    ]
    assert not missing
