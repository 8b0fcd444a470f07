"""A bundle whose records are hostile: script tags, a right-to-left override, huge names."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.conftest import FIXTURES

DOCUMENTARY = FIXTURES / "records" / "valid" / "bundle-documentary"
FAILING = FIXTURES / "scenarios" / "estate-voice-only"
SCRIPT = "<script>window.omrsPwned = 1</script>"
IMG = '<img src=x onerror="window.omrsPwned = 2">'
RLO = "\u202e"
HUGE = "A" * 100_000


def hostile_bundle(folder: Path) -> Path:
    """The documentary bundle, its consent, bundle and waiver values replaced by attacks."""
    shutil.copytree(DOCUMENTARY, folder)
    consent_path = folder / "records" / "consent-estate-okafor.yaml"
    consent = yaml.safe_load(consent_path.read_text("utf-8"))
    consent["subject"]["name"] = f"{SCRIPT}{RLO}evil{HUGE}"
    consent["intendedUses"][0]["description"] = f"{IMG} {RLO}gnp.exe"
    consent_path.write_text(yaml.safe_dump(consent, allow_unicode=True), "utf-8")
    bundle_path = folder / "omrs.yaml"
    bundle = yaml.safe_load(bundle_path.read_text("utf-8"))
    bundle["work"]["title"] = f"</title><script>window.omrsPwned = 3</script>{HUGE}"
    bundle["assets"][0]["people"][0]["name"] = f"{SCRIPT}{HUGE}"
    bundle["waivers"] = [
        {
            "rule": "bundle.digest-mismatch",
            "target": "records/consent-estate-okafor.yaml",
            "reason": f"{IMG}{RLO}",
            "approvedBy": {"name": f"{SCRIPT}", "kind": "person"},
            "until": "2030-01-01",
        }
    ]
    bundle_path.write_text(yaml.safe_dump(bundle, allow_unicode=True), "utf-8")
    return folder
