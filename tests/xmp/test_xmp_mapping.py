"""Mapping rules: the export table, never more permissive, exact round trip where expressible."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omrs.source_types import canonical_source_type, is_retired, source_type_term
from omrs.xmp import datamining as dm
from omrs.xmp.mapping import cawg_metadata, from_xmp, model_release_status, to_xmp

KEYS = dm.PERMISSION_KEYS
A, N = {"use": "allowed"}, {"use": "notAllowed"}


def lic(**uses: dict[str, Any]) -> dict[str, Any]:
    return {"id": "urn:omrs:license:test", "permissions": uses}


def every(use: dict[str, Any], **overrides: dict[str, Any]) -> dict[str, Any]:
    return lic(**{key: dict(use) for key in KEYS} | overrides)


@pytest.mark.parametrize(
    ("licence", "code", "rule"),
    [
        (lic(), dm.UNSPECIFIED, "R2"),
        (every(A), dm.ALLOWED, "R3"),
        (every(N), dm.PROHIBITED, "R4"),
        (lic(data_mining=A, search_indexing=A), dm.UNSPECIFIED, "R5"),
        (lic(ai_generative_training=N), dm.PROHIBITED_GENAIML, "R6"),
        (every(A, ai_generative_training=N), dm.PROHIBITED_GENAIML, "R6"),
        (lic(ai_training=N, ai_generative_training=N), dm.PROHIBITED_AIML, "R7"),
        (
            every(A, ai_training=N, ai_generative_training=N, ai_fine_tuning=N),
            dm.PROHIBITED_AIML,
            "R7",
        ),
        (every(N, search_indexing=A), dm.PROHIBITED_EXCEPT_SEARCH, "R8"),
        (every(N, search_indexing={"use": "constrained"}), dm.PROHIBITED, "R4"),
        (
            lic(
                ai_generative_training={
                    "use": "constrained",
                    "constraints": {"purposes": ["research"]},
                }
            ),
            dm.SEE_CONSTRAINT,
            "R1",
        ),
        (
            every(A, ai_training=N, ai_generative_training=N, ai_fine_tuning=A),
            dm.SEE_CONSTRAINT,
            "R9",
        ),
        (lic(ai_inference=N), dm.SEE_CONSTRAINT, "R9"),
    ],
)
def test_export_rule_table(licence: dict[str, Any], code: str, rule: str) -> None:
    result = dm.export_data_mining(licence)
    assert (result.code, result.rule) == (code, rule)
    assert (result.other_constraints is not None) == (code == dm.SEE_CONSTRAINT)


def test_statements_most_restrictive_wins() -> None:
    licence = every(A) | {"statements": [{"key": "ai_generative_training", "use": "notAllowed"}]}
    assert dm.export_data_mining(licence).code == dm.PROHIBITED_GENAIML


def test_constrained_without_terms_counts_as_not_allowed() -> None:
    assert (
        dm.effective_permissions(lic(ai_training={"use": "constrained"}))["ai_training"].rank == 0
    )


def test_see_constraint_summary_is_readable() -> None:
    licence = lic(
        data_mining={
            "use": "constrained",
            "constraints": {"territories": ["FR"]},
            "duties": ["attribute"],
            "constraintInfo": "Research only.",
        }
    )
    text = dm.export_data_mining(licence).other_constraints or ""
    assert "urn:omrs:license:test" in text
    assert (
        "data_mining: constrained (Research only. Limits: territories FR; duties attribute.)"
        in text
    )
    assert "ai_training: unspecified" in text


# --- properties -------------------------------------------------------------------------

_USES = st.one_of(
    st.none(),
    st.just(A),
    st.just(N),
    st.just({"use": "constrained"}),
    st.just({"use": "constrained", "constraintInfo": "Only for the trailer."}),
    st.just({"use": "constrained", "constraints": {"purposes": ["research"]}}),
    st.just({"use": "constrained", "duties": ["compensate"]}),
)


@st.composite
def licences(draw: st.DrawFn) -> dict[str, Any]:
    permissions = {key: use for key in KEYS if (use := draw(_USES)) is not None}
    statements = [
        {"key": draw(st.sampled_from(KEYS)), **use}
        for use in draw(st.lists(_USES.filter(bool), max_size=3))
    ]
    licence: dict[str, Any] = {"id": "urn:omrs:license:h", "permissions": permissions}
    if statements:
        licence["statements"] = statements
    return licence


@settings(max_examples=400, deadline=None)
@given(licences())
def test_export_is_never_more_permissive(licence: dict[str, Any]) -> None:
    result = dm.export_data_mining(licence)
    assert dm.more_permissive_keys(result.code, licence, result.other_constraints) == []


@settings(max_examples=400, deadline=None)
@given(licences())
def test_export_is_stable_under_a_round_trip(licence: dict[str, Any]) -> None:
    first = dm.export_data_mining(licence)
    implied = dm.implied_permissions(first.code, first.other_constraints)
    again = dm.export_data_mining({"id": licence["id"], "permissions": implied})
    assert (again.code, again.other_constraints) == (first.code, first.other_constraints)


@pytest.mark.parametrize("code", [c for c in dm.CODES if c not in (dm.SEE_EMBEDDED, dm.SEE_LINKED)])
def test_expressible_sets_round_trip_exactly(code: str) -> None:
    text = "Allowed for news reporting only." if code == dm.SEE_CONSTRAINT else None
    implied = dm.implied_permissions(code, text)
    result = dm.export_data_mining({"permissions": implied})
    assert (result.code, result.other_constraints) == (code, text)
    assert dm.implied_permissions(result.code, result.other_constraints) == implied


def test_rights_expression_codes_import_as_constrained() -> None:
    for code in (dm.SEE_EMBEDDED, dm.SEE_LINKED):
        implied = dm.implied_permissions(code)
        assert set(implied) == set(KEYS)
        assert all(
            p["use"] == "constrained" and "rights expression" in p["constraintInfo"]
            for p in implied.values()
        )


def test_code_of_accepts_iri_https_and_bare() -> None:
    assert dm.code_of("http://ns.useplus.org/ldf/vocab/DMI-ALLOWED") == dm.ALLOWED
    assert dm.code_of("https://ns.useplus.org/ldf/vocab/DMI-ALLOWED") == dm.ALLOWED
    assert dm.code_of("DMI-PROHIBITED") == dm.PROHIBITED
    assert dm.code_of("allowed") is None


# --- source types, releases, cawg.metadata ----------------------------------------------------


def test_source_type_normalisation() -> None:
    base = "http://cv.iptc.org/newscodes/digitalsourcetype/"
    for spelling in (
        "digitalCapture",
        base + "digitalCapture",
        "https://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture/",
    ):
        assert canonical_source_type(spelling) == base + "digitalCapture"
        assert source_type_term(spelling) == "digitalCapture"
    c2pa = "http://c2pa.org/digitalsourcetype/empty"
    assert source_type_term(c2pa) == c2pa
    assert is_retired("softwareImage") and not is_retired("digitalCreation")


def test_model_release_status() -> None:
    scoped = {"id": "urn:c:1", "intendedUses": [{"work": {}}], "territories": ["GB"]}
    unlimited = {"id": "urn:c:2", "territories": ["WORLD"], "term": {"start": "2026-01-01"}}
    revoked = dict(unlimited, revocation={"revocable": True, "revokedAt": "2026-02-01T00:00:00Z"})
    assert model_release_status([scoped]) == "MR-LMR"
    assert model_release_status([unlimited]) == "MR-UMR"
    assert model_release_status([unlimited, revoked]) == "MR-LMR"
    assert model_release_status([], people_present=True) == "MR-NON"
    assert model_release_status([], people_present=False) == "MR-NAP"
    assert model_release_status([]) is None


DISCLOSURE = {
    "id": "urn:omrs:disclosure:d",
    "digitalSourceType": "https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
    "segments": [
        {
            "models": [
                {"name": "Gen", "version": "3", "provider": "P"},
                {"name": "Voice", "version": "1.1", "provider": "Q"},
            ]
        }
    ],
}
CONSENTS = [{"id": "urn:omrs:consent:a", "intendedUses": [{}]}, {"id": "urn:omrs:consent:b"}]


def test_records_to_xmp_and_back_keep_the_mapped_values() -> None:
    rights = to_xmp(DISCLOSURE, every(A, ai_generative_training=N), CONSENTS)
    back = from_xmp(rights)
    assert back["disclosure"] == {"digitalSourceType": "trainedAlgorithmicMedia"}
    assert back["license"] == {"permissions": {"ai_generative_training": N}}
    assert back["asset"]["consents"] == ["urn:omrs:consent:a", "urn:omrs:consent:b"]
    assert back["asset"]["models"] == [
        {"name": "Gen", "version": "3"},
        {"name": "Voice", "version": "1.1"},
    ]
    assert back["xmp"] == {"dataMining": dm.PROHIBITED_GENAIML, "modelReleaseStatus": "MR-LMR"}


def test_cawg_metadata_json_ld() -> None:
    doc = cawg_metadata(DISCLOSURE, every(N, search_indexing=A), CONSENTS)
    assert doc["@context"]["Iptc4xmpExt"] == "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
    assert doc["@context"]["plus"] == "http://ns.useplus.org/ldf/xmp/1.0/"
    assert doc["@context"]["xmp"] == "http://ns.adobe.com/xap/1.0/"
    assert doc["Iptc4xmpExt:DigitalSourceType"] == (
        "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
    )
    assert doc["plus:DataMining"] == (
        "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING"
    )
    assert doc["plus:ModelReleaseID"] == ["urn:omrs:consent:a", "urn:omrs:consent:b"]
    assert doc["Iptc4xmpExt:AISystemUsed"] == "Gen; Voice"
    assert "plus:OtherConstraints" not in doc
    assert cawg_metadata(None, None, []) == {"@context": doc["@context"]}


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=8)
    | st.sampled_from(["allowed", "notAllowed", "constrained", "digitalCapture", *KEYS]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "use",
                    "permissions",
                    "statements",
                    "key",
                    "duties",
                    "constraints",
                    "constraintInfo",
                    "digitalSourceType",
                    "segments",
                    "models",
                    "name",
                    "version",
                    "id",
                    "intendedUses",
                    "territories",
                    *KEYS,
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(disclosure=_JSON, licence=_JSON, consents=st.lists(_JSON, max_size=2))
def test_malformed_records_never_raise(disclosure: Any, licence: Any, consents: Any) -> None:
    """Records reach the mapping before (or without) schema validation; junk must not crash."""
    d = disclosure if isinstance(disclosure, dict) else None
    lic_ = licence if isinstance(licence, dict) else None
    from_xmp(to_xmp(d, lic_, consents))
    cawg_metadata(d, lic_, consents)
