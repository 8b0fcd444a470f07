"""``check_media``: findings and report details for media, as ``omrs check`` produces them."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from omrs.findings import FileKind, Severity
from omrs.media.certs import SignerMaterial
from omrs.media.check import check_media
from omrs.media.sign import sign_media
from omrs.options import CheckOptions, TrustSettings
from tests.media.conftest import Signed


def _codes(result: object) -> list[str]:
    return [f.code for f in result.findings]  # type: ignore[attr-defined]


def test_trusted_file_has_no_errors_and_full_details(
    sign_fixture: Callable[..., Signed], pki_trust: TrustSettings
) -> None:
    files, signed = sign_fixture("sample.jpg")
    records = tuple(files.bundle.parent.glob("records/*.json"))
    result = check_media(signed.destination, CheckOptions(trust=pki_trust, records=records))
    assert result.kind is FileKind.MEDIA and not result.errors, result.findings
    c2pa = result.details["c2pa"]
    assert c2pa["state"] == "trusted" and c2pa["remote"] is False
    assert c2pa["activeManifest"] == signed.report.active_manifest
    assert {"code", "kind", "ingredient", "url", "explanation"} <= set(c2pa["codes"][0])
    assert {r["record"]["id"] for r in c2pa["records"]} >= {files.records["consent"]["id"]}
    json.dumps(result.details)  # serialisable for the JSON report


def test_full_records_are_read_once_per_run(
    sign_fixture: Callable[..., Signed],
    pki_trust: TrustSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """--records files are loaded through the run's cache, not again for every media file."""
    import shutil

    import omrs.rules.engine
    from omrs.checker import check_paths

    files, signed = sign_fixture("sample.jpg")
    for n in range(3):
        shutil.copy(signed.destination, tmp_path / f"copy-{n}.jpg")
    records = tuple(files.bundle.parent.glob("records/*.json"))
    loads: list[Path] = []
    real = omrs.rules.engine.load_document

    def counting(path: Path, **kwargs: Any) -> Any:
        loads.append(Path(path))
        return real(path, **kwargs)

    monkeypatch.setattr(omrs.rules.engine, "load_document", counting)
    copies = sorted(tmp_path.glob("copy-*.jpg"))
    run = check_paths(copies, CheckOptions(trust=pki_trust, records=records, jobs=1))
    assert run.exit_code() == 0, [f.to_dict() for f in run.findings]
    assert sorted(loads) == sorted(records)


def test_digest_mismatch_is_an_error(
    sign_fixture: Callable[..., Signed], pki_trust: TrustSettings, tmp_path: Path
) -> None:
    files, signed = sign_fixture("sample.jpg")
    edited = dict(files.records["consent"], territories=["GB"])
    path = tmp_path / "edited-consent.json"
    path.write_text(json.dumps(edited))
    result = check_media(signed.destination, CheckOptions(trust=pki_trust, records=(path,)))
    mismatch = [f for f in result.findings if f.code == "c2pa.record-digest-mismatch"]
    assert len(mismatch) == 1 and mismatch[0].severity is Severity.ERROR
    assert mismatch[0].location.pointer == "/org.omrs.consent/records/0"


def test_untrusted_only_fails_when_trust_is_required(
    sign_fixture: Callable[..., Signed],
) -> None:
    _, signed = sign_fixture("sample.png")
    assert "c2pa.untrusted" not in _codes(check_media(signed.destination, CheckOptions()))
    strict = CheckOptions(trust=TrustSettings(require_trusted=True))
    result = check_media(signed.destination, strict)
    assert "c2pa.untrusted" in _codes(result) and result.failed()


def test_corpus_verdicts_become_findings(corpus: Path, corpus_trust: TrustSettings) -> None:
    media = corpus / "media"
    options = CheckOptions(trust=corpus_trust)
    invalid = check_media(media / "XCA.jpg", options)
    assert _codes(invalid) == ["c2pa.invalid"]
    assert "assertion.dataHash.mismatch" in invalid.findings[0].message
    assert _codes(check_media(media / "no_manifest.jpg", options)) == ["c2pa.none"]
    assert _codes(check_media(media / "cloud.jpg", options)) == ["c2pa.remote"]
    malformed = check_media(media / "no_alg.jpg", options)
    assert _codes(malformed) == ["c2pa.malformed"] and malformed.io_error is None
    assert _codes(check_media(media / "dash1.m4s", options)) == ["c2pa.fragment"]


def test_unreadable_media_is_an_io_error(tmp_path: Path) -> None:
    result = check_media(tmp_path / "missing.mp4", CheckOptions())
    assert result.io_error and _codes(result) == ["io.error"]


def test_severity_overrides_apply(corpus: Path) -> None:
    """Overrides are applied by the checker to every result, media included."""
    from omrs.checker import check_paths

    options = CheckOptions(severities={"c2pa.none": None})
    assert check_paths([corpus / "media" / "no_manifest.jpg"], options).findings == ()


def test_importing_the_check_layer_does_not_load_c2pa() -> None:
    code = (
        "import sys, omrs.media.check, omrs.rules.c2pa_codes, omrs.media.formats, "
        "omrs.media.privacy, omrs.media.verify, omrs.media.sign, omrs.media.keygen;"
        "print('c2pa' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_codes_are_in_the_catalogue() -> None:
    from omrs.rules import catalogue
    from omrs.rules.c2pa_codes import C2PA_RULES

    for code in C2PA_RULES:
        rule = catalogue.get(code)
        assert rule is not None and rule.sources


@pytest.mark.parametrize("state", ["trusted", "valid", "invalid", "none", "malformed", "remote"])
def test_verdict_table_covers_every_state(state: str) -> None:
    from omrs.media.render import _VERDICTS

    assert state in _VERDICTS


def _with_xmp(jpeg: bytes, source_type: str) -> bytes:
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" '
        'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
        f'Iptc4xmpExt:DigitalSourceType="{source_type}"/>'
        '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()
    body = b"http://ns.adobe.com/xap/1.0/\x00" + packet
    segment = b"\xff\xe1" + (len(body) + 2).to_bytes(2, "big") + body
    return jpeg[:2] + segment + jpeg[2:]


def test_xmp_disagreeing_with_the_manifest_is_reported(
    tmp_path: Path, signer: SignerMaterial, pki_trust: TrustSettings
) -> None:
    from omrs.bundles import asset_records
    from omrs.media.bundle import signing_content
    from tests.media.media_paths import MEDIA_FIXTURES
    from tests.media.media_records import make_bundle

    source = tmp_path / "with-xmp.jpg"
    capture = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
    source.write_bytes(_with_xmp((MEDIA_FIXTURES / "sample.jpg").read_bytes(), capture))
    files = make_bundle(tmp_path / "p", source)
    content = signing_content(asset_records(files.bundle, files.media), "minimal")
    signed = sign_media(files.media, tmp_path / "signed.jpg", content, signer, trust=pki_trust)
    result = check_media(signed.destination, CheckOptions(trust=pki_trust))
    codes = {f.code for f in result.findings}
    assert "xmp.source-type-mismatch" in codes, result.findings
