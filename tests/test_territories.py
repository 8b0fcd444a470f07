"""The one territory table, and what a list of territories covers (groups and exclusions).

``Scope`` is checked against a brute-force model: each code stands for a set of "points"
(a subdivision is a point, a country is its listed subdivisions plus the rest of it, WORLD
is every point plus the countries no code names), and a scope is the points of its
territories less the points of its exclusions.
"""

from __future__ import annotations

import itertools
import json
import re
import string
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omrs import schemas
from omrs.rules.profiles import EU_MEMBER_STATES, from_territories
from omrs.territories import GROUPS, WORLD, Scope, country, describe, expand

#: The member states by name (the EU's own list), and the EEA's EFTA members.
EU_27 = {
    "Austria": "AT", "Belgium": "BE", "Bulgaria": "BG", "Croatia": "HR", "Cyprus": "CY",
    "Czechia": "CZ", "Denmark": "DK", "Estonia": "EE", "Finland": "FI", "France": "FR",
    "Germany": "DE", "Greece": "GR", "Hungary": "HU", "Ireland": "IE", "Italy": "IT",
    "Latvia": "LV", "Lithuania": "LT", "Luxembourg": "LU", "Malta": "MT", "Netherlands": "NL",
    "Poland": "PL", "Portugal": "PT", "Romania": "RO", "Slovakia": "SK", "Slovenia": "SI",
    "Spain": "ES", "Sweden": "SE",
}  # fmt: skip
EEA_EFTA = {"Iceland": "IS", "Liechtenstein": "LI", "Norway": "NO"}


def test_the_eu_is_the_27_member_states_and_the_eea_adds_three() -> None:
    assert len(EU_27) == 27
    assert dict(GROUPS["EU"].members) == {code: name for name, code in EU_27.items()}
    assert set(GROUPS["EEA"].members) == set(EU_27.values()) | set(EEA_EFTA.values())
    assert len(GROUPS["EEA"].members) == 30
    assert set(GROUPS["EU"].members) == EU_MEMBER_STATES  # the profiles read the same table


def _schema_groups(version: str) -> set[str]:
    pattern = schemas.load_schema(version, "common")["$defs"]["territoryOrGroup"]["pattern"]
    head = re.match(r"\^\(\?:((?:[A-Z]+\|)+)", pattern)
    assert head is not None
    return set(head.group(1).rstrip("|").split("|")) - {WORLD}


def test_the_schema_accepts_exactly_the_groups_of_the_table() -> None:
    assert _schema_groups("1.1") == set(GROUPS)
    validator = schemas.validator("1.1", "training-license")
    with open(schemas.schema_dir() / "1.1" / "common.schema.json", encoding="utf-8") as f:
        assert "territoryOrGroup" in json.load(f)["$defs"]
    for code, ok in [("EU", True), ("EEA", True), ("WORLD", True), ("EUR", False), ("EA", False)]:
        items = validator.evolve(schema={"$ref": "common.schema.json#/$defs/territories"})
        assert items.is_valid([code]) is ok, code


def test_a_1_0_list_may_not_name_a_group() -> None:
    items = schemas.validator("1.0", "training-license").evolve(
        schema={"$ref": "common.schema.json#/$defs/territories"}
    )
    assert not items.is_valid(["EU"])


# -- the model ---------------------------------------------------------------------------

SUBDIVISIONS = ("US-CA", "US-NY", "FR-75", "CN-BJ", "NO-03")
COUNTRIES = sorted({*GROUPS["EEA"].members, "US", "CN", "GB", "CH"})
CODES = [WORLD, *GROUPS, "US", "CN", "GB", "CH", "FR", "DE", "NO", "IS", *SUBDIVISIONS]
ELSEWHERE = "#elsewhere"


def points(code: str) -> set[str]:
    if code == WORLD:
        return {p for c in COUNTRIES for p in points(c)} | {ELSEWHERE}
    if code in GROUPS:
        return {p for m in GROUPS[code].members for p in points(m)}
    if "-" in code:
        return {code}
    return {f"{code}#rest"} | {s for s in SUBDIVISIONS if country(s) == code}


def model(territories: list[str], excluded: list[str]) -> set[str]:
    inside = set().union(*(points(c) for c in territories))
    return inside - set().union(*(points(c) for c in excluded))


def _label_points(label: str) -> set[str]:
    code, _, rest = label.partition(" except ")
    return points(code) - set().union(*(points(c) for c in rest.split(", ") if c))


LISTS = st.lists(st.sampled_from(CODES), unique=True, max_size=4)


@settings(max_examples=300, deadline=None)
@given(inc=LISTS.filter(bool), exc=LISTS, code=st.sampled_from(CODES))
def test_covers_and_reaches_agree_with_the_model(inc: list[str], exc: list[str], code: str) -> None:
    scope, have = Scope.of(inc, exc), model(inc, exc)
    assert scope.covers(code) == (points(code) <= have)
    assert scope.reaches(code) == bool(points(code) & have)
    assert scope.empty == (not have)


@settings(max_examples=300, deadline=None)
@given(inc=LISTS.filter(bool), exc=LISTS, need=LISTS.filter(bool), need_exc=LISTS)
def test_missing_names_exactly_what_is_not_covered(
    inc: list[str], exc: list[str], need: list[str], need_exc: list[str]
) -> None:
    lacking = model(need, need_exc) - model(inc, exc)
    found = Scope.of(inc, exc).missing(Scope.of(need, need_exc))
    assert (found == []) == (not lacking)
    named = set().union(*(_label_points(label) for label in found))
    assert lacking <= named
    assert all(_label_points(label) & lacking for label in found)


@pytest.mark.parametrize(
    ("granted", "needed", "missing"),
    [
        ((["WORLD"], ["CN"]), (["WORLD"], []), ["CN"]),
        ((["WORLD"], ["CN"]), (["WORLD"], ["CN"]), []),
        ((["WORLD"], ["EU"]), (["WORLD"], []), ["EU"]),
        ((["FR"], []), (["EU"], []), ["EU except FR"]),
        ((["EU"], []), (["EEA"], []), ["IS", "LI", "NO"]),
        ((["US"], ["US-CA"]), (["US"], []), ["US-CA"]),
        ((["FR", "DE"], []), (["FR", "DE", "IT", "US"], []), ["IT", "US"]),
        ((["GB"], []), (["WORLD"], []), ["WORLD"]),
    ],
)
def test_missing_reads_like_a_contract(
    granted: tuple[list[str], list[str]], needed: tuple[list[str], list[str]], missing: list[str]
) -> None:
    assert Scope.of(*granted).missing(Scope.of(*needed)) == missing


def test_several_scopes_cover_together_what_each_covers_whole() -> None:
    consent, basis = Scope.of(["US"]), Scope.of(["GB"])
    assert consent.missing(Scope.of(["US", "GB", "IE"]), basis) == ["IE"]


def test_groups_expand_and_scopes_describe_themselves() -> None:
    assert expand(["EU", "FR", "US"])[:27] == sorted(GROUPS["EU"].members)
    assert expand(["EU", "FR", "US"])[27:] == ["US"]
    assert describe(["WORLD"], ["CN", "RU"]) == "WORLD except CN, RU"


@pytest.mark.parametrize(
    ("territories", "excluded", "profiles"),
    [
        (["EU"], [], {"eu-ai-act"}),
        (["EEA"], [], {"eu-ai-act"}),
        (["WORLD"], ["CN"], {"eu-ai-act", "us-ca", "us-ny", "us-tn"}),
        (["WORLD"], ["EU", "US"], {"cn-labelling"}),
        (["US"], ["US-CA"], {"us-ny", "us-tn"}),
        (["FR-75"], [], {"eu-ai-act"}),
        (["NO", "IS", "LI"], [], set()),
    ],
)
def test_profiles_follow_groups_and_exclusions(
    territories: list[str], excluded: list[str], profiles: set[str]
) -> None:
    assert from_territories(territories, excluded) == profiles


SYMBOLS = string.ascii_uppercase + string.digits
#: Every three-character subdivision of one country: 46,656 codes.
MANY = [f"US-{''.join(c)}" for c in itertools.product(SYMBOLS, repeat=3)]


def test_scopes_answer_in_linear_time() -> None:
    """46,656 subdivisions excluded from WORLD and all released: a pairwise comparison of
    exclusions with territories (2 * 10^9 steps) would run for minutes."""
    started = time.process_time()
    granted = Scope.of(["WORLD"], MANY[::2])
    found = granted.missing(Scope.of(MANY))
    assert len(found) == len(MANY) // 2
    assert Scope.of(["US"], MANY).missing(Scope.of(["US"], MANY)) == []
    assert time.process_time() - started < 30  # generous: well under a second here
