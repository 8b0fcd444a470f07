"""What `cawg.training-mining` and `plus:DataMining` say about an asset (issue 10, item 2).

Both describe *this* asset, so only licences of this file are exported, and a use limited
in ways the vocabularies cannot carry (a named licensee, territories, a term end, purposes,
duties) is exported as constrained, never as allowed. The property: for every key, neither
export lets anyone do more than the records do.
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

_SOURCES = st.sampled_from(
    [None, "Licence agreement clause 4", "TDMRep tdm-reservation=1", "AIPREF"]
)
_USE = st.fixed_dictionaries(
    {"use": st.sampled_from(permissions.USES)},
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
    chosen = draw(st.lists(st.sampled_from(KEYS), unique=True, max_size=len(KEYS)))
    record: dict[str, Any] = {
        "id": f"urn:omrs:license:{draw(st.integers(0, 9))}",
        "permissions": {key: draw(_USE) for key in chosen},
    }
    statements = draw(
        st.lists(
            st.tuples(st.sampled_from(KEYS), _USE, _SOURCES).map(
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
    record["term"] = draw(
        st.sampled_from([{"start": "2026-01-01"}, {"start": "2026-01-01", "end": "2026-12-31"}])
    )
    return record


def _record_rank(found: list[dict[str, Any]], key: str) -> int:
    return min(permissions.effective(record, key).rank for record in found)


def _unlimited(record: dict[str, Any], key: str) -> bool:
    found = permissions.effective(record, key)
    return found.use == "allowed" and not permissions.limits(record, found, on=dt.date.today())


_MACHINE = {"allowed": 3, None: 2, "constrained": 0, "notAllowed": 0}


@settings(max_examples=300, deadline=None)
@given(st.lists(records(), min_size=1, max_size=3))
def test_exports_are_never_more_permissive_than_the_records(found: list[dict[str, Any]]) -> None:
    merged = merged_licence(found)
    entries = (training_mining(merged) or {"entries": {}})["entries"]
    code = dm.export_data_mining(merged)
    implied = dm.effective_permissions(
        {"permissions": dm.implied_permissions(code.code, code.other_constraints)}
    )
    for key in KEYS:
        label = CAWG_KEYS.get(key, OMRS_LABEL_PREFIX + key)
        use = entries.get(label, {}).get("use")
        assert _MACHINE[use] <= _record_rank(found, key), (key, use)
        if use == "allowed":
            assert all(_unlimited(record, key) for record in found), key
        if use == "constrained":
            assert entries[label]["constraint_info"]
        assert implied[key].rank <= _record_rank(found, key), (key, code.code)
        if implied[key].use == "allowed":
            assert all(_unlimited(record, key) for record in found), key
