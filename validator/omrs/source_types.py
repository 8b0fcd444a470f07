"""The IPTC digital source type vocabulary: spellings, terms and what each term means.

One table for every layer (rules, C2PA, XMP), outside all of them, so checking a record
loads no media code. Values are compared on the term whatever the spelling (bare term,
``http`` or ``https`` IPTC IRI, C2PA IRI), as DESIGN.md "Vocabularies" says.
"""

from __future__ import annotations

import enum

IPTC_BASE = "http://cv.iptc.org/newscodes/digitalsourcetype/"
C2PA_BASE = "http://c2pa.org/digitalsourcetype/"
_BASES = (
    (IPTC_BASE, ""),
    (IPTC_BASE.replace("http://", "https://", 1), ""),
    (C2PA_BASE, C2PA_BASE),
    (C2PA_BASE.replace("http://", "https://", 1), C2PA_BASE),
)


class SourceClass(enum.Enum):
    """DESIGN.md "Vocabularies": the classes OMRS sorts the terms into."""

    AI_GENERATED = "AI-generated"
    AI_ALTERED = "AI-altered"
    COMPOSITE_SYNTHETIC = "composite with a generative element"
    AMBIGUOUS = "ambiguous"
    ALGORITHMIC = "algorithmic, not generative"
    NO_AI = "no AI"
    EMPTY = "empty (C2PA)"
    UNKNOWN = "unknown"


NO_AI_TERMS = (
    "digitalCapture",
    "negativeFilm",
    "positiveFilm",
    "print",
    "humanEdits",
    "digitalCreation",
    "screenCapture",
    "compositeCapture",
)
#: The current term to use instead of each retired one (retired terms are read, warned on).
REPLACEMENTS = {
    "minorHumanEdits": "humanEdits",
    "digitalArt": "digitalCreation",
    "softwareImage": "algorithmicMedia",
}
RETIRED_TERMS = frozenset(REPLACEMENTS)
#: Terms that exist only under the C2PA base.
C2PA_TERMS = frozenset({"empty", "trainedAlgorithmicData"})

_CLASSES: dict[str, SourceClass] = {
    "trainedAlgorithmicMedia": SourceClass.AI_GENERATED,
    "compositeWithTrainedAlgorithmicMedia": SourceClass.AI_ALTERED,
    "compositeSynthetic": SourceClass.COMPOSITE_SYNTHETIC,
    "composite": SourceClass.AMBIGUOUS,
    "virtualRecording": SourceClass.AMBIGUOUS,
    "algorithmicMedia": SourceClass.ALGORITHMIC,
    "algorithmicallyEnhanced": SourceClass.ALGORITHMIC,
    "computationalCapture": SourceClass.ALGORITHMIC,
    "dataDrivenMedia": SourceClass.ALGORITHMIC,
    **dict.fromkeys(NO_AI_TERMS, SourceClass.NO_AI),
    # Retired terms keep the meaning of the term that replaced them.
    "minorHumanEdits": SourceClass.NO_AI,
    "digitalArt": SourceClass.NO_AI,
    "softwareImage": SourceClass.ALGORITHMIC,
    C2PA_BASE + "trainedAlgorithmicData": SourceClass.AI_GENERATED,
    C2PA_BASE + "empty": SourceClass.EMPTY,
}
#: Current IPTC terms OMRS knows.
IPTC_TERMS = frozenset(t for t in _CLASSES if "/" not in t) - RETIRED_TERMS

#: Classes that mean generative AI made or changed the content.
GENERATIVE = frozenset(
    {SourceClass.AI_GENERATED, SourceClass.AI_ALTERED, SourceClass.COMPOSITE_SYNTHETIC}
)
#: Classes under which no generative element may appear in a segment.
NON_GENERATIVE = frozenset({SourceClass.NO_AI, SourceClass.ALGORITHMIC, SourceClass.EMPTY})


def term(value: str) -> str:
    """The record spelling: the bare IPTC term, or the full C2PA IRI (``http``)."""
    text = value.strip().rstrip("/")
    for base, prefix in _BASES:
        if text.startswith(base):
            return prefix + text[len(base) :]
    return text


def source_type_term(value: object) -> str | None:
    """``term`` for values from untrusted data: ``None`` for nothing or a non-string."""
    return term(value) if isinstance(value, str) and value.strip() else None


def canonical_source_type(value: object) -> str | None:
    """The canonical IRI (``http`` scheme) of a term or IRI, or ``None`` for nothing.

    A bare term is taken as IPTC. Anything else unknown is returned stripped, so that it
    still compares (and shows) as written.
    """
    spelled = source_type_term(value)
    if spelled is None or spelled.startswith(C2PA_BASE):
        return spelled
    if "/" not in spelled and ":" not in spelled:
        return IPTC_BASE + spelled
    return spelled


def same_source_type(left: object, right: object) -> bool:
    return canonical_source_type(left) == canonical_source_type(right)


def classify(value: str) -> SourceClass:
    return _CLASSES.get(term(value), SourceClass.UNKNOWN)


def is_generative(value: str) -> bool:
    return classify(value) in GENERATIVE


def is_retired(value: object) -> bool:
    return source_type_term(value) in RETIRED_TERMS
