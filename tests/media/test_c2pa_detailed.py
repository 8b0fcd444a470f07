"""``omrs inspect --detailed`` and the review report's media section, on real signed files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from omrs.bundles import asset_records
from omrs.checker import check_paths
from omrs.cli import cli
from omrs.media.bundle import signing_content
from omrs.media.certs import SignerMaterial
from omrs.media.check import media_result
from omrs.media.detail import media_detail, render_detailed
from omrs.media.keygen import KeygenResult
from omrs.media.sign import sign_media
from omrs.media.verify import verify_media
from omrs.options import CheckOptions, TrustSettings
from omrs.report import build_report, render_markdown
from tests.media.conftest import Signed


def _signed_twice(
    sign_fixture: object, signer: SignerMaterial, trust: TrustSettings, tmp_path: Path
) -> tuple[Signed, Path]:
    """sample.jpg signed with full records, then signed again (an edit): a chain of two."""
    files, first = sign_fixture("sample.jpg", privacy="full")  # type: ignore[operator]
    content = signing_content(asset_records(files.bundle, files.media), "full")
    again = tmp_path / "signed-again.jpg"
    result = sign_media(first.media, again, content, signer, trust=trust)
    assert result.edited
    return (files, first), again


def test_detailed_view_follows_the_chain_and_summarises_records(
    sign_fixture: object, signer: SignerMaterial, pki_trust: TrustSettings, tmp_path: Path
) -> None:
    _, path = _signed_twice(sign_fixture, signer, pki_trust, tmp_path)
    report = verify_media(path, pki_trust)
    detail = media_detail(path, report, media_result(path, report, CheckOptions(trust=pki_trust)))
    assert detail.state == "trusted" and detail.signer and "TEST ONLY" in detail.signer
    assert len(detail.chain) == 2
    assert [i.relationship for i in detail.ingredients].count("parentOf") == 1
    assert detail.chain[1].label == next(
        i.manifest for i in detail.ingredients if i.relationship == "parentOf"
    )
    text = render_detailed(detail)
    assert "manifest chain (newest first):" in text and "parent 1:" in text
    assert "c2pa.actions.v2: what was done: opened" in text
    assert "consent urn:omrs:consent:harbour-lights-jdoe-001 (full record): Jane Doe" in text
    assert "term 2026-05-01 to 2031-05-01" in text


def test_inspect_detailed_cli(
    sign_fixture: object, signer: SignerMaterial, pki: KeygenResult, tmp_path: Path
) -> None:
    trust = TrustSettings(anchors=pki.ca, trust_config=pki.trust_config)
    _, path = _signed_twice(sign_fixture, signer, trust, tmp_path)
    flags = ["--trust-anchors", str(pki.ca), "--trust-config", str(pki.trust_config)]
    done = CliRunner().invoke(cli, ["inspect", "--detailed", str(path), *flags])
    assert done.exit_code == 0, done.output
    assert "signer:" in done.stdout and "embedded OMRS records (privacy full):" in done.stdout
    plain = CliRunner().invoke(cli, ["inspect", str(path), *flags])
    assert "manifest chain" not in plain.stdout


def test_report_media_section_is_the_detailed_view(
    sign_fixture: object, signer: SignerMaterial, pki_trust: TrustSettings, tmp_path: Path
) -> None:
    (files, _), path = _signed_twice(sign_fixture, signer, pki_trust, tmp_path)
    options = CheckOptions(trust=pki_trust, as_of=dt.date(2026, 9, 1))
    review = build_report(check_paths([files.bundle.parent, path], options), options)
    signed = next(m for m in review.media if m.path == str(path))
    report = verify_media(path, pki_trust)
    again = media_detail(path, report, media_result(path, report, options))
    assert signed == again
    text = render_markdown(review)
    assert "Manifest parent 1" in text and "Jane Doe" in text
