"""Where the media tests find their inputs (imported by name: tests/ is not a package)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
#: The shared C2PA conformance corpus sits beside the repository (``../shared``), read in place.
CORPUS = REPO.parent / "shared" / "conformance" / "c2pa"
MEDIA_FIXTURES = REPO / "fixtures" / "media"
