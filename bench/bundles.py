"""Bundle checks scale linearly: N records and N assets for N = 100, 1,000 and 10,000.

Each generated bundle lists one consent, one training licence and N - 2 AI disclosures,
and N tiny asset files (32 bytes each); each AI asset names its disclosure, the consent and
a model under the licence (two assets are plain media), and each disclosure has one AI
segment depicting the consented person. So every bundle rule does real work per asset:
resolve references, hash the file, check the consent's attributes, work, term and
territory, and the model's licence.

The run is the library's ``check_paths`` on the bundle file, in one process, as ``omrs
check omrs.yaml`` judges it (records are loaded once through the run's cache and indexed by
id), without the media verification such a run adds for each listed file. Printed: wall
time, time per record and the ratio of per-item times to the smallest N; a ratio near 1
means linear growth. Usage: ``python bench/bundles.py [--sizes ...]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from omrs.checker import check_paths
from omrs.options import CheckOptions

CONSENT = "urn:omrs:consent:bench:performer-001"
LICENCE = "urn:omrs:license:bench:reference-001"
WORK = {"id": "urn:omrs:work:bench:feature", "title": "Bench Feature"}
RELEASE = {"territories": ["US", "GB"], "date": "2026-10-01", "context": "fictional"}
ISSUER = {"name": "Bench Pictures Ltd", "kind": "organization"}
MODEL = {"name": "VoiceForge", "version": "2.0", "provider": "Forge Audio Inc.", "license": LICENCE}
PERSON = {"name": "Ana Ruiz", "consent": CONSENT, "attributes": ["voice"]}
DIGEST = "ab" * 32


def _envelope(record_type: str, record_id: str) -> dict[str, Any]:
    return {"omrs": "1.0", "recordType": record_type, "id": record_id,
            "issued": "2026-09-01T09:00:00Z", "issuer": ISSUER}  # fmt: skip


def consent() -> dict[str, Any]:
    return {
        **_envelope("likeness-consent", CONSENT),
        "subject": {"name": "Ana Ruiz", "status": "living", "domicile": "US-CA", "minor": False},
        "grantor": {"role": "subject", "party": {"name": "Ana Ruiz", "kind": "person"}},
        "replicaKind": "independentlyCreated",
        "attributes": ["voice"],
        "intendedUses": [{"work": WORK, "medium": "feature film",
                          "description": "Recreate Ms Ruiz's voice for ADR in reels 1 to 6."}],
        "representation": {"kind": "counsel", "counsel": {"name": "Lee & Park LLP"},
                           "clearAndConspicuous": True},
        "unionGoverned": False,
        "term": {"start": "2026-03-01", "end": "2031-02-28"},
        "territories": ["WORLD"],
        "survivesDeath": False,
        "evidence": {"documentDigest": DIGEST, "signatureMethod": "electronic",
                     "signedAt": "2026-02-20T16:00:00Z"},
    }  # fmt: skip


def licence() -> dict[str, Any]:
    constrained = {"use": "constrained", "constraints": {"purposes": ["productionOfWork"]}}
    return {
        **_envelope("training-license", LICENCE),
        "licensor": ISSUER,
        "licensee": {"name": "Forge Audio Inc."},
        "assets": [{"id": "urn:omrs:asset:bench:stems"}],
        "term": {"start": "2026-01-01", "end": "2035-12-31"},
        "territories": ["WORLD"],
        "permissions": {
            "ai_generative_training": constrained,
            "ai_fine_tuning": constrained,
            "ai_training": {"use": "notAllowed"},
        },
    }


def disclosure(i: int, digest: str) -> dict[str, Any]:
    segment = {"range": {"start": 0, "end": 1}, "digitalSourceType": "trainedAlgorithmicMedia",
               "actions": ["voiceClone"], "people": [PERSON], "models": [MODEL]}  # fmt: skip
    return {
        **_envelope("ai-disclosure", f"urn:omrs:disclosure:bench:{i:06d}"),
        "asset": {"path": f"../media/{i:06d}.wav", "sha256": digest},
        "work": WORK,
        "release": RELEASE,
        "digitalSourceType": "compositeWithTrainedAlgorithmicMedia",
        "segments": [segment],
        "label": {"text": "Voice recreated with AI.", "languages": ["en"],
                  "placement": "openingScreen"},
    }  # fmt: skip


def _write(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data), "utf-8")


def generate(folder: Path, n: int) -> Path:
    """A bundle of ``n`` records and ``n`` assets in ``folder``; returns the bundle file."""
    (folder / "records").mkdir(parents=True)
    (folder / "media").mkdir()
    _write(folder / "records/consent.json", consent())
    _write(folder / "records/licence.json", licence())
    records = [{"path": "records/consent.json"}, {"path": "records/licence.json"}]
    assets = []
    for i in range(n):
        payload = f"bench asset {i:06d}".encode().ljust(32, b".")
        (folder / f"media/{i:06d}.wav").write_bytes(payload)
        digest = hashlib.sha256(payload).hexdigest()
        asset: dict[str, Any] = {"path": f"media/{i:06d}.wav", "sha256": digest}
        if i < n - 2:  # two plain assets; the others are AI assets with their disclosures
            _write(folder / f"records/d{i:06d}.json", disclosure(i, digest))
            records.append({"path": f"records/d{i:06d}.json"})
            asset["disclosure"] = f"urn:omrs:disclosure:bench:{i:06d}"
            asset.update(people=[PERSON], consents=[CONSENT], models=[MODEL])
        assets.append(asset)
    bundle = {**_envelope("bundle", "urn:omrs:bundle:bench"), "work": WORK, "release": RELEASE,
              "records": records, "assets": assets}  # fmt: skip
    _write(folder / "omrs.json", bundle)
    return folder / "omrs.json"


def measure(n: int) -> float:
    with tempfile.TemporaryDirectory(prefix=f"omrs-bench-{n}-") as tmp:
        bundle = generate(Path(tmp), n)
        # The bundle's own judgement (its records judged in its context, its rules, the
        # asset hashes); a run on the bundle also verifies each listed media file
        # (context=True), which bench/media.py measures, and these 32-byte assets are no media.
        options = CheckOptions(as_of=dt.date(2026, 9, 1), jobs=1, context=False)
        start = time.perf_counter()
        run = check_paths([bundle], options)
        elapsed = time.perf_counter() - start
    errors = [f for f in run.findings if f.severity.value == "error"]
    if errors:
        raise SystemExit(f"bench bundle is not clean: {errors[0].code}: {errors[0].message}")
    return elapsed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 10_000])
    args = parser.parse_args(argv)
    print(f"{'N':>7} {'wall s':>9} {'ms/record':>10} {'ratio':>6}")
    base: float | None = None
    for n in args.sizes:
        seconds = measure(n)
        per_item = seconds / n
        base = base or per_item
        print(f"{n:>7,} {seconds:>9.2f} {per_item * 1000:>10.3f} {per_item / base:>6.2f}")
    print("target: 0.5 ms per record or less at 10,000, ratio near 1 (linear)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
