"""Bundle rules: every reference resolves, every digest matches, every AI use is covered.

A bundle is indexed once per run (``view``): its records are loaded through the run's
document cache (never read twice), checked with the same envelope, schema and rules as
any record, and indexed by id, so each rule is a linear pass over the assets. Consent
findings never look at the disclosure label: a label does not cure a failed consent.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omrs import source_types as vocab
from omrs.fileio import file_sha256, is_regular_file, unreadable_reason
from omrs.findings import FileResult, Finding, Location, Severity
from omrs.loading import Document, LoadProblem
from omrs.rules import sources as src
from omrs.rules.base import Report, date, items, listing, semantic, span, uncovered
from omrs.rules.disclosure import has_generative
from omrs.rules.engine import RuleContext
from omrs.rules.licence import effective_use

BUNDLE = ("bundle",)
CHUNK = 1024 * 1024
#: Training uses that make a model able to generate content, and all training uses.
GENERATIVE_KEYS = ("ai_generative_training", "ai_fine_tuning")
TRAINING_KEYS = ("ai_generative_training", "ai_fine_tuning", "ai_training")
GRANTED = frozenset({"allowed", "constrained"})


@dataclass(slots=True)
class Entry:
    """One listed record: where it is listed, and what loading and checking it gave."""

    index: int
    path: Path
    doc: Document | None = None
    problem: LoadProblem | None = None
    result: FileResult | None = None

    @property
    def data(self) -> dict[str, Any]:
        data = self.doc.data if self.doc is not None else None
        return data if isinstance(data, dict) else {}

    @property
    def record_type(self) -> str | None:
        return self.doc.record_type if self.doc is not None else None

    @property
    def sound(self) -> bool:
        """Loaded and schema-valid, so the cross-record rules may read its fields."""
        broken = self.result is None or any(f.code.startswith(BROKEN) for f in self.result.findings)
        return self.doc is not None and not broken


@dataclass(frozen=True, slots=True)
class Use:
    """One use of a real person's likeness in an AI asset, as the consent rules see it."""

    asset: int
    pointer: str
    where: str
    person: str
    consent: str
    attributes: tuple[str, ...]
    work: dict[str, Any]
    release: dict[str, Any]
    label: dict[str, Any] | None


@dataclass(slots=True)
class BundleView:
    doc: Document
    folder: Path
    entries: list[Entry] = field(default_factory=list)
    by_id: dict[str, Entry] = field(default_factory=dict)
    duplicates: list[tuple[Entry, Entry]] = field(default_factory=list)

    def record(self, record_id: str, record_type: str) -> dict[str, Any] | None:
        """The sound record of that id and type (a broken one is reported at its entry)."""
        entry = self.by_id.get(record_id)
        ok = entry and entry.sound and entry.record_type == record_type
        return entry.data if entry and ok else None

    def broken(self, record_id: str) -> bool:
        entry = self.by_id.get(record_id)
        return entry is not None and not entry.sound

    def missing(self, record_id: str, kind: str) -> str:
        """Why ``record_id`` resolves to no usable ``kind`` record, for messages."""
        if self.broken(record_id):
            return "is listed but broken (see its entry in `records`)"
        return f"is not a {kind} record of this bundle"

    def consents(self) -> Iterator[dict[str, Any]]:
        return (e.data for e in self.entries if e.sound and e.record_type == "likeness-consent")

    def disclosure(self, asset: dict[str, Any]) -> dict[str, Any] | None:
        ref = asset.get("disclosure")
        return self.record(ref, "ai-disclosure") if ref else None


def view(doc: Document, ctx: RuleContext) -> BundleView:
    """The bundle's records, loaded and indexed once per run."""
    key = ("bundle-view", doc.path)
    if key not in ctx.memo:
        ctx.memo[key] = _build(doc, ctx)
    found: BundleView = ctx.memo[key]
    return found


def _build(doc: Document, ctx: RuleContext) -> BundleView:
    out = BundleView(doc, Path(doc.path).parent)
    for i, rec in items(doc.data, "records"):
        entry = Entry(i, out.folder / rec["path"])
        got = ctx.documents.get(entry.path)
        if isinstance(got, LoadProblem):
            entry.problem = got
        else:
            entry.doc = got
        _checked(entry, doc, ctx)
        out.entries.append(entry)
        record_id = entry.data.get("id")
        if isinstance(record_id, str):
            if record_id in out.by_id:
                out.duplicates.append((out.by_id[record_id], entry))
            else:
                out.by_id[record_id] = entry
    return out


def _checked(entry: Entry, bundle: Document, ctx: RuleContext) -> FileResult | None:
    """The record's own check (envelope, schema, rules), with the bundle's profiles."""
    from omrs.checker import check_document
    from omrs.rules.profiles import from_territories

    if entry.doc is None or entry.record_type == "bundle":
        return None
    if entry.result is None:
        inherited = tuple(sorted(from_territories(bundle.data["release"]["territories"])))
        child = dataclasses.replace(ctx, inherited_profiles=inherited, active_profiles=())
        entry.result = check_document(entry.doc, child)
    return entry.result


#: Codes of a record that cannot be read or fails its schema: a broken reference.
BROKEN = ("load.", "schema.", "io.")


def _listed(bundle: Document, entry: Entry) -> str:
    """The record's path as the bundle lists it (relative to the bundle)."""
    return str(bundle.data["records"][entry.index]["path"])


def _relay(r: Report, finding: Finding, entry: Entry, bundle: Document) -> Finding:
    """A record's finding, re-stated at the bundle's reference to the record."""
    pointer = f"/records/{entry.index}/path"
    line, column = bundle.locate(pointer)
    loc = finding.location
    listed = _listed(bundle, entry)
    at = f"{listed}:{loc.line}:{loc.column}" if loc.line else listed
    message = f"{at} ({loc.pointer or '/'}): {finding.message}"
    if finding.code.startswith(BROKEN):
        return r.at(pointer, f"record is broken: {finding.code} at {message}")
    return Finding(
        finding.code,
        finding.severity,
        message,
        Location(bundle.path, pointer, line, column),
        source=finding.source,
    )


@semantic(
    "bundle.reference",
    "Every record and asset a bundle names exists and loads",
    Severity.ERROR,
    "Each listed record file must exist and be a valid record (its own findings are "
    "repeated at the bundle's reference to it), ids must be unique, each asset file must "
    "exist, and each disclosure, licence and consent id an asset names must be a record of "
    "the right type in the bundle.",
    (src.OMRS_BUNDLE,),
    BUNDLE,
)
def _reference(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    bundle = view(doc, ctx)
    for entry in bundle.entries:
        where = f"/records/{entry.index}/path"
        listed = _listed(doc, entry)
        if entry.problem is not None:
            yield r.at(where, f"record {listed}: {entry.problem.message}")
        elif entry.record_type == "bundle":
            yield r.at(where, f"{listed} is a bundle; bundles list records, not bundles")
        result = _checked(entry, doc, ctx)
        for finding in result.findings if result else ():
            if finding.severity is not Severity.INFO:
                yield _relay(r, finding, entry, doc)
    for first, again in bundle.duplicates:
        yield r.at(
            f"/records/{again.index}/path",
            f"{_listed(doc, again)} has the id {again.data['id']} already used by "
            f"{_listed(doc, first)}",
        )
    for i, asset in items(doc.data, "assets"):
        why = unreadable_reason(bundle.folder / asset["path"])
        if why is not None:
            yield r.at(f"/assets/{i}/path", f"asset file {asset['path']} {why}")
        yield from _asset_refs(r, bundle, i, asset)


_REF_FIELDS = (("disclosure", "ai-disclosure"), ("licenses", "training-license"),
               ("consents", "likeness-consent"))  # fmt: skip


def _asset_refs(r: Report, bundle: BundleView, i: int, asset: dict[str, Any]) -> Iterator[Finding]:
    for name, kind in _REF_FIELDS:
        value = asset.get(name)
        refs = [value] if isinstance(value, str) else list(value or [])
        for j, ref in enumerate(refs):
            pointer = f"/assets/{i}/{name}" + ("" if isinstance(value, str) else f"/{j}")
            if bundle.record(ref, kind) is None and not bundle.broken(ref):
                yield r.at(pointer, f"{ref} {bundle.missing(ref, kind)}")
    for j, model in items(asset, "models"):
        ref = model.get("license")
        if ref and bundle.record(ref, "training-license") is None and not bundle.broken(ref):
            yield r.at(
                f"/assets/{i}/models/{j}/license",
                f"licence {ref} of model {model['name']} {bundle.missing(ref, 'training-license')}",
            )


@semantic(
    "bundle.digest-mismatch",
    "Digests in the bundle match the files and records",
    Severity.ERROR,
    "Each asset is bound by the SHA-256 of its bytes (hashed from disk in 1 MiB chunks); a "
    "pinned record digest must match the record file; an asset's disclosure must describe "
    "the same bytes. A mismatch means the file changed after the records were written.",
    (src.OMRS_BUNDLE,),
    BUNDLE,
)
def _digests(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    bundle = view(doc, ctx)
    for entry, (i, rec) in zip(bundle.entries, items(doc.data, "records"), strict=True):
        actual = entry.doc.sha256 if entry.doc is not None and rec.get("sha256") else None
        if actual is not None and actual != rec["sha256"]:
            yield r.at(
                f"/records/{i}/sha256",
                f"{rec['path']} has changed: its SHA-256 is {actual}, "
                f"the bundle pins {rec['sha256']}",
            )
    for i, asset in items(doc.data, "assets"):
        yield from _asset_digest(r, bundle.folder, i, asset)
        disclosure = bundle.disclosure(asset)
        if disclosure and disclosure["asset"]["sha256"] != asset["sha256"]:
            yield r.at(
                f"/assets/{i}/disclosure",
                f"disclosure {asset['disclosure']} "
                f"describes a file with SHA-256 {disclosure['asset']['sha256']}, "
                f"not {asset['path']}",
            )


def _asset_digest(r: Report, folder: Path, i: int, asset: dict[str, Any]) -> Iterator[Finding]:
    path = folder / asset["path"]
    if not is_regular_file(path):
        return  # bundle.reference says why
    try:
        actual = file_sha256(path)
    except OSError as exc:
        yield r.at(
            f"/assets/{i}/sha256",
            f"{asset['path']} cannot be read to compare its SHA-256: {exc.strerror or exc}",
        )
        return
    if actual != asset["sha256"]:
        yield r.at(
            f"/assets/{i}/sha256",
            f"{asset['path']} has SHA-256 {actual}, not {asset['sha256']} as the bundle says",
        )


def is_ai_asset(asset: dict[str, Any], disclosure: dict[str, Any] | None) -> bool:
    return bool(asset.get("models")) or bool(disclosure and has_generative(disclosure))


def uses(doc: Document, ctx: RuleContext) -> list[Use]:
    """Every use of a real person in an AI asset of the bundle, once per run."""
    key = ("bundle-uses", doc.path)
    if key not in ctx.memo:
        ctx.memo[key] = list(_uses(view(doc, ctx)))
    found: list[Use] = ctx.memo[key]
    return found


def _uses(bundle: BundleView) -> Iterator[Use]:
    data = bundle.doc.data
    for i, asset in items(data, "assets"):
        disclosure = bundle.disclosure(asset)
        source = disclosure or data
        common = (source["work"], source["release"], (disclosure or {}).get("label"))
        in_segments: set[str] = set()
        for _, seg in items(disclosure, "segments"):
            for person in seg.get("people", []):
                in_segments.add(person["consent"])
                where = f"{asset['path']} {span(seg)}"
                attributes = tuple(person["attributes"])
                pointer = f"/assets/{i}/disclosure"
                yield Use(i, pointer, where, person["name"], person["consent"], attributes, *common)
        if not is_ai_asset(asset, disclosure):
            continue
        for j, person in items(asset, "people"):
            if person["consent"] not in in_segments:
                attributes = tuple(person["attributes"])
                pointer = f"/assets/{i}/people/{j}"
                yield Use(
                    i,
                    pointer,
                    asset["path"],
                    person["name"],
                    person["consent"],
                    attributes,
                    *common,
                )


def _label_note(use: Use) -> str:
    if not use.label:
        return ""
    return (
        f"; the disclosure label (placement {use.label['placement']}) does not cure this: "
        "a label never replaces consent (NO FAKES draft 2(e)(3))"
    )


def _consented(doc: Document, ctx: RuleContext) -> Iterator[tuple[Use, dict[str, Any]]]:
    bundle = view(doc, ctx)
    for use in uses(doc, ctx):
        consent = bundle.record(use.consent, "likeness-consent")
        if consent is not None:
            yield use, consent


_CONSENT_SOURCES = (src.NO_FAKES, src.CA_LABOR_927, src.NY_GOL_5_302, src.NO_FAKES_DISCLAIMER)


@semantic(
    "bundle.consent-missing",
    "Every real person in AI content has a consent in the bundle",
    Severity.ERROR,
    "Each real person depicted or heard in an AI asset or segment names a likeness consent; "
    "that consent must be a record of the bundle. A disclosure label does not replace it.",
    _CONSENT_SOURCES,
    BUNDLE,
)
def _consent_missing(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    bundle = view(doc, ctx)
    for use in uses(doc, ctx):
        if bundle.record(use.consent, "likeness-consent") is None:
            yield r.at(
                use.pointer,
                f"{use.where} depicts {use.person} under consent {use.consent}, which "
                f"{bundle.missing(use.consent, 'likeness-consent')}{_label_note(use)}",
            )


def work_attributes(consent: dict[str, Any], work_id: str) -> set[str]:
    """Attributes the consent grants for ``work_id`` (uses may narrow the consent's)."""
    granted: set[str] = set()
    for _, use in items(consent, "intendedUses"):
        if use["work"]["id"] == work_id:
            granted |= set(use.get("attributes") or consent["attributes"])
    return granted


@semantic(
    "bundle.consent-attributes",
    "The consent covers every attribute the AI content uses",
    Severity.ERROR,
    "Face, body, voice, singing voice, motion and name are separate grants: a consent to a "
    "voice replica does not cover the face. Where the consent's intended uses for the work "
    "name attributes, only those are covered for that work.",
    (src.TN_ELVIS, *_CONSENT_SOURCES),
    BUNDLE,
)
def _consent_attributes(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for use, consent in _consented(doc, ctx):
        granted = set(consent["attributes"])
        for_work = work_attributes(consent, use.work["id"])
        scope = granted & for_work if for_work else granted
        missing = [a for a in use.attributes if a not in scope]
        if missing:
            what = f" for {use.work['title']}" if for_work else ""
            yield r.at(
                use.pointer,
                f"consent {use.consent} covers {listing(sorted(scope))}{what}; "
                f"{use.where} uses {listing(missing)} of {use.person}"
                f"{_label_note(use)}",
            )


@semantic(
    "bundle.consent-work",
    "The consent's intended uses include the work",
    Severity.ERROR,
    "A consent covers the works its intended uses name, and no others. (Under the "
    "SAG-AFTRA profile an employment-based replica in another work is reported by "
    "consent.employment-replica-new-work instead.)",
    _CONSENT_SOURCES,
    BUNDLE,
)
def _consent_work(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    specific = "sag-aftra-2023" in ctx.active_profiles
    for use, consent in _consented(doc, ctx):
        if specific and consent["replicaKind"] == "employmentBased":
            continue
        works = {u["work"]["id"] for _, u in items(consent, "intendedUses")}
        if use.work["id"] not in works:
            yield r.at(
                use.pointer,
                f"consent {use.consent} names no intended use in "
                f"{use.work['title']} ({use.work['id']}); {use.where} uses "
                f"{use.person}{_label_note(use)}",
            )


def employment_replica_findings(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """consent.employment-replica-new-work over a bundle: a replica moved to a new work."""
    for use, consent in _consented(doc, ctx):
        if consent["replicaKind"] != "employmentBased":
            continue
        titles = {u["work"]["id"]: u["work"]["title"] for _, u in items(consent, "intendedUses")}
        if use.work["id"] not in titles:
            yield r.at(
                use.pointer,
                f"{use.where} uses the employment-based replica of {use.person}, made for "
                f"{listing(repr(t) for t in titles.values())}, in {use.work['title']!r}; "
                f"a new work needs a new consent, not {use.consent}{_label_note(use)}",
            )


@semantic(
    "bundle.consent-term",
    "The consent is in force on the release date",
    Severity.ERROR,
    "The release date must fall within the consent's term and before any revocation.",
    _CONSENT_SOURCES,
    BUNDLE,
)
def _consent_term(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for use, consent in _consented(doc, ctx):
        released = date(use.release["date"])
        start, end = date(consent["term"]["start"]), date(consent["term"].get("end"))
        revoked = date((consent.get("revocation") or {}).get("revokedAt"))
        if released is None:
            continue
        problem = None
        if start and released < start:
            problem = f"starts on {start}"
        elif end and released > end:
            problem = f"ended on {end}"
        elif revoked and released >= revoked:
            problem = f"was revoked on {revoked}"
        if problem:
            yield r.at(
                use.pointer,
                f"consent {use.consent} {problem}; the release of "
                f"{use.where} is on {released}{_label_note(use)}",
            )


@semantic(
    "bundle.consent-territory",
    "The consent covers every release territory",
    Severity.ERROR,
    "Each territory of the release must be covered by the consent's territories (WORLD "
    "covers all; a country covers its subdivisions, not the reverse).",
    _CONSENT_SOURCES,
    BUNDLE,
)
def _consent_territory(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for use, consent in _consented(doc, ctx):
        missing = uncovered(consent["territories"], use.release["territories"])
        if missing:
            yield r.at(
                use.pointer,
                f"consent {use.consent} covers "
                f"{listing(consent['territories'])}; {use.where} is released in "
                f"{listing(missing)} too{_label_note(use)}",
            )


def _models(bundle: BundleView) -> Iterator[tuple[str, str, dict[str, Any], bool]]:
    """Pointer, description, model and whether its output is generative, per asset."""
    for i, asset in items(bundle.doc.data, "assets"):
        disclosure = bundle.disclosure(asset)
        generative = is_ai_asset({}, disclosure) if disclosure else True
        seen: set[tuple[str, ...]] = set()
        found = [
            (f"/assets/{i}/models/{j}", asset["path"], m, generative)
            for j, m in items(asset, "models")
        ]
        for _, seg in items(disclosure, "segments"):
            gen = vocab.is_generative(seg["digitalSourceType"])
            found += [
                (f"/assets/{i}/disclosure", f"{asset['path']} {span(seg)}", m, gen)
                for m in seg.get("models", [])
            ]
        for pointer, where, model, gen in found:
            key = (model["name"], model["version"], model["provider"], model.get("license", ""))
            if key not in seen:
                seen.add(key)
                yield pointer, where, model, gen


@semantic(
    "bundle.model-licence",
    "Each model's training licence allows its training",
    Severity.ERROR,
    "A model named with a training licence must have been allowed by that licence to train "
    "on the data: generative output needs `ai_generative_training` or `ai_fine_tuning` "
    "allowed (or constrained with machine-readable terms), other output any training use. "
    "The effective use is the most restrictive statement; `constrained` without terms is "
    "`notAllowed`.",
    (src.CAWG_TDM, src.IETF_AIPREF),
    BUNDLE,
)
def _model_licence(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    bundle = view(doc, ctx)
    for pointer, where, model, generative in _models(bundle):
        licence = bundle.record(model.get("license", ""), "training-license")
        if licence is None:
            continue
        keys = GENERATIVE_KEYS if generative else TRAINING_KEYS
        effective = {k: effective_use(licence, k) for k in keys}
        if not any(use in GRANTED for use in effective.values()):
            said = ", ".join(f"{k}: {v or 'unspecified'}" for k, v in effective.items())
            yield r.at(
                pointer,
                f"model {model['name']} {model['version']} used for {where} "
                f"names licence {model['license']}, which allows no training for this "
                f"output ({said})",
            )


@semantic(
    "bundle.model-licence-unnamed",
    "Each model names the training licence behind it",
    Severity.WARNING,
    "A model used to make AI content should name the training licence behind its training "
    "or fine-tuning data, so the permission can be checked; a third-party model whose "
    "provider holds the licences can be accepted with a waiver.",
    (src.CAWG_TDM,),
    BUNDLE,
)
def _model_unnamed(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for pointer, where, model, _ in _models(view(doc, ctx)):
        if not model.get("license"):
            yield r.at(
                pointer,
                f"model {model['name']} {model['version']} "
                f"({model['provider']}) used for {where} names no training licence",
            )


@semantic(
    "bundle.undisclosed-ai",
    "Every AI asset has a disclosure",
    Severity.ERROR,
    "An asset made or changed with models must name the AI-disclosure record that tells "
    "what AI did, whom it depicts and what the audience is told.",
    (src.EU_AI_ACT_50_4, src.OMRS_BUNDLE),
    BUNDLE,
)
def _undisclosed(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for i, asset in items(doc.data, "assets"):
        if asset.get("models") and not asset.get("disclosure"):
            names = listing(m["name"] for _, m in items(asset, "models"))
            yield r.at(
                f"/assets/{i}", f"{asset['path']} was made with {names} but names no `disclosure`"
            )
