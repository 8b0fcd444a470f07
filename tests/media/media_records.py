"""Small valid OMRS records and a bundle around one media file, for the signing tests."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WORK = {"id": "urn:omrs:work:harbour-lights", "title": "Harbour Lights"}
RELEASE = {"territories": ["GB", "FR"], "date": "2027-03-01", "context": "artistic"}
ISSUER = {"name": "Northlight Post Ltd", "kind": "organization"}
CONSENT_ID = "urn:omrs:consent:harbour-lights-jdoe-001"
LICENCE_ID = "urn:omrs:license:harbour-lights-plates-001"
DISCLOSURE_ID = "urn:omrs:disclosure:harbour-lights-teaser-001"
EVIDENCE = {
    "documentDigest": "a" * 64,
    "signatureMethod": "qualifiedElectronic",
    "signedAt": "2026-05-01T10:00:00Z",
}


def consent() -> dict[str, Any]:
    return {
        "omrs": "1.0",
        "recordType": "likeness-consent",
        "id": CONSENT_ID,
        "issued": "2026-05-01T10:00:00Z",
        "issuer": ISSUER,
        "subject": {"name": "Jane Doe", "status": "living"},
        "grantor": {"role": "subject", "party": {"name": "Jane Doe", "kind": "person"}},
        "replicaKind": "digitalAlteration",
        "attributes": ["face"],
        "intendedUses": [
            {"work": WORK, "medium": "film", "description": "De-aging in the harbour scene."}
        ],
        "representation": {
            "kind": "counsel",
            "counsel": {"name": "A. Counsel"},
            "clearAndConspicuous": True,
        },
        "unionGoverned": False,
        "term": {"start": "2026-05-01", "end": "2031-05-01"},
        "territories": ["WORLD"],
        "survivesDeath": False,
        "revocation": {"revocable": True},
        "evidence": EVIDENCE,
    }


def licence(sha256: str) -> dict[str, Any]:
    return {
        "omrs": "1.0",
        "recordType": "training-license",
        "id": LICENCE_ID,
        "issued": "2026-05-02T10:00:00Z",
        "issuer": ISSUER,
        "licensor": ISSUER,
        "licensee": {"name": "Example Labs", "kind": "organization"},
        "assets": [{"id": "urn:omrs:asset:teaser", "sha256": sha256}],
        "term": {"start": "2026-05-02", "end": "2028-05-02"},
        "territories": ["WORLD"],
        "permissions": {
            "ai_training": {"use": "notAllowed"},
            "ai_generative_training": {"use": "notAllowed"},
            "data_mining": {
                "use": "constrained",
                "constraints": {"purposes": ["research"]},
                "constraintInfo": "Research use only.",
            },
            "ai_fine_tuning": {"use": "notAllowed"},
            "search_indexing": {"use": "allowed"},
        },
    }


def disclosure(sha256: str, path: str) -> dict[str, Any]:
    return {
        "omrs": "1.0",
        "recordType": "ai-disclosure",
        "id": DISCLOSURE_ID,
        "issued": "2026-05-03T10:00:00Z",
        "issuer": ISSUER,
        "asset": {"path": path, "sha256": sha256},
        "work": WORK,
        "release": RELEASE,
        "digitalSourceType": "compositeWithTrainedAlgorithmicMedia",
        "label": {
            "text": "Contains AI-altered imagery.",
            "languages": ["en"],
            "placement": "firstExposure",
        },
        "segments": [
            {
                "digitalSourceType": "compositeWithTrainedAlgorithmicMedia",
                "actions": ["deAging"],
                "people": [{"name": "Jane Doe", "consent": CONSENT_ID, "attributes": ["face"]}],
            }
        ],
    }


MODEL_LICENCE_ID = "urn:omrs:license:example-voice-sessions-001"
DATASET_ID = "urn:omrs:asset:example-voice-sessions"
VOICE_MODEL = {
    "name": "Example Voice",
    "version": "3.1",
    "provider": "Example Labs",
    "license": MODEL_LICENCE_ID,
}
GRADE_MODEL = {"name": "Lumen Reconstruct", "version": "2025-07-preview", "provider": "Halden"}


def model_licence() -> dict[str, Any]:
    """The licence of the voice model's training data: a data set, not the signed file."""
    return {
        **licence("0" * 64),
        "id": MODEL_LICENCE_ID,
        "permissions": {
            "ai_generative_training": {"use": "allowed"},
            "ai_fine_tuning": {"use": "allowed"},
        },
        "assets": [
            {
                "id": DATASET_ID,
                "kind": "dataset",
                "itemCount": 64,
                "description": "Voice sessions recorded for the model",
            }
        ],
    }


def ai_disclosure(sha256: str, path: str) -> dict[str, Any]:
    """A disclosure whose AI segments name models, time ranges (seconds, drop-frame
    timecode) and a picture region, as the C2PA layer turns them into actions."""
    record = disclosure(sha256, path)
    record["segments"] = [
        {
            "id": "narration",
            "range": {"start": 65, "end": 72.5},
            "digitalSourceType": "trainedAlgorithmicMedia",
            "actions": ["voiceClone", "speechSynthesis"],
            "description": "Narration line spoken by a cloned voice.",
            "models": [VOICE_MODEL],
        },
        {
            "id": "harbour-shot",
            "range": {"start": "00:01:00;02", "end": "00:01:10;00", "frameRate": 29.97},
            "region": {"x": 0.62, "y": 0.05, "width": 0.3, "height": 0.35},
            "digitalSourceType": "compositeWithTrainedAlgorithmicMedia",
            "actions": ["deAging", "restoration"],
            "people": [{"name": "Jane Doe", "consent": CONSENT_ID, "attributes": ["face"]}],
            "models": [GRADE_MODEL],
        },
    ]
    return record


@dataclass(frozen=True)
class BundleFiles:
    bundle: Path
    media: Path
    records: dict[str, dict[str, Any]]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_bundle(folder: Path, media_src: Path, *, ai: bool = False) -> BundleFiles:
    """Copy ``media_src`` into ``folder/media`` and write records and a bundle that cover it.

    ``ai`` writes :func:`ai_disclosure` and the voice model's licence instead.
    """
    (folder / "media").mkdir(parents=True, exist_ok=True)
    (folder / "records").mkdir(exist_ok=True)
    media = folder / "media" / media_src.name
    shutil.copyfile(media_src, media)
    digest = sha256_of(media)
    rel = f"media/{media.name}"
    records = {
        "consent": consent(),
        "licence": licence(digest),
        "disclosure": (ai_disclosure if ai else disclosure)(digest, rel),
    }
    if ai:
        records["model-licence"] = model_licence()
    for name, record in records.items():
        (folder / "records" / f"{name}.json").write_text(json.dumps(record, indent=2))
    bundle = {
        "omrs": "1.0",
        "recordType": "bundle",
        "id": "urn:omrs:bundle:harbour-lights-teaser",
        "issued": "2026-05-04T10:00:00Z",
        "issuer": ISSUER,
        "work": WORK,
        "release": RELEASE,
        "records": [{"path": f"records/{n}.json"} for n in records],
        "assets": [
            {
                "path": rel,
                "sha256": digest,
                "disclosure": DISCLOSURE_ID,
                "licenses": [LICENCE_ID, *([MODEL_LICENCE_ID] if ai else [])],
                "consents": [CONSENT_ID],
            }
        ],
    }
    path = folder / "omrs.json"
    path.write_text(json.dumps(bundle, indent=2))
    return BundleFiles(path, media, records)
