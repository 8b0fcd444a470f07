"""China's implicit label: 1.0's extension migrates into 1.1's field without loss, the China
rule reads both, and the label travels with the file in XMP and ``cawg.metadata``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from omrs import aigc
from omrs.checker import check_paths
from omrs.loading import parse_text
from omrs.migrate import migrate_text
from omrs.options import CheckOptions
from omrs.xmp.mapping import cawg_metadata, from_xmp, to_xmp
from omrs.xmp.packets import Packet
from omrs.xmp.parse import parse_packet
from omrs.xmp.rights import XmpRights
from omrs.xmp.write import serialise
from tests.conftest import FIXTURES

RULE = FIXTURES / "rules" / "disclosure.label-missing"
LEGACY = RULE / "pass" / "cn-aigc-fields.yaml"
STRUCTURED = RULE / "pass" / "cn-implicit-label.yaml"
FIELD = {"label": "1", "contentProducer": "91110000MA00EXAMPLE", "produceId": "HL-TW-2026-0001"}


def _data(text: str, syntax: str = "yaml") -> Any:
    return parse_text(text, "x", syntax).data  # type: ignore[arg-type]


def test_the_extension_moves_into_the_field_and_the_rule_still_passes(tmp_path: Path) -> None:
    outcome = migrate_text(LEGACY.read_text(), "yaml", "1.1")
    assert outcome.problem is None and "China implicit label" in outcome.changes
    data = _data(outcome.after)
    assert data["machineReadableMarking"] == {"metadata": True, "implicitLabel": FIELD}
    assert "extensions" not in data
    assert "# China: the implicit label" in outcome.after  # comments stay
    migrated = tmp_path / "migrated.yaml"
    migrated.write_text(outcome.after)
    run = check_paths([migrated], CheckOptions(as_of=dt.date(2026, 9, 1)))
    assert [f.code for f in run.findings] == []
    assert not migrate_text(outcome.after, "yaml", "1.1").changed


def _disclosure(extensions: dict[str, Any], marking: dict[str, Any] | None = None) -> str:
    doc: dict[str, Any] = {"omrs": "1.0", "recordType": "ai-disclosure", "id": "urn:x:1"}
    if marking is not None:
        doc["machineReadableMarking"] = marking
    doc["extensions"] = extensions
    return json.dumps(doc, indent=2)


def test_other_extensions_stay_and_a_missing_marking_is_made() -> None:
    text = _disclosure({"com.example.x": {"a": 1}, aigc.EXTENSION: {"Label": "2"}})
    data = _data(migrate_text(text, "json", "1.1").after, "json")
    assert data["extensions"] == {"com.example.x": {"a": 1}}
    assert data["machineReadableMarking"] == {"implicitLabel": {"label": "2"}}


@pytest.mark.parametrize(
    "legacy",
    [
        {"Label": "4", "ContentProducer": "X"},
        {"Label": "1", "Vendor": "X"},
        {"Label": "1", "ProduceID": ""},
        {"Label": 1},
        {},
    ],
)
def test_what_the_field_cannot_hold_exactly_stays_in_the_extension(legacy: Any) -> None:
    text = _disclosure({aigc.EXTENSION: legacy}, {"metadata": True})
    outcome = migrate_text(text, "json", "1.1")
    assert outcome.problem is None and outcome.changes == ("standard version",)
    assert _data(outcome.after, "json")["extensions"] == {aigc.EXTENSION: legacy}


def test_a_document_that_has_the_field_keeps_both_untouched() -> None:
    text = _disclosure({aigc.EXTENSION: {"Label": "1"}}, {"implicitLabel": {"label": "3"}})
    data = _data(migrate_text(text, "json", "1.1").after, "json")
    assert data["machineReadableMarking"]["implicitLabel"] == {"label": "3"}
    assert data["extensions"] == {aigc.EXTENSION: {"Label": "1"}}


def test_the_xmp_value_is_the_annex_e_object_with_every_key_in_order() -> None:
    value = aigc.xmp_value({"Label": "1", "ProduceID": "P-1", "ContentProducer": "C"})
    assert value == (
        '{"Label":"1","ContentProducer":"C","ProduceID":"P-1","ReservedCode1":"",'
        '"ContentPropagator":"","PropagateID":"","ReservedCode2":""}'
    )
    assert aigc.parse_xmp_value(value) == {"Label": "1", "ContentProducer": "C", "ProduceID": "P-1"}
    assert aigc.parse_xmp_value('{"AIGC": {"Label": "2"}}') == {"Label": "2"}
    assert aigc.parse_xmp_value("not json") is None


@pytest.mark.parametrize("source", [LEGACY, STRUCTURED])
def test_the_label_travels_in_xmp_and_cawg_metadata(source: Path) -> None:
    disclosure = _data(source.read_text())
    rights = to_xmp(disclosure, None)
    sidecar = serialise(rights)
    assert b'xmlns:TC260="http://www.tc260.org.cn/ns/AIGC/1.0/"' in sidecar
    read = parse_packet(Packet(sidecar, Path("x.xmp")))
    assert isinstance(read, XmpRights) and read.aigc == rights.aigc
    fields = aigc.parse_xmp_value(read.aigc or "")
    assert fields is not None and fields["ProduceID"] == "HL-TW-2026-0001"
    label = from_xmp(read)["disclosure"]["machineReadableMarking"]["implicitLabel"]
    assert {k: label[k] for k in FIELD} == FIELD
    metadata = cawg_metadata(disclosure, None, [])
    assert metadata["@context"]["TC260"] == aigc.TC260_NAMESPACE
    assert json.loads(metadata["TC260:AIGC"])["ContentProducer"] == "91110000MA00EXAMPLE"


def test_without_a_label_no_tc260_namespace_is_declared() -> None:
    disclosure = _data((RULE / "fail" / "cn-no-implicit-label.yaml").read_text())
    assert b"TC260" not in serialise(to_xmp(disclosure, None))
    assert "TC260" not in cawg_metadata(disclosure, None, [])["@context"]
