"""OMRS assertions are checked against their published schemas before anything reads them.

The hostile files are signed with plain c2pa-python and the test PKI (trusted), so the
manifest is intact and trusted while its ``org.omrs.*`` content is junk.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from omrs import schemas
from omrs.media.assertions import (
    ASSERTION_SCHEMAS,
    ASSERTIONS_FOLDER,
    OMRS_LABELS,
    load_assertion_schema,
    problems,
)
from omrs.media.certs import SignerMaterial
from omrs.media.check import check_media
from omrs.media.extract import embedded_records
from omrs.media.manifest import (
    LABEL_ASSET,
    LABEL_AUDIT,
    LABEL_CONSENT,
    LABEL_DISCLOSURE,
    LABEL_LICENSE,
)
from omrs.media.trust import make_context
from omrs.options import CheckOptions, TrustSettings
from tests.conftest import walk_json
from tests.media.conftest import Signed
from tests.media.media_paths import MEDIA_FIXTURES
from tests.media.media_records import consent, disclosure, licence

FOLDER = schemas.schema_dir() / "1.0" / ASSERTIONS_FOLDER


def _objects(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for pointer, node in walk_json(schema):
        if (
            isinstance(node, dict)
            and isinstance(node.get("properties"), dict)
            and not pointer.endswith(("/properties", "/$defs"))
        ):
            yield pointer, node


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_one_schema_file_per_label_and_nothing_else(version: str) -> None:
    folder = FOLDER.parents[1] / version / FOLDER.name
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        n for (_, v), n in ASSERTION_SCHEMAS.items() if v == version
    )
    labels = {LABEL_ASSET, LABEL_DISCLOSURE, LABEL_LICENSE, LABEL_CONSENT}
    if version == "1.1":
        labels.add(LABEL_AUDIT)  # the audit log came with 1.1
    assert {label for label, v in ASSERTION_SCHEMAS if v == version} == labels
    assert set(OMRS_LABELS) == {label for label, _ in ASSERTION_SCHEMAS}


@pytest.mark.parametrize(("label", "version"), sorted(ASSERTION_SCHEMAS))
def test_schema_style(label: str, version: str) -> None:
    """Draft 2020-12, a stable $id, every property described, every object closed."""
    schema = load_assertion_schema(label, version)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == f"https://omrs.org/schemas/{version}/assertions/{label}.schema.json"
    for pointer, node in _objects(schema):
        assert node.get("additionalProperties") is False, pointer
        for key, sub in node["properties"].items():
            assert isinstance(sub, dict) and sub.get("description"), f"{pointer}/{key}"
    for key, sub in schema.get("$defs", {}).items():
        assert sub.get("description"), key


@pytest.mark.parametrize(("label", "version"), sorted(ASSERTION_SCHEMAS))
def test_every_ref_resolves_offline(label: str, version: str) -> None:
    from referencing import Resource
    from referencing.jsonschema import DRAFT202012

    own = [load_assertion_schema(other, v) for other, v in ASSERTION_SCHEMAS if v == version]
    registry = schemas.registry(version).with_resources(
        (s["$id"], Resource.from_contents(s, DRAFT202012)) for s in own
    )
    schema = load_assertion_schema(label, version)
    resolver = registry.resolver(base_uri=schema["$id"])
    refs = [n["$ref"] for _, n in walk_json(schema) if isinstance(n, dict) and "$ref" in n]
    assert refs
    for ref in refs:
        assert isinstance(resolver.lookup(ref).contents, dict), ref


@pytest.mark.parametrize("privacy", ["minimal", "full"])
def test_what_the_signer_writes_matches_the_schemas(
    privacy: str, sign_fixture: Callable[..., Signed]
) -> None:
    _, result = sign_fixture("sample.jpg", privacy=privacy)
    embedded = embedded_records(result.report)
    assert embedded.invalid == ()
    assert embedded.asset is not None and len(embedded.records) == 3


def _sign_raw(
    tmp_path: Path,
    signer: SignerMaterial,
    trust: TrustSettings,
    assertions: list[tuple[str, Any]],
) -> Path:
    """Sign sample.jpg with plain c2pa-python, OMRS's checks bypassed entirely."""
    import c2pa

    definition = {
        "claim_generator_info": [{"name": "someone-else", "version": "1"}],
        "title": "sample.jpg",
        "format": "image/jpeg",
        "assertions": [
            {
                "label": "c2pa.actions.v2",
                "data": {
                    "actions": [
                        {
                            "action": "c2pa.created",
                            "digitalSourceType": "http://c2pa.org/digitalsourcetype/empty",
                        }
                    ]
                },
            },
            *({"label": label, "data": data} for label, data in assertions),
        ],
    }
    out = tmp_path / "raw.jpg"
    info = c2pa.C2paSignerInfo(signer.alg.encode(), signer.chain_pem, signer.key_pem, None)
    builder = c2pa.Builder(definition, make_context(trust, signing=True))
    with (
        c2pa.Signer.from_info(info) as sdk_signer,
        (MEDIA_FIXTURES / "sample.jpg").open("rb") as source,
        out.open("wb") as dest,
    ):
        builder.sign(sdk_signer, "image/jpeg", source, dest)
    return out


def _minimal_licence(**changes: Any) -> dict[str, Any]:
    from omrs.media.privacy import minimal_licence

    return {**minimal_licence(licence("0" * 64)), **changes}


JUNK: dict[str, tuple[list[tuple[str, Any]], str]] = {
    "records-a-number": ([(LABEL_LICENSE, {"privacy": "minimal", "records": 5})], "/records"),
    "permissions-not-an-object": (
        [
            (
                LABEL_LICENSE,
                {
                    "privacy": "minimal",
                    "records": [_minimal_licence(permissions=7), _minimal_licence(id="urn:x:2")],
                },
            )
        ],
        "/records/0/permissions",
    ),
    "full-licence-permissions-a-string": (
        [
            (
                LABEL_LICENSE,
                {"privacy": "full", "records": [{**licence("0" * 64), "permissions": "all"}]},
            )
        ],
        "/records/0/permissions",
    ),
    "consent-without-scope": (
        [
            (
                LABEL_CONSENT,
                {"privacy": "minimal", "records": [{"id": "urn:x:1", "digest": "0" * 64}]},
            )
        ],
        "/records/0",
    ),
    "disclosure-a-string": ([(LABEL_DISCLOSURE, {"privacy": "full", "record": "AI!"})], "/record"),
    "disclosure-source-type-a-number": (
        [
            (
                LABEL_DISCLOSURE,
                {
                    "privacy": "full",
                    "record": {**disclosure("0" * 64, "x.jpg"), "digitalSourceType": 5},
                },
            )
        ],
        "/record/digitalSourceType",
    ),
    "asset-privacy-unknown": ([(LABEL_ASSET, {"omrs": "1.0", "privacy": "secret"})], "/privacy"),
    "consent-full-in-minimal-shape": (
        [(LABEL_CONSENT, {"privacy": "full", "records": [{**consent(), "subject": 7}]})],
        "/records/0/subject",
    ),
}


@pytest.mark.parametrize("case", sorted(JUNK))
def test_junk_omrs_assertions_in_a_trusted_manifest_are_located_findings(
    case: str, tmp_path: Path, signer: SignerMaterial, pki_trust: TrustSettings
) -> None:
    assertions, pointer = JUNK[case]
    media = _sign_raw(tmp_path, signer, pki_trust, assertions)
    result = check_media(media, CheckOptions(trust=pki_trust))
    assert result.details["c2pa"]["state"] == "trusted"
    bad = [f for f in result.findings if f.code == "c2pa.omrs-assertion-invalid"]
    label = assertions[0][0]
    assert bad and all(f.location.pointer.startswith(f"/{label}") for f in bad)
    assert any(f.location.pointer.startswith(f"/{label}{pointer}") for f in bad), bad
    assert all(label in f.message for f in bad)
    assert not result.io_error and result.failed()
    assert "internal.error" not in {f.code for f in result.findings}


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
_JSON = st.recursive(
    _SCALARS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=12,
)
_KEYS = st.sampled_from(["privacy", "records", "record", "omrs", "id", "digest", "permissions"])
_SHAPED = st.dictionaries(_KEYS, _JSON | st.lists(st.dictionaries(_KEYS, _JSON), max_size=2))


class _Raw:
    """Signs with plain c2pa-python; named briefly so hypothesis never prints the test key."""

    def __init__(self, folder: Path, signer: SignerMaterial, trust: TrustSettings) -> None:
        self.folder, self.signer, self.trust = folder, signer, trust

    def __repr__(self) -> str:
        return "<raw signer>"

    def __call__(self, assertions: list[tuple[str, Any]]) -> Path:
        return _sign_raw(self.folder, self.signer, self.trust, assertions)


@pytest.fixture(scope="module")
def raw(
    tmp_path_factory: pytest.TempPathFactory, signer: SignerMaterial, pki_trust: TrustSettings
) -> _Raw:
    return _Raw(tmp_path_factory.mktemp("raw"), signer, pki_trust)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(label=st.sampled_from(OMRS_LABELS), data=_JSON | _SHAPED)
def test_any_json_in_an_omrs_assertion_never_gives_an_internal_error(
    raw: _Raw, label: str, data: Any
) -> None:
    media = raw([(label, data)])
    result = check_media(media, CheckOptions(trust=raw.trust))
    assert not result.io_error, result.io_error
    assert "internal.error" not in {f.code for f in result.findings}
    json.dumps(result.details)  # the report stays serialisable
    if result.details["c2pa"]["state"] == "trusted":
        shape = not problems(label, data)
        flagged = any(f.location.pointer.startswith(f"/{label}") for f in result.findings)
        assert shape or flagged, "a wrongly shaped assertion must be reported"
