"""China's implicit label: the ``AIGC`` metadata field of GB 45438-2025 Annex E.

OMRS 1.1 records it as ``machineReadableMarking.implicitLabel`` (lower camel case names);
OMRS 1.0 had only ``extensions["cn.org.tc260.aigc"]`` with Annex E's own names. Both are
read here, the 1.1 field first. What travels in the file is TC260's form (practice guide
TC260-PG-20258A, secondary sources): XMP namespace ``http://www.tc260.org.cn/ns/AIGC/1.0/``,
property ``TC260:AIGC``, whose value is the JSON object as a string with all seven keys in
Annex E's order and an empty string for a field not given, as vendor samples write it.
Pure functions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

#: XMP namespace and prefix of the TC260 practice guide.
TC260_NAMESPACE = "http://www.tc260.org.cn/ns/AIGC/1.0/"
TC260_PREFIX = "TC260"
#: The 1.0 extension key (TC260's namespace in reverse-domain form).
EXTENSION = "cn.org.tc260.aigc"
#: OMRS 1.1 field name -> Annex E name, in Annex E's order.
FIELDS: tuple[tuple[str, str], ...] = (
    ("label", "Label"),
    ("contentProducer", "ContentProducer"),
    ("produceId", "ProduceID"),
    ("reservedCode1", "ReservedCode1"),
    ("contentPropagator", "ContentPropagator"),
    ("propagateId", "PropagateID"),
    ("reservedCode2", "ReservedCode2"),
)
TO_ANNEX = dict(FIELDS)
FROM_ANNEX = {annex: field for field, annex in FIELDS}
#: What Art. 5 of the Measures requires: content attribute, provider, content ID.
REQUIRED = ("Label", "ContentProducer", "ProduceID")
LABELS = frozenset({"1", "2", "3"})
#: Characters Annex E allows in a value, as secondary sources quote it (GB18030 0x21,
#: 0x23-0x5B, 0x5D-0x7E: printable ASCII without space, quotation mark and backslash).
ALLOWED = re.compile(r"^[!#-\[\]-~]*$")


def record_fields(disclosure: Mapping[str, Any] | None) -> tuple[dict[str, str], str] | None:
    """The implicit label's fields under Annex E names, and where they were recorded.

    ``None`` when the disclosure records none. Non-string values are left out (the caller
    reports what is missing).
    """
    if not disclosure:
        return None
    marking = disclosure.get("machineReadableMarking")
    label = marking.get("implicitLabel") if isinstance(marking, Mapping) else None
    if isinstance(label, Mapping):
        fields = {TO_ANNEX[k]: v for k, v in label.items() if k in TO_ANNEX and isinstance(v, str)}
        return fields, "machineReadableMarking.implicitLabel"
    extensions = disclosure.get("extensions")
    legacy = extensions.get(EXTENSION) if isinstance(extensions, Mapping) else None
    if isinstance(legacy, Mapping):
        fields = {k: v for k, v in legacy.items() if isinstance(k, str) and isinstance(v, str)}
        return fields, f"extensions[{EXTENSION!r}]"
    return None


def xmp_value(fields: Mapping[str, str]) -> str:
    """The ``TC260:AIGC`` value: the JSON object, every Annex E key in order, compact."""
    whole = {annex: str(fields.get(annex, "")) for _, annex in FIELDS}
    return json.dumps(whole, ensure_ascii=False, separators=(",", ":"))


def disclosure_value(disclosure: Mapping[str, Any] | None) -> str | None:
    """The ``TC260:AIGC`` value a disclosure implies, or None when it records no label."""
    found = record_fields(disclosure)
    return xmp_value(found[0]) if found and found[0] else None


def parse_xmp_value(text: str) -> dict[str, str] | None:
    """Annex E fields from a ``TC260:AIGC`` value (bare, or wrapped as ``{"AIGC": {...}}``);
    empty fields are dropped. None when the text is not such a JSON object."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if isinstance(data, dict) and isinstance(data.get("AIGC"), dict):
        data = data["AIGC"]
    if not isinstance(data, dict):
        return None
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str) and v}


def as_field(fields: Mapping[str, str]) -> dict[str, str] | None:
    """The 1.1 ``implicitLabel`` object for Annex E ``fields``, or None when it cannot hold
    them exactly (an unknown key, an empty value, a ``Label`` outside 1-3): then the 1.0
    extension stays where it is, so nothing is lost."""
    if not fields or any(k not in FROM_ANNEX or not v for k, v in fields.items()):
        return None
    if "Label" in fields and fields["Label"] not in LABELS:
        return None
    return {FROM_ANNEX[annex]: fields[annex] for _, annex in FIELDS if annex in fields}
