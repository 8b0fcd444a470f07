"""The IPTC digital source type vocabulary, classified for the disclosure rules.

The tables live here, outside the XMP layer, so that checking one record never loads
``omrs.xmp``; comparison is on the term, whatever the spelling (bare term, ``http`` or
``https`` IPTC IRI, C2PA IRI), as DESIGN.md "Vocabularies" says.
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
#: Retired IPTC terms: still read, warned on.
RETIRED_TERMS = frozenset({"minorHumanEdits", "digitalArt", "softwareImage"})


class SourceClass(enum.Enum):
    """DESIGN.md "Vocabularies": the classes OMRS sorts IPTC terms into."""

    AI_GENERATED = "AI-generated"
    AI_ALTERED = "AI-altered"
    COMPOSITE_SYNTHETIC = "composite with a generative element"
    AMBIGUOUS = "ambiguous"
    ALGORITHMIC = "algorithmic, not generative"
    NO_AI = "no AI"
    EMPTY = "empty (C2PA)"
    UNKNOWN = "unknown"


NO_AI_TERMS = ("digitalCapture", "negativeFilm", "positiveFilm", "print", "humanEdits",
               "digitalCreation", "screenCapture", "compositeCapture")  # fmt: skip

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

#: Classes that mean generative AI made or changed the content.
GENERATIVE = frozenset(
    {SourceClass.AI_GENERATED, SourceClass.AI_ALTERED, SourceClass.COMPOSITE_SYNTHETIC}
)
#: Classes under which no generative element may appear in a segment.
NON_GENERATIVE = frozenset({SourceClass.NO_AI, SourceClass.ALGORITHMIC, SourceClass.EMPTY})


def term(value: str) -> str:
    """The bare IPTC term, or the full C2PA IRI (``http``), as the table keys it."""
    text = value.strip().rstrip("/")
    for base, prefix in _BASES:
        if text.startswith(base):
            return prefix + text[len(base) :]
    return text


def classify(value: str) -> SourceClass:
    return _CLASSES.get(term(value), SourceClass.UNKNOWN)


def is_generative(value: str) -> bool:
    return classify(value) in GENERATIVE


def is_retired(value: str) -> bool:
    return term(value) in RETIRED_TERMS


#: The current term to use instead of each retired one.
REPLACEMENTS = {
    "minorHumanEdits": "humanEdits",
    "digitalArt": "digitalCreation",
    "softwareImage": "algorithmicMedia",
}
