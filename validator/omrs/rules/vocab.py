"""The IPTC digital source type vocabulary, classified for the disclosure rules.

Spellings (bare term, ``http``/``https`` IPTC IRI, C2PA IRI) are normalised by
``omrs.xmp.sourcetype``; this module only adds what the rules need to know about each
term: whether it means generative AI, and whether it needs a resolving field.
"""

from __future__ import annotations

import enum

from omrs.xmp.sourcetype import C2PA_TERMS, IPTC_TERMS, RETIRED_TERMS, source_type_term

C2PA_BASE = "http://c2pa.org/digitalsourcetype/"


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

assert set(_CLASSES) >= IPTC_TERMS | RETIRED_TERMS | {C2PA_BASE + t for t in C2PA_TERMS}


def term(value: str) -> str:
    """The bare IPTC term, or the full C2PA IRI, as the classification table keys it."""
    return source_type_term(value) or value


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
