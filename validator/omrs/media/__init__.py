"""The C2PA layer: verify media, sign OMRS records into media, make test keys.

Importing this package (or ``check``, ``codes``, ``formats``, ``privacy``) never loads the
native C2PA library: only the functions that read or write manifests import ``c2pa``, so a
pre-commit run over records pays nothing for media support.
"""

from __future__ import annotations

#: Every OMRS assertion label starts with this reverse-domain prefix (ASCII only).
OMRS_LABEL_PREFIX = "org.omrs."

__all__ = ["OMRS_LABEL_PREFIX"]
