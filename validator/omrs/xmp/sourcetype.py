"""The IPTC digital source type vocabulary, compared on the term (DESIGN "Vocabularies")."""

from __future__ import annotations

from omrs.xmp.namespaces import C2PA_SOURCE_TYPE, IPTC_SOURCE_TYPE

#: Current IPTC terms OMRS knows.
IPTC_TERMS = frozenset(
    {
        "trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia", "compositeSynthetic",
        "composite", "virtualRecording", "algorithmicMedia", "algorithmicallyEnhanced",
        "computationalCapture", "dataDrivenMedia", "digitalCapture", "negativeFilm",
        "positiveFilm", "print", "humanEdits", "digitalCreation", "screenCapture",
        "compositeCapture",
    }
)
#: Retired IPTC terms: still read, warned on.
RETIRED_TERMS = frozenset({"minorHumanEdits", "digitalArt", "softwareImage"})
#: Terms that exist only under the C2PA base.
C2PA_TERMS = frozenset({"empty", "trainedAlgorithmicData"})

_IPTC_BASES = (IPTC_SOURCE_TYPE, IPTC_SOURCE_TYPE.replace("http://", "https://", 1))
_C2PA_BASES = (C2PA_SOURCE_TYPE, C2PA_SOURCE_TYPE.replace("http://", "https://", 1))


def canonical_source_type(value: str | None) -> str | None:
    """The canonical IRI (``http`` scheme) of a term or IRI, or ``None`` for nothing.

    A bare term is taken as IPTC. Anything that is neither a known base nor a bare term is
    returned stripped, so that it still compares (and shows) as written.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().rstrip("/")
    for base in _IPTC_BASES:
        if text.startswith(base):
            return IPTC_SOURCE_TYPE + text[len(base):]
    for base in _C2PA_BASES:
        if text.startswith(base):
            return C2PA_SOURCE_TYPE + text[len(base):]
    if "/" not in text and ":" not in text:
        return IPTC_SOURCE_TYPE + text
    return text


def source_type_term(value: str | None) -> str | None:
    """The record spelling: bare term for IPTC, the full IRI for the C2PA-only terms."""
    iri = canonical_source_type(value)
    if iri is not None and iri.startswith(IPTC_SOURCE_TYPE):
        return iri[len(IPTC_SOURCE_TYPE):]
    return iri


def same_source_type(left: str | None, right: str | None) -> bool:
    return canonical_source_type(left) == canonical_source_type(right)


def is_retired(value: str | None) -> bool:
    return source_type_term(value) in RETIRED_TERMS
