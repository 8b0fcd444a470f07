"""Catalogue entries for the ``xmp.*`` finding codes the XMP layer raises."""

from __future__ import annotations

from omrs import citations as sources
from omrs.citations import CodeTable, Source
from omrs.findings import Severity

_IPTC = Source(
    "IPTC Photo Metadata Standard",
    "2025.1",
    "std",
    "https://iptc.org/std/photometadata/specification/IPTC-PhotoMetadata",
)
_PLUS = Source(
    "PLUS License Data Format", "Data Mining (plus:DataMining)", "std", "https://ns.useplus.org/"
)
_XMP = Source("ISO 16684-1 (XMP)", "packet wrapper and RDF serialisation", "std")
_MAPPING = Source("OMRS 1.0", "spec/1.0/xmp-mapping.md", "std")

#: code -> (severity, title, rationale, sources)
XMP_RULES: CodeTable = {
    "xmp.source-type-mismatch": (
        Severity.ERROR,
        "XMP digital source type disagrees with C2PA or the disclosure",
        "Iptc4xmpExt:DigitalSourceType in the file's XMP must say what the C2PA actions and "
        "the bundle's AI-disclosure say (compared on the IPTC term, http and https alike); "
        "otherwise readers of the XMP are told something else about how the media was made.",
        (_IPTC, _MAPPING),
    ),
    "xmp.data-mining-mismatch": (
        Severity.ERROR,
        "XMP data-mining statement disagrees with the licence",
        "plus:DataMining must be what the export rules derive from the asset's licence. A "
        "value implying more than the licence grants is an error; a different but no more "
        "permissive value is reported as a warning.",
        (_PLUS, sources.CAWG_TDM, _MAPPING),
    ),
    "xmp.implicit-label-mismatch": (
        Severity.ERROR,
        "XMP implicit label disagrees with the disclosure",
        "TC260:AIGC in the file's XMP (China's implicit label, GB 45438-2025 Annex E as the "
        "TC260 practice guide carries it, read in secondary sources) must hold the fields the "
        "AI-disclosure records in machineReadableMarking.implicitLabel (1.0: "
        "extensions['cn.org.tc260.aigc']); empty fields count as absent.",
        (sources.CN_GB_45438, _MAPPING),
    ),
    "xmp.malformed": (
        Severity.ERROR,
        "An XMP packet cannot be parsed",
        "The packet is not well-formed XML, has no rdf:RDF element, or is truncated; its "
        "claims cannot be read or checked.",
        (_XMP,),
    ),
    "xmp.forbidden-dtd": (
        Severity.ERROR,
        "An XMP packet contains a DOCTYPE or entity declaration",
        "XMP never needs a DTD. Packets with one are refused unread, which stops entity "
        "expansion (billion laughs) and external entity (XXE) attacks.",
        (_XMP, _MAPPING),
    ),
    "xmp.too-large": (
        Severity.ERROR,
        "An XMP packet exceeds the size limit",
        "Packets above the limit (4 MB by default) are refused before parsing; real packets "
        "are a few kilobytes.",
        (_MAPPING,),
    ),
    "xmp.unreadable": (
        Severity.ERROR,
        "A media file or XMP sidecar cannot be read",
        "The file exists but reading it failed (permissions, I/O error).",
        (_MAPPING,),
    ),
    "xmp.retired-source-type": (
        Severity.WARNING,
        "XMP uses a retired IPTC digital source type",
        "minorHumanEdits, digitalArt and softwareImage are retired IPTC terms; use a current "
        "term so that readers classify the media correctly.",
        (_IPTC,),
    ),
}


def severity_of(code: str) -> Severity:
    return XMP_RULES[code][0]
