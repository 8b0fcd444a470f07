"""Sign a few-MB MP4 over and over, SIGKILL the signer at random moments, then sign once.

Run as ``python -m tests.integration.sign_kill_driver FOLDER ROUNDS SEED [--named]``. It
sets up a test PKI, a 4 MiB MP4 (fixtures/media/sample.mp4 plus a ``free`` box) and a
bundle covering it in FOLDER; then each round forks a child that signs the MP4 into
``signed.mp4`` beside it in a loop, and kills the child with SIGKILL after a random delay.
After every kill the output is copied aside when it changed, so the test can verify each
version the folder ever held. A last child signs once to completion. ``--named`` makes
the children use named temporary files (as on a system without ``O_TMPFILE``).

Prints one JSON object: temporary files left after the kills and after the last sign,
the input's SHA-256 before and after, and the saved outputs. The C2PA SDK runs only in
the children, never in the forking parent.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Any

from tests.media.media_paths import MEDIA_FIXTURES
from tests.media.media_records import make_bundle

FREE_BYTES = 4 * 1024 * 1024


def _big_mp4(folder: Path) -> Path:
    path = folder / "source" / "clip.mp4"
    path.parent.mkdir(parents=True, exist_ok=True)
    free = (8 + FREE_BYTES).to_bytes(4, "big") + b"free" + bytes(FREE_BYTES)
    path.write_bytes((MEDIA_FIXTURES / "sample.mp4").read_bytes() + free)
    return path


def _sign_forever(folder: Path, named: bool, once: bool) -> None:
    """The child: sign until killed (or once), exit 0 on success."""
    from omrs import fileio
    from omrs.bundles import asset_records
    from omrs.media.bundle import signing_content
    from omrs.media.certs import load_signer
    from omrs.media.sign import sign_media
    from omrs.options import TrustSettings

    if named:
        fileio._anonymous = lambda _folder: None  # type: ignore[attr-defined]
    pki = folder / "pki"
    signer = load_signer(pki / "chain.pem", pki / "key.pem", trust_config=pki / "trust-config.cfg")
    trust = TrustSettings(anchors=pki / "ca.pem", trust_config=pki / "trust-config.cfg")
    media = folder / "project" / "media" / "clip.mp4"
    content = signing_content(asset_records(folder / "project" / "omrs.json", media), "minimal")
    while True:
        sign_media(media, media.with_name("signed.mp4"), content, signer, trust=trust)
        if once:
            os._exit(0)


def _child(folder: Path, named: bool, once: bool) -> int:
    pid = os.fork()
    if pid == 0:
        try:
            _sign_forever(folder, named, once)
        finally:
            os._exit(1)
    return pid


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "omrs-tmp" in p.name)


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def main(argv: list[str]) -> dict[str, Any]:
    folder, rounds, seed = Path(argv[0]), int(argv[1]), int(argv[2])
    named = "--named" in argv
    from omrs.media.keygen import write_test_pki

    write_test_pki(folder / "pki")
    files = make_bundle(folder / "project", _big_mp4(folder))
    media_dir = files.media.parent
    signed, saved = media_dir / "signed.mp4", folder / "saved"
    saved.mkdir()
    before = _digest(files.media)
    rng = random.Random(seed)
    start = time.monotonic()
    _, status = os.waitpid(_child(folder, named, once=True), 0)
    assert status == 0, f"the first signing failed ({status})"
    one_sign = time.monotonic() - start
    outputs: list[str] = []
    for _ in range(rounds):
        pid = _child(folder, named, once=False)
        time.sleep(rng.uniform(0, 2.5 * one_sign))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        digest = _digest(signed)
        if digest is not None and digest not in outputs:
            outputs.append(digest)
            shutil.copyfile(signed, saved / f"{digest}.mp4")
    left = _temporaries(media_dir)
    _, status = os.waitpid(_child(folder, named, once=True), 0)
    return {
        "secondsPerSign": round(one_sign, 3),
        "leftAfterKills": left,
        "leftAfterLastSign": _temporaries(media_dir),
        "lastSignStatus": status,
        "inputBefore": before,
        "inputAfter": _digest(files.media),
        "saved": [str(saved / f"{d}.mp4") for d in outputs],
        "final": str(signed),
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
