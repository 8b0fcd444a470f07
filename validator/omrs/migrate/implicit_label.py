"""1.0 → 1.1: China's implicit label moves from an extension into its structured field.

OMRS 1.0 could only record GB 45438-2025 Annex E's ``AIGC`` fields as
``extensions["cn.org.tc260.aigc"]``; 1.1 has ``machineReadableMarking.implicitLabel``. The step
moves the fields (renamed to lower camel case, values unchanged), removes the extension key,
and removes ``extensions`` when nothing else is left in it. An extension the field cannot hold
exactly (an unknown key, a value that is not a non-empty string, a ``Label`` other than
1, 2 or 3), or a document that already has the field, is left as it is: nothing is lost, and
the China rules keep reading the extension.
"""

from __future__ import annotations

from typing import Any

from omrs import aigc
from omrs.loading.positions import join_pointer
from omrs.migrate.edits import Edit, Insert, Remove
from omrs.migrate.steps import register


def _movable(data: dict[str, Any]) -> dict[str, str] | None:
    if data.get("recordType") != "ai-disclosure":
        return None
    extensions = data.get("extensions")
    legacy = extensions.get(aigc.EXTENSION) if isinstance(extensions, dict) else None
    marking = data.get("machineReadableMarking")
    if not isinstance(legacy, dict) or (isinstance(marking, dict) and "implicitLabel" in marking):
        return None
    if not all(isinstance(v, str) for v in legacy.values()):
        return None
    return aigc.as_field(legacy)


def implicit_label(data: dict[str, Any]) -> list[Edit]:
    """Move ``extensions["cn.org.tc260.aigc"]`` into ``machineReadableMarking.implicitLabel``."""
    field = _movable(data)
    if field is None:
        return []
    marking = data.get("machineReadableMarking")
    if isinstance(marking, dict) and marking:
        last = join_pointer("/machineReadableMarking", list(marking)[-1])
        edits: list[Edit] = [Insert("/machineReadableMarking", last, "implicitLabel", field)]
    else:
        keys = [k for k in data if k not in ("extensions", "machineReadableMarking")]
        after = join_pointer("", keys[-1])
        edits = [Insert("", after, "machineReadableMarking", {"implicitLabel": field})]
        if isinstance(marking, dict):  # an empty marking object is replaced
            edits.insert(0, Remove("/machineReadableMarking"))
    if len(data["extensions"]) == 1:
        edits.append(Remove("/extensions"))
    else:
        edits.append(Remove(join_pointer("/extensions", aigc.EXTENSION)))
    return edits


register("1.1", "China implicit label", implicit_label)
