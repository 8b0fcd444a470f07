"""``omrs init``: a small, valid bundle to start from.

The starter is generated rather than copied so that its dates are current (a consent term
that ended last year would fail the rules) and its asset digest is the true SHA-256 of the
media file written beside it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import wave
from pathlib import Path
from typing import Any

from omrs import yaml_out

WORK = {"id": "urn:omrs:work:example:first-short", "title": "First Short"}
CONSENT_ID = "urn:omrs:consent:example:first-short-voice-001"
LICENSE_ID = "urn:omrs:license:example:voice-model-001"
DISCLOSURE_ID = "urn:omrs:disclosure:example:first-short-narration-001"
STUDIO = {"name": "Example Studio Ltd", "kind": "organization"}
MEDIA = "media/narration.wav"


class StarterExists(Exception):
    """A starter file already exists and ``force`` was not given."""


def _silence_wav(seconds: float = 0.5, rate: int = 16_000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x00" * int(rate * seconds))
    return buffer.getvalue()


def _envelope(record_type: str, record_id: str, issued: str) -> dict[str, Any]:
    return {
        "omrs": "1.0",
        "recordType": record_type,
        "id": record_id,
        "issued": issued,
        "issuer": dict(STUDIO),  # a copy per use: a shared dict is dumped as a YAML alias
    }


def _consent(today: dt.date, issued: str) -> dict[str, Any]:
    return {
        **_envelope("likeness-consent", CONSENT_ID, issued),
        "subject": {"name": "Alex Example", "status": "living", "domicile": "GB"},
        "grantor": {"role": "subject", "party": {"name": "Alex Example", "kind": "person"}},
        "replicaKind": "independentlyCreated",
        "attributes": ["voice"],
        "intendedUses": [
            {
                "work": dict(WORK),
                "medium": "short film",
                "description": "Synthesise Alex Example's voice reading the narration script "
                "of First Short (draft 3), about 40 seconds, English only.",
            }
        ],
        "representation": {
            "kind": "counsel",
            "counsel": {"name": "Example Law LLP", "kind": "organization"},
            "clearAndConspicuous": True,
        },
        "unionGoverned": False,
        "term": {
            "start": today.isoformat(),
            "end": (today + dt.timedelta(days=3 * 365)).isoformat(),
        },
        "territories": ["WORLD"],
        "survivesDeath": False,
        "revocation": {"revocable": True},
        "evidence": {
            "documentDigest": hashlib.sha256(b"signed consent form").hexdigest(),
            "signatureMethod": "advancedElectronic",
            "signedAt": issued,
        },
        "trainingConsent": {
            "allowed": True,
            "scope": "Fine-tune one text-to-speech voice on the recorded sessions, only to make "
            "the narration described above.",
        },
    }


def _license(today: dt.date, issued: str) -> dict[str, Any]:
    return {
        **_envelope("training-license", LICENSE_ID, issued),
        "licensor": dict(STUDIO),
        "licensee": {"name": "Example Voice Lab", "kind": "organization"},
        "assets": [
            {"id": "urn:omrs:asset:example:alex-voice-sessions", "description": "Recorded sessions"}
        ],
        "term": {"start": today.isoformat(), "end": (today + dt.timedelta(days=365)).isoformat()},
        "territories": ["WORLD"],
        "permissions": {
            "ai_fine_tuning": {"use": "allowed"},
            "ai_inference": {"use": "allowed"},
            "ai_training": {"use": "notAllowed"},
            # Fine-tuning a voice that speaks is generative training too: both are needed.
            "ai_generative_training": {
                "use": "constrained",
                "constraints": {"purposes": ["productionOfWork"], "licenseeClasses": ["named"]},
                "constraintInfo": "Only the fine-tuning of the narration voice.",
            },
            "data_mining": {"use": "notAllowed"},
        },
    }


def _disclosure(today: dt.date, issued: str, digest: str) -> dict[str, Any]:
    return {
        **_envelope("ai-disclosure", DISCLOSURE_ID, issued),
        "asset": {"path": f"../{MEDIA}", "sha256": digest},
        "work": dict(WORK),
        "release": _release(today),
        "digitalSourceType": "trainedAlgorithmicMedia",
        "segments": [
            {
                "range": {"start": 0, "end": 0.5},
                "digitalSourceType": "trainedAlgorithmicMedia",
                "actions": ["voiceClone"],
                "people": [
                    {"name": "Alex Example", "consent": CONSENT_ID, "attributes": ["voice"]}
                ],
                "models": [
                    {
                        "name": "Example TTS",
                        "version": "1.0",
                        "provider": "Example Voice Lab",
                        "license": LICENSE_ID,
                    }
                ],
            }
        ],
        "aiShare": 1.0,
        "label": {
            "text": "Narration voice generated with AI, with consent.",
            "languages": ["en"],
            "placement": "openingScreen",
        },
    }


def _release(today: dt.date) -> dict[str, Any]:
    return {
        "territories": ["GB"],
        "date": (today + dt.timedelta(days=90)).isoformat(),
        "context": "artistic",
    }


def _bundle(today: dt.date, issued: str, digest: str) -> dict[str, Any]:
    return {
        **_envelope("bundle", "urn:omrs:bundle:example:first-short", issued),
        "work": dict(WORK),
        "release": _release(today),
        "records": [{"path": f"records/{n}.yaml"} for n in ("consent", "license", "disclosure")],
        "assets": [
            {
                "path": MEDIA,
                "sha256": digest,
                "people": [
                    {"name": "Alex Example", "consent": CONSENT_ID, "attributes": ["voice"]}
                ],
                "disclosure": DISCLOSURE_ID,
                "consents": [CONSENT_ID],
                "licenses": [LICENSE_ID],
            }
        ],
    }


def starter_files(today: dt.date) -> dict[str, bytes]:
    """Relative path → content of every starter file."""
    issued = f"{today.isoformat()}T09:00:00Z"
    media = _silence_wav()
    digest = hashlib.sha256(media).hexdigest()
    documents = {
        "omrs.yaml": _bundle(today, issued, digest),
        "records/consent.yaml": _consent(today, issued),
        "records/license.yaml": _license(today, issued),
        "records/disclosure.yaml": _disclosure(today, issued, digest),
    }
    files = {
        name: yaml_out.dump(doc, sort_keys=False, width=100).encode()
        for name, doc in documents.items()
    }
    files[MEDIA] = media
    return files


def write_starter(directory: Path, *, today: dt.date, force: bool = False) -> list[Path]:
    """Write the starter into ``directory``; refuse to overwrite unless ``force``."""
    files = starter_files(today)
    existing = [directory / n for n in files if (directory / n).exists()]
    if existing and not force:
        raise StarterExists(f"{existing[0]} already exists")
    written = []
    for name, content in files.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(target)
    return written
