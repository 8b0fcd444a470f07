"""YAML the tool writes reads back as the same data, whatever characters the data holds."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from omrs import yaml_out


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=12))
def test_any_text_round_trips(text: str) -> None:
    data = {"note": text, "names": [text, "Müller"]}
    assert yaml.safe_load(yaml_out.dump(data, sort_keys=False)) == data


def test_readable_characters_stay_unescaped() -> None:
    assert "Müller" in yaml_out.dump({"by": "Müller"})
    assert "\x85" not in yaml_out.dump({"by": "a\x85b"})
