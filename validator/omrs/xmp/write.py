"""Writing XMP sidecars: standard x:xmpmeta / rdf:RDF / rdf:Description, written atomically.

The packet wrapper is optional for sidecars; it is written anyway (with the standard packet
id and a UTF-8 byte-order mark in ``begin``) because some tools only recognise wrapped
packets and exiftool reads both. Output is deterministic: same rights, same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

from omrs.fileio import atomic_write
from omrs.version import TOOL_VERSION
from omrs.xmp.namespaces import PREFIXES, RDF, XML, X, qname
from omrs.xmp.rights import BAGS, LANG_ALT, PROPERTIES, XmpRights

#: The packet id every XMP packet carries (XMP specification part 1, packet wrapper).
PACKET_ID = "W5M0MpCehiHzreSzNTczkc9d"
_HEADER = f'<?xpacket begin="\ufeff" id="{PACKET_ID}"?>\n'.encode()
_TRAILER = b'<?xpacket end="w"?>\n'


def serialise(rights: XmpRights, *, wrapper: bool = True) -> bytes:
    """The sidecar bytes for ``rights``: only properties with a value are written."""
    used = rights.prefixes()
    root = etree.Element(qname(X, "xmpmeta"), nsmap={"x": X})
    root.set(qname(X, "xmptk"), f"OMRS {TOOL_VERSION}")
    rdf = etree.SubElement(root, qname(RDF, "RDF"), nsmap={"rdf": RDF})
    desc = etree.SubElement(rdf, qname(RDF, "Description"), nsmap={p: PREFIXES[p] for p in used})
    desc.set(qname(RDF, "about"), "")
    for name, attr in PROPERTIES.items():
        value = getattr(rights, attr)
        if value:
            _add(desc, name, value)
    body: bytes = etree.tostring(root, encoding="UTF-8", pretty_print=True, xml_declaration=False)
    return _HEADER + body + _TRAILER if wrapper else body


def _add(desc: Any, name: str, value: Any) -> None:
    prefix, local = name.split(":")
    prop = etree.SubElement(desc, qname(PREFIXES[prefix], local))
    if name in LANG_ALT:
        alt = etree.SubElement(prop, qname(RDF, "Alt"))
        for lang, text in value:
            li = etree.SubElement(alt, qname(RDF, "li"))
            li.set(qname(XML, "lang"), lang)
            li.text = text
    elif name in BAGS:
        bag = etree.SubElement(prop, qname(RDF, "Bag"))
        for text in value:
            etree.SubElement(bag, qname(RDF, "li")).text = text
    else:
        prop.text = str(value)


def write_sidecar(rights: XmpRights, destination: Path) -> Path:
    """Write ``destination`` atomically (temporary file, fsync, rename); raise OSError.

    A crash or a full disk leaves either the old file or the new one, never half of one.
    """
    atomic_write(destination, serialise(rights))
    return destination
