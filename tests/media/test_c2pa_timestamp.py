"""RFC 3161 time-stamps: a signature outlives its certificate; a failing authority fails signing.

Every authority here is :class:`tests.media.local_tsa.LocalTsa` on 127.0.0.1. Native calls
are bounded by ``OMRS_C2PA_TIMEOUT`` and the server's sockets by their own timeout, so no
test can hang on the network.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography import x509

from omrs.cli import cli
from omrs.media.certs import load_signer
from omrs.media.check import check_media
from omrs.media.keygen import KeygenResult, LeafProfile, write_test_pki
from omrs.media.manifest import OmrsContent
from omrs.media.sign import SigningError, sign_media
from omrs.media.verify import verify_media
from omrs.options import CheckOptions, TrustSettings
from tests.media.local_tsa import LocalTsa
from tests.media.media_paths import MEDIA_FIXTURES
from tests.media.media_records import make_bundle

SAMPLE = MEDIA_FIXTURES / "sample.jpg"


@pytest.fixture(autouse=True)
def _bounded_native_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMRS_C2PA_TIMEOUT", "60")


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> KeygenResult:
    return write_test_pki(tmp_path_factory.mktemp("tsa-keys"), tsa=True)


def _trust(keys: KeygenResult) -> TrustSettings:
    return TrustSettings(anchors=keys.ca, trust_config=keys.trust_config)


def _tsa(keys: KeygenResult, *, status: int = 200) -> LocalTsa:
    assert keys.tsa_chain and keys.tsa_key
    return LocalTsa(keys.tsa_chain, keys.tsa_key, status=status)


def test_a_time_stamped_signature_outlives_its_certificate(tmp_path: Path) -> None:
    """C2PA 2.2 §15.8.2: with a trusted time-stamp the certificate is judged at that time.

    The signing leaf lives two to three seconds (certificate times are whole seconds).
    Signed with and without a time-stamp, then read once it has expired: the first stays
    trusted, the second is invalid (signingCredential.expired). The only wait is for the
    leaf to expire; the SDK compares whole seconds, hence the second of margin.
    """
    now = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=1)
    short = LeafProfile(
        not_before=now - dt.timedelta(minutes=1), not_after=now + dt.timedelta(seconds=2)
    )
    keys = write_test_pki(tmp_path / "keys", leaf=short, tsa=True)
    signer = load_signer(keys.chain, keys.key, trust_config=keys.trust_config)
    trust = _trust(keys)
    with _tsa(keys) as tsa:
        stamped = sign_media(
            SAMPLE, tmp_path / "ts.jpg", OmrsContent(), signer, trust=trust, tsa_url=tsa.url
        )
    plain = sign_media(SAMPLE, tmp_path / "plain.jpg", OmrsContent(), signer, trust=trust)
    assert stamped.report.timestamp and stamped.report.timestamp.state == "trusted"
    assert plain.report.state == "trusted" and plain.report.timestamp is None

    leaf = x509.load_pem_x509_certificates(keys.chain.read_bytes())[0]
    left = (leaf.not_valid_after_utc - dt.datetime.now(dt.UTC)).total_seconds()
    time.sleep(max(0.0, left) + 1.1)

    report = verify_media(stamped.destination, trust)
    assert report.state == "trusted", report.failures
    assert report.timestamp and report.timestamp.state == "trusted"
    assert {"timeStamp.trusted", "timeStamp.validated"} <= set(report.timestamp.codes)
    expired = verify_media(plain.destination, trust)
    assert expired.state == "invalid" and expired.has_code("signingCredential.expired")

    details = check_media(stamped.destination, CheckOptions(trust=trust)).details["c2pa"]
    assert details["timestamp"]["state"] == "trusted" and details["timestamp"]["time"]
    anchors = ["--trust-anchors", str(keys.ca), "--trust-config", str(keys.trust_config)]
    text = CliRunner().invoke(cli, ["inspect", str(stamped.destination), *anchors]).stdout
    assert "time-stamp:" in text and "trusted; the certificate was judged at this time" in text
    raw = CliRunner().invoke(
        cli, ["inspect", str(stamped.destination), "--format", "json", *anchors]
    )
    assert raw.exit_code == 0 and json.loads(raw.stdout)["c2pa"]["timestamp"]["state"] == "trusted"
    text = CliRunner().invoke(cli, ["inspect", str(plain.destination), *anchors]).stdout
    assert "time-stamp:  none" in text and "signingCredential.expired" in text


def test_an_untrusted_authority_is_reported_and_ignored(keys: KeygenResult, tmp_path: Path) -> None:
    """The SDK checks a TSA against the signers' anchors: a TSA from another root is
    'untrusted' (C2PA 2.2 §15.8.2: the time-stamp is then ignored)."""
    other = write_test_pki(tmp_path / "other", tsa=True)
    signer = load_signer(keys.chain, keys.key, trust_config=keys.trust_config)
    with _tsa(other) as tsa:
        result = sign_media(
            SAMPLE, tmp_path / "x.jpg", OmrsContent(), signer, trust=_trust(keys), tsa_url=tsa.url
        )
    stamp = result.report.timestamp
    assert stamp is not None and stamp.state == "untrusted" and stamp.time
    assert result.report.state == "trusted"


def _refused(keys: KeygenResult, folder: Path, url: str) -> None:
    signer = load_signer(keys.chain, keys.key, trust_config=keys.trust_config)
    dst = folder / "out.jpg"
    with pytest.raises(SigningError, match="no time-stamp from the time-stamp authority"):
        sign_media(SAMPLE, dst, OmrsContent(), signer, trust=_trust(keys), tsa_url=url)
    assert list(folder.iterdir()) == []  # no output, no temporary file


def test_an_unreachable_authority_fails_the_signing(keys: KeygenResult, tmp_path: Path) -> None:
    with _tsa(keys) as tsa:
        url = tsa.url
    _refused(keys, tmp_path, url)  # the server is closed: connection refused


def test_an_authority_answering_an_error_fails_the_signing(
    keys: KeygenResult, tmp_path: Path
) -> None:
    with _tsa(keys, status=500) as tsa:
        _refused(keys, tmp_path, tsa.url)
        assert tsa.requests == ["application/timestamp-query"]


def _sign_cli(keys: KeygenResult, files: Path, bundle: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli,
        [
            "sign",
            str(files),
            "--bundle",
            str(bundle),
            "--cert",
            str(keys.chain),
            "--key",
            str(keys.key),
            "--trust-anchors",
            str(keys.ca),
            "--trust-config",
            str(keys.trust_config),
            *extra,
        ],
    )
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_tsa_url_from_the_flag_and_the_configuration(
    keys: KeygenResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = make_bundle(tmp_path / "p", SAMPLE)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    with _tsa(keys) as tsa:
        code, out = _sign_cli(keys, files.media, files.bundle, "-o", "a.jpg", "--tsa-url", tsa.url)
        assert code == 0 and "time-stamped" in out and len(tsa.requests) == 1
        (tmp_path / ".omrs.toml").write_text(f'[sign]\ntsa-url = "{tsa.url}"\n')
        code, out = _sign_cli(keys, files.media, files.bundle, "-o", "b.jpg")
        assert code == 0 and "time-stamped" in out and len(tsa.requests) == 2
        gone = tsa.url
    code, out = _sign_cli(keys, files.media, files.bundle, "-o", "c.jpg")
    assert code == 2 and f"no time-stamp from the time-stamp authority {gone}" in out
    assert not (tmp_path / "c.jpg").exists()


@pytest.mark.parametrize("url", ["ftp://tsa.example/", "tsa.example", "http://", "http://a b"])
def test_a_bad_tsa_url_is_a_usage_error(
    url: str, keys: KeygenResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = make_bundle(tmp_path / "p", SAMPLE)
    code, out = _sign_cli(keys, files.media, files.bundle, "-o", "x.jpg", "--tsa-url", url)
    assert code == 2 and "--tsa-url" in out and "http:// or https://" in out
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".omrs.toml").write_text(f"[sign]\ntsa-url = {json.dumps(url)}\n")
    code, out = _sign_cli(keys, files.media, files.bundle, "-o", "x.jpg")
    assert code == 2 and "sign.tsa-url" in out
    (tmp_path / ".omrs.toml").write_text('[sign]\ntsa = "http://x"\n')
    code, out = _sign_cli(keys, files.media, files.bundle, "-o", "x.jpg")
    assert code == 2 and "unknown key 'tsa'" in out


def test_a_password_in_the_authority_url_never_reaches_a_message(
    keys: KeygenResult, tmp_path: Path
) -> None:
    with _tsa(keys) as tsa:
        url = tsa.url.replace("http://", "http://alice:s3cret@")
    signer = load_signer(keys.chain, keys.key, trust_config=keys.trust_config)
    with pytest.raises(SigningError) as raised:
        sign_media(
            SAMPLE, tmp_path / "out.jpg", OmrsContent(), signer, trust=_trust(keys), tsa_url=url
        )
    assert "s3cret" not in str(raised.value) and "alice:***@" in str(raised.value)
    files = make_bundle(tmp_path / "p", SAMPLE)
    code, out = _sign_cli(
        keys, files.media, files.bundle, "-o", "x.jpg", "--tsa-url", "ftp://a:pw@x/"
    )
    assert code == 2 and "pw" not in out.replace("--tsa-url", "")


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("https://user:p@ss@tsa.example/x", "ss@"),
        ("https://T0KEN123@tsa.example/", "T0KEN123"),
        ("https://tsa.example/t?apikey=abc123&x=1", "abc123"),
        ("https://tsa.example/t?x=1&Access_Token=zz9", "zz9"),
    ],
)
def test_every_spelling_of_a_credential_is_masked(url: str, secret: str) -> None:
    from omrs.config import shown_url

    shown = shown_url(f"cannot reach {url} (refused)")
    assert secret not in shown and "tsa.example" in shown
