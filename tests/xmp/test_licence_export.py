"""What `cawg.training-mining` and `plus:DataMining` say about an asset (issue 10, item 2).

Both describe *this* asset, so only licences of this file are exported, and a use limited
in ways the vocabularies cannot carry (a named licensee, territories, a term end or a start
still to come, purposes, duties) is exported as constrained, never as allowed. The property:
for every key, neither export lets anyone do more than the records do.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from omrs import permissions
from omrs.bundles import asset_records, licences_of, merged_licence
from omrs.cli import cli
from omrs.media import OMRS_LABEL_PREFIX
from omrs.media.manifest import CAWG_KEYS, OmrsContent, build_definition, training_mining
from omrs.xmp import datamining as dm

KEYS = permissions.KEYS
DIGEST = "ab" * 32
OTHER = "cd" * 32


def licence(**fields: Any) -> dict[str, Any]:
    return {"id": "urn:omrs:license:t", "assets": [{"id": "urn:a", "sha256": DIGEST}], **fields}


LIMITED = licence(
    licensee={"name": "Example Labs", "kind": "organization"},
    territories=["FR"],
    term={"start": "2026-01-01", "end": "2026-06-30"},
    permissions={key: {"use": "allowed"} for key in KEYS},
)


def test_a_limited_licence_is_never_exported_as_allowed() -> None:
    entries = (training_mining(LIMITED) or {})["entries"]
    assert {entry["use"] for entry in entries.values()} == {"constrained"}
    info = entries["cawg.ai_training"]["constraint_info"]
    assert "Example Labs" in info and "FR" in info and "2026-06-30" in info
    exported = dm.export_data_mining(LIMITED)
    assert exported.code == dm.SEE_CONSTRAINT
    assert "Example Labs" in (exported.other_constraints or "")


def test_only_licences_of_this_file_are_exported() -> None:
    inputs = dict(LIMITED, id="urn:omrs:license:inputs", assets=[{"id": "urn:b", "sha256": OTHER}])
    asset = {"path": "clip.wav", "sha256": DIGEST.upper()}
    assert licences_of([inputs, LIMITED], asset) == [LIMITED]
    content = OmrsContent(licences=(inputs,), asset=asset)
    labels = [
        a["label"] for a in build_definition(content, title="a", mime="audio/wav")["assertions"]
    ]
    assert "cawg.training-mining" not in labels


def test_the_starter_exports_no_data_mining_from_its_training_input_licence(
    tmp_path: Path,
) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(tmp_path)]).exit_code == 0
    found = asset_records(tmp_path / "omrs.yaml", "media/narration.wav")
    assert found.licences and found.own_licences() == []
    result = runner.invoke(
        cli,
        [
            "xmp",
            "export",
            str(tmp_path / "omrs.yaml"),
            "--asset",
            "media/narration.wav",
            "--stdout",
        ],
    )
    assert result.exit_code == 0 and "DataMining" not in result.output


def test_a_licence_of_the_actual_file_counts_even_when_the_bundle_digest_differs(
    tmp_path: Path,
) -> None:
    from omrs.bundles import AssetRecords
    from omrs.fileio import file_sha256

    media = tmp_path / "clip.wav"
    media.write_bytes(b"RIFF")
    own = licence(assets=[{"id": "urn:c", "sha256": file_sha256(media)}])
    records = AssetRecords(None, media, {"sha256": OTHER}, None, (own,), ())
    assert records.own_licences() == [own]


# --- property: never more permissive, for every key -------------------------------------
#
# The oracle restates the rule from the records alone, without ``omrs.permissions``: for
# every key any licence names, neither export lets a machine do more than every covering
# licence does, and a use with any limit (a named licensee, territories, a term end, a term
# not started on the day of the export, constraints, duties) is never plainly allowed.

ON = dt.date(2026, 9, 1)
CUSTOM = ("com.example.voice-clone", "org.example.style-transfer")
ALL_KEYS = (*KEYS, *CUSTOM)
#: The generated sources, and whether each is a statement of preference (AIPREF -07 §3).
_SOURCES = {
    None: False,
    "Licence agreement clause 4": False,
    "TDMRep tdm-reservation=1": True,
    "AIPREF": True,
}
_USE = st.fixed_dictionaries(
    {"use": st.sampled_from(["notAllowed", "constrained", "allowed"])},
    optional={
        "constraints": st.sampled_from(
            [{"purposes": ["research"]}, {"territories": ["DE"]}, {"licenseeClasses": ["academic"]}]
        ),
        "duties": st.just(["attribute"]),
        "constraintInfo": st.just("Ask the archive."),
    },
)


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    chosen = draw(st.lists(st.sampled_from(ALL_KEYS), unique=True, max_size=len(ALL_KEYS)))
    record: dict[str, Any] = {
        "id": f"urn:omrs:license:{draw(st.integers(0, 9))}",
        "permissions": {key: draw(_USE) for key in chosen},
    }
    statements = draw(
        st.lists(
            st.tuples(st.sampled_from(ALL_KEYS), _USE, st.sampled_from(list(_SOURCES))).map(
                lambda t: {"key": t[0], **t[1], **({"source": t[2]} if t[2] else {})}
            ),
            max_size=3,
        )
    )
    if statements:
        record["statements"] = statements
    if draw(st.booleans()):
        record["licensee"] = {"name": "Example Labs", "kind": "organization"}
    record["territories"] = draw(st.sampled_from([["WORLD"], ["US", "GB"]]))
    if draw(st.booleans()):
        record["excludedTerritories"] = ["CN"]
    record["term"] = draw(
        st.sampled_from(
            [
                {"start": "2026-01-01"},
                {"start": "2026-01-01", "end": "2026-12-31"},
                {"start": "2030-01-01"},
            ]
        )
    )
    return record


def _pool(record: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The statements that decide ``key``: the licence's own terms when any speak (a
    ``permissions`` entry always is one), else its statements of preference."""
    said = [s for s in record.get("statements", []) if s["key"] == key]
    terms = [s for s in said if not _SOURCES[s.get("source")]]
    own = record["permissions"].get(key)
    return ([own] if own else []) + terms or said


def _ceiling(record: dict[str, Any], key: str) -> int:
    """The most a machine may do under ``record`` alone: 3 use freely, 2 nothing said,
    1 within machine-readable constraints, 0 nothing (CAWG 1.1 §3.1)."""
    pool = _pool(record, key)
    if not pool:
        return 2
    return min(_machine(s) for s in pool)


def _machine(statement: dict[str, Any]) -> int:
    if statement["use"] == "notAllowed":
        return 0
    if "constraints" in statement:
        return 1  # allowed or constrained, within them
    return 3 if statement["use"] == "allowed" else 0  # constrained with nothing to act on


def _plainly_allowed(record: dict[str, Any], key: str) -> bool:
    pool = _pool(record, key)
    term = record["term"]
    return (
        bool(pool)
        and all(s["use"] == "allowed" and not s.keys() & {"constraints", "duties"} for s in pool)
        and "licensee" not in record
        and record["territories"] == ["WORLD"]
        and "excludedTerritories" not in record
        and "end" not in term
        and dt.date.fromisoformat(term["start"]) <= ON
    )


#: What a machine may do per key under an exported value (3 freely, 2 unspecified, 0 not);
#: an exported ``constrained`` carries prose only, so it counts as not allowed.
_CAWG = {"allowed": 3, None: 2, "constrained": 0, "notAllowed": 0}
_PROHIBITS = {
    dm.UNSPECIFIED: frozenset(),
    dm.PROHIBITED_GENAIML: frozenset({"ai_generative_training"}),
    dm.PROHIBITED_AIML: frozenset({"ai_training", "ai_generative_training", "ai_fine_tuning"}),
    dm.PROHIBITED_EXCEPT_SEARCH: frozenset(KEYS) - {"search_indexing"},
}


def _plus(code: str, key: str) -> int:
    if code == dm.ALLOWED:
        return 3
    if code in _PROHIBITS:
        return 0 if key in _PROHIBITS[code] else 2
    return 0  # DMI-PROHIBITED and the SEE* codes


@settings(max_examples=300, deadline=None)
@given(st.lists(records(), min_size=1, max_size=3))
def test_exports_are_never_more_permissive_than_the_records(found: list[dict[str, Any]]) -> None:
    merged = merged_licence(found, on=ON)
    entries = (training_mining(merged, on=ON) or {"entries": {}})["entries"]
    code = dm.export_data_mining(merged, on=ON).code
    for key in ALL_KEYS:
        ceiling = min(_ceiling(record, key) for record in found)
        plain = all(_plainly_allowed(record, key) for record in found)
        entry = entries.get(CAWG_KEYS.get(key, OMRS_LABEL_PREFIX + key), {})
        assert _CAWG[entry.get("use")] <= ceiling, (key, entry)
        assert entry.get("use") != "allowed" or plain, key
        assert entry.get("use") != "constrained" or entry["constraint_info"], key
        if key in KEYS:
            assert _plus(code, key) <= ceiling, (key, code)
            assert code != dm.ALLOWED or plain, (key, code)
