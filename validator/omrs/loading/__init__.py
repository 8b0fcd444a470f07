"""Loading records and bundles from disk (or standard input) with source positions.

``load_document`` is the single way files become documents: it enforces the size limit,
the encoding and the nesting limit, and turns every failure into a ``LoadProblem`` whose
code and position become a finding. It never prints and never exits.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from omrs.fileio import NotRegularFile, open_regular
from omrs.loading.encoding import decode
from omrs.loading.errors import LoadProblem
from omrs.loading.json_source import json_positions, parse_json, too_deep_problem
from omrs.loading.positions import LazyPositions, PositionIndex
from omrs.options import DEFAULT_MAX_FILE_SIZE

__all__ = [
    "MAX_DEPTH",
    "Document",
    "LoadProblem",
    "decode",
    "load_document",
    "parse_text",
    "syntax_of",
]

#: Most objects and arrays that may nest (JSON and YAML alike); real records stay under 15.
MAX_DEPTH = 64

Syntax = Literal["json", "yaml"]
YAML_SUFFIXES = (".yaml", ".yml")
JSON_SUFFIXES = (".json",)


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed record or bundle, with where each value sits in its file."""

    path: str
    data: Any
    syntax: Syntax
    _positions: LazyPositions
    #: SHA-256 of the bytes read from disk (None for standard input and parsed text), so a
    #: bundle can compare a record with the digest it pins without reading the file again.
    sha256: str | None = None

    @property
    def positions(self) -> PositionIndex:
        return self._positions.index

    @property
    def standard_version(self) -> str | None:
        value = self.data.get("omrs") if isinstance(self.data, dict) else None
        return value if isinstance(value, str) else None

    @property
    def record_type(self) -> str | None:
        value = self.data.get("recordType") if isinstance(self.data, dict) else None
        return value if isinstance(value, str) else None

    def locate(self, pointer: str, *, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column for ``pointer`` (its key if ``key``), or of its nearest ancestor."""
        found = self.positions.key(pointer) if key else self.positions.value(pointer)
        return found if found else (None, None)


def syntax_of(path: str | Path) -> Syntax:
    return "yaml" if str(path).lower().endswith(YAML_SUFFIXES) else "json"


def _too_large(size: int, max_size: int) -> LoadProblem:
    return LoadProblem(
        "load.too-large",
        f"file is {size:,} bytes; the limit is {max_size:,} "
        "(raise it with --max-file-size or `max-file-size` in the configuration)",
    )


def _read_bytes(path: Path, max_size: int) -> bytes:
    """The file's bytes; only a regular file is opened (a FIFO would block forever)."""
    try:
        with open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_size:
                raise _too_large(size, max_size)
            raw = handle.read(max_size + 1)
    except FileNotFoundError:
        raise LoadProblem("io.not-found", "no such file or directory", io=True) from None
    except IsADirectoryError:
        raise LoadProblem("io.is-a-directory", "is a directory", io=True) from None
    except NotRegularFile as exc:
        raise LoadProblem("io.not-regular", exc.strerror or "not a regular file", io=True) from None
    except PermissionError:
        raise LoadProblem("io.permission", "permission denied", io=True) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise LoadProblem("io.error", reason[:1].lower() + reason[1:], io=True) from None
    except ValueError:  # os.stat refuses a path with a NUL byte before asking the system
        raise LoadProblem("io.error", "the path contains a NUL byte", io=True) from None
    if len(raw) > max_size:  # the file grew after it was measured
        raise _too_large(len(raw), max_size)
    return raw


def _depth_exceeds(data: Any, limit: int) -> bool:
    """Whether more than ``limit`` objects and arrays nest, the YAML builder's measure too.

    Iterative, so later recursive code (validation, rules) is safe; it holds one iterator
    per level, so a wide array of empty arrays costs no memory.
    """
    if not isinstance(data, dict | list):
        return False
    stack = [iter(data.values() if isinstance(data, dict) else data)]
    while stack:
        for value in stack[-1]:
            if isinstance(value, dict | list):
                if len(stack) >= limit:
                    return True
                stack.append(iter(value.values() if isinstance(value, dict) else value))
                break
        else:
            stack.pop()
    return False


def parse_text(text: str, path: str, syntax: Syntax, *, max_depth: int = MAX_DEPTH) -> Document:
    """Parse decoded text as a document of the given syntax."""
    if not text.strip():
        raise LoadProblem("load.empty", "the file is empty", line=1, column=1)
    if syntax == "yaml":
        from omrs.loading.yaml_source import parse_yaml  # a JSON-only run never loads yaml

        data, index = parse_yaml(text, max_depth)
        return Document(path, data, "yaml", LazyPositions(lambda: index))
    data = parse_json(text, max_depth)
    # Nesting cannot exceed the number of opening brackets in the text (counted in C), so
    # the walk is needed only for documents with more than the limit, which few records have.
    brackets = text.count("{") + text.count("[")
    if brackets > max_depth and _depth_exceeds(data, max_depth):
        raise too_deep_problem(text, max_depth)
    return Document(path, data, "json", LazyPositions(lambda: json_positions(text, data)))


def load_document(
    path: str | Path,
    *,
    max_size: int = DEFAULT_MAX_FILE_SIZE,
    display_path: str | None = None,
) -> Document:
    """Read and parse one file (``-`` is standard input); raise LoadProblem on failure."""
    shown = display_path if display_path is not None else str(path)
    if str(path) == "-":
        import sys

        raw = sys.stdin.buffer.read(max_size + 1)
        if len(raw) > max_size:
            raise LoadProblem("load.too-large", f"standard input exceeds {max_size:,} bytes")
        return parse_text(
            decode(raw), shown, "json" if raw.lstrip()[:1] in (b"{", b"[") else "yaml"
        )
    raw = _read_bytes(Path(path), max_size)
    doc = parse_text(decode(raw), shown, syntax_of(path))
    return dataclasses.replace(doc, sha256=hashlib.sha256(raw).hexdigest())
