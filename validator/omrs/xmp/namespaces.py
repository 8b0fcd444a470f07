"""XML namespaces and vocabulary bases used by the XMP binding (IPTC, PLUS, RDF, Adobe)."""

from __future__ import annotations

X = "adobe:ns:meta/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML = "http://www.w3.org/XML/1998/namespace"
IPTC_EXT = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
PLUS = "http://ns.useplus.org/ldf/xmp/1.0/"
XMP = "http://ns.adobe.com/xap/1.0/"
XMP_RIGHTS = "http://ns.adobe.com/xap/1.0/rights/"
DC = "http://purl.org/dc/elements/1.1/"
#: China's implicit label (TC260 practice guide TC260-PG-20258A; see ``omrs.aigc``).
TC260 = "http://www.tc260.org.cn/ns/AIGC/1.0/"

#: Prefixes written in sidecars and in the ``cawg.metadata`` JSON-LD context.
PREFIXES: dict[str, str] = {
    "x": X,
    "rdf": RDF,
    "Iptc4xmpExt": IPTC_EXT,
    "plus": PLUS,
    "xmp": XMP,
    "xmpRights": XMP_RIGHTS,
    "dc": DC,
    "TC260": TC260,
}
#: Prefixes declared only when one of their properties has a value (so output that does not
#: use them stays byte for byte what it was).
ON_DEMAND = frozenset({"TC260"})

#: Values of PLUS controlled vocabularies are this base plus a code (``DMI-ALLOWED``).
PLUS_VOCAB = "http://ns.useplus.org/ldf/vocab/"


def qname(namespace: str, local: str) -> str:
    """Clark notation, as lxml spells element and attribute names."""
    return f"{{{namespace}}}{local}"
