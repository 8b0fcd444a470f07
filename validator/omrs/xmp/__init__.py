"""XMP and IPTC interoperability: read, write and cross-check rights metadata.

Embedded XMP packets and ``.xmp`` sidecars carry the IPTC digital source type, the PLUS
data-mining statement and model-release fields. This package reads them with a hardened
lxml parser (no DTDs, no entities, no network), maps them to and from OMRS records, writes
sidecars, and reports where XMP, C2PA and the bundle disagree. It never imports c2pa.
"""

from __future__ import annotations
