"""Through files: OMRS -> sidecar -> OMRS, exiftool reading our sidecars and writing JPEGs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omrs.source_types import IPTC_TERMS
from omrs.xmp import datamining as dm
from omrs.xmp.crosscheck import read_media_xmp
from omrs.xmp.mapping import from_xmp, to_xmp
from omrs.xmp.rights import XmpRights
from omrs.xmp.write import serialise, write_sidecar
from tests.xmp.xmp_tools import run_exiftool

SIMPLE_CODES = [c for c in dm.CODES if c not in (dm.SEE_EMBEDDED, dm.SEE_LINKED)]


def _read_back(path: Path) -> XmpRights:
    media = read_media_xmp(path)
    assert media.problems == ()
    ((_, rights),) = media.claims()
    return rights


_FIXTURE_OK = [HealthCheck.function_scoped_fixture]


@settings(max_examples=60, deadline=None, suppress_health_check=_FIXTURE_OK)
@given(
    term=st.sampled_from(sorted(IPTC_TERMS)),
    code=st.sampled_from(SIMPLE_CODES),
    text=st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
    ).filter(str.strip),
    consent_ids=st.lists(
        st.from_regex(r"urn:omrs:consent:[a-z0-9-]{1,12}", fullmatch=True), max_size=3, unique=True
    ),
)
def test_round_trip_through_a_sidecar(
    tmp_path: Path, term: str, code: str, text: str, consent_ids: list[str]
) -> None:
    info = text.strip() if code == dm.SEE_CONSTRAINT else None
    licence = {"id": "urn:omrs:license:x", "permissions": dm.implied_permissions(code, info)}
    consents = [{"id": ident, "intendedUses": [{}]} for ident in consent_ids]
    disclosure = {
        "digitalSourceType": term,
        "segments": [{"models": [{"name": "M", "version": "2", "provider": "P"}]}],
    }
    path = write_sidecar(to_xmp(disclosure, licence, consents), tmp_path / "asset.mov.xmp")
    back = from_xmp(_read_back(path))
    assert back["disclosure"]["digitalSourceType"] == term
    assert back.get("license", {"permissions": {}})["permissions"] == licence["permissions"]
    assert back["xmp"]["dataMining"] == code
    assert back.get("asset", {}).get("consents", []) == consent_ids
    assert back["asset"]["models"] == [{"name": "M", "version": "2"}]
    assert back["xmp"].get("modelReleaseStatus") == ("MR-LMR" if consents else None)


def test_writer_is_deterministic_and_atomic(tmp_path: Path) -> None:
    rights = to_xmp({"digitalSourceType": "digitalCapture"}, None, [])
    target = tmp_path / "a.xmp"
    write_sidecar(rights, target)
    first = target.read_bytes()
    write_sidecar(rights, target)
    assert target.read_bytes() == first == serialise(rights)
    assert [p.name for p in tmp_path.iterdir()] == ["a.xmp"]
    assert first.startswith(b"<?xpacket begin=") and first.rstrip().endswith(b'end="w"?>')


def _exif(exiftool: str, path: Path) -> dict[str, Any]:
    data: list[dict[str, Any]] = json.loads(
        run_exiftool(exiftool, "-j", "-G1", "-struct", "-n", str(path))
    )
    return data[0]


def test_exiftool_reads_our_sidecar(tmp_path: Path, exiftool: str) -> None:
    licence = {
        "permissions": {
            k: {"use": "notAllowed"} for k in dm.PERMISSION_KEYS if k != "search_indexing"
        }
    }
    consents = [{"id": "urn:omrs:consent:a", "intendedUses": [{}]}]
    rights = to_xmp({"digitalSourceType": "trainedAlgorithmicMedia"}, licence, consents)
    path = write_sidecar(rights, tmp_path / "clip.mp4.xmp")
    tags = _exif(exiftool, path)
    assert tags["XMP-iptcExt:DigitalSourceType"] == (
        "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
    )
    # exiftool >= 12.67 knows plus:DataMining and strips the vocabulary base; older ones
    # show the raw IRI. Either way it is the code we wrote.
    assert dm.code_of(str(tags["XMP-plus:DataMining"])) == dm.PROHIBITED_EXCEPT_SEARCH
    assert str(tags["XMP-plus:ModelReleaseStatus"]).endswith("MR-LMR")
    assert tags["XMP-plus:ModelReleaseID"] in ("urn:omrs:consent:a", ["urn:omrs:consent:a"])


def test_exiftool_reads_our_other_constraints(tmp_path: Path, exiftool: str) -> None:
    licence = {
        "id": "urn:l",
        "permissions": {"data_mining": {"use": "constrained", "constraintInfo": "News only."}},
    }
    path = write_sidecar(to_xmp(None, licence, []), tmp_path / "x.xmp")
    tags = _exif(exiftool, path)
    assert dm.code_of(str(tags["XMP-plus:DataMining"])) == dm.SEE_CONSTRAINT
    assert "data_mining: constrained (counts as notAllowed) (News only.)" in str(
        tags["XMP-plus:OtherConstraints"]
    )


def test_omrs_reads_xmp_exiftool_wrote_into_a_jpeg(
    tmp_path: Path, exiftool: str, xmp_fixtures: Path
) -> None:
    jpeg = tmp_path / "photo.jpg"
    shutil.copy(xmp_fixtures / "plain.jpg", jpeg)
    run_exiftool(
        exiftool,
        "-q",
        "-overwrite_original",
        "-XMP-iptcExt:DigitalSourceType="
        "http://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic",
        "-XMP-plus:ModelReleaseStatus#=MR-UMR",
        "-XMP-plus:ModelReleaseID=urn:omrs:consent:one",
        "-XMP-plus:ModelReleaseID=urn:omrs:consent:two",
        "-XMP-plus:OtherConstraints=Editorial use only.",
        str(jpeg),
    )
    rights = _read_back(jpeg)
    assert rights.digital_source_type == (
        "http://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic"
    )
    assert rights.model_release_status == "http://ns.useplus.org/ldf/vocab/MR-UMR"
    assert rights.model_release_ids == ("urn:omrs:consent:one", "urn:omrs:consent:two")
    assert rights.other_constraints_text() == "Editorial use only."


def test_omrs_reads_our_sidecar_after_exiftool_embeds_it(
    tmp_path: Path, exiftool: str, xmp_fixtures: Path
) -> None:
    """exiftool copies our whole packet into a JPEG; the values survive unchanged."""
    licence = {"permissions": {"ai_generative_training": {"use": "notAllowed"}}}
    rights = to_xmp({"digitalSourceType": "digitalCreation"}, licence, [])
    side = write_sidecar(rights, tmp_path / "in.xmp")
    jpeg = tmp_path / "photo.jpg"
    shutil.copy(xmp_fixtures / "plain.jpg", jpeg)
    run_exiftool(exiftool, "-q", "-overwrite_original", f"-xmp<={side}", str(jpeg))
    back = _read_back(jpeg)
    assert back == rights
