"""Helpers for the XMP tests (a module of its own: conftest modules are not importable)."""

from __future__ import annotations

import subprocess


def run_exiftool(exiftool: str, *args: str) -> str:
    """Run exiftool, fail the test on a non-zero exit, return its standard output."""
    done = subprocess.run([exiftool, *args], capture_output=True, text=True, timeout=60, check=True)
    return done.stdout
