"""Parsing XMP packets safely and extracting the rights properties OMRS cares about.

XMP never needs a DTD, so any DOCTYPE is refused before lxml sees the bytes (this also
stops internal-subset attacks such as billion laughs and XXE). The parser itself resolves
no entities, loads no DTD, touches no network and keeps libxml2's size limits on.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from omrs.xmp.namespaces import PREFIXES, RDF, XML, qname
from omrs.xmp.packets import Packet, Problem
from omrs.xmp.rights import BAGS, LANG_ALT, PROPERTIES, XmpRights

_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_DOCTYPE_WIDE = tuple(
    marker.encode(codec)
    for marker in ("<!DOCTYPE", "<!ENTITY", "<!doctype", "<!entity")
    for codec in ("utf-16-le", "utf-16-be")
)
_RDF_RDF = qname(RDF, "RDF")
_DESCRIPTION = qname(RDF, "Description")
_CONTAINERS = {qname(RDF, kind) for kind in ("Alt", "Bag", "Seq")}
_LI = qname(RDF, "li")
_RESOURCE = qname(RDF, "resource")
_VALUE = qname(RDF, "value")
_LANG = qname(XML, "lang")

#: Clark name -> property name (``prefix:Local``) for the properties we extract.
_WANTED = {qname(PREFIXES[name.split(":")[0]], name.split(":")[1]): name for name in PROPERTIES}


def hardened_parser() -> Any:
    """An lxml parser that cannot be made to read files, fetch URLs or expand entities."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def parse_packet(packet: Packet) -> XmpRights | Problem:
    """The rights properties of ``packet``, or why it cannot be read."""
    refused = _refuse_dtd(packet)
    if refused is not None:
        return refused
    try:
        root = etree.fromstring(packet.data, hardened_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or None
        return Problem(
            "xmp.malformed",
            f"{packet.where(line)} is not well-formed XML: {exc.msg}",
            packet.path,
            packet.offset,
            line,
        )
    except (etree.LxmlError, ValueError) as exc:
        return Problem(
            "xmp.malformed", f"{packet.where()} cannot be parsed: {exc}", packet.path, packet.offset
        )
    if root.getroottree().docinfo.doctype:
        return _dtd_problem(packet)
    rdf = root if root.tag == _RDF_RDF else next(root.iter(_RDF_RDF), None)
    if rdf is None:
        return Problem(
            "xmp.malformed", f"{packet.where()} has no rdf:RDF element", packet.path, packet.offset
        )
    return _extract(rdf)


def _refuse_dtd(packet: Packet) -> Problem | None:
    data = packet.data
    if _DOCTYPE.search(data) or any(marker in data for marker in _DOCTYPE_WIDE):
        return _dtd_problem(packet)
    return None


def _dtd_problem(packet: Packet) -> Problem:
    return Problem(
        "xmp.forbidden-dtd",
        f"{packet.where()} contains a DOCTYPE or ENTITY declaration; XMP never needs one, "
        "so the packet is refused unread (protection against entity expansion and XXE)",
        packet.path,
        packet.offset,
    )


def _extract(rdf: Any) -> XmpRights:
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for desc in rdf.iterchildren(_DESCRIPTION):
        for attr, raw in desc.attrib.items():
            name = _WANTED.get(attr)
            if name and name not in values:
                values[name], lines[name] = [("", raw.strip())], desc.sourceline
        for child in desc.iterchildren():
            name = _WANTED.get(child.tag) if isinstance(child.tag, str) else None
            if name and name not in values:
                values[name], lines[name] = _element_values(child), child.sourceline
    fields: dict[str, Any] = {}
    for name, items in values.items():
        attr = PROPERTIES[name]
        if name in LANG_ALT:
            fields[attr] = _lang_alt(items)
        elif name in BAGS:
            fields[attr] = tuple(text for _, text in items if text)
        else:
            fields[attr] = _single(items)
    return XmpRights(**fields, lines=lines)


def _element_values(element: Any) -> list[tuple[str, str]]:
    """(lang, text) items of a property element, whatever RDF form it takes."""
    resource = element.get(_RESOURCE)
    if resource is not None:
        return [("", resource.strip())]
    container = next((c for c in element.iterchildren() if c.tag in _CONTAINERS), None)
    if container is not None:
        return [(li.get(_LANG, ""), _text(li)) for li in container.iterchildren(_LI)]
    return [(element.get(_LANG, ""), _text(element))]


def _text(element: Any) -> str:
    """Text of a simple value, an ``rdf:resource``, or the ``rdf:value`` of a qualified one."""
    resource = element.get(_RESOURCE)
    if resource is not None:
        return str(resource).strip()
    value = element.find(f".//{_VALUE}")
    if value is not None:
        return (value.text or "").strip()
    return (element.text or "").strip()


def _single(items: list[tuple[str, str]]) -> str | None:
    for lang, text in items:
        if lang == "x-default" and text:
            return text
    return next((text for _, text in items if text), None)


def _lang_alt(items: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    pairs = [(lang or "x-default", text) for lang, text in items if text]
    pairs.sort(key=lambda pair: pair[0] != "x-default")
    return tuple(pairs)
