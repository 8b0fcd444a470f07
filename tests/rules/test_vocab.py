"""The source type vocabulary covers the schema's enum and reads every spelling."""

from __future__ import annotations

import pytest

from omrs import schemas
from omrs import source_types as vocab
from omrs.source_types import SourceClass

ENUM = schemas.load_schema("1.0", "common")["$defs"]["digitalSourceType"]["enum"]


@pytest.mark.parametrize("value", ENUM)
def test_every_schema_source_type_is_classified(value: str) -> None:
    assert vocab.classify(value) is not SourceClass.UNKNOWN


@pytest.mark.parametrize("value", ENUM)
def test_every_spelling_names_a_known_term(value: str) -> None:
    known = vocab.IPTC_TERMS | vocab.RETIRED_TERMS | {vocab.C2PA_BASE + t for t in vocab.C2PA_TERMS}
    assert vocab.term(value) in known
    assert vocab.same_source_type(value, vocab.canonical_source_type(value))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("trainedAlgorithmicMedia", SourceClass.AI_GENERATED),
        ("https://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic",
         SourceClass.COMPOSITE_SYNTHETIC),
        ("http://c2pa.org/digitalsourcetype/trainedAlgorithmicData", SourceClass.AI_GENERATED),
        ("http://c2pa.org/digitalsourcetype/empty", SourceClass.EMPTY),
        ("virtualRecording", SourceClass.AMBIGUOUS),
        ("minorHumanEdits", SourceClass.NO_AI),
    ],
)  # fmt: skip
def test_classes(value: str, expected: SourceClass) -> None:
    assert vocab.classify(value) is expected


def test_retired_terms_have_replacements() -> None:
    assert set(vocab.REPLACEMENTS) == vocab.RETIRED_TERMS
    assert all(vocab.classify(v) is not SourceClass.UNKNOWN for v in vocab.REPLACEMENTS.values())
