"""C2PA verification of large MP4s against the floor: hashing the same file with SHA-256.

C2PA hard binding has to hash every byte of the media, so ``hashlib.sha256`` over the file
is the fastest any verifier can be. For each size the script grows the project's sample
MP4 (``fixtures/media/sample.mp4``) by enlarging its ``mdat`` box, signs it with a test PKI
through ``omrs sign`` (the real CLI, with a bundle naming the file), then times, in fresh
processes, ``verify_media`` on the signed file and a streamed SHA-256 of it. Printed: the
best of three wall times inside the process, their ratio, and each process's peak memory
(which must stay flat as files grow; the native read runs in a forked child, so the peak
of the process and of its children is shown, whichever is larger).

Then the cost of isolating native reads (each in a forked child, omrs.media.isolate):
``--small`` signed small JPEGs verified in one process, isolated and with the native read
called in-process instead; the difference divided by the count is the per-file overhead.

Usage: ``python bench/media.py [--sizes-mb 50 200 800] [--small 100]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from omrs.fileio import file_sha256
from omrs.starter import MEDIA, starter_files
from records import table

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "media" / "sample.mp4"
OMRS = [sys.executable, "-m", "omrs"]
OMRS_BIN = Path(sys.executable).parent / "omrs"

_PROBE = """
import hashlib, json, resource, sys, time
from pathlib import Path
path, what = Path(sys.argv[1]), sys.argv[2]
best = None
for _ in range(3):
    start = time.perf_counter()
    if what == "verify":
        from omrs.media.verify import verify_media
        from omrs.options import TrustSettings
        trust = TrustSettings(anchors=Path(sys.argv[3]), trust_config=Path(sys.argv[4]))
        state = verify_media(path, trust).state
    else:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        state = "hashed"
    took = time.perf_counter() - start
    best = took if best is None else min(best, took)
peak = max(
    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
)
print(json.dumps({"seconds": best, "peak_kib": peak, "state": state}))
"""


_SMALL_PROBE = """
import json, sys, time
from pathlib import Path
from omrs.media import isolate
from omrs.media.verify import verify_media
from omrs.options import TrustSettings
files = sorted(Path(sys.argv[1]).glob("*.jpg"))
trust = TrustSettings(anchors=Path(sys.argv[2]), trust_config=Path(sys.argv[3]))
if sys.argv[4] == "in-process":
    isolate.call = lambda fn, timeout=None: fn()
verify_media(files[0], trust)  # warm up: c2pa imported, trust files read
best = None
for _ in range(3):
    start = time.perf_counter()
    states = sorted({verify_media(f, trust).state for f in files})
    took = time.perf_counter() - start
    best = took if best is None else min(best, took)
print(json.dumps({"seconds": best, "states": states}))
"""


def grow_mp4(source: Path, target: Path, size: int) -> None:
    """Copy ``source`` with its ``mdat`` box padded so the file is about ``size`` bytes.

    Chunk offsets point at the start of ``mdat``'s data, which does not move, so the file
    stays a well-formed MP4; the padding is zeros appended inside ``mdat``.
    """
    data = source.read_bytes()
    offset = 0
    while offset < len(data):
        box_size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if kind == b"mdat":
            break
        offset += box_size
    else:
        raise SystemExit(f"{source} has no mdat box")
    extra = max(0, size - len(data))
    if box_size + extra >= 2**32:
        raise SystemExit("sizes of 4 GiB and more need a 64-bit mdat size; choose smaller")
    with target.open("wb") as out:
        out.write(data[:offset])
        out.write(struct.pack(">I4s", box_size + extra, b"mdat"))
        out.write(data[offset + 8 : offset + box_size])
        zeros = b"\0" * (1 << 20)
        for _ in range(extra // len(zeros)):
            out.write(zeros)
        out.write(b"\0" * (extra % len(zeros)))
        out.write(data[offset + box_size :])


def bundle_for(folder: Path, media: Path) -> Path:
    """The ``omrs init`` starter bundle, pointed at ``media`` with its true digest."""
    files = starter_files(dt.date.today())
    digest = file_sha256(media)
    for name, content in files.items():
        if name == MEDIA:
            continue
        doc = yaml.safe_load(content)
        for asset in doc.get("assets", []) if doc["recordType"] == "bundle" else ():
            asset["path"], asset["sha256"] = media.name, digest
        if "asset" in doc:
            doc["asset"] = {"path": f"../{media.name}", "sha256": digest}
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.safe_dump(doc, sort_keys=False))
    return folder / "omrs.yaml"


def probe(what: str, *args: str) -> dict[str, float | str]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, *args[:1], what, *args[1:]],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float | str] = json.loads(out.stdout)
    return result


_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": took, "peak_kib": peak, "code": code}))
"""
_HASH = """
import hashlib, sys
digest = hashlib.sha256()
with open(sys.argv[1], "rb") as handle:
    while chunk := handle.read(1 << 20):
        digest.update(chunk)
"""
_READER_PROBE = """
import io, json, sys, time
from pathlib import Path
import c2pa
from omrs.media.trust import make_context
from omrs.options import TrustSettings
path, mode = sys.argv[1], sys.argv[4]
context = make_context(TrustSettings(anchors=Path(sys.argv[2]), trust_config=Path(sys.argv[3])))
calls = 0
class Counted(io.RawIOBase):
    def __init__(self, raw): self.raw = raw
    def readinto(self, buffer):
        global calls
        calls += 1
        return self.raw.readinto(buffer)
    def seek(self, *args): return self.raw.seek(*args)
    def tell(self): return self.raw.tell()
    def readable(self): return True
    def seekable(self): return True
best = None
for _ in range(3):
    calls = 0
    start = time.perf_counter()
    raw = open(path, "rb", buffering=0 if mode != "buffered" else -1)
    with raw:
        stream = Counted(raw) if mode == "counted" else raw
        state = c2pa.Reader("video/mp4", stream, None, context).get_validation_state()
    took = time.perf_counter() - start
    best = took if best is None else min(best, took)
print(json.dumps({"seconds": best, "calls": calls, "state": str(state)}))
"""


def measured(command: list[str]) -> dict[str, float]:
    """One whole-process run: wall seconds and the peak RSS of it and its children."""
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(out.stdout)
    if result["code"] not in (0, 1):
        raise SystemExit(f"{command} failed with exit status {result['code']}")
    return result


def interleaved(commands: dict[str, list[str]], runs: int) -> dict[str, dict[str, float]]:
    """Each command ``runs`` times, taking turns (so load on the machine hits all alike):
    the median wall time and the largest peak RSS of each."""
    seen: dict[str, list[dict[str, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            seen[name].append(measured(command))
    return {
        name: {
            "seconds": statistics.median(r["seconds"] for r in results),
            "peak_kib": max(r["peak_kib"] for r in results),
        }
        for name, results in seen.items()
    }


def sign(folder: Path, pki: Path, media: Path, out: Path, *extra: str) -> None:
    """``omrs sign`` of ``media`` into ``out`` with the test PKI in ``pki`` and a starter
    bundle in ``folder`` (the benches sign what they measure, as a user would)."""
    command = [*OMRS, "sign", str(media), "--bundle", str(bundle_for(folder, media))]
    command += ["--cert", str(pki / "chain.pem"), "--key", str(pki / "key.pem")]
    command += ["--trust-config", str(pki / "trust-config.cfg"), "-o", str(out), *extra]
    signing = subprocess.run(command, capture_output=True, text=True)
    if signing.returncode != 0:
        raise SystemExit(f"omrs sign failed:\n{signing.stdout}{signing.stderr}")


def _mib(kib: float) -> str:
    return f"{int(kib) // 1024} MiB"


def run(sizes_mb: list[int], runs: int) -> None:
    """Whole ``omrs check`` processes against a whole hashing process, taking turns; then
    ``verify_media`` alone, for files signed with a Merkle tree (what ``omrs sign`` writes)
    and without one (``--merkle-chunk-kb 0``, as other signers write them)."""
    with tempfile.TemporaryDirectory(prefix="omrs-bench-media-") as tmp:
        folder = Path(tmp)
        pki = folder / "pki"
        subprocess.run([*OMRS, "keygen", str(pki)], check=True, capture_output=True)
        anchors, eku = str(pki / "ca.pem"), str(pki / "trust-config.cfg")
        trust = ["--trust-anchors", anchors, "--trust-config", eku]
        print(f"Media: median of {runs} interleaved runs, load average {os.getloadavg()[0]:.1f}")
        rows = [("size", "omrs check s", "sha256 s", "ratio", "check peak", "sha256 peak",
                 "verify peak", "no-Merkle peak", "Merkle size")]  # fmt: skip
        for mb in sizes_mb:
            big, signed, plain = folder / "big.mp4", folder / "signed.mp4", folder / "plain.mp4"
            grow_mp4(SAMPLE, big, mb * 1024 * 1024)
            sign(folder, pki, big, signed, "--merkle-chunk-kb", "1024")
            sign(folder, pki, big, plain, "--merkle-chunk-kb", "0")
            big.unlink()
            whole = interleaved(
                {
                    "check": [str(OMRS_BIN), "check", "--no-config", *trust, str(signed)],
                    "hash": [sys.executable, "-c", _HASH, str(signed)],
                },
                runs,
            )
            merkle = probe("verify", str(signed), anchors, eku)
            no_merkle = probe("verify", str(plain), anchors, eku)
            extra = signed.stat().st_size - plain.stat().st_size
            check, hashed = whole["check"], whole["hash"]
            rows.append(
                (
                    f"{mb} MB",
                    f"{check['seconds']:.3f}",
                    f"{hashed['seconds']:.3f}",
                    f"{check['seconds'] / hashed['seconds']:.2f}",
                    _mib(check["peak_kib"]),
                    _mib(hashed["peak_kib"]),
                    _mib(float(merkle["peak_kib"])),
                    _mib(float(no_merkle["peak_kib"])),
                    f"+{extra:,} B ({extra / plain.stat().st_size:.3%})",
                )
            )
            if mb == max(sizes_mb):
                readers(signed, plain, anchors, eku)
            signed.unlink()
            plain.unlink()
        print(table(rows))
        print(
            "omrs check = the whole CLI process on the signed file (Merkle tree, 1 MiB chunks);"
            " sha256 = a whole Python process hashing it; verify peak = verify_media alone;"
            " no-Merkle peak = the same file signed with --merkle-chunk-kb 0"
        )
        shutil.rmtree(pki)


def readers(signed: Path, plain: Path, anchors: str, eku: str) -> None:
    """How the SDK is handed a file: c2pa-python reads every stream (a path too) through
    Python ``readinto`` callbacks; buffered or unbuffered files, and the number of calls."""
    for label, path in (("Merkle", signed), ("no Merkle", plain)):
        found = {}
        for mode in ("buffered", "unbuffered", "counted"):
            out = subprocess.run(
                [sys.executable, "-c", _READER_PROBE, str(path), anchors, eku, mode],
                capture_output=True,
                text=True,
                check=True,
            )
            found[mode] = json.loads(out.stdout)
        print(
            f"SDK reader, {path.stat().st_size / 2**20:.0f} MiB, {label}: buffered file "
            f"{found['buffered']['seconds']:.3f} s, unbuffered {found['unbuffered']['seconds']:.3f}"
            f" s; {found['counted']['calls']:,} read callbacks ({found['buffered']['state']})"
        )


def _signed_copies(folder: Path, pki: Path, count: int) -> Path:
    """``count`` copies of the project's sample JPEG, signed once through ``omrs sign``."""
    media, signed = folder / "sample.jpg", folder / "signed.jpg"
    shutil.copyfile(ROOT / "fixtures" / "media" / "sample.jpg", media)
    sign(folder, pki, media, signed)
    many = folder / "many"
    many.mkdir()
    for index in range(count):
        shutil.copyfile(signed, many / f"{index:04d}.jpg")
    return many


def isolation_overhead(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="omrs-bench-isolation-") as tmp:
        folder = Path(tmp)
        pki = folder / "pki"
        subprocess.run([*OMRS, "keygen", str(pki)], check=True, capture_output=True)
        many = _signed_copies(folder, pki, count)
        args = [str(many), str(pki / "ca.pem"), str(pki / "trust-config.cfg")]
        timed = {}
        for mode in ("isolated", "in-process"):
            out = subprocess.run(
                [sys.executable, "-c", _SMALL_PROBE, *args, mode],
                capture_output=True,
                text=True,
                check=True,
            )
            timed[mode] = json.loads(out.stdout)
        isolated, inline = timed["isolated"]["seconds"], timed["in-process"]["seconds"]
        print(
            f"\n{count} small signed JPEGs, best of 3: isolated {isolated:.3f} s "
            f"({isolated / count * 1000:.2f} ms/file), in-process {inline:.3f} s "
            f"({inline / count * 1000:.2f} ms/file); isolation costs "
            f"{(isolated - inline) / count * 1000:.2f} ms per file "
            f"(states {timed['isolated']['states']})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes-mb", type=int, nargs="+", default=[50, 200, 800])
    parser.add_argument("--small", type=int, default=100, help="small JPEGs for the overhead")
    parser.add_argument("--runs", type=int, default=3, help="interleaved runs per command")
    args = parser.parse_args()
    run(args.sizes_mb, args.runs)
    isolation_overhead(args.small)


if __name__ == "__main__":
    main()
