"""What migrating one file did, or would do, or why it cannot be done."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Outcome"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One file's text before and after, the steps that changed it, or its problem.

    ``code`` is the ``io.*`` code of a path that could not be read at all (as ``omrs check``
    reports it); ``sha256`` is the digest of the bytes read, which a bundle's pin of the file
    must have held for the migration to update that pin.
    """

    path: str
    before: str
    after: str
    source: str | None = None
    target: str | None = None
    changes: tuple[str, ...] = ()
    problem: str | None = None
    code: str | None = None
    sha256: str | None = None
    #: The file starts with a UTF-8 byte-order mark: kept on writing, never in the texts
    #: (which are parsed and edited by offset, as the loader reads them).
    bom: bool = False

    @property
    def changed(self) -> bool:
        return self.problem is None and self.after != self.before

    @property
    def data(self) -> bytes:
        """The bytes the file holds after migrating (a kept BOM included)."""
        return (b"\xef\xbb\xbf" if self.bom else b"") + self.after.encode("utf-8")
