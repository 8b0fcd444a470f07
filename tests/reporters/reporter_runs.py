"""Run results built by hand, covering every shape a reporter must render.

A plain module (not conftest) so that tests can import the builders by name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from omrs.findings import FileKind, FileResult, Finding, Location, Severity

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"
FORMATS = SHARED / "formats"


def needs_shared(name: str) -> Path:
    """Path of a published format schema in ../shared/formats, or skip the test."""
    path = FORMATS / name
    if not path.is_file():
        pytest.skip(f"{path} not available (the shared formats folder sits beside the repo)")
    return path


def consent_file(path: str = "records/consent.json") -> FileResult:
    return FileResult(path, FileKind.RECORD, record_type="likeness-consent", standard_version="1.0")


def failing_file() -> FileResult:
    path = "records/bad-consent.yaml"
    return FileResult(
        path,
        FileKind.RECORD,
        findings=(
            Finding(
                "consent.specific-use",
                Severity.ERROR,
                "intended use 'all future works' is not specific",
                Location(path, "/intendedUses/0/description", 14, 7),
                source="Cal. Lab. Code § 927(a)(1) [P]",
            ),
            Finding(
                "schema.required",
                Severity.ERROR,
                "'name' is a required property",
                Location(path, "/subject/name", 3, 3),
            ),
            Finding(
                "consent.term-ends",
                Severity.WARNING,
                "the consent ends before the release date",
                Location(path, "/term/end"),
            ),
            Finding(
                "vendor.custom-check",
                Severity.INFO,
                'a note, with: commas, colons and 100% "quotes"\nand a second line',
                Location(path, ""),
            ),
        ),
        record_type="likeness-consent",
        standard_version="1.0",
    )


def waived_file() -> FileResult:
    path = "omrs.yaml"
    return FileResult(
        path,
        FileKind.BUNDLE,
        findings=(
            Finding(
                "bundle.asset-digest",
                Severity.ERROR,
                "asset digest does not match the file",
                Location(path, "/assets/2/sha256", 22, 13),
                waived_by="waiver /waivers/0 (approved by Legal, until 2026-12-31)",
            ),
        ),
        record_type="bundle",
        standard_version="1.0",
    )


def media_file() -> FileResult:
    path = "media/shot 01.jpg"
    c2pa = {
        "state": "invalid",
        "activeManifest": "urn:c2pa:3fad1ead-8ed5-44d0-873b-ea5f58adea82",
        "codes": [
            {
                "code": "assertion.dataHash.mismatch",
                "kind": "failure",
                "ingredient": False,
                "url": "self#jumbf=/c2pa/urn:c2pa:3fad/c2pa.assertions/c2pa.hash.data",
                "explanation": "asset hash error",
            },
            {"code": "claimSignature.validated", "kind": "success", "ingredient": False},
            {"code": "signingCredential.untrusted", "kind": "failure", "ingredient": True},
        ],
        "records": [],
    }
    return FileResult(
        path,
        FileKind.MEDIA,
        findings=(
            Finding(
                "c2pa.invalid",
                Severity.ERROR,
                "the C2PA manifest failed validation: assertion.dataHash.mismatch",
                Location(path),
            ),
        ),
        details={"c2pa": c2pa, "xmp": {"digitalSourceType": "trainedAlgorithmicMedia"}},
    )


def unreadable_file() -> FileResult:
    return FileResult(
        "records/missing.json", FileKind.UNKNOWN, io_error="No such file or directory"
    )
