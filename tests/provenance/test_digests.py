"""The byte forms OMRS digests are exactly as the spec defines them, and independent of order."""

from __future__ import annotations

import hashlib
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omrs.digests import EMPTY_SHA256, canonical_json, item_list_sha256, text_sha256

HEX = st.text("0123456789abcdef", min_size=64, max_size=64)


@settings(max_examples=50, deadline=None)
@given(digests=st.lists(HEX, max_size=20))
def test_item_list_digest_is_the_sorted_distinct_lines(digests: list[str]) -> None:
    lines = "".join(f"{d}\n" for d in sorted(set(digests))).encode()
    assert item_list_sha256(digests) == hashlib.sha256(lines).hexdigest()
    assert item_list_sha256(reversed(digests)) == item_list_sha256(digests)


def test_item_list_digest_is_what_the_shell_gives() -> None:
    if not (shutil.which("sort") and shutil.which("sha256sum")):
        pytest.skip("sort and sha256sum are not installed")
    digests = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(12)]
    shell = subprocess.run(
        "LC_ALL=C sort -u | sha256sum",
        shell=True,
        input="\n".join(reversed(digests)) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    assert shell.stdout.split()[0] == item_list_sha256(digests)


def test_prompt_digest_is_of_the_exact_text() -> None:
    assert text_sha256("") == EMPTY_SHA256
    assert text_sha256("é") == hashlib.sha256("é".encode()).hexdigest()
    assert text_sha256("a") != text_sha256("a\n") != text_sha256("e\u0301")


def test_canonical_json_of_an_entry_is_rfc_8785() -> None:
    """Members sorted, no spaces, characters as themselves, only the required escapes."""
    entry = {"note": 'say "hi"\n\t\\ é', "at": "2026-01-01T00:00:00Z", "by": {"name": "Ø"}}
    expected = '{"at":"2026-01-01T00:00:00Z","by":{"name":"Ø"},"note":"say \\"hi\\"\\n\\t\\\\ é"}'
    assert (
        canonical_json({**entry, "n": 3}) == expected.replace(',"note"', ',"n":3,"note"').encode()
    )
