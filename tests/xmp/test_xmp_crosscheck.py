"""Cross-checks: XMP vs C2PA vs disclosure, XMP data mining vs licence, located findings."""

from __future__ import annotations

import shutil
from pathlib import Path

from omrs.findings import Severity
from omrs.rules.catalogue import Rule, get
from omrs.xmp import datamining as dm
from omrs.xmp.crosscheck import check_media_xmp
from omrs.xmp.mapping import to_xmp
from omrs.xmp.write import write_sidecar

TRAINED = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


def test_capture_xmp_against_generated_c2pa(xmp_fixtures: Path) -> None:
    """The brief's case: XMP says digitalCapture, C2PA says trainedAlgorithmicMedia."""
    media = xmp_fixtures / "capture.jpg"
    (finding,) = check_media_xmp(media, TRAINED, None, None)
    assert finding.code == "xmp.source-type-mismatch"
    assert finding.severity is Severity.ERROR
    assert "digitalCapture" in finding.message and "trainedAlgorithmicMedia" in finding.message
    assert "C2PA" in finding.message and "byte" in finding.message
    assert finding.location.path == str(media)


def test_disclosure_mismatch_names_the_record(xmp_fixtures: Path) -> None:
    disclosure = {"id": "urn:omrs:disclosure:x", "digitalSourceType": "trainedAlgorithmicMedia"}
    findings = check_media_xmp(xmp_fixtures / "capture.jpg", None, disclosure, None)
    assert [f.code for f in findings] == ["xmp.source-type-mismatch"]
    assert "urn:omrs:disclosure:x says trainedAlgorithmicMedia" in findings[0].message


def test_agreement_is_silent_and_https_matches_http(xmp_fixtures: Path) -> None:
    same = "https://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
    assert (
        check_media_xmp(
            xmp_fixtures / "capture.jpg", same, {"digitalSourceType": "digitalCapture"}, None
        )
        == []
    )


def test_sidecar_findings_carry_the_sidecar_line(tmp_path: Path, xmp_fixtures: Path) -> None:
    media = tmp_path / "still.jpg"
    shutil.copy(xmp_fixtures / "plain.jpg", media)
    rights = to_xmp({"digitalSourceType": "softwareImage"}, None, [])
    side = write_sidecar(rights, tmp_path / "still.xmp")
    findings = check_media_xmp(media, TRAINED, None, None)
    codes = sorted(f.code for f in findings)
    assert codes == ["xmp.retired-source-type", "xmp.source-type-mismatch"]
    for finding in findings:
        assert finding.location.path == str(side)
        assert finding.location.line == 5
    retired = next(f for f in findings if f.code == "xmp.retired-source-type")
    assert retired.severity is Severity.WARNING


def _sidecar_with(tmp_path: Path, code: str) -> Path:
    media = tmp_path / "clip.mov"
    media.write_bytes(b"\x00" * 64)
    licence = {"permissions": dm.implied_permissions(code)}
    write_sidecar(to_xmp(None, licence, []), tmp_path / "clip.mov.xmp")
    return media


def test_more_permissive_data_mining_is_an_error(tmp_path: Path) -> None:
    media = _sidecar_with(tmp_path, dm.ALLOWED)
    licence = {
        "id": "urn:omrs:license:l",
        "permissions": {"ai_generative_training": {"use": "notAllowed"}},
    }
    (finding,) = check_media_xmp(media, None, None, licence)
    assert finding.code == "xmp.data-mining-mismatch" and finding.severity is Severity.ERROR
    assert "DMI-ALLOWED" in finding.message and "more permissive" in finding.message
    assert "ai_generative_training: notAllowed" in finding.message
    assert "expected DMI-PROHIBITED-GENAIMLTRAINING" in finding.message
    assert finding.location.line == 5


def test_stricter_data_mining_is_a_warning(tmp_path: Path) -> None:
    media = _sidecar_with(tmp_path, dm.PROHIBITED)
    licence = {
        "id": "urn:omrs:license:l",
        "permissions": {"ai_generative_training": {"use": "notAllowed"}},
    }
    (finding,) = check_media_xmp(media, None, None, licence)
    assert finding.severity is Severity.WARNING
    assert "DMI-PROHIBITED but" in finding.message
    assert "implies DMI-PROHIBITED-GENAIMLTRAINING" in finding.message


def test_matching_data_mining_is_silent(tmp_path: Path) -> None:
    media = _sidecar_with(tmp_path, dm.PROHIBITED_AIML)
    licence = {"permissions": dm.implied_permissions(dm.PROHIBITED_AIML)}
    assert check_media_xmp(media, None, None, licence) == []


def test_unknown_data_mining_value(tmp_path: Path) -> None:
    media = tmp_path / "a.png"
    media.write_bytes(
        b"\x89PNG....<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
        b"xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description "
        b"xmlns:plus='http://ns.useplus.org/ldf/xmp/1.0/' plus:DataMining='yes please'/>"
        b"</rdf:RDF></x:xmpmeta>"
    )
    (finding,) = check_media_xmp(media, None, None, {"permissions": {}})
    assert "'yes please', which is not a PLUS data-mining code" in finding.message


def test_attacks_become_findings_not_exceptions(tmp_path: Path, xmp_fixtures: Path) -> None:
    media = tmp_path / "frame.tif"
    media.write_bytes(b"II*\x00")
    shutil.copy(xmp_fixtures / "attacks" / "billion-laughs.xmp", tmp_path / "frame.xmp")
    shutil.copy(xmp_fixtures / "attacks" / "malformed.xmp", tmp_path / "frame.tif.xmp")
    findings = check_media_xmp(media, TRAINED, None, None)
    assert sorted(f.code for f in findings) == ["xmp.forbidden-dtd", "xmp.malformed"]
    malformed = next(f for f in findings if f.code == "xmp.malformed")
    assert malformed.location.path == str(tmp_path / "frame.tif.xmp")
    assert malformed.location.line == 4


def test_codes_are_in_the_catalogue() -> None:
    import omrs.rules.xmp_codes  # noqa: F401  (the lead's catalogue import does this)

    for code in (
        "xmp.source-type-mismatch",
        "xmp.data-mining-mismatch",
        "xmp.malformed",
        "xmp.forbidden-dtd",
        "xmp.too-large",
        "xmp.retired-source-type",
    ):
        rule = get(code)
        assert isinstance(rule, Rule) and rule.rationale and rule.sources
    assert get("xmp.retired-source-type").severity is Severity.WARNING  # type: ignore[union-attr]


def test_a_licence_read_for_the_run_date_not_the_clock(tmp_path: Path) -> None:
    """``--as-of``: an allowing licence whose term begins in 2030 makes DMI-ALLOWED too
    permissive on a day before it, and right on a day after it."""
    import datetime as dt

    media = _sidecar_with(tmp_path, dm.ALLOWED)
    permissions = {key: {"use": "allowed"} for key in dm.PERMISSION_KEYS}
    licence = {
        "id": "urn:omrs:license:l",
        "term": {"start": "2030-01-01"},
        "permissions": permissions,
    }
    before = check_media_xmp(media, None, None, licence, on=dt.date(2029, 6, 1))
    assert [f.code for f in before] == ["xmp.data-mining-mismatch"]
    assert "more permissive" in before[0].message
    assert check_media_xmp(media, None, None, licence, on=dt.date(2030, 6, 1)) == []
