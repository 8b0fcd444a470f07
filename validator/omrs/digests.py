"""The byte forms OMRS digests, defined once: records, audit entries, prompts, item lists.

Every digest is SHA-256 as 64 lower-case hex digits (the one ``sha256`` form of the schemas).

- **Canonical JSON** (:func:`canonical_json`): object members sorted by name, no
  insignificant whitespace (separators ``,`` and ``:``), characters written as themselves
  (only ``"``, ``\\`` and control characters escaped), UTF-8. A record's digest, the one
  ``omrs sign`` embeds, is taken over it (spec/1.1/c2pa-binding.md, "Digest"). For values
  that hold only strings, integers, booleans and null under ASCII member names, as audit
  entries do, these are the same bytes as RFC 8785 (JCS), so other implementations can use a
  JCS library.
- **Prompt text** (:func:`text_sha256`): the UTF-8 bytes of the exact text, with no
  normalisation and nothing added (no trailing newline).
- **Item list** (:func:`item_list_sha256`): the items' digests, de-duplicated, sorted, each
  followed by a line feed. ``sort -u digests.txt | sha256sum`` gives the same value.

Pure functions, no I/O.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

#: SHA-256 of zero bytes: what hashing an empty or missing file gives, never real content.
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def canonical_json(value: Any) -> bytes:
    """The one byte form a JSON value is digested in (see the module text)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def record_digest(value: Any) -> str:
    """SHA-256 of :func:`canonical_json`, as 64 lower-case hex digits."""
    return hashlib.sha256(canonical_json(value)).hexdigest()


def text_sha256(text: str) -> str:
    """SHA-256 of the UTF-8 bytes of ``text`` exactly as given (a prompt's digest)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def item_list_sha256(digests: Iterable[str]) -> str:
    """SHA-256 of the sorted, de-duplicated digests, one per line, each ending in ``\\n``."""
    lines = "".join(f"{d}\n" for d in sorted(set(digests)))
    return hashlib.sha256(lines.encode("ascii", "replace")).hexdigest()
