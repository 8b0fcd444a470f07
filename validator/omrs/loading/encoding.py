"""Bytes to text: records are UTF-8, and a file in another encoding is told so plainly.

UTF-16 and UTF-32 text without a byte-order mark is mostly valid UTF-8 (ASCII characters
with NUL bytes between them), so decoding "succeeds" and the parser then reports a
baffling syntax error. Such files are recognised by where their NUL bytes fall.
"""

from __future__ import annotations

import re
from typing import Any

from omrs.loading.errors import LoadProblem
from omrs.loading.positions import LineTable, PositionIndex, join_pointer

_UTF8_BOM = b"\xef\xbb\xbf"
#: Byte-order marks of the encodings records must not use, longest first.
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
)
#: Which byte positions (mod 4) hold NULs when ASCII text is stored in each encoding.
_NUL_SHAPES = (
    ((1, 2, 3), "UTF-32 (little-endian)"),
    ((0, 1, 2), "UTF-32 (big-endian)"),
    ((1, 3), "UTF-16 (little-endian)"),
    ((0, 2), "UTF-16 (big-endian)"),
)
_SAMPLE = 4096
_SURROGATE = re.compile("[\ud800-\udfff]")


def _wide_encoding(raw: bytes) -> str | None:
    """The UTF-16/UTF-32 variant ``raw`` looks like, judged from its NUL bytes."""
    sample = raw[: _SAMPLE - _SAMPLE % 4] if len(raw) >= 4 else raw
    if b"\x00" not in sample:
        return None
    quarter = max(1, len(sample) // 4)
    nuls = [sample[lane::4].count(0) for lane in range(4)]
    for lanes, name in _NUL_SHAPES:
        mostly = all(nuls[lane] * 2 >= quarter for lane in lanes)
        others = [nuls[lane] for lane in range(4) if lane not in lanes]
        if mostly and all(n * 4 < quarter for n in others):
            return name
    return None


def _wrong_encoding(name: str, how: str) -> LoadProblem:
    return LoadProblem(
        "load.encoding",
        f"the file is {name} text {how}; records must be UTF-8: save the file as UTF-8",
        line=1,
        column=1,
    )


def decode(raw: bytes) -> str:
    """UTF-8 (a BOM is tolerated); other encodings are named, bad bytes located."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            raise _wrong_encoding(name, "(it starts with that encoding's byte-order mark)")
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM) :]
    wide = _wide_encoding(raw)
    if wide is not None:
        raise _wrong_encoding(wide, "without a byte-order mark (NUL bytes between characters)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", errors="replace")
        line, column = LineTable(good).position(len(good))
        raise LoadProblem(
            "load.encoding",
            f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not UTF-8; "
            "save the file as UTF-8",
            line=line,
            column=column,
        ) from None


def surrogate_problem(code_point: int, *, in_name: bool = False) -> LoadProblem:
    """A lone UTF-16 surrogate (written as an escape): no character, and no UTF-8 for it."""
    kind = "a member name" if in_name else "a string"
    return LoadProblem(
        "load.encoding",
        f"{kind} holds \\u{code_point:04x}, half of a UTF-16 surrogate pair without its "
        "other half: it is not a Unicode character and cannot be stored as UTF-8",
    )


def _first_surrogate(data: Any) -> tuple[str, str | None, str] | None:
    """(pointer, the member name holding it or None, the surrogate) of the first one."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        pointer, value = stack.pop()
        if isinstance(value, str):
            if found := _SURROGATE.search(value):
                return pointer, None, found.group()
        elif isinstance(value, dict):
            for key in value:
                if found := _SURROGATE.search(key):
                    return pointer, key, found.group()
            stack.extend((join_pointer(pointer, k), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((join_pointer(pointer, i), v) for i, v in reversed(list(enumerate(value))))
    return None


def refuse_surrogates(data: Any, index: PositionIndex) -> None:
    """Refuse a document holding a lone surrogate: it would break every UTF-8 report.

    The finding points at the object when a member name holds it, so that no report has
    to carry the surrogate itself.
    """
    found = _first_surrogate(data)
    if found is None:
        return
    pointer, name, surrogate = found
    problem = surrogate_problem(ord(surrogate), in_name=name is not None)
    where = index.value(pointer) if name is None else index.key(join_pointer(pointer, name))
    problem.pointer = pointer
    problem.line, problem.column = where or (None, None)
    raise problem
