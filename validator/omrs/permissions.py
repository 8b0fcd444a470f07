"""What a training licence says about each AI use: one meaning for the rules, XMP and C2PA.

The licence rules, ``bundle.model-licence``, the ``plus:DataMining`` export and the
``cawg.training-mining`` export all read ``permissions`` and ``statements`` through this
module, so they cannot disagree (spec/1.0/training-license.md).

**``constrained``.** CAWG TDM 1.1 §3.1: "In the absence of additional information,
``constrained`` shall be treated as equivalent to ``notAllowed``." For a machine, the
additional information is the statement's ``constraints`` (territories, window, purposes,
licensee classes): only they say when, where, by whom and for what the use is permitted.
``duties`` do not count: a duty says what the licensee must do *when* making a use, not
whether it may, and a use permitted outright on condition of a duty is written ``allowed``
with ``duties``. ``constraintInfo`` prose is for people; it travels with the exports but
grants nothing to a machine. This is the 1.0 schema's own wording ("``constrained`` with no
machine-readable constraints counts as ``notAllowed``"), applied the same way everywhere.

**Precedence inside one licence** (IETF AIPREF vocab -07, a working draft):

- A statement is a *statement of preference* when its ``sourceKind`` (OMRS 1.1) says
  ``preference``; without one (every 1.0 record), when its ``source`` names a preference
  signal (TDMRep, AIPREF, robots.txt..., see ``PREFERENCE_SIGNAL``). Every ``permissions``
  entry and every other statement is a term of the licence itself (``sourceKind:
  contract`` says so whatever the ``source`` text).
- When the licence's own terms speak about a use, they hold and preferences about it are set
  aside: "Contractual agreements or other specific arrangements might override statements
  of preference" (§5.2). A licence granted back over a TDM reservation is the usual case.
- Among preferences alone, the most restrictive holds (§5.1). Among the licence's own terms
  the most restrictive holds too: a contract that contradicts itself is read in the reading
  that permits least, and ``licence.conflicting-statements`` reports it.

**Several licences on one asset** still combine most-restrictively (``combine``): each right
holder (the photographer and the archive, the composer and the performer) licenses only
their own rights, and a use needs every holder's permission, so one holder's grant never
lifts what another withholds. AIPREF §5.2 does not apply between them: no licence is a
more specific arrangement than another holder's licence. A licence that does not mention a
key (standard or custom) neither allows nor forbids it: it exports as unspecified.

**The day of the export.** An export is read long after it is written, so it carries only
what holds from the day it is made on: a term that has not started yet is a limit ("only
from ..."), like a term end. Callers pass that day (``on``); without one it is today.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from omrs.territories import describe

#: The OMRS use keys, in the fixed order of messages and summaries.
KEYS = (
    "data_mining",
    "ai_inference",
    "ai_generative_training",
    "ai_training",
    "ai_fine_tuning",
    "ai_indexing",
    "search_indexing",
)
TRAINING_KEYS = frozenset({"ai_training", "ai_generative_training", "ai_fine_tuning"})
USES = ("notAllowed", "constrained", "allowed")
#: How far a meaning lets a user go; "more permissive" compares these (absent = unspecified).
RANK: dict[str | None, int] = {"notAllowed": 0, "constrained": 1, None: 2, "allowed": 3}
#: Sources that are statements of preference, not terms of the licence (AIPREF -07 §3).
PREFERENCE_SIGNAL = re.compile(
    r"tdm-?rep|tdm[-:_ ]?(?:reservation|policy)|ai-?pref|content-usage|robots|ai\.txt"
    r"|\bnoai\b|iptc|plus:data-?mining|training-mining",
    re.IGNORECASE,
)
#: Licensee classes; a permission without them is the named licensee's alone.
NAMED_ONLY = "named"
#: The licensee class of a use open to anyone (OMRS 1.1): no limit on who may make it.
PUBLIC = "public"


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement about one use: a ``permissions`` entry or an entry of ``statements``."""

    key: str
    pointer: str
    use: str
    constraints: Mapping[str, Any] | None = None
    duties: tuple[str, ...] = ()
    info: str | None = None
    source: str | None = None
    #: ``contract`` or ``preference`` where the record says which (OMRS 1.1).
    source_kind: str | None = None
    #: Whether the use is open to anyone (licensee class ``public``, OMRS 1.1).
    public: bool = False

    @property
    def preference(self) -> bool:
        """A statement of preference, not a licence term: as ``sourceKind`` says, else as
        the ``source`` text reads (1.0 records have no ``sourceKind``)."""
        if self.source_kind in ("contract", "preference"):
            return self.source_kind == "preference"
        return bool(self.source and PREFERENCE_SIGNAL.search(self.source))

    @property
    def meaning(self) -> str:
        """What a machine may do: ``constrained`` needs constraints; ``allowed`` with them is
        constrained, since every stated constraint must hold."""
        if self.use == "constrained" and not self.constraints:
            return "notAllowed"
        if self.use == "allowed" and self.constraints:
            return "constrained"
        return self.use


def _statement(key: str, pointer: str, item: Mapping[str, Any]) -> Statement | None:
    use = item.get("use")
    if use not in USES:
        return None
    duties = item.get("duties")
    info, source, kind = item.get("constraintInfo"), item.get("source"), item.get("sourceKind")
    raw = item.get("constraints")
    classes = raw.get("licenseeClasses") if isinstance(raw, Mapping) else None
    return Statement(
        key,
        pointer,
        use,
        binding_constraints(item.get("constraints")),
        tuple(d for d in duties if isinstance(d, str)) if isinstance(duties, list) else (),
        info if isinstance(info, str) and info else None,
        source if isinstance(source, str) and source else None,
        kind if isinstance(kind, str) else None,
        isinstance(classes, list) and PUBLIC in classes,
    )


def binding_constraints(constraints: Any) -> Mapping[str, Any] | None:
    """The constraints that limit a use: a licensee class ``public`` limits no one, so it
    is dropped (with the other classes it widens), and nothing left means no constraints."""
    if not isinstance(constraints, Mapping) or not constraints:
        return None
    classes = constraints.get("licenseeClasses")
    if isinstance(classes, list) and PUBLIC in classes:
        constraints = {k: v for k, v in constraints.items() if k != "licenseeClasses"}
    return constraints or None


def by_key(licence: Mapping[str, Any] | None) -> dict[str, list[Statement]]:
    """Every statement per key, in one pass: ``permissions`` keys first, then keys only
    ``statements`` name, in document order. Malformed entries are skipped (XMP fragments
    and embedded records reach here unvalidated)."""
    found: dict[str, list[Statement]] = {}
    permissions = licence.get("permissions") if licence else None
    if isinstance(permissions, Mapping):
        for key, item in permissions.items():
            made = (
                _statement(key, f"/permissions/{key}", item) if isinstance(item, Mapping) else None
            )
            found[key] = [made] if made else []
    statements = licence.get("statements") if licence else None
    for i, item in enumerate(statements if isinstance(statements, list) else ()):
        key = item.get("key") if isinstance(item, Mapping) else None
        made = _statement(key, f"/statements/{i}", item) if isinstance(key, str) else None
        if made is not None:
            found.setdefault(made.key, []).append(made)
    return found


@dataclass(frozen=True, slots=True)
class Effective:
    """What holds for one key of one licence, and why."""

    key: str
    #: The statements that decide (all of the same, most restrictive, meaning).
    holding: tuple[Statement, ...] = ()
    #: Statements of preference set aside because the licence's own terms speak (§5.2).
    set_aside: tuple[Statement, ...] = ()

    @property
    def use(self) -> str | None:
        """``allowed``, ``constrained`` (with constraints), ``notAllowed`` or None (unspecified)."""
        return self.holding[0].meaning if self.holding else None

    @property
    def rank(self) -> int:
        return RANK[self.use]

    @property
    def granted(self) -> bool:
        """Whether the use may be made at all (constrained: within its constraints)."""
        return self.use in ("allowed", "constrained")

    @property
    def constraints(self) -> tuple[Mapping[str, Any], ...]:
        """Every constraint set that must hold at once (their intersection)."""
        return tuple(s.constraints for s in self.holding if s.constraints)

    @property
    def duties(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d for s in self.holding for d in s.duties))

    @property
    def info(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.info for s in self.holding if s.info))


def decide(key: str, statements: Sequence[Statement]) -> Effective:
    """The licence's own terms if any speak, else the preferences; most restrictive within."""
    terms = [s for s in statements if not s.preference]
    pool = terms or list(statements)
    if not pool:
        return Effective(key)
    strictest = min(RANK[s.meaning] for s in pool)
    holding = tuple(s for s in pool if RANK[s.meaning] == strictest)
    set_aside = tuple(s for s in statements if s.preference) if terms else ()
    return Effective(key, holding, set_aside)


def effective(licence: Mapping[str, Any] | None, key: str) -> Effective:
    return decide(key, by_key(licence).get(key, []))


def effective_all(licence: Mapping[str, Any] | None) -> dict[str, Effective]:
    """Every standard key, then every other key the licence speaks about."""
    found = by_key(licence)
    keys = [*KEYS, *(k for k in found if k not in KEYS)]
    return {key: decide(key, found.get(key, [])) for key in keys}


def training_grant(licence: Mapping[str, Any], *, generative: bool) -> tuple[bool, list[str]]:
    """Whether ``licence`` let a model be trained on its data, and the keys that decided.

    Generative output needs ``ai_generative_training``; other output either training key
    (the model may be generative or not). Fine-tuning a model is training it, so when the
    licence speaks about ``ai_fine_tuning`` that must be granted as well: the most
    restrictive of the two holds (spec/1.0/training-license.md). An unspecified key grants
    nothing.
    """
    found = effective_all(licence)
    if generative:
        needed = ["ai_generative_training"]
    else:
        either = ["ai_training", "ai_generative_training"]
        needed = [k for k in either if found[k].granted][:1] or either
    if found["ai_fine_tuning"].use is not None:
        needed.append("ai_fine_tuning")
    return all(found[k].granted for k in needed), needed


@dataclass(frozen=True, slots=True)
class Exported:
    """What an export may say about one key of *this asset*: a CAWG ``use`` and its text.

    ``use`` is never more permissive than the records: ``allowed`` only when the licence
    grants the use without any limit the vocabulary cannot carry; ``constrained`` always
    comes with ``text`` (for CAWG ``constraint_info`` and ``plus:OtherConstraints``).
    ``stated`` is the records' own meaning, for summaries.
    """

    use: str | None = None
    #: The licence's own ``constraintInfo`` texts, and the limits CAWG and PLUS cannot carry.
    prose: tuple[str, ...] = ()
    limits: tuple[str, ...] = ()
    stated: str | None = None

    @property
    def text(self) -> str:
        """The readable terms: the licence's texts, then ``Limits: a; b.``"""
        words = " ".join(p.strip() for p in self.prose)
        if self.limits:
            words = f"{words} Limits: {'; '.join(self.limits)}.".strip()
        return words

    @property
    def rank(self) -> int:
        """Permissiveness for a machine: an exported ``constrained`` carries prose only,
        which is no additional information a machine can act on, so it counts as
        ``notAllowed`` (CAWG TDM 1.1 §3.1)."""
        return RANK["notAllowed" if self.use == "constrained" else self.use]


def limits(licence: Mapping[str, Any] | None, found: Effective, *, on: dt.date) -> list[str]:
    """The limits on a use that CAWG and PLUS cannot express, in words, for an export made
    on ``on``."""
    words: list[str] = []
    for constraints in found.constraints:
        words += describe_constraints(constraints)
    if found.duties:
        words.append("duties " + ", ".join(found.duties))
    if licence:
        named = licence.get("licensee")
        widened = any(c.get("licenseeClasses") for c in found.constraints) or any(
            s.public for s in found.holding
        )
        if isinstance(named, Mapping) and named.get("name") and not widened:
            words.append(f"only for the licensee {named['name']}")
        territories = _strings(licence.get("territories"))
        excluded = _strings(licence.get("excludedTerritories"))
        if (territories and territories != ["WORLD"]) or excluded:
            words.append("licence territories " + describe(territories, excluded))
        words += _term_limits(licence.get("term"), on)
    return list(dict.fromkeys(words))


def _term_limits(term: Any, on: dt.date) -> list[str]:
    """A term end always limits (its wording names the start too); a start alone limits
    until it has come, and one that is not a readable date (records reach here
    unvalidated) is never taken to have come."""
    if not isinstance(term, Mapping):
        return []
    start, end = term.get("start"), term.get("end")
    if end:
        return [f"licence term {start or '?'} to {end}"]
    return [f"only from {start}"] if start and not _begun(start, on) else []


def _begun(start: Any, on: dt.date) -> bool:
    try:
        return isinstance(start, str) and dt.date.fromisoformat(start) <= on
    except ValueError:
        return False


def describe_constraints(constraints: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    territories, excluded = (
        _strings(constraints.get(k)) for k in ("territories", "excludedTerritories")
    )
    if territories or excluded:
        where = describe(territories, excluded) if territories else f"not {', '.join(excluded)}"
        out.append(f"territories {where}")
    for field, label in (("purposes", "purposes"), ("licenseeClasses", "licensees")):
        values = constraints.get(field)
        if isinstance(values, list) and values:
            out.append(f"{label} {', '.join(map(str, values))}")
    window = constraints.get("window")
    if isinstance(window, Mapping):
        out.append(f"from {window.get('start', '?')} to {window.get('end', '?')}")
    return out


def _strings(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def export_one(licence: Mapping[str, Any] | None, found: Effective, *, on: dt.date) -> Exported:
    """What an export made on ``on`` may say about one key of one licence; a key the
    licence does not mention (``found.use`` None) is unspecified."""
    if found.use is None:
        return Exported()
    prose = found.info
    bounds = tuple(limits(licence, found, on=on))
    if found.use == "notAllowed":
        if not prose or any(s.use == "notAllowed" for s in found.holding):
            return Exported("notAllowed", stated="notAllowed")
        return Exported("constrained", prose, bounds, stated="notAllowed")
    if found.use == "allowed" and not bounds:
        return Exported("allowed", stated="allowed")
    return Exported("constrained", prose, bounds, stated=found.use)


def combine(exports: Iterable[Exported]) -> Exported:
    """Several licences on one asset: the most restrictive holds (see the module text)."""
    order = {"notAllowed": 0, "constrained": 1, None: 2, "allowed": 3}
    found = list(exports)
    if not found:
        return Exported()
    strictest = min(order[e.use] for e in found)
    kept = [e for e in found if order[e.use] == strictest]
    prose = tuple(dict.fromkeys(text for e in kept for text in e.prose))
    bounds = tuple(dict.fromkeys(text for e in kept for text in e.limits))
    stated = min((e.stated for e in kept), key=lambda s: RANK[s])
    return Exported(kept[0].use, prose, bounds, stated)


def export_all(
    licences: Sequence[Mapping[str, Any]], *, on: dt.date | None = None
) -> dict[str, Exported]:
    """Per key any licence names, what an export made ``on`` (default today) for an asset
    covered by ``licences`` may say; a licence silent on a key counts as unspecified."""
    day = on or dt.date.today()
    per = [(lic, effective_all(lic)) for lic in licences]
    keys = list(dict.fromkeys(k for _, found in per for k in found))
    return {
        key: combine(export_one(lic, found.get(key, Effective(key)), on=day) for lic, found in per)
        for key in keys
    }


def covering(
    licences: Iterable[Mapping[str, Any]], digests: Iterable[str]
) -> list[Mapping[str, Any]]:
    """The licences whose ``assets`` name one of ``digests`` (SHA-256, any case).

    ``cawg.training-mining`` and ``plus:DataMining`` describe the asset they are attached
    to (CAWG TDM 1.1 §3.1: "whether the asset may be used"), so only a licence of that very
    file speaks for it; a licence of training inputs (a voice-session data set) does not.
    """
    wanted = {d.lower() for d in digests if isinstance(d, str)}
    return [lic for lic in licences if wanted & set(_asset_digests(lic))]


def _asset_digests(licence: Mapping[str, Any]) -> Iterator[str]:
    assets = licence.get("assets")
    for asset in assets if isinstance(assets, list) else ():
        digest = asset.get("sha256") if isinstance(asset, Mapping) else None
        if isinstance(digest, str):
            yield digest.lower()


def export_view(
    licences: Sequence[Mapping[str, Any]], *, on: dt.date | None = None
) -> dict[str, Any] | None:
    """Several licences as one licence-shaped record that exports exactly as they do.

    Each key carries the combined export (``constrained`` with its text as
    ``constraintInfo``), and the view has no licensee, territories or term, so exporting it
    again (on the same day) adds nothing: one licence is returned as it is.
    """
    if not licences:
        return None
    if len(licences) == 1:
        return dict(licences[0])
    permissions: dict[str, Any] = {}
    for key, found in export_all(licences, on=on).items():
        if found.use is not None:
            entry: dict[str, Any] = {"use": found.use}
            if found.text:
                entry["constraintInfo"] = found.text
            permissions[key] = entry
    ids = ", ".join(str(lic.get("id")) for lic in licences)
    return {"id": ids, "permissions": permissions}
