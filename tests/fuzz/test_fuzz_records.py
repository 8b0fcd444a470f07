"""Seeded fuzzing of records and bundles: the run contract holds for any input.

Every example runs the real checker on a real file. Hypothesis is derandomised (the same
examples on every run, no example database), and each test is bounded by its example count,
so the suite costs a few seconds and never depends on what an earlier run found.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.mutations import (
    as_json,
    as_yaml,
    damaged,
    mutated,
    pointers,
    reorder,
    replace,
)
from tests.fuzz.support import SEEDS, VALID, check, example_files, verdict

FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SEED_NAMES = [name for name, _ in SEEDS]
SEED_DATA = dict(SEEDS)


def _write(folder: Path, name: str, raw: bytes) -> Path:
    path = folder / name
    path.write_bytes(raw)
    return path


@FUZZ
@given(st.data())
def test_mutated_records_keep_the_contract(tmp_path_factory: Any, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(SEED_NAMES))
    document = data.draw(mutated(SEED_DATA[name]))
    folder = tmp_path_factory.mktemp("mutated")
    check(_write(folder, "record.json", as_json(document)))
    check(_write(folder, "record.yaml", as_yaml(document)))


@FUZZ
@given(st.data())
def test_damaged_files_keep_the_contract(tmp_path_factory: Any, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(SEED_NAMES))
    syntax = data.draw(st.sampled_from(["json", "yaml"]))
    raw = as_json(SEED_DATA[name]) if syntax == "json" else as_yaml(SEED_DATA[name])
    hostile = data.draw(damaged(raw, syntax))
    check(_write(tmp_path_factory.mktemp("damaged"), f"record.{syntax}", hostile))


@FUZZ
@given(raw=st.binary(max_size=512), suffix=st.sampled_from([".json", ".yaml", ".yml"]))
def test_random_bytes_keep_the_contract(tmp_path_factory: Any, raw: bytes, suffix: str) -> None:
    check(_write(tmp_path_factory.mktemp("bytes"), "record" + suffix, raw))


@pytest.mark.parametrize("seed", [p for p in example_files() if p.suffix != ".yml"], ids=str)
def test_every_truncation_of_every_example_keeps_the_contract(seed: Path, tmp_path: Path) -> None:
    """Truncated at 16 places spread over the file, and at every one of its first 64 bytes.

    (Media is cut and damaged by the C2PA tests.)
    """
    raw = seed.read_bytes()
    cuts = sorted({*range(min(64, len(raw))), *range(0, len(raw), max(1, len(raw) // 16))})
    for cut in cuts:
        check(_write(tmp_path, "cut" + seed.suffix, raw[:cut]))


@FUZZ
@given(st.data())
def test_json_and_yaml_of_one_document_get_one_verdict(
    tmp_path_factory: Any, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(SEED_NAMES))
    document = data.draw(mutated(SEED_DATA[name]))
    folder = tmp_path_factory.mktemp("syntax")
    as_json_run = check(_write(folder, "record.json", as_json(document)))
    as_yaml_run = check(_write(folder, "record.yaml", as_yaml(document)))
    assert verdict(as_json_run) == verdict(as_yaml_run)


@FUZZ
@given(st.data())
def test_key_order_never_changes_the_verdict(tmp_path_factory: Any, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(SEED_NAMES))
    document = data.draw(mutated(SEED_DATA[name]))
    shuffled = reorder(document, random.Random(data.draw(st.integers(0, 2**32))))
    folder = tmp_path_factory.mktemp("order")
    first = check(_write(folder, "a.json", as_json(document)))
    second = check(_write(folder, "b.json", as_json(shuffled)))
    assert verdict(first) == verdict(second)


#: Values the tree for the --jobs comparison plants, one per file (deterministic).
PLANTED: list[Any] = [
    None, True, -1, 2**64, 1e308, "", "\x1b[31m\u202e", "9999-12-31", "2026-02-30",
    "US\n", [], {}, {"\u200f": 1}, ["WORLD", "WORLD"],
]  # fmt: skip


def _fuzzed_tree(root: Path, count: int) -> None:
    """A deliverable tree of ``count`` mutated records plus the shipped example bundle."""
    shutil.copytree(VALID / "bundle-documentary", root / "bundle-documentary")
    for i in range(count):
        name = SEED_NAMES[i % len(SEED_NAMES)]
        rnd = random.Random(i)
        document = SEED_DATA[name]
        where = rnd.choice(list(pointers(document))[1:])
        document = replace(document, where, PLANTED[i % len(PLANTED)])
        folder = root / f"part-{i % 4}"
        folder.mkdir(exist_ok=True)
        raw = as_json(document) if i % 2 else as_yaml(document)
        (folder / f"{i:03d}-{name}").with_suffix(".json" if i % 2 else ".yaml").write_bytes(raw)


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "omrs", "check", "--no-config", "--as-of", "2026-09-01", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_jobs_1_and_jobs_2_give_the_same_report(tmp_path: Path) -> None:
    _fuzzed_tree(tmp_path / "tree", 40)
    serial = _cli("--jobs", "1", "--format", "json", "tree", cwd=tmp_path)
    parallel = _cli("--jobs", "2", "--format", "json", "tree", cwd=tmp_path)
    assert serial.returncode in (0, 1), serial.stderr
    assert "Traceback" not in serial.stderr + parallel.stderr
    assert "internal.error" not in serial.stdout
    assert (parallel.returncode, parallel.stdout) == (serial.returncode, serial.stdout)


ATTACKS = sorted((VALID.parents[1] / "xmp" / "attacks").glob("*.xmp"))
MEDIA = VALID.parents[1] / "media"


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda p: p.name)
@pytest.mark.parametrize("how", ["sidecar", "embedded"])
def test_the_xmp_attack_set_keeps_the_contract(attack: Path, how: str, tmp_path: Path) -> None:
    """Each hostile XMP packet, as a sidecar and inside a JPEG, gives findings, never more.

    A sidecar is one packet, so each attack is found in it; inside a file, the packet scan
    starts at the packet wrapper, so a DOCTYPE written before it is not part of the packet.
    """
    media = tmp_path / "still.jpg"
    shutil.copyfile(MEDIA / "sample.jpg", media)
    if how == "sidecar":
        shutil.copyfile(attack, tmp_path / "still.xmp")
    else:
        media.write_bytes(media.read_bytes() + attack.read_bytes())
    run = check(media)
    if how == "sidecar":
        assert any(f.code.startswith("xmp.") for f in run.findings), verdict(run)
