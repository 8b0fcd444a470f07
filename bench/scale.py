"""Archive scale: records/s and MB/s for serial, ``--jobs 2`` and Dask with 1 and 2 workers.

Generates, in a temporary folder, N records (default 20,000, as ``bench/records.py`` makes
them) and M GB of media (default 4: one MP4 grown to ``--file-mb`` and signed through
``omrs sign`` with a test PKI, then copied, so every file is a real signed asset whose
verification hashes it whole). Then times ``omrs check`` as a subprocess on each folder:

* ``--jobs 1`` (serial) and ``--jobs 2`` (local processes);
* ``--scheduler`` on a ``LocalCluster`` of 1 and of 2 workers on 127.0.0.1 started here,
  so the figures are the cluster's work; starting a LocalCluster (what ``--executor dask``
  alone does) is printed separately;
* the per-task overhead: 1,000 empty tasks through the same cluster, per task.

The machine's load is printed before and after: on a shared machine wall times are noisy.
No network beyond loopback. Usage: ``python bench/scale.py [--records N] [--media-gb M]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from media import SAMPLE, grow_mp4, sign
from records import generate

BIN = Path(sys.executable).parent
OMRS = [sys.executable, "-m", "omrs"]
MB = 1024 * 1024


def make_media(folder: Path, total_gb: float, file_mb: int) -> int:
    """Signed MP4s of ``file_mb`` under ``folder/media`` adding up to ``total_gb``; bytes."""
    work = folder / "signing"
    pki = work / "pki"
    subprocess.run([*OMRS, "keygen", str(pki)], check=True, capture_output=True)
    big, signed = work / "big.mp4", work / "signed.mp4"
    grow_mp4(SAMPLE, big, file_mb * MB)
    sign(work, pki, big, signed)
    media = folder / "media"
    media.mkdir()
    count = max(1, round(total_gb * 1024 / file_mb))
    for index in range(count):
        shutil.copyfile(signed, media / f"master-{index:03d}.mp4")
    size = signed.stat().st_size
    shutil.rmtree(work)
    return count * size


def timed(args: Sequence[str], folder: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [*OMRS, "check", "--no-config", "--quiet", *args, str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    took = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"omrs check {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return took


@contextmanager
def cluster(workers: int) -> Iterator[tuple[str, float, float]]:
    """A LocalCluster of ``workers``: its address, start-up seconds, per-task overhead (s)."""
    from distributed import Client, LocalCluster

    start = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
        ) as running,
        Client(running) as client,
    ):
        started = time.perf_counter() - start
        client.gather(client.map(abs, range(-50, 0), pure=False))  # warm up
        begin = time.perf_counter()
        client.gather(client.map(abs, range(-1000, 0), pure=False))
        per_task = (time.perf_counter() - begin) / 1000
        yield running.scheduler_address, started, per_task


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--media-gb", type=float, default=4.0)
    parser.add_argument("--file-mb", type=int, default=256, help="size of each media file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="omrs-bench-scale-") as tmp:
        folder = Path(tmp)
        generate(folder / "records", args.records)
        media_bytes = make_media(folder, args.media_gb, args.file_mb)
        size = f"{media_bytes / MB:,.0f} MB of signed MP4 in {args.file_mb} MB files"
        print(f"{args.records:,} records; {size}; {os.cpu_count()} cores; load: {load()}")
        for warm in (folder / "records", folder / "media"):
            timed(["--jobs", "2"], warm)  # fill the page cache once for every mode
        rows: list[tuple[str, float, float]] = []
        for label, extra in (("serial (--jobs 1)", ["--jobs", "1"]), ("--jobs 2", ["--jobs", "2"])):
            rows.append((label, timed(extra, folder / "records"), timed(extra, folder / "media")))
        notes = []
        for workers in (1, 2):
            with cluster(workers) as (address, started, per_task):
                extra = ["--scheduler", address]
                label = f"Dask, {workers} worker{'s' * (workers > 1)}"
                records = timed(extra, folder / "records")
                rows.append((label, records, timed(extra, folder / "media")))
                notes.append(f"{label}: LocalCluster start {started:.2f} s, "
                             f"{per_task * 1000:.2f} ms per empty task")  # fmt: skip
        print(f"{'mode':<20} {'records s':>10} {'records/s':>10} {'media s':>9} {'MB/s':>8}")
        for label, records, media in rows:
            print(f"{label:<20} {records:>10.2f} {args.records / records:>10.0f} "
                  f"{media:>9.2f} {media_bytes / MB / media:>8.0f}")  # fmt: skip
        for note in notes:
            print(note)
        print(f"load after: {load()} (other work on this machine adds noise to every figure)")


if __name__ == "__main__":
    main()
