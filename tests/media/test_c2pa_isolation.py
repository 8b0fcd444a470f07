"""A native abort in one file costs that file only: verify, check (serial and --jobs 2),
inspect and sign all survive it, and every other file still gets its verdict.

The crashing file is real: a signed JPEG whose ``org.omrs.asset`` label was made non-ASCII,
on which the C2PA SDK 0.91 panics and aborts the process. The label guard would refuse it
before the SDK, so these tests switch the guard off (in this process; the forked children
and the ``--jobs`` workers inherit that).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import pytest
from click.testing import CliRunner

from omrs.checker import PARALLEL_MIN_TARGETS, check_paths
from omrs.cli import cli
from omrs.media import isolate, labels
from omrs.media import sign as signing
from omrs.media.certs import SignerMaterial
from omrs.media.check import check_media
from omrs.media.keygen import KeygenResult
from omrs.media.manifest import OmrsContent
from omrs.media.sign import SigningError, sign_media
from omrs.media.verify import verify_media
from omrs.options import CheckOptions, TrustSettings
from tests.media.conftest import Signed
from tests.media.media_paths import MEDIA_FIXTURES
from tests.media.media_stores import hostile, store_of


@pytest.fixture
def aborting(
    sign_fixture: Callable[..., Signed], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A JPEG the SDK aborts on, with the label guard off."""
    _, result = sign_fixture("sample.jpg")
    data = result.destination.read_bytes()
    path = result.destination.with_name("aborts.jpg")
    path.write_bytes(data.replace(store_of(data), hostile(store_of(data))))
    monkeypatch.setattr(labels, "unsafe_labels_in_file", lambda *_args, **_kw: [])
    yield path


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail the test instead of hanging it, should anything block."""

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise TimeoutError("blocked for 20 s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_verify_survives_a_native_abort(aborting: Path, pki_trust: TrustSettings) -> None:
    report = verify_media(aborting, pki_trust)
    assert report.state == "malformed" and report.problem == "crashed"
    assert "crashed (SIGABRT" in (report.error or "") and "char boundary" in (report.error or "")
    after = verify_media(MEDIA_FIXTURES / "sample.png", pki_trust)
    assert after.state == "none"


def test_a_crash_is_an_internal_error_of_that_file(
    aborting: Path, pki_trust: TrustSettings
) -> None:
    result = check_media(aborting, CheckOptions(trust=pki_trust))
    assert [f.code for f in result.findings] == ["internal.error"]
    assert result.io_error and "native C2PA library crashed" in result.io_error


def _folder(tmp_path: Path, aborting: Path, signed: Path) -> Path:
    """The aborting file among PARALLEL_MIN_TARGETS + 1 others: signed and unsigned media."""
    folder = tmp_path / "deliverables"
    folder.mkdir()
    shutil.copyfile(aborting, folder / "00-aborts.jpg")
    for index in range(PARALLEL_MIN_TARGETS + 1):
        source = signed if index % 2 else MEDIA_FIXTURES / "sample.png"
        shutil.copyfile(source, folder / f"{index + 1:02d}{source.suffix}")
    return folder


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_other_file_gets_its_verdict(
    jobs: int,
    tmp_path: Path,
    aborting: Path,
    sign_fixture: Callable[..., Signed],
    pki_trust: TrustSettings,
) -> None:
    _, signed = sign_fixture("sample.jpg")
    folder = _folder(tmp_path, aborting, signed.destination)
    run = check_paths([folder], CheckOptions(trust=pki_trust, jobs=jobs))
    by_name = {Path(r.path).name: r for r in run.files}
    assert len(by_name) == PARALLEL_MIN_TARGETS + 2
    crashed = by_name.pop("00-aborts.jpg")
    assert crashed.io_error and [f.code for f in crashed.findings] == ["internal.error"]
    for name, result in by_name.items():
        states = result.details["c2pa"]["state"]
        assert states == ("trusted" if name.endswith(".jpg") else "none"), name
        assert not result.io_error and not result.failed()
    assert run.exit_code() == 2


def test_cli_check_with_jobs_reports_the_crash_and_the_rest(
    tmp_path: Path,
    aborting: Path,
    sign_fixture: Callable[..., Signed],
    pki: KeygenResult,
) -> None:
    _, signed = sign_fixture("sample.jpg")
    folder = _folder(tmp_path, aborting, signed.destination)
    trust = ["--trust-anchors", str(pki.ca), "--trust-config", str(pki.trust_config)]
    args = ["check", str(folder), "--jobs", "2", "--format", "json", *trust]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    assert len(files) == PARALLEL_MIN_TARGETS + 2
    crashed = files.pop("00-aborts.jpg")
    assert [f["code"] for f in crashed["findings"]] == ["internal.error"]
    assert "native C2PA library crashed" in crashed["findings"][0]["message"]
    assert {f["c2pa"]["state"] for f in files.values()} == {"trusted", "none"}


def test_inspect_reports_the_crash(aborting: Path, pki: KeygenResult) -> None:
    trust = ["--trust-anchors", str(pki.ca), "--trust-config", str(pki.trust_config)]
    result = CliRunner().invoke(cli, ["inspect", str(aborting), *trust])
    assert result.exit_code == 2
    assert result.stdout.startswith(f"{aborting}: NOT VERIFIED: the native C2PA library crashed")
    assert "internal.error" in result.stdout and "SIGABRT" in result.stdout


def test_sign_survives_an_abort_in_its_input_check_and_in_signing(
    aborting: Path, signer: SignerMaterial, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SDK reads the input twice: to see whether it has a manifest, and as the parent
    ingredient while signing. An abort in either fails this signing only."""
    dst = aborting.with_name("out.jpg")
    with pytest.raises(SigningError, match="crashed"):
        sign_media(aborting, dst, OmrsContent(), signer)
    monkeypatch.setattr(signing, "_existing_manifest", lambda *_args: True)
    with pytest.raises(SigningError, match=r"crashed \(SIGABRT.*while signing"):
        sign_media(aborting, dst, OmrsContent(), signer)
    assert not dst.exists()
    assert not [p for p in aborting.parent.iterdir() if p.name.endswith(".omrs-tmp")]


def test_a_hung_native_call_is_stopped_after_the_timeout() -> None:
    started = time.monotonic()
    with pytest.raises(isolate.NativeCrash, match=r"did not finish within 0\.5 s"):
        isolate.call(lambda: time.sleep(60), timeout=0.5)
    assert time.monotonic() - started < 10


def test_child_results_and_exceptions_come_back() -> None:
    assert isolate.call(lambda: {"pid": os.getpid()})["pid"] != os.getpid()
    with pytest.raises(KeyError, match="gone"):
        isolate.call(lambda: {}["gone"])

    class Local(Exception):  # not importable by name, so not picklable
        pass

    def fail() -> None:
        raise Local("odd")

    with pytest.raises(isolate.ChildError, match="odd"):
        isolate.call(fail)


def test_timeout_setting_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(isolate.TIMEOUT_ENV, "2.5")
    assert isolate.default_timeout() == 2.5
    monkeypatch.setenv(isolate.TIMEOUT_ENV, "soon")
    assert isolate.default_timeout() == isolate.DEFAULT_TIMEOUT


def test_a_fifo_is_unreadable_at_once(
    tmp_path: Path, no_hang: None, signer: SignerMaterial, pki_trust: TrustSettings
) -> None:
    fifo = tmp_path / "x.jpg"
    os.mkfifo(fifo)
    report = verify_media(fifo, pki_trust)
    assert report.problem == "unreadable" and "named pipe" in (report.error or "")
    result = check_media(fifo, CheckOptions(trust=pki_trust))
    assert [f.code for f in result.findings] == ["io.error"] and result.io_error
    with pytest.raises(OSError, match="named pipe"):
        labels.unsafe_labels_in_file(fifo)
    with pytest.raises(SigningError, match="named pipe"):
        sign_media(fifo, tmp_path / "out.jpg", OmrsContent(), signer)
    sidecar = tmp_path / "y.c2pa"
    os.mkfifo(sidecar)
    report = verify_media(MEDIA_FIXTURES / "sample.png", pki_trust, sidecar=sidecar)
    assert report.problem == "unreadable" and "named pipe" in (report.error or "")


def test_a_proc_fd_path_verifies(
    sign_fixture: Callable[..., Signed], pki_trust: TrustSettings
) -> None:
    """A signed output may be reachable only as /proc/<pid>/fd/<n> while it is written."""
    _, result = sign_fixture("sample.jpg")
    with result.destination.open("rb") as handle:
        proc = Path(f"/proc/{os.getpid()}/fd/{handle.fileno()}")
        if not proc.exists():
            pytest.skip("no /proc on this system")
        assert verify_media(proc, pki_trust, discover_sidecar=False).state == "trusted"


@pytest.mark.parametrize("where", ["_read_in_child", "_report"])
def test_a_bug_of_ours_is_an_internal_error_not_a_malformed_file(
    where: str,
    sign_fixture: Callable[..., Signed],
    pki_trust: TrustSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A KeyError in our reading of the SDK's answer is ours: exit 2, never "malformed",
    whether it happens in the parent or in the forked child."""
    from omrs.media import verify

    _, result = sign_fixture("sample.jpg")

    def buggy(*_args: object) -> None:
        raise KeyError("manifests")

    monkeypatch.setattr(verify, where, buggy)
    with pytest.raises(KeyError):
        verify_media(result.destination, pki_trust)
    options = CheckOptions(trust=pki_trust)
    outcome = check_paths([str(result.destination)], options)
    assert [f.code for f in outcome.findings] == ["internal.error"]


def test_an_sdk_refusal_is_still_a_malformed_file(
    sign_fixture: Callable[..., Signed], pki_trust: TrustSettings
) -> None:
    """The other side of the line: the SDK's own error about a damaged store is the file's."""
    _, result = sign_fixture("sample.jpg")
    data = result.destination.read_bytes()
    start = data.index(b"jumb")
    cut = result.destination.with_name("damaged.jpg")
    cut.write_bytes(data[: start + 200] + bytes(64) + data[start + 264 :])
    report = verify_media(cut, pki_trust)
    assert (report.state, report.problem) == ("malformed", "sdk-error"), report
