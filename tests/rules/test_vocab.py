"""The source type classification covers the schema's vocabulary and agrees with XMP's."""

from __future__ import annotations

import pytest

from omrs import schemas
from omrs.rules import vocab
from omrs.rules.vocab import SourceClass

ENUM = schemas.load_schema("1.0", "common")["$defs"]["digitalSourceType"]["enum"]


@pytest.mark.parametrize("value", ENUM)
def test_every_schema_source_type_is_classified(value: str) -> None:
    assert vocab.classify(value) is not SourceClass.UNKNOWN


@pytest.mark.parametrize("value", ENUM)
def test_spellings_agree_with_the_xmp_layer(value: str) -> None:
    from omrs.xmp.sourcetype import source_type_term

    assert vocab.term(value) == source_type_term(value)


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
