"""The C2PA conformance corpus: every file gets exactly its expected verdict and codes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from omrs.media.report import C2paReport
from omrs.media.verify import verify_media
from omrs.options import TrustSettings
from tests.media.media_paths import CORPUS


@dataclass(frozen=True)
class Case:
    file: str
    verdict: str
    codes: tuple[str, ...]


def _cases() -> list[Case]:
    table = CORPUS / "expected.tsv"
    if not table.is_file():
        return []
    cases = []
    for line in table.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            file, verdict, codes, *_ = [*line.split("\t"), ""]
            cases.append(Case(file, verdict, tuple(c for c in codes.split(";") if c)))
    return cases


def _reported(report: C2paReport) -> set[str]:
    return {("ingredient:" if c.ingredient else "") + c.code for c in report.failures}


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c.file)
def test_verdict_offline(case: Case, corpus: Path, corpus_trust: TrustSettings) -> None:
    report = verify_media(corpus / "media" / case.file, corpus_trust)
    if case.file == "cloud.jpg":
        assert report.state == "remote"
        assert report.remote_url and report.remote_url.startswith("https://")
        return
    if case.verdict == "fragment":
        assert report.state == "malformed" and report.problem == "fragment"
        assert "init segment" in (report.error or "")
        return
    assert report.state == case.verdict, report.error
    assert set(case.codes) <= _reported(report)
    if case.verdict == "malformed":
        assert report.error and "Traceback" not in report.error


def test_remote_manifest_with_sidecar_is_valid(corpus: Path, corpus_trust: TrustSettings) -> None:
    media = corpus / "media"
    report = verify_media(media / "cloud.jpg", corpus_trust, sidecar=media / "cloud_manifest.c2pa")
    assert report.state == "valid"
    assert "ingredient:signingCredential.untrusted" in _reported(report)
    assert report.embedded is False


def test_fragmented_mp4_with_its_fragment_is_valid(
    corpus: Path, corpus_trust: TrustSettings
) -> None:
    media = corpus / "media"
    report = verify_media(media / "dashinit.mp4", corpus_trust, fragments=[media / "dash1.m4s"])
    assert report.state == "valid"
    assert not report.has_code("assertion.bmffHash.mismatch")


def test_without_anchors_nothing_is_trusted(corpus: Path) -> None:
    report = verify_media(corpus / "media" / "C.jpg", TrustSettings())
    assert report.state == "valid"
    assert report.has_code("signingCredential.untrusted")


def test_status_entries_keep_sdk_fields(corpus: Path, corpus_trust: TrustSettings) -> None:
    report = verify_media(corpus / "media" / "XCA.jpg", corpus_trust)
    entry = next(c for c in report.failures if c.code == "assertion.dataHash.mismatch")
    assert entry.kind == "failure" and entry.url and entry.explanation
    assert report.active_manifest and report.manifest_store
    assert any(c.kind == "success" for c in report.codes)
