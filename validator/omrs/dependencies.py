"""What a target's result depends on besides its own bytes, for the result cache.

One small interface, :func:`inputs_of`: the files whose content can change a target's
result. A bundle's result depends on the records it lists (each is judged inside it) and
on the assets it lists (their digests are checked); a media file's on its sidecars (the
``.c2pa`` manifest and ``.xmp`` packets beside it). A record's own result depends on
itself alone. The project index of the context-aware runs (issue 12) will answer the
same question from the index it builds; until then bundles are read here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from omrs.bundles import outside
from omrs.discovery import Target
from omrs.findings import FileKind
from omrs.loading import LoadProblem, load_document

#: ``(target, its own bytes) -> the other files its result depends on``.
Inputs = Callable[[Target, bytes], tuple[Path, ...]]


def inputs_of(target: Target, content: bytes, *, max_size: int) -> tuple[Path, ...]:
    """The files besides ``target`` (whose bytes are ``content``) its result depends on."""
    path = Path(target.path)
    if target.kind is FileKind.MEDIA:
        return tuple(
            dict.fromkeys(
                (path.with_suffix(".c2pa"), path.with_suffix(".xmp"), Path(f"{path}.xmp"))
            )
        )
    if target.kind is FileKind.RECORD and b"bundle" in content:
        return bundle_inputs(path, max_size=max_size)
    return ()


def bundle_inputs(path: Path, *, max_size: int) -> tuple[Path, ...]:
    """The records and assets the bundle at ``path`` lists (none when it is no bundle).

    Paths that leave the bundle's folder are left out: the bundle never reads them.
    """
    try:
        doc = load_document(path, max_size=max_size)
    except LoadProblem:
        return ()
    data = doc.data
    if not isinstance(data, dict) or data.get("recordType") != "bundle":
        return ()
    folder = path.parent
    found: list[Path] = []
    for section in ("records", "assets"):
        entries = data.get(section)
        for entry in entries if isinstance(entries, list) else ():
            listed = entry.get("path") if isinstance(entry, dict) else None
            if isinstance(listed, str) and outside(folder, listed) is None:
                found.append(folder / listed)
    return tuple(dict.fromkeys(found))
