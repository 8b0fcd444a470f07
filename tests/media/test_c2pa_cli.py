"""``omrs keygen``, ``omrs sign`` and ``omrs inspect`` through click, with exit codes."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from omrs.cli import cli
from omrs.version import STANDARD_VERSION
from tests.media.media_paths import MEDIA_FIXTURES
from tests.media.media_records import make_bundle


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "keys"
    code, _, err = _run("keygen", str(folder))
    assert code == 0, err
    return folder


def _trust(keys: Path) -> list[str]:
    return [
        "--trust-anchors",
        str(keys / "ca.pem"),
        "--trust-config",
        str(keys / "trust-config.cfg"),
    ]


def _sign(keys: Path, media: Path, bundle: Path, *extra: str) -> tuple[int, str, str]:
    return _run(
        "sign",
        str(media),
        "--bundle",
        str(bundle),
        "--cert",
        str(keys / "chain.pem"),
        "--key",
        str(keys / "key.pem"),
        *_trust(keys),
        *extra,
    )


def test_keygen_files_and_warnings(keys: Path) -> None:
    assert sorted(p.name for p in keys.iterdir()) == [
        "ca.pem",
        "chain.pem",
        "key.pem",
        "trust-config.cfg",
    ]
    assert stat.S_IMODE((keys / "key.pem").stat().st_mode) == 0o600
    for name in ("ca.pem", "chain.pem", "key.pem"):
        assert (keys / name).read_text().startswith("# OMRS TEST ONLY - NOT FOR PRODUCTION")
    code, _, err = _run("keygen", str(keys))
    assert code == 2 and "--force" in err and "TEST ONLY" in err


def test_keygen_force_and_ed25519(tmp_path: Path) -> None:
    assert _run("keygen", str(tmp_path))[0] == 0
    code, out, err = _run("keygen", str(tmp_path), "--alg", "ed25519", "--force")
    assert code == 0 and "NOT FOR PRODUCTION" in err
    assert "PRIVATE KEY-----" not in out + err


def test_sign_then_inspect(keys: Path, tmp_path: Path) -> None:
    files = make_bundle(tmp_path / "p", MEDIA_FIXTURES / "sample.jpg")
    out = tmp_path / "signed.jpg"
    code, stdout, err = _sign(keys, files.media, files.bundle, "-o", str(out))
    assert code == 0, err
    assert "trusted" in stdout and "TEST ONLY" in err and "PRIVATE" not in stdout + err
    code, text, _ = _run("inspect", str(out), *_trust(keys))
    assert code == 0 and "trusted" in text and "org.omrs.consent" in text
    code, raw, _ = _run(
        "inspect",
        str(out),
        "--format",
        "json",
        *_trust(keys),
        "--records",
        str(files.bundle.parent / "records" / "consent.json"),
    )
    doc = json.loads(raw)
    assert code == 0 and doc["c2pa"]["state"] == "trusted"
    assert doc["standardVersion"] == STANDARD_VERSION and doc["tool"]["name"] == "omrs"
    code, _, _ = _run("inspect", str(out), "--require-trusted")
    assert code == 1


def test_sign_sidecar_and_in_place(keys: Path, tmp_path: Path) -> None:
    files = make_bundle(tmp_path / "p", MEDIA_FIXTURES / "sample.png")
    code, _, err = _sign(keys, files.media, files.bundle, "--sidecar")
    assert code == 0, err and files.media.with_suffix(".c2pa").is_file()
    code, _, err = _sign(keys, files.media, files.bundle, "--in-place", "--privacy", "full")
    assert code == 0, err
    code, text, _ = _run("inspect", str(files.media), "--format", "json", *_trust(keys))
    assert json.loads(text)["c2pa"]["privacy"] == "full"


def test_sign_usage_errors(keys: Path, tmp_path: Path) -> None:
    files = make_bundle(tmp_path / "p", MEDIA_FIXTURES / "sample.jpg")
    code, _, err = _sign(keys, files.media, files.bundle)
    assert code == 2 and "exactly one" in err
    code, _, err = _sign(
        keys, files.media, files.bundle, "-o", str(tmp_path / "x.jpg"), "--alg", "ed25519"
    )
    assert code == 2 and "es256" in err


def test_sign_refuses_a_failing_bundle_unless_forced(keys: Path, tmp_path: Path) -> None:
    files = make_bundle(tmp_path / "p", MEDIA_FIXTURES / "sample.jpg")
    bundle = json.loads(files.bundle.read_text())
    bundle["release"]["territories"] = ["not a territory"]
    files.bundle.write_text(json.dumps(bundle))
    out = tmp_path / "signed.jpg"
    code, _, err = _sign(keys, files.media, files.bundle, "-o", str(out))
    assert code == 1 and "not signing" in err and not out.exists()
    code, _, err = _sign(keys, files.media, files.bundle, "-o", str(out), "--force")
    assert code == 0 and "--force" in err and out.is_file()


def test_sign_gate_judges_the_bundle_with_the_configuration(
    keys: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`omrs sign` refuses what `omrs check` refuses, under the same [tool.omrs] settings."""
    files = make_bundle(tmp_path / "p", MEDIA_FIXTURES / "sample.jpg")
    bundle = json.loads(files.bundle.read_text())
    bundle["assets"][0]["sha256"] = "0" * 64  # a rule finding, not a schema one
    files.bundle.write_text(json.dumps(bundle))
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    out = tmp_path / "signed.jpg"
    code, _, err = _sign(keys, files.media, files.bundle, "-o", str(out))
    assert code == 1 and "bundle.digest-mismatch" in err and not out.exists()
    (tmp_path / ".omrs.toml").write_text('[severity]\n"bundle.digest-mismatch" = "warning"\n')
    code, _, err = _sign(keys, files.media, files.bundle, "-o", str(out))
    assert code == 0, err
    assert out.is_file()


def test_sign_file_not_in_bundle(keys: Path, tmp_path: Path) -> None:
    files = make_bundle(tmp_path / "p", MEDIA_FIXTURES / "sample.jpg")
    code, _, err = _sign(
        keys, MEDIA_FIXTURES / "sample.wav", files.bundle, "-o", str(tmp_path / "x.wav")
    )
    assert code == 2 and "does not mention" in err


def test_sign_with_a_ca_certificate(keys: Path, tmp_path: Path) -> None:
    files = make_bundle(tmp_path / "p", MEDIA_FIXTURES / "sample.jpg")
    code, _, err = _run(
        "sign",
        str(files.media),
        "--bundle",
        str(files.bundle),
        "--cert",
        str(keys / "ca.pem"),
        "--key",
        str(keys / "key.pem"),
        "-o",
        str(tmp_path / "x.jpg"),
    )
    assert code == 2 and "omrs: error:" in err and not (tmp_path / "x.jpg").exists()


@pytest.mark.parametrize(
    ("name", "code"),
    [("C.jpg", 0), ("XCA.jpg", 1), ("no_alg.jpg", 1), ("no_manifest.jpg", 0), ("cloud.jpg", 0)],
)
def test_inspect_corpus_exit_codes(name: str, code: int, corpus: Path) -> None:
    trust = [
        "--trust-anchors",
        str(corpus / "trust" / "test_cert_root_bundle.pem"),
        "--trust-config",
        str(corpus / "trust" / "store.cfg"),
    ]
    got, text, _ = _run("inspect", str(corpus / "media" / name), *trust)
    assert got == code, text


def test_inspect_with_sidecar_and_fragment(corpus: Path) -> None:
    media = corpus / "media"
    code, text, _ = _run(
        "inspect",
        str(media / "cloud.jpg"),
        "--sidecar",
        str(media / "cloud_manifest.c2pa"),
        "--format",
        "json",
    )
    assert code == 0 and json.loads(text)["c2pa"]["state"] == "valid"
    code, text, _ = _run(
        "inspect",
        str(media / "dashinit.mp4"),
        "--fragment",
        str(media / "dash1.m4s"),
        "--format",
        "json",
    )
    assert code == 0 and json.loads(text)["c2pa"]["state"] == "valid"
