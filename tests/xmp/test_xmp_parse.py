"""The hardened reader: every RDF form accepted, every XML attack refused quickly."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from omrs.xmp.crosscheck import read_media_xmp
from omrs.xmp.packets import Packet, Problem
from omrs.xmp.parse import parse_packet
from omrs.xmp.rights import XmpRights


def _parse(path: Path) -> XmpRights | Problem:
    return parse_packet(Packet(path.read_bytes(), path))


def test_attribute_resource_alt_and_bag_forms(xmp_fixtures: Path) -> None:
    rights = _parse(xmp_fixtures / "attribute-form.xmp")
    assert isinstance(rights, XmpRights)
    assert rights.digital_source_type == (
        "https://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"
    )
    assert rights.data_mining == "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-SEECONSTRAINT"
    assert rights.other_constraints_text() == "Mining prohibited except for research."
    assert dict(rights.other_constraints)["fr"] == "Fouille interdite sauf recherche."
    assert rights.model_release_ids == (
        "urn:omrs:consent:2026-jdoe-001",
        "urn:omrs:consent:2026-asmith-002",
    )
    assert rights.ai_system_used == "ExampleGen"
    assert rights.ai_prompt_writer_name == "A. Writer"
    assert rights.lines["plus:DataMining"] == 12


def test_exiftool_written_jpeg_fixture(xmp_fixtures: Path) -> None:
    media = read_media_xmp(xmp_fixtures / "capture.jpg")
    assert media.problems == ()
    ((packet, rights),) = media.claims()
    assert packet.offset is not None and packet.offset > 0
    assert rights.digital_source_type == (
        "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
    )
    assert rights.model_release_status == "http://ns.useplus.org/ldf/vocab/MR-NAP"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("xxe-file.xmp", "xmp.forbidden-dtd"),
        ("billion-laughs.xmp", "xmp.forbidden-dtd"),
        ("external-dtd.xmp", "xmp.forbidden-dtd"),
        ("malformed.xmp", "xmp.malformed"),
    ],
)
def test_attacks_refused_with_a_clear_message(xmp_fixtures: Path, name: str, code: str) -> None:
    started = time.monotonic()
    result = _parse(xmp_fixtures / "attacks" / name)
    assert time.monotonic() - started < 5
    assert isinstance(result, Problem), result
    assert result.code == code
    assert "passwd" not in result.message and "root:" not in result.message
    if code == "xmp.forbidden-dtd":
        assert "DOCTYPE" in result.message and "XMP never needs one" in result.message
    else:
        assert "not well-formed" in result.message and result.line == 4


def test_xxe_embedded_in_media_is_refused(tmp_path: Path, xmp_fixtures: Path) -> None:
    body = (xmp_fixtures / "attacks" / "xxe-file.xmp").read_bytes().split(b"?>", 1)[1]
    media = tmp_path / "evil.jpg"
    media.write_bytes(b"\xff\xd8" + b'<?xpacket begin="" id="x"?>' + body + b'<?xpacket end="w"?>')
    result = read_media_xmp(media)
    assert [p.code for p in result.problems] == ["xmp.forbidden-dtd"]
    assert "byte 2" in result.problems[0].message


def test_utf16_doctype_is_refused(tmp_path: Path) -> None:
    text = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>'
    data = "\ufeff".encode("utf-16-le") + text.encode("utf-16-le")
    result = parse_packet(Packet(data, tmp_path / "wide.xmp"))
    assert isinstance(result, Problem) and result.code == "xmp.forbidden-dtd"


def test_no_rdf_is_malformed(tmp_path: Path) -> None:
    result = parse_packet(Packet(b'<x:xmpmeta xmlns:x="adobe:ns:meta/"/>', tmp_path / "a.xmp"))
    assert isinstance(result, Problem) and result.code == "xmp.malformed"
    assert "rdf:RDF" in result.message


def test_large_packet_is_reported_not_parsed(tmp_path: Path) -> None:
    side = tmp_path / "big.xmp"
    side.write_bytes(b"<x:xmpmeta>" + b" " * (5 * 1024 * 1024) + b"</x:xmpmeta>")
    result = read_media_xmp(side)
    assert [p.code for p in result.problems] == ["xmp.too-large"]


def test_deep_nesting_is_malformed_not_a_crash(tmp_path: Path) -> None:
    depth = 100_000
    data = (
        b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>"
        + b"<a>" * depth
        + b"</a>" * depth
        + (b"</x:xmpmeta>")
    )
    started = time.monotonic()
    result = parse_packet(Packet(data, tmp_path / "deep.xmp"))
    assert time.monotonic() - started < 5
    assert isinstance(result, Problem) and result.code == "xmp.malformed"
