"""Consents as a reviewer reads them: the matrix rows, their state, and segment coverage.

The state of a consent and whether it covers an attribute follow the standard's own terms
(spec/1.0/likeness-consent.md: a revoked consent covers no use after ``revokedAt``;
overview.md: a superseded record is replaced from the ``issued`` time of its successor;
terms include their end date) and reuse the rules' helpers, so the report agrees with
``omrs check``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from omrs.report.model import ConsentRow, Cover, Event, PersonCover
from omrs.rules.base import date, items
from omrs.rules.bundle_consents import outside_term, work_attributes
from omrs.territories import Scope, describe

Record = Mapping[str, Any]


def text(value: Any) -> str:
    """A record value as text ("" for nothing); lists joined with commas."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(text(v) for v in value)
    return str(value)


def places(record: Record) -> str:
    """Territories as the consent or release grants them, exclusions included."""
    listed = [str(t) for t in record.get("territories") or () if isinstance(t, str)]
    excluded = [str(t) for t in record.get("excludedTerritories") or () if isinstance(t, str)]
    return describe(listed, excluded) if listed else "none"


def term(record: Record) -> str:
    span = record.get("term")
    if not isinstance(span, Mapping):
        return "no term"
    return f"{text(span.get('start')) or '?'} to {text(span.get('end')) or 'open-ended'}"


def superseded(records: Iterable[Record]) -> dict[str, tuple[str, dt.date | None]]:
    """Record id -> (the id of the record replacing it, the day it does so)."""
    out: dict[str, tuple[str, dt.date | None]] = {}
    for record in records:
        old = record.get("supersedes")
        if isinstance(old, str):
            out[old] = (text(record.get("id")), date(record.get("issued")))
    return out


def state(
    consent: Record, on: dt.date, replaced: Mapping[str, tuple[str, dt.date | None]]
) -> tuple[str, str]:
    """The consent's state on ``on`` and a note saying why."""
    revocation = consent.get("revocation")
    revoked = date(revocation.get("revokedAt")) if isinstance(revocation, Mapping) else None
    if revoked is not None and revoked <= on:
        return "revoked", f"revoked on {revoked}"
    successor = replaced.get(text(consent.get("id")))
    if successor is not None and (successor[1] is None or successor[1] <= on):
        return "superseded", f"replaced by {successor[0]}"
    span = consent.get("term")
    span = span if isinstance(span, Mapping) else {}
    start, end = date(span.get("start")), date(span.get("end"))
    if end is not None and on > end:
        return "expired", f"ended on {end}"
    if start is not None and on < start:
        return "not yet in force", f"starts on {start}"
    note = f"until {end}" if end else "no end date"
    if revoked is not None:
        note += f"; revocation takes effect {revoked}"
    return "active", note


def _grantor(consent: Record) -> tuple[str, str]:
    grantor = consent.get("grantor")
    grantor = grantor if isinstance(grantor, Mapping) else {}
    party = grantor.get("party")
    who = text(party.get("name")) if isinstance(party, Mapping) else ""
    role = text(grantor.get("role")) or "?"
    proof = grantor.get("proofOfAuthority")
    if isinstance(proof, Mapping):
        bits = [text(proof.get(k)) for k in ("kind", "reference", "issuedBy", "date")]
        authority = ", ".join(b for b in bits if b)
    else:
        authority = "the subject signs" if role == "subject" else "no proof of authority"
    return (f"{who} ({role})" if who else role), authority


def _uses(consent: Record) -> tuple[str, ...]:
    out = []
    for _, use in items(consent, "intendedUses"):
        attrs = f" [{text(use.get('attributes'))}]" if use.get("attributes") else ""
        out.append(f"{text(use.get('medium'))}{attrs}: {text(use.get('description'))}")
    return tuple(out)


def _works(consent: Record) -> str:
    titles = []
    for _, use in items(consent, "intendedUses"):
        work = use.get("work")
        if isinstance(work, Mapping):
            titles.append(text(work.get("title")) or text(work.get("id")))
    return ", ".join(dict.fromkeys(titles)) or "none named"


def _proof(consent: Record) -> str:
    evidence = consent.get("evidence")
    if not isinstance(evidence, Mapping):
        return "no evidence"
    digest = text(evidence.get("documentDigest"))
    method = text(evidence.get("signatureMethod")) or "?"
    signed = text(evidence.get("signedAt")) or "?"
    return f"{method}, signed {signed}" + (f", document sha256 {digest[:12]}…" if digest else "")


def consent_row(
    consent: Record, on: dt.date, replaced: Mapping[str, tuple[str, dt.date | None]]
) -> ConsentRow:
    subject = consent.get("subject")
    subject = subject if isinstance(subject, Mapping) else {}
    grantor, authority = _grantor(consent)
    now, note = state(consent, on, replaced)
    return ConsentRow(
        person=text(subject.get("name")) or "(unnamed)",
        status=text(subject.get("status")),
        consent_id=text(consent.get("id")),
        attributes=text(consent.get("attributes")) or "none",
        uses=_uses(consent),
        works=_works(consent),
        term=term(consent),
        territories=places(consent),
        grantor=grantor,
        authority=authority,
        state=now,
        state_note=note,
        proof=_proof(consent),
    )


def _gap(
    consent: Record,
    attribute: str,
    work: Record,
    releases: Sequence[Record],
    bases: Sequence[Scope] = (),
) -> str | None:
    """Why ``consent`` does not cover ``attribute`` in ``work`` for every one of
    ``releases`` (None: it does); each release is judged, as bundle.consent-term does."""
    work_id = text(work.get("id"))
    if work_id not in {text(u["work"].get("id")) for _, u in items(consent, "intendedUses")}:
        return f"names no use in {text(work.get('title')) or work_id}"
    granted = {text(a) for a in consent.get("attributes") or ()}
    for_work = work_attributes(dict(consent), work_id)
    if attribute not in (granted & for_work if for_work else granted):
        return f"does not grant {attribute} for this work"
    for release in releases:
        problem = outside_term(consent, release.get("date"))
        if problem:
            return f"{problem} (the release is on {date(release.get('date'))})"
        missing = Scope.of_record(consent).missing(Scope.of_record(release), *bases)
        if missing:
            return f"does not cover the release in {', '.join(missing)}"
    return None


def _bases(person: Record) -> list[Scope]:
    """Where the person's 1.1 legal bases reach, which covers territory as the
    bundle.consent-territory rule counts it (whether a basis holds is for basis.*)."""
    found = person.get("bases")
    return [
        Scope.of(b["jurisdictions"])
        for b in (found if isinstance(found, list) else ())
        if isinstance(b, Mapping) and isinstance(b.get("jurisdictions"), list)
    ]


def person_cover(
    person: Record, consents: Mapping[str, Record], work: Record, releases: Sequence[Record]
) -> PersonCover:
    """Each attribute the person is used for, covered by the named consent or a gap."""
    cid = person.get("consent")
    consent = consents.get(cid) if isinstance(cid, str) else None
    covers = []
    for attribute in [text(a) for a in person.get("attributes") or ()] or ["(none named)"]:
        if not isinstance(cid, str):
            covers.append(Cover(attribute, None, "no consent named"))
        elif consent is None:
            covers.append(Cover(attribute, cid, f"consent {cid} is not in the bundle"))
        else:
            why = _gap(consent, attribute, work, releases, _bases(person))
            covers.append(Cover(attribute, cid, f"consent {cid} {why}" if why else None))
    return PersonCover(text(person.get("name")) or "(unnamed)", tuple(covers))


def events(consents: Iterable[Record], licences: Iterable[Record]) -> list[Event]:
    """Consent and licence terms, revocations and signing times, for the timeline."""
    out: list[Event] = []
    for kind, records in (("consent", consents), ("licence", licences)):
        for record in records:
            who = record.get("subject") if kind == "consent" else record.get("licensor")
            name = text(who.get("name")) if isinstance(who, Mapping) else text(record.get("id"))
            span = record.get("term")
            span = span if isinstance(span, Mapping) else {}
            start, end = date(span.get("start")), date(span.get("end"))
            if start is not None:
                out.append(Event(f"{kind}-term", f"{kind} of {name}", start, end))
            revocation = record.get("revocation")
            revoked = date(revocation.get("revokedAt")) if isinstance(revocation, Mapping) else None
            if revoked is not None:
                out.append(Event("revocation", f"{name} revoked", revoked))
            evidence = record.get("evidence")
            signed = date(evidence.get("signedAt")) if isinstance(evidence, Mapping) else None
            if signed is not None:
                out.append(Event("signing", f"{kind} of {name} signed", signed))
    return out
