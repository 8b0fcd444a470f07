"""A folder walk decides by content which JSON/YAML files are OMRS documents.

A walked file is checked when it parses and its top level has ``omrs`` or ``recordType``,
or when it does not parse (or is over the size limit) but names either key anywhere; it is
skipped otherwise. A folder run, an explicit list of the same files and the pre-commit hook
(which names files explicitly) then give every document the same verdict.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omrs.cli import cli
from omrs.discovery import may_be_omrs, mentions_omrs
from omrs.fileio import CHUNK
from tests.integration.integration_support import base_record

LATE = 5000  # well past the 4 KB the walk used to look at


def _late_keys(broken: bool) -> str:
    """A record whose ``omrs`` and ``recordType`` come after a long first value."""
    data = copy.deepcopy(base_record())
    head = {"intendedUses": data.pop("intendedUses")}
    head["intendedUses"][0]["description"] = "A long description. " * (LATE // 20)
    if broken:
        data["subject"]["status"] = "alive"
    envelope = {"omrs": data.pop("omrs"), "recordType": data.pop("recordType")}
    return json.dumps({**head, **data, **envelope}, indent=2) + "\n"


def _tree(root: Path) -> dict[str, str]:
    files = {
        "records/late-broken.json": _late_keys(broken=True),
        "records/late-valid.json": _late_keys(broken=False),
        "records/late-bad-yaml.yaml": "notes: " + "x" * LATE + "\nrecordType: [unclosed\n",
        "records/escaped-key.json": _late_keys(broken=True).replace('"omrs"', '"\\u006frs"'),
        "large/big.json": '{"padding": "' + "y" * 3000 + '", "omrs": "1.0"}\n',
        "large/big-foreign.json": '{"padding": "' + "y" * 3000 + '"}\n',
        "records/mentions-inside.json": '{"name": "tool", "about": {"omrs": "1.0"}}\n',
        "records/foreign-escape.json": '{"path": "C:\\\\tools"}\n',
        "records/foreign-broken.yaml": "a: [unclosed\n",
        "package.json": '{"name": "edit-tools"}\n',
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")
    (root / ".git").mkdir()
    return files


def _run(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["check", "--no-config", "--format", "json", *args])
    return result.exit_code, json.loads(result.stdout)


def _verdicts(report: dict[str, Any]) -> dict[str, Any]:
    return {
        Path(f["path"]).as_posix(): [(x["code"], x["line"], x["column"]) for x in f["findings"]]
        for f in report["files"]
    }


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)
    return _tree(tmp_path)


def test_late_keys_and_unparsable_documents_are_found_by_a_walk(tree: dict[str, str]) -> None:
    code, report = _run("--jobs", "1", ".")
    verdicts = _verdicts(report)
    assert sorted(verdicts) == [
        "large/big.json",
        "records/escaped-key.json",
        "records/late-bad-yaml.yaml",
        "records/late-broken.json",
        "records/late-valid.json",
    ]
    assert code == 1
    assert verdicts["records/late-valid.json"] == []
    assert [c for c, *_ in verdicts["records/late-broken.json"]] == ["schema.enum"]
    assert [c for c, *_ in verdicts["records/late-bad-yaml.yaml"]] == ["load.yaml-syntax"]


def test_an_oversized_file_is_reported_only_if_it_names_an_omrs_key(
    tree: dict[str, str],
) -> None:
    _, report = _run("--max-file-size", "2048", "large")
    assert _verdicts(report) == {"large/big.json": [("load.too-large", None, None)]}


def test_a_walk_and_an_explicit_list_agree(tree: dict[str, str]) -> None:
    _, walked = _run("--jobs", "1", ".")
    documents = sorted(_verdicts(walked))
    _, named = _run("--jobs", "1", *documents)
    assert _verdicts(named) == _verdicts(walked)
    assert _run("--jobs", "2", ".")[1] == walked


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    key=st.sampled_from([b"omrs", b"recordType"]),
    offset=st.integers(min_value=0, max_value=3 * CHUNK),
)
def test_the_byte_search_finds_a_key_across_chunk_seams(
    tmp_path: Path, key: bytes, offset: int
) -> None:
    path = tmp_path / "doc.yaml"
    path.write_bytes(b"x" * offset + key + b"x" * 7)
    assert mentions_omrs(path)
    path.write_bytes(b"x" * offset + key[:-1] + b"?" + key[1:])
    assert not mentions_omrs(path)
    assert not may_be_omrs(path)
    path.write_bytes(b"x" * offset + b"\\u006f")
    assert may_be_omrs(path)  # an escape may spell the key: the parser decides
