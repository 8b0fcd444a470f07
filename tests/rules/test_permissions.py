"""One meaning of a licence everywhere (issue 10, items 7, 8 and 9): ``omrs.permissions``.

The rules, ``bundle.model-licence``, the ``plus:DataMining`` export and the
``cawg.training-mining`` export must agree on what ``constrained`` means, on whether a
contract beats a TDMRep or AIPREF statement, and on what fine-tuning needs.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from omrs import permissions
from omrs.bundles import merged_licence
from omrs.judgement import new_context
from omrs.loading import parse_text
from omrs.media.manifest import training_mining
from omrs.options import CheckOptions
from omrs.rules.catalogue import get
from omrs.xmp import datamining as dm

DUTIES_ONLY = {"use": "constrained", "duties": ["attribute", "compensate"]}
WITH_TERMS = {"use": "constrained", "constraints": {"purposes": ["research"]}}


def _rule_findings(rule_id: str, data: dict[str, Any]) -> list[str]:
    rule = get(rule_id)
    assert rule is not None and rule.check is not None
    ctx = new_context(CheckOptions(as_of=dt.date(2026, 9, 1)))
    doc = parse_text(json.dumps(data), "licence.json", "json")
    return [f.message for f in rule.check(doc, ctx)]


def test_constrained_with_duties_only_means_not_allowed_in_every_module() -> None:
    licence = {"id": "urn:l", "permissions": {"ai_training": DUTIES_ONLY}}
    assert permissions.effective(licence, "ai_training").use == "notAllowed"
    assert permissions.training_grant(licence, generative=False) == (
        False,
        ["ai_training", "ai_generative_training"],
    )
    assert training_mining(licence) == {"entries": {"cawg.ai_training": {"use": "notAllowed"}}}
    implied = dm.implied_permissions(dm.export_data_mining(licence).code)
    assert implied.get("ai_training") == {"use": "notAllowed"}
    [message] = _rule_findings("licence.constrained-without-terms", licence)
    assert "duties are not constraints" in message


def test_constrained_with_constraints_is_a_grant_within_them() -> None:
    licence = {"id": "urn:l", "permissions": {"ai_training": WITH_TERMS}}
    assert permissions.effective(licence, "ai_training").use == "constrained"
    assert permissions.training_grant(licence, generative=False)[0]
    entry = (training_mining(licence) or {})["entries"]["cawg.ai_training"]
    assert entry["use"] == "constrained" and "purposes research" in entry["constraint_info"]


@pytest.mark.parametrize(
    ("source", "preference"),
    [
        ("TDMRep tdm-reservation=1", True),
        ("W3C TDMRep policy https://example.org/.well-known/tdmrep.json", True),
        ("AIPREF Content-Usage: train-ai=n", True),
        ("robots.txt User-agent: GPTBot Disallow: /", True),
        ("IPTC metadata (plus:DataMining)", True),
        ("Licence agreement RF-NL-2026-01, clause 4.2", False),
        (None, False),
    ],
)
def test_statements_of_preference_are_recognised_by_their_source(
    source: str | None, preference: bool
) -> None:
    statement = permissions.Statement("ai_training", "/statements/0", "allowed", source=source)
    assert statement.preference is preference


def test_the_licence_overrides_a_reservation_and_preferences_combine_strictly() -> None:
    licence = {
        "id": "urn:l",
        "permissions": {"ai_training": {"use": "allowed"}},
        "statements": [
            {"key": "ai_training", "use": "notAllowed", "source": "TDMRep tdm-reservation=1"},
            {"key": "search_indexing", "use": "allowed", "source": "AIPREF search=y"},
            {"key": "search_indexing", "use": "notAllowed", "source": "TDMRep tdm-reservation=1"},
        ],
    }
    held = permissions.effective(licence, "ai_training")
    assert held.use == "allowed" and [s.pointer for s in held.set_aside] == ["/statements/0"]
    assert permissions.effective(licence, "search_indexing").use == "notAllowed"
    assert training_mining(licence) == {
        "entries": {
            "cawg.ai_training": {"use": "allowed"},
            "org.omrs.search_indexing": {"use": "notAllowed"},
        }
    }
    assert _rule_findings("licence.conflicting-statements", licence) == [
        "conflicting preferences about `search_indexing` (/statements/1 says allowed; "
        "/statements/2 says notAllowed); the most restrictive holds (AIPREF -07 section "
        "5.1): notAllowed"
    ]


def test_several_licences_combine_most_restrictively() -> None:
    photographer = {"id": "urn:a", "permissions": {"ai_training": {"use": "allowed"}}}
    archive = {"id": "urn:b", "permissions": {"ai_training": {"use": "notAllowed"}}}
    silent = {"id": "urn:c", "permissions": {"data_mining": {"use": "allowed"}}}
    found = permissions.export_all([photographer, archive, silent])
    assert found["ai_training"].use == "notAllowed"
    assert found["data_mining"].use is None  # one holder's grant, the others unspecified


@pytest.mark.parametrize(
    ("uses", "generative", "granted"),
    [
        (
            {"ai_fine_tuning": WITH_TERMS, "ai_generative_training": {"use": "notAllowed"}},
            True,
            False,
        ),
        ({"ai_fine_tuning": {"use": "allowed"}}, True, False),
        ({"ai_fine_tuning": WITH_TERMS, "ai_generative_training": WITH_TERMS}, True, True),
        ({"ai_generative_training": {"use": "allowed"}}, True, True),
        (
            {"ai_generative_training": {"use": "allowed"}, "ai_fine_tuning": DUTIES_ONLY},
            True,
            False,
        ),
        ({"ai_training": WITH_TERMS}, False, True),
        ({"ai_training": {"use": "notAllowed"}, "ai_generative_training": WITH_TERMS}, False, True),
        ({"ai_training": WITH_TERMS, "ai_fine_tuning": {"use": "notAllowed"}}, False, False),
    ],
)
def test_fine_tuning_needs_both_keys_the_most_restrictive_winning(
    uses: dict[str, Any], generative: bool, granted: bool
) -> None:
    licence = {"id": "urn:l", "permissions": uses}
    assert permissions.training_grant(licence, generative=generative)[0] is granted


def test_a_custom_key_only_one_licence_names_is_unspecified_not_a_crash() -> None:
    """Reviewer's input: two licences on one asset, only one naming a custom key. It used
    to raise KeyError in ``export_all`` (a crash of ``omrs sign`` and ``xmp export``)."""
    voice = "com.example.voice-clone"
    photographer = {
        "id": "urn:a",
        "permissions": {"ai_training": {"use": "allowed"}, voice: {"use": "allowed"}},
    }
    archive = {"id": "urn:b", "permissions": {"ai_training": {"use": "allowed"}}}
    found = permissions.export_all([photographer, archive])
    assert found[voice].use is None  # the archive says nothing: not granted by both holders
    assert found["ai_training"].use == "allowed"
    banned = dict(archive, permissions={voice: {"use": "notAllowed"}})
    assert permissions.export_all([banned, photographer])[voice].use == "notAllowed"
    merged = merged_licence([photographer, archive])
    assert training_mining(merged) == {"entries": {"cawg.ai_training": {"use": "allowed"}}}


def test_a_term_that_has_not_started_is_never_exported_as_allowed() -> None:
    """Reviewer's input: a licence whose term starts in 2030 exported today as allowed."""
    licence = {
        "id": "urn:l",
        "territories": ["WORLD"],
        "term": {"start": "2030-01-01"},
        "permissions": {key: {"use": "allowed"} for key in permissions.KEYS},
    }
    before, after = dt.date(2026, 9, 1), dt.date(2030, 1, 1)
    entry = (training_mining(licence, on=before) or {})["entries"]["cawg.ai_training"]
    assert entry == {"use": "constrained", "constraint_info": "Limits: only from 2030-01-01."}
    exported = dm.export_data_mining(licence, on=before)
    assert exported.code == dm.SEE_CONSTRAINT
    assert "only from 2030-01-01" in (exported.other_constraints or "")
    assert dm.export_data_mining(licence, on=after).code == dm.ALLOWED
    unreadable = dict(licence, term={"start": "soon"})
    assert permissions.export_all([unreadable], on=after)["ai_training"].use == "constrained"
