"""Hypothesis strategies that turn a valid record into a hostile or odd one.

Two levels: *data* mutations replace, drop or add one value anywhere in the parsed
document (types, huge and odd numbers, unicode edge cases, odd dates); *text* mutations
damage the serialised file (duplicate keys, YAML tags, merge keys, second documents, BOMs,
control characters, truncation).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import yaml
from hypothesis import strategies as st

Pointer = tuple[str | int, ...]

#: Characters that break naive code: controls, a lone surrogate, bidi overrides, zero
#: width, non-BMP, NUL, quotes and backslashes, line and paragraph separators.
ODD_CHARS = (
    "\x00\x01\x07\x1b\x7f\x85\u200b\u200e\u200f\u202e\u2066\u2028\u2029\ufeff\ufffe"
    "\U0001f600\U000e0001'\"\\\t\r\n"
)
ODD_TEXT = st.text(
    alphabet=st.one_of(st.sampled_from(ODD_CHARS), st.characters(codec="utf-8")),
    max_size=40,
)
ODD_DATES = st.sampled_from(
    [
        "9999-12-31",
        "9999-12-31T23:59:59Z",
        "0001-01-01",
        "0001-01-01T00:00:00Z",
        "2026-02-29",
        "2024-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-06-31",
        "2026-1-1",
        "2026-06-01T25:00:00Z",
        "2026-06-01T12:00:00+99:00",
        "２０２６-０６-０１",
        "2026-06-01\n",
        "",
    ]
)
ODD_NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 2**63, -(2**63) - 1, 10**300, 1e308, -0.0, 5e-324, 0.1]),
    st.floats(allow_nan=False, allow_infinity=False),
)
JSON_LEAVES = st.one_of(st.none(), st.booleans(), ODD_NUMBERS, ODD_TEXT, ODD_DATES)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(ODD_TEXT, inner, max_size=4)
    ),
    max_leaves=12,
)


def pointers(data: Any, here: Pointer = ()) -> Iterator[Pointer]:
    """Every place in ``data`` (the root first)."""
    yield here
    if isinstance(data, dict):
        for key, value in data.items():
            yield from pointers(value, (*here, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from pointers(value, (*here, index))


def replace(data: Any, where: Pointer, value: Any) -> Any:
    if not where:
        return value
    out = copy.deepcopy(data)
    parent = out
    for token in where[:-1]:
        parent = parent[token]
    parent[where[-1]] = value
    return out


def _drop(data: Any, where: Pointer) -> Any:
    if not where:
        return data
    out = copy.deepcopy(data)
    parent = out
    for token in where[:-1]:
        parent = parent[token]
    del parent[where[-1]]
    return out


def _add(data: Any, where: Pointer, key: str, value: Any) -> Any:
    out = copy.deepcopy(data)
    target = out
    for token in where:
        target = target[token]
    if isinstance(target, dict):
        target[key] = value
    elif isinstance(target, list):
        target.append(value)
    return out


@st.composite
def mutated(draw: st.DrawFn, data: Any) -> Any:
    """``data`` with one to three values replaced, dropped or added."""
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        where = draw(st.sampled_from(list(pointers(data))))
        how = draw(st.sampled_from(["replace", "replace", "drop", "add"]))
        if how == "replace":
            data = replace(data, where, draw(JSON_VALUES))
        elif how == "drop":
            data = _drop(data, where)
        else:
            data = _add(data, where, draw(ODD_TEXT), draw(JSON_VALUES))
    return data


def as_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8", "surrogatepass")


def as_yaml(data: Any) -> bytes:
    """YAML for ``data`` with non-ASCII characters escaped.

    PyYAML's emitter writes NEL, LS and PS raw inside quoted scalars when ``allow_unicode``
    is on, and YAML 1.1 folds them on reading (found by fuzzing: ``'a\x85b'`` reads back as
    ``'a b'``), so the escaped form is the only faithful one.
    """
    return yaml.safe_dump(data, allow_unicode=False, sort_keys=False).encode("utf-8")


def reorder(data: Any, rnd: Any) -> Any:
    """The same document with every object's keys in another order."""
    if isinstance(data, dict):
        items = list(data.items())
        rnd.shuffle(items)
        return {k: reorder(v, rnd) for k, v in items}
    if isinstance(data, list):
        return [reorder(v, rnd) for v in data]
    return data


_YAML_DAMAGE = [
    b"\n---\nomrs: '1.0'\n",  # a second document
    b"\nextra: !!int abc\n",
    b"\nextra: !!float abc\n",
    b"\nextra: !!bool maybe\n",
    b"\nextra: 0x_\n",
    b"\nextra: !!binary aGVsbG8=\n",
    b"\nextra: !!python/object:os.system ls\n",
    b"\nextra: !custom thing\n",
    b"\nbase: &b {k: 1}\nmerged: {<<: *b, k: 2}\n",
    b"\nloop: &l [*l]\n",
    b"\nnested: &n {self: *n}\n",
    b"\nextra: *nowhere\n",
    b"\n? [complex, key]\n: 1\n",
    b"\nextra: \x01raw control\n",
    b'\nextra: "\\ud800"\n',
    b"\nomrs: '1.0'\n",  # a duplicate key
    b"\n\t tabbed: 1\n",
]
_JSON_DAMAGE = [
    b',"omrs": "1.0"',
    b',"x": "\\ud800\\udfff\\ud800"',
    b',"x": 1' + b"0" * 5000,
    b',"x": 1e999',
    b',"x": NaN',
    b',"x": "a\x01b"',
    b',"x": "\\u0000"',
]
_BOMS = [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]


@st.composite
def damaged(draw: st.DrawFn, raw: bytes, syntax: str) -> bytes:
    """``raw`` with text-level damage: an insertion, a BOM, a re-encoding or a truncation."""
    how = draw(st.sampled_from(["insert", "bom", "truncate", "bytes", "utf16"]))
    if how == "bom":
        return draw(st.sampled_from(_BOMS)) + raw
    if how == "utf16":
        codec = draw(st.sampled_from(["utf-16-le", "utf-16-be", "utf-32"]))
        return raw.decode("utf-8", "surrogatepass").encode(codec, "surrogatepass")
    if how == "truncate":
        return raw[: draw(st.integers(min_value=0, max_value=len(raw)))]
    at = draw(st.integers(min_value=0, max_value=len(raw)))
    if how == "bytes":
        return raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    if syntax == "yaml":
        return raw + draw(st.sampled_from(_YAML_DAMAGE))
    closing = raw.rstrip().rfind(b"}")
    insert = draw(st.sampled_from(_JSON_DAMAGE))
    return raw[:closing] + insert + raw[closing:] if closing > 0 else raw + insert
