"""The migrations between standard versions, as data: each hop is a list of steps.

A step looks at a document's data and returns the edits that move it to the hop's target
version, or none when there is nothing to do (so every step is idempotent, and the same
steps also rewrite the deprecated forms a document of the target version may still use).
A hop between majors is registered the same way, which is how 2.0 will come in: its steps
may refuse a document they cannot carry over losslessly by raising :class:`Unmigratable`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from omrs.migrate.edits import Edit, Insert, Set, child

Step = Callable[[dict[str, Any]], list[Edit]]


class Unmigratable(ValueError):
    """The document holds something the target version cannot say without loss."""


@dataclass(frozen=True, slots=True)
class Hop:
    """From the previous version of the standard to ``target``."""

    target: str
    steps: tuple[tuple[str, Step], ...]


def _version(target: str) -> Step:
    def step(data: dict[str, Any]) -> list[Edit]:
        return [] if data.get("omrs") == target else [Set("/omrs", target)]

    return step


def _releases(data: dict[str, Any]) -> list[str]:
    """Pointers of the release objects a document has (disclosures and bundles have one)."""
    return ["/release"] if isinstance(data.get("release"), dict) else []


def release_kind(data: dict[str, Any]) -> list[Edit]:
    """1.1 separates what a deliverable is (``kind``) from how it speaks (``context``).

    1.0's context ``advertisement`` named a kind; it becomes ``kind: advertisement`` with the
    context ``commercial`` that 1.1 adds, which says the same thing in the two fields.
    """
    edits: list[Edit] = []
    for pointer in _releases(data):
        release = data["release"]
        if release.get("context") != "advertisement":
            continue
        edits.append(Set(child(pointer, "context"), "commercial"))
        if "kind" not in release:
            edits.append(Insert(pointer, child(pointer, "context"), "kind", "advertisement"))
    return edits


#: Every hop, oldest first. Extra 1.1 steps register here too (see ``register``).
HOPS: list[Hop] = [
    Hop("1.1", (("release kind and context", release_kind),)),
]


def register(target: str, name: str, step: Step) -> None:
    """Add ``step`` to the hop that reaches ``target`` (modules of new fields call this)."""
    for i, hop in enumerate(HOPS):
        if hop.target == target:
            HOPS[i] = Hop(target, (*hop.steps, (name, step)))
            return
    raise KeyError(f"no migration reaches {target}")


def path(source: str, target: str) -> list[Hop]:
    """The hops from a document of ``source`` to ``target``, including ``target``'s own.

    The target's own hop is included so that a document already at the target version
    has its deprecated forms rewritten too. Going back to an older version is refused.
    """
    from omrs.schemas import version_key

    if version_key(target) < version_key(source):
        raise Unmigratable(f"cannot migrate OMRS {source} back to the older {target}")
    return [h for h in HOPS if version_key(source) <= version_key(h.target) <= version_key(target)]


def steps_to(source: str, target: str) -> list[tuple[str, Step]]:
    """Named steps, in order, that take a ``source`` document to ``target``."""
    steps: list[tuple[str, Step]] = []
    for hop in path(source, target):
        steps += hop.steps
    if source != target or steps:
        steps.append(("standard version", _version(target)))
    return steps
