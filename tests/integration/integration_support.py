"""Helpers for the integration tests: records, record corpora, an offline wheelhouse.

The wheelhouse exists so that pre-commit can install this repository's hooks the way it
does for users (a fresh virtualenv, then ``pip install .`` of the hook repository) with no
network: every distribution the install needs is repacked from the test venv's
site-packages into a wheel (the files listed in its RECORD plus its metadata; console
scripts are left to pip, which writes them from ``entry_points.txt``). pip is then pointed
at that folder with ``PIP_NO_INDEX=1`` and ``PIP_FIND_LINKS``.
"""

from __future__ import annotations

import base64
import copy
import csv
import hashlib
import importlib.metadata as md
import io
import json
import signal
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "fixtures" / "records" / "valid"
FIXTURES_MEDIA = ROOT / "fixtures" / "media"
#: The valid record the integration tests start from (and break for the invalid cases).
BASE_RECORD = VALID / "consent-living-counsel.json"
#: Files a wheel must not carry over from an installation.
_INSTALL_ONLY = {"INSTALLER", "REQUESTED", "direct_url.json", "RECORD"}


def base_record() -> dict[str, Any]:
    """A valid likeness-consent record as data."""
    data: dict[str, Any] = json.loads(BASE_RECORD.read_text("utf-8"))
    return data


def record_text(index: int = 0, *, broken: bool = False) -> str:
    """A distinct record as pretty JSON; ``broken`` gives ``/subject/status`` a bad value."""
    data = copy.deepcopy(base_record())
    data["id"] = f"urn:omrs:consent:integration-{index:05d}"
    if broken:
        data["subject"]["status"] = "alive"
    return json.dumps(data, indent=2) + "\n"


def broken_location(text: str) -> str:
    """``LINE:COL`` of the bad value in a ``record_text(..., broken=True)`` document."""
    for number, line in enumerate(text.splitlines(), start=1):
        if '"status": "alive"' in line:
            column = line.index('"alive"') + 1
            return f"{number}:{column}"
    raise AssertionError("the broken value is missing")


def write_corpus(folder: Path, count: int, *, broken_every: int = 7) -> list[Path]:
    """``count`` records in nested folders, every ``broken_every``-th one invalid."""
    paths = []
    for i in range(count):
        path = folder / f"batch-{i % 5}" / f"consent-{i:05d}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(record_text(i, broken=i % broken_every == 0), "utf-8")
        paths.append(path)
    return paths


@contextmanager
def failing_after(seconds: int) -> Iterator[None]:
    """Fail the test if the block runs longer than ``seconds`` (a hang would stall the suite)."""
    import pytest

    previous = signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the run hung"))
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def precommit(cwd: Path, env: dict[str, str], *args: str) -> tuple[int, str]:
    """``python -m pre_commit ARGS`` in ``cwd``: its exit code and everything it printed."""
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    return done.returncode, done.stdout + done.stderr


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run git quietly; raise with its output when it fails."""
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise AssertionError(f"git {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


# -- offline wheelhouse ------------------------------------------------------------------


def requirement_closure(roots: Iterable[str]) -> dict[str, md.Distribution]:
    """Installed distributions ``roots`` need at run time, following markers, no extras."""
    found: dict[str, md.Distribution] = {}
    todo = [canonicalize_name(r) for r in roots]
    while todo:
        name = todo.pop()
        if name in found:
            continue
        dist = md.distribution(name)
        found[name] = dist
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(req.name))
    return found


def _wheel_tag(dist: md.Distribution) -> str:
    wheel_meta = dist.read_text("WHEEL") or ""
    tags = [
        line.split(":", 1)[1].strip() for line in wheel_meta.splitlines() if line.startswith("Tag:")
    ]
    if not tags:
        return "py3-none-any"
    parts = zip(*(tag.split("-") for tag in tags), strict=True)  # pythons, abis, platforms
    return "-".join(".".join(dict.fromkeys(column)) for column in parts)


def _packed_files(dist: md.Distribution) -> Iterator[tuple[str, Path]]:
    for entry in dist.files or []:
        name = entry.as_posix()
        if name.startswith("..") or "__pycache__" in entry.parts:
            continue  # scripts outside site-packages, bytecode
        if ".dist-info/" in name and entry.name in _INSTALL_ONLY:
            continue
        path = Path(str(dist.locate_file(entry)))
        if path.is_file():
            yield name, path


def _record_line(name: str, data: bytes) -> list[str]:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return [name, f"sha256={digest}", str(len(data))]


def repack(dist: md.Distribution, dest: Path) -> Path:
    """Write ``dist`` as installed back into a wheel in ``dest`` (stored, not compressed)."""
    name = canonicalize_name(dist.metadata["Name"]).replace("-", "_")
    version = dist.version
    target = dest / f"{name}-{version}-{_wheel_tag(dist)}.whl"
    rows, info_dir = [], ""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as wheel:
        for arcname, path in _packed_files(dist):
            data = path.read_bytes()
            wheel.writestr(arcname, data)
            rows.append(_record_line(arcname, data))
            if arcname.split("/")[0].endswith(".dist-info"):
                info_dir = arcname.split("/")[0]
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([*rows, [f"{info_dir}/RECORD", "", ""]])
        wheel.writestr(f"{info_dir}/RECORD", buffer.getvalue())
    return target


def build_wheelhouse(dest: Path) -> list[Path]:
    """Wheels of everything ``pip install .`` of this repository needs, build backend included."""
    dest.mkdir(parents=True, exist_ok=True)
    needed = requirement_closure(["omrs", "hatchling"])
    needed.pop("omrs")  # the hook install builds omrs itself, from the hook repository
    return [repack(dist, dest) for dist in needed.values()]
