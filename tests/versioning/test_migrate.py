"""``omrs migrate``: lossless, idempotent, layout-keeping, all-or-nothing."""

from __future__ import annotations

import difflib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omrs.cli import cli
from omrs.loading import parse_text
from omrs.migrate import migrate_text, outcomes_for
from omrs.migrate.edits import Insert, Remove, Set, apply_to_data, apply_to_text
from omrs.migrate.spans import json_spans, yaml_spans
from tests.conftest import FIXTURES
from tests.schema_strategy import from_schema
from tests.test_properties import inlined

VALID = FIXTURES / "records" / "valid"
VALID_1_1 = FIXTURES / "records" / "1.1" / "valid"
ALL_EXAMPLES = sorted(
    p for folder in (VALID, VALID_1_1) for p in folder.rglob("*") if p.suffix in (".json", ".yaml")
)
#: The 1.0 examples (the corpora hold 1.1 ones too, which migrate to themselves).
EXAMPLES = [
    p
    for p in ALL_EXAMPLES
    if parse_text(p.read_text("utf-8"), "x", "json" if p.suffix == ".json" else "yaml").data["omrs"]
    == "1.0"
]
EXAMPLES_1_1 = [p for p in ALL_EXAMPLES if p not in EXAMPLES]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _data(text: str, syntax: str) -> Any:
    return parse_text(text, "x", syntax).data  # type: ignore[arg-type]


#: China's implicit label: 1.0's extension name -> 1.1's field, in Annex E's order.
_AIGC = {
    "Label": "label",
    "ContentProducer": "contentProducer",
    "ProduceID": "produceId",
    "ReservedCode1": "reservedCode1",
    "ContentPropagator": "contentPropagator",
    "PropagateID": "propagateId",
    "ReservedCode2": "reservedCode2",
}


def _implicit_label(out: dict[str, Any]) -> None:
    """1.0's ``extensions["cn.org.tc260.aigc"]`` becomes ``machineReadableMarking.implicitLabel``
    when the field can hold it exactly; otherwise it stays."""
    legacy = (out.get("extensions") or {}).get("cn.org.tc260.aigc")
    marking = out.get("machineReadableMarking") or {}
    if out.get("recordType") != "ai-disclosure" or not isinstance(legacy, dict):
        return
    fits = all(k in _AIGC and isinstance(v, str) and v for k, v in legacy.items())
    if not legacy or not fits or legacy.get("Label", "1") not in ("1", "2", "3"):
        return
    if "implicitLabel" in marking:
        return
    marking["implicitLabel"] = {_AIGC[k]: legacy[k] for k in _AIGC if k in legacy}
    out["machineReadableMarking"] = marking
    del out["extensions"]["cn.org.tc260.aigc"]
    if not out["extensions"]:
        del out["extensions"]


def _expected(data: dict[str, Any]) -> dict[str, Any]:
    """What 1.0 → 1.1 means for a document's data."""
    out = json.loads(json.dumps(data))
    out["omrs"] = "1.1"
    _implicit_label(out)
    release = out.get("release")
    if isinstance(release, dict) and release.get("context") == "advertisement":
        items = []
        for key, value in release.items():
            items.append((key, "commercial" if key == "context" else value))
            if key == "context" and "kind" not in release:
                items.append(("kind", "advertisement"))
        out["release"] = dict(items)
    return out


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_each_example_migrates_to_exactly_its_1_1_meaning(path: Path) -> None:
    syntax = "json" if path.suffix == ".json" else "yaml"
    text = path.read_text("utf-8")
    outcome = migrate_text(text, syntax, "1.1")
    assert outcome.problem is None and outcome.changed
    assert _data(outcome.after, syntax) == _expected(_data(text, syntax))
    # Only the lines that say something new differ; comments and layout stay.
    before, after = text.splitlines(), outcome.after.splitlines()
    diff = difflib.ndiff(before, after)
    changed = [line[2:] for line in diff if line.startswith(("- ", "+ "))]
    assert all(re.search(r"omrs|context|kind", line) for line in changed), changed
    assert len(after) - len(before) in (0, 1)
    for comment in (line for line in before if line.lstrip().startswith("#")):
        assert comment in after


@pytest.mark.parametrize("path", EXAMPLES_1_1, ids=lambda p: p.name)
def test_a_1_1_example_is_already_migrated(path: Path) -> None:
    syntax = "json" if path.suffix == ".json" else "yaml"
    outcome = migrate_text(path.read_text("utf-8"), syntax, "1.1")
    assert outcome.problem is None and not outcome.changed


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_migrating_twice_changes_nothing_the_second_time(path: Path) -> None:
    syntax = "json" if path.suffix == ".json" else "yaml"
    once = migrate_text(path.read_text("utf-8"), syntax, "1.1")
    twice = migrate_text(once.after, syntax, "1.1")
    assert twice.problem is None and not twice.changed and twice.after == once.after


def _as_text(data: Any, syntax: str, style: int) -> str:
    if syntax == "json":
        return json.dumps(data, indent=(None, 2, 4)[style], ensure_ascii=bool(style % 2)) + "\n"
    flow = (None, False, True)[style]
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=flow)
    return "# a comment that must survive\n" + body + "# trailing comment\n"


@pytest.mark.parametrize("record_type", ["ai-disclosure", "bundle", "likeness-consent"])
def test_generated_documents_round_trip(record_type: str) -> None:
    """Any valid 1.0 document, in any layout: the 1.1 meaning, valid, and a fixed point."""
    from omrs import schemas

    @SETTINGS
    @given(
        doc=from_schema(inlined(record_type)),
        syntax=st.sampled_from(["json", "yaml"]),
        style=st.integers(0, 2),
        advert=st.booleans(),
    )
    def run(doc: dict[str, Any], syntax: str, style: int, advert: bool) -> None:
        doc["omrs"] = "1.0"
        if advert and isinstance(doc.get("release"), dict):
            doc["release"]["context"] = "advertisement"
        text = _as_text(doc, syntax, style)
        outcome = migrate_text(text, syntax, "1.1")
        assert outcome.problem is None, outcome.problem
        migrated = _data(outcome.after, syntax)
        assert migrated == _expected(_data(text, syntax))
        assert not list(schemas.validator("1.1", record_type).iter_errors(migrated))
        assert not migrate_text(outcome.after, syntax, "1.1").changed
        if syntax == "yaml":
            assert outcome.after.startswith("# a comment that must survive\n")
            assert outcome.after.endswith("# trailing comment\n")

    run()


YAML_BLOCK = """\
# head
a: 1  # after a
b:
  c: |
    literal
    text
  d: [1, 2]
# before e
e: 'quoted'
"""


def test_yaml_edits_keep_everything_they_do_not_touch() -> None:
    spans = yaml_spans(YAML_BLOCK)
    edits = [
        Set("/e", "changed"),
        Insert("/b", "/b/c", "n", {"x": "y z", "k": [1]}),
        Insert("", "/a", "new", "plain words"),
        Remove("/b/d"),
    ]
    out = apply_to_text(YAML_BLOCK, spans, "yaml", edits)
    assert _data(out, "yaml") == apply_to_data(_data(YAML_BLOCK, "yaml"), edits)
    assert out == (
        "# head\na: 1  # after a\nnew: plain words\nb:\n  c: |\n    literal\n    text\n"
        "  n: {x: y z, k: [1]}\n# before e\ne: 'changed'\n"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1, "b": 2}', '{"a": 1, "n": true, "b": 2}'),
        ('{\n  "a": 1,\n  "b": 2\n}', '{\n  "a": 1,\n  "n": true,\n  "b": 2\n}'),
        ('{"b": 2, "a": 1}', '{"b": 2, "a": 1, "n": true}'),
    ],
)
def test_json_insertion_follows_the_object_s_own_layout(text: str, expected: str) -> None:
    out = apply_to_text(text, json_spans(text), "json", [Insert("", "/a", "n", True)])
    assert out == expected


@pytest.mark.parametrize(
    ("text", "pointer", "expected"),
    [
        ('{"a": 1, "b": 2, "c": 3}', "/b", '{"a": 1, "c": 3}'),
        ('{"a": 1, "b": 2}', "/b", '{"a": 1}'),
        ('{"a": 1, "b": 2}', "/a", '{"b": 2}'),
        ("{x: 1, y: 2}", "/y", "{x: 1}"),
    ],
)
def test_removal_takes_its_comma_along(text: str, pointer: str, expected: str) -> None:
    syntax = "json" if text.startswith('{"') else "yaml"
    spans = json_spans(text) if syntax == "json" else yaml_spans(text)
    assert apply_to_text(text, spans, syntax, [Remove(pointer)]) == expected  # type: ignore[arg-type]


def test_number_spelling_and_escapes_survive_in_json() -> None:
    text = '{"omrs": "1.0", "recordType": "x", "n": 1e3, "s": "caf\\u00e9"}'
    out = apply_to_text(text, json_spans(text), "json", [Set("/omrs", "1.1")])
    assert out == text.replace('"1.0"', '"1.1"')


def test_what_cannot_be_migrated_is_refused_with_a_reason() -> None:
    cases = {
        '{"omrs": "9.0", "recordType": "bundle"}': "not one this tool ships",
        '{"name": "x"}': "not an OMRS document",
        "{": "invalid JSON",
    }
    for text, reason in cases.items():
        outcome = migrate_text(text, "json", "1.1")
        assert outcome.problem and reason in outcome.problem, outcome.problem
    aliased = (
        "omrs: '1.0'\nrecordType: ai-disclosure\nx: &a {context: advertisement}\nrelease: *a\n"
    )
    assert "alias *a" in (migrate_text(aliased, "yaml", "1.1").problem or "")
    back = migrate_text('{"omrs": "1.1", "recordType": "bundle"}', "json", "1.0")
    assert back.problem and "older" in back.problem


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    shutil.copytree(VALID, root)
    (root / "package.json").write_text('{"name": "not ours"}')
    return root


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["migrate", *args])


def test_cli_check_diff_write_then_nothing_to_do(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    checked = _run("--check", "--diff", str(root))
    assert checked.exit_code == 1, checked.output
    assert '-  "omrs": "1.0",' in checked.output and '+  "omrs": "1.1",' in checked.output
    assert {p: p.read_bytes() for p in before} == before  # --check writes nothing
    written = _run(str(root))
    assert written.exit_code == 0, written.output
    assert (root / "package.json").read_bytes() == before[root / "package.json"]
    assert b'"omrs": "1.1"' in (root / "consent-living-counsel.json").read_bytes()
    again = _run("--check", str(root))
    assert again.exit_code == 0 and "would migrate" not in again.output


def test_one_file_that_cannot_be_migrated_means_nothing_is_written(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "future.json").write_text('{"omrs": "9.0", "recordType": "bundle"}')
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = _run(str(root))
    assert result.exit_code == 2
    assert "future.json: cannot migrate" in result.output
    assert {p: p.read_bytes() for p in before} == before
    assert not list(root.rglob("*.omrs-tmp"))


def test_unknown_target_is_a_usage_error(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    result = _run("--to", "7.3", str(root / "consent-living-counsel.json"))
    assert result.exit_code == 2 and "7.3" in result.output


def test_outcomes_skip_foreign_json_in_walks_but_report_it_when_named(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    walked = {Path(o.path).name for o in outcomes_for([str(root)], "1.1")}
    assert "package.json" not in walked
    named = outcomes_for([str(root / "package.json")], "1.1")
    assert named and named[0].problem


def test_starter_yaml_has_no_aliases_so_it_migrates(tmp_path: Path) -> None:
    """``omrs init`` once dumped one shared issuer dict twice, as ``&id001`` / ``*id001``."""
    import datetime as dt

    from omrs.starter import starter_files

    for name, content in starter_files(dt.date(2026, 1, 1)).items():
        if name.endswith(".yaml"):
            text = content.decode("utf-8")
            assert "&id" not in text and "*id" not in text, name
            assert migrate_text(text, "yaml", "1.1").problem is None, name


def _crlf_documents() -> dict[str, str]:
    """The advertisement disclosure (its release gains a ``kind`` line) as CRLF JSON and YAML,
    the YAML in block style with comments and a China label to move (lines added and cut)."""
    text = (VALID / "disclosure-advertisement.json").read_text("utf-8")
    data = json.loads(text)
    data["extensions"] = {"cn.org.tc260.aigc": {"Label": "1", "ContentProducer": "x"}}
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
    yaml_text = "# head\n" + body + "# tail\n"
    return {
        "ad.json": text.replace("\n", "\r\n"),
        "ad.yaml": yaml_text.replace("\n", "\r\n"),
    }


def test_crlf_files_keep_crlf_on_every_line(tmp_path: Path) -> None:
    """Edits once added bare "\\n" lines to files whose every line ended in "\\r\\n"."""
    for name, text in _crlf_documents().items():
        (tmp_path / name).write_bytes(text.encode("utf-8"))
    result = _run(str(tmp_path))
    assert result.exit_code == 0, result.output
    for name, text in _crlf_documents().items():
        raw = (tmp_path / name).read_bytes()
        assert raw != text.encode("utf-8") and b"advertisement" in raw, name
        assert raw.endswith(b"\r\n") and raw.count(b"\n") == raw.count(b"\r\n"), name
        assert b"\r\r" not in raw, name


_AD_YAML = (
    "omrs: '1.0'\nrecordType: ai-disclosure\n"
    "issuer: &org {name: Parable & Finch, kind: organization}\n"
    "release: {territories: [US], context: advertisement}\n"
)


@pytest.mark.parametrize(
    "text",
    [
        # The starter's licence before the starter stopped sharing its dict.
        "omrs: '1.0'\nrecordType: training-license\nissuer: &id001\n  name: S\n  kind: "
        "organization\nlicensor: *id001\n",
        _AD_YAML + "extensions:\n  com.example: {agency: *org}\n",
        _AD_YAML.replace("release: {", "release: {seen: &t [US], ")
        + "extensions: {com.example: {again: *t}}\n",
    ],
    ids=["starter-licence", "alias-elsewhere", "anchor-beside-the-edit"],
)
def test_aliases_the_edits_do_not_touch_do_not_stop_migration(text: str) -> None:
    outcome = migrate_text(text, "yaml", "1.1")
    assert outcome.problem is None and outcome.changed
    assert _data(outcome.after, "yaml") == _expected(_data(text, "yaml"))
    assert "&" in outcome.after and "*" in outcome.after  # the sharing is kept


@pytest.mark.parametrize(
    ("text", "node"),
    [
        # An edit inside an anchored mapping would change its aliases too.
        (_AD_YAML.replace("release: {", "release: &r {") + "extensions: {x.y: {r: *r}}\n", "&r"),
        # An edit of an anchored scalar.
        ("omrs: &v '1.0'\nrecordType: bundle\nextensions: {x.y: {v: *v}}\n", "&v"),
        # Removing an anchored extension would leave its alias pointing at nothing.
        (
            _AD_YAML
            + "extensions:\n  cn.org.tc260.aigc: &cn {Label: '1'}\n"
            + "humanOversight: {notes: *cn}\n",
            "&cn",
        ),
        # An edit inside an alias: the alias has no text of its own.
        (
            "omrs: '1.0'\nrecordType: ai-disclosure\nx: &a {context: advertisement}\nrelease: *a\n",
            "*a",
        ),
    ],
    ids=["inside-anchor", "anchored-scalar", "removes-anchor", "inside-alias"],
)
def test_an_edit_of_a_shared_yaml_node_is_refused(text: str, node: str) -> None:
    outcome = migrate_text(text, "yaml", "1.1")
    assert outcome.problem and f"alias {node}" in outcome.problem, outcome.problem


def test_generated_crlf_documents_keep_crlf() -> None:
    """Any valid 1.0 disclosure, in any layout, written with CRLF: the same meaning, and
    every line the migration adds ends in CRLF too."""

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        doc=from_schema(inlined("ai-disclosure")),
        syntax=st.sampled_from(["json", "yaml"]),
        style=st.integers(0, 2),
    )
    def run(doc: dict[str, Any], syntax: str, style: int) -> None:
        doc["omrs"] = "1.0"
        doc["release"]["context"] = "advertisement"
        text = _as_text(doc, syntax, style).replace("\n", "\r\n")
        outcome = migrate_text(text, syntax, "1.1")
        assert outcome.problem is None, outcome.problem
        assert _data(outcome.after, syntax) == _expected(_data(text, syntax))
        assert outcome.after.count("\n") == outcome.after.count("\r\n")

    run()
