"""The actions and ingredients OMRS derives from a disclosure, as a manifest definition."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from omrs import schemas
from omrs.media.actions import C2PA_ACTIONS, FALLBACK_ACTION, actions_assertion
from omrs.media.certs import SignerMaterial
from omrs.media.ingredients import input_ingredients, semver
from omrs.media.manifest import OmrsContent, build_definition
from omrs.media.sign import sign_media
from omrs.media.trust import settings_dict
from omrs.options import TrustSettings
from tests.media.media_paths import MEDIA_FIXTURES
from tests.media.media_records import (
    GRADE_MODEL,
    VOICE_MODEL,
    ai_disclosure,
    disclosure,
    model_licence,
)

#: Actions of Table 8 of C2PA 2.2 that OMRS maps to.
C2PA_2_2_ACTIONS = {"c2pa.adjustedColor", "c2pa.dubbed", "c2pa.edited", "c2pa.enhanced"}


def test_every_omrs_action_term_maps_to_a_c2pa_action() -> None:
    """The table covers the ai-disclosure vocabulary exactly, and only with Table 8 names."""
    schema = schemas.load_schema("1.0", "ai-disclosure")
    terms = schema["properties"]["segments"]["items"]["properties"]["actions"]["items"]["enum"]
    assert set(C2PA_ACTIONS) == set(terms)
    assert set(C2PA_ACTIONS.values()) <= C2PA_2_2_ACTIONS
    assert "c2pa.placed" not in C2PA_ACTIONS.values()  # needs a componentOf ingredient
    assert "c2pa.translated" not in C2PA_ACTIONS.values()  # needs the two languages


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("3.1", "3.1.0"),
        ("2", "2.0.0"),
        ("1.2.3", "1.2.3"),
        ("v4.0", "4.0.0"),
        ("2025-07-preview", None),
        ("01.2", None),
        ("1.2.3.4", None),
        (3, None),
    ],
)
def test_semver_only_where_plainly_derivable(version: Any, expected: str | None) -> None:
    assert semver(version) == expected


def _actions(record: dict[str, Any], licences: tuple[dict[str, Any], ...] = ()) -> list[Any]:
    inputs = input_ingredients(record, licences)
    return list(actions_assertion(record, inputs)["actions"])


def test_segments_become_actions_with_their_models() -> None:
    record = ai_disclosure("0" * 64, "x.wav")
    actions = _actions(record, (model_licence(),))
    assert [a["action"] for a in actions] == [
        "c2pa.opened",
        "c2pa.dubbed",
        "c2pa.edited",
        "c2pa.enhanced",
        "c2pa.edited.metadata",
    ]
    voice = actions[1]
    assert voice["parameters"]["ingredientIds"] == ["omrs-model-1", "omrs-dataset-1"]
    assert voice["description"] == record["segments"][0]["description"]
    assert actions[2]["parameters"]["ingredientIds"] == ["omrs-model-2"]


def test_no_software_agent_without_a_model_and_a_default_description() -> None:
    """softwareAgent names the software that did the action: never omrs for an AI edit."""
    record = disclosure("0" * 64, "x.jpg")  # one deAging segment, no models, no range
    [opened, segment, attached] = _actions(record)
    assert "softwareAgent" not in segment and "changes" not in segment
    assert "parameters" in segment and "ingredientIds" not in segment["parameters"]
    assert segment["description"] == "AI segment 0 of the OMRS disclosure (deAging)"
    assert opened["softwareAgent"]["name"] == attached["softwareAgent"]["name"] == "omrs"


def test_models_and_data_sets_are_written_once() -> None:
    record = ai_disclosure("0" * 64, "x.wav")
    record["segments"].append({**record["segments"][0], "id": "again"})
    record["segments"][1]["models"] = [GRADE_MODEL, VOICE_MODEL]
    inputs = input_ingredients(record, (model_licence(),))
    assert [i["label"] for i in inputs.ingredients] == [
        "omrs-model-1",
        "omrs-dataset-1",
        "omrs-model-2",
    ]
    assert inputs.by_segment[2] == ["omrs-model-1", "omrs-dataset-1"]
    assert all(i["relationship"] == "inputTo" for i in inputs.ingredients)


@pytest.mark.parametrize(
    "segments",
    [
        [{"digitalSourceType": "trainedAlgorithmicMedia", "actions": ["made-up", 5]}],
        [{"actions": "generated"}],
        ["not a segment", None],
        [{"models": [{"version": "1"}, "x", {"name": ""}], "actions": []}],
    ],
)
def test_records_signed_with_force_still_give_a_valid_shape(segments: list[Any]) -> None:
    """--force signs records that fail their checks: each segment still gets one action."""
    record = {**disclosure("0" * 64, "x.jpg"), "segments": segments}
    actions = _actions(record)
    mapped = [a for a in actions if "org.omrs.segment" in a.get("parameters", {})]
    assert all(a["action"] == FALLBACK_ACTION for a in mapped)
    assert len(mapped) == sum(isinstance(s, dict) for s in segments)
    json.dumps(actions)


def test_the_signer_vouches_for_everything_it_writes() -> None:
    """Every assertion 'created' (C2PA 2.2 §10.2.2); ingredients through the settings."""
    definition = build_definition(
        OmrsContent(disclosure=ai_disclosure("0" * 64, "x.wav"), licences=(model_licence(),)),
        title="x.wav",
        mime="audio/wav",
    )
    assert all(a["created"] is True for a in definition["assertions"])
    metadata = next(a for a in definition["assertions"] if a["label"] == "cawg.metadata")
    assert metadata["kind"] == "Json"
    assert len(definition["ingredients"]) == 3
    builder = settings_dict(TrustSettings(), signing=True)["builder"]
    assert builder["created_assertion_labels"] == ["c2pa.ingredient", "c2pa.embedded-data"]
    assert "builder" not in settings_dict(TrustSettings())


def test_hostile_segments_sign_and_verify(
    tmp_path: Path, signer: SignerMaterial, pki_trust: TrustSettings
) -> None:
    """What --force lets through reaches the SDK in a shape it signs, and reads back."""
    record = {
        **disclosure("0" * 64, "x.jpg"),
        "segments": [
            {
                "id": "",
                "range": {"start": "99:99:99:99", "end": 1e308, "frameRate": -1},
                "region": {"x": "left", "y": 0, "width": 2, "height": 0.5, "description": 7},
                "digitalSourceType": 5,
                "actions": ["generated", "generated", {"a": 1}],
                "description": "",
                "models": [{"name": "M" * 5000, "version": "\u00e9\u00e9"}, {"name": 3}],
            },
            {"range": {"start": 0, "end": 90_000}, "actions": ["translation"]},
        ],
    }
    content = OmrsContent(disclosure=record)
    result = sign_media(
        MEDIA_FIXTURES / "sample.jpg", tmp_path / "x.jpg", content, signer, trust=pki_trust
    )
    assert result.report.state == "trusted"
    actions = [a["action"] for a in result.report.actions]
    assert actions == ["c2pa.opened", "c2pa.edited", "c2pa.edited", "c2pa.edited.metadata"]
    second = result.report.actions[2]
    assert "changes" not in second and second["parameters"]["org.omrs.actions"] == ["translation"]


def test_the_spec_table_is_the_mapping_the_code_uses() -> None:
    """spec/1.0/c2pa-binding.md lists every OMRS term with the C2PA action written for it."""
    import re

    from tests.media.media_paths import REPO

    text = (REPO / "spec" / "1.0" / "c2pa-binding.md").read_text("utf-8")
    rows = dict(re.findall(r"^\| `([A-Za-z]+)` \| `(c2pa\.[A-Za-z.]+)` \|", text, re.MULTILINE))
    assert rows == C2PA_ACTIONS
