"""Shared test helpers: where the repository, its fixtures and ../shared are; a JSON walk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    """``../shared`` beside the repository; tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the shared conformance data is not on this machine")
    return SHARED


def walk_json(node: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every (JSON Pointer, value) pair of ``node``, itself first (schemas are walked so)."""
    yield pointer, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk_json(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk_json(value, f"{pointer}/{index}")
