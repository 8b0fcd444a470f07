"""OMRS records <-> XMP rights properties, and the ``cawg.metadata`` JSON-LD built from them.

Pure functions over plain dicts (as loaded from JSON/YAML). The direction OMRS -> XMP is
``to_xmp``; XMP -> OMRS is ``from_xmp``, which returns the record fragments the XMP implies.
What each direction keeps and loses is tabled in spec/1.0/xmp-mapping.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from omrs import aigc
from omrs.provenance import generations
from omrs.source_types import canonical_source_type, source_type_term
from omrs.xmp import datamining as dm
from omrs.xmp.namespaces import PLUS_VOCAB, PREFIXES
from omrs.xmp.rights import PROPERTIES, XmpRights

MR_NONE, MR_NOT_APPLICABLE, MR_UNLIMITED, MR_LIMITED = "MR-NON", "MR-NAP", "MR-UMR", "MR-LMR"
RELEASE_CODES = (MR_NONE, MR_NOT_APPLICABLE, MR_UNLIMITED, MR_LIMITED)
#: Separator used when several models share the single-valued IPTC AI-system fields.
MODEL_SEPARATOR = "; "


def model_release_status(
    consents: Sequence[Mapping[str, Any]], people_present: bool | None = None
) -> str | None:
    """PLUS model-release code for an asset's consents.

    Consents that name their uses, territories or an end date, or were revoked, are
    limited releases (every valid OMRS consent names its intended uses, so MR-LMR is what
    valid records export). No consent: MR-NON if people are depicted, MR-NAP if nobody is,
    nothing if that is unknown.
    """
    if consents:
        return MR_UNLIMITED if all(_unlimited(c) for c in consents) else MR_LIMITED
    if people_present is None:
        return None
    return MR_NONE if people_present else MR_NOT_APPLICABLE


def _unlimited(consent: Mapping[str, Any]) -> bool:
    term = consent.get("term")
    revocation = consent.get("revocation")
    return (
        not consent.get("intendedUses")
        and consent.get("territories", ["WORLD"]) == ["WORLD"]
        and not consent.get("excludedTerritories")
        and not (isinstance(term, Mapping) and term.get("end"))
        and not (isinstance(revocation, Mapping) and revocation.get("revokedAt"))
    )


def disclosure_models(disclosure: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    """Models named in a disclosure's segments, first mention of each (name, version) kept."""
    seen: dict[tuple[Any, Any], Mapping[str, Any]] = {}
    segments = disclosure.get("segments") if disclosure else None
    for segment in segments if isinstance(segments, list) else ():
        for model in segment.get("models") or () if isinstance(segment, Mapping) else ():
            if isinstance(model, Mapping) and isinstance(model.get("name"), str):
                seen.setdefault((model.get("name"), model.get("version")), model)
    return list(seen.values())


def _with_base_models(
    models: Sequence[Mapping[str, Any]], disclosure: Mapping[str, Any] | None
) -> list[Mapping[str, Any]]:
    """``models``, then each base model the 1.1 provenance names that they do not (the "AI
    engine" IPTC's AI System Used names; fine-tunes are not written)."""
    out = list(models)
    seen = {(m.get("name"), m.get("version")) for m in out}
    for generation in generations(disclosure):
        base = generation.data.get("baseModel")
        if isinstance(base, Mapping) and isinstance(base.get("name"), str):
            key = (base.get("name"), base.get("version"))
            if key not in seen:
                seen.add(key)
                out.append(base)
    return out


_PROMPT_KINDS = {"negative": "Negative prompt: ", "system": "System prompt: "}


def prompt_information(disclosure: Mapping[str, Any] | None) -> tuple[str | None, str | None]:
    """IPTC AI Prompt Information and AI Prompt Writer Name from the 1.1 provenance.

    Each prompt on its own line: its text, or for a confidential prompt only that it was
    withheld and its SHA-256 (the text is never in the record). Writers' names once each.
    """
    lines: list[str] = []
    writers: list[str] = []
    for generation in generations(disclosure):
        for _, prompt in generation.prompts():
            kind = _PROMPT_KINDS.get(str(prompt.get("kind")), "")
            text, digest = prompt.get("text"), prompt.get("sha256")
            if prompt.get("confidential") is True or not isinstance(text, str):
                if isinstance(digest, str):
                    lines.append(f"{kind}(confidential prompt, SHA-256 {digest})")
            else:
                lines.append(kind + text)
            writer = prompt.get("writer")
            name = writer.get("name") if isinstance(writer, Mapping) else None
            if isinstance(name, str) and name and name not in writers:
                writers.append(name)
    return "\n".join(dict.fromkeys(lines)) or None, MODEL_SEPARATOR.join(writers) or None


def to_xmp(
    disclosure: Mapping[str, Any] | None,
    licence: Mapping[str, Any] | None,
    consents: Sequence[Mapping[str, Any]] = (),
    *,
    people_present: bool | None = None,
    models: Sequence[Mapping[str, Any]] | None = None,
) -> XmpRights:
    """The XMP rights properties an asset's disclosure, licence and consents imply."""
    consents = [c for c in consents if isinstance(c, Mapping)]
    source = canonical_source_type(disclosure.get("digitalSourceType")) if disclosure else None
    dmi = dm.export_data_mining(licence) if licence else None
    given = models if models is not None else disclosure_models(disclosure)
    chosen = _with_base_models([m for m in given if isinstance(m, Mapping)], disclosure)
    names = [str(m["name"]) for m in chosen if m.get("name")]
    versions = [str(m.get("version", "")) for m in chosen if m.get("name")]
    ids = list(dict.fromkeys(str(c["id"]) for c in consents if isinstance(c.get("id"), str)))
    release = model_release_status(consents, people_present)
    prompts, writers = prompt_information(disclosure)
    return XmpRights(
        digital_source_type=source,
        data_mining=PLUS_VOCAB + dmi.code if dmi else None,
        other_constraints=(("x-default", dmi.other_constraints),)
        if dmi and dmi.other_constraints
        else (),
        model_release_status=PLUS_VOCAB + release if release else None,
        model_release_ids=tuple(ids),
        ai_system_used=MODEL_SEPARATOR.join(names) or None,
        ai_system_version_used=MODEL_SEPARATOR.join(versions) if all(versions) and names else None,
        ai_prompt_information=prompts,
        ai_prompt_writer_name=writers,
        aigc=aigc.disclosure_value(disclosure),
    )


def from_xmp(rights: XmpRights) -> dict[str, Any]:
    """The OMRS fragments XMP implies: ``disclosure``, ``license``, ``asset``, and ``xmp``.

    ``xmp`` holds the facts OMRS has no field for (codes as read, prompt information), so
    nothing read is silently dropped.
    """
    out: dict[str, Any] = {}
    facts: dict[str, Any] = {}
    term = source_type_term(rights.digital_source_type)
    if term:
        out["disclosure"] = {"digitalSourceType": term}
    if rights.data_mining is not None:
        code = dm.code_of(rights.data_mining)
        facts["dataMining"] = code or rights.data_mining
        permissions = dm.implied_permissions(code, rights.other_constraints_text()) if code else {}
        if permissions:
            out["license"] = {"permissions": permissions}
    if rights.other_constraints:
        facts["otherConstraints"] = dict(rights.other_constraints)
    asset: dict[str, Any] = {}
    if rights.model_release_ids:
        asset["consents"] = list(rights.model_release_ids)
    if rights.ai_system_used:
        asset["models"] = _models(rights)
    if asset:
        out["asset"] = asset
    if rights.model_release_status:
        facts["modelReleaseStatus"] = _release_code(rights.model_release_status)
    if rights.aigc:
        label = aigc.parse_xmp_value(rights.aigc)
        field = aigc.as_field(label) if label else None
        if field:
            marking = {"implicitLabel": field}
            out.setdefault("disclosure", {})["machineReadableMarking"] = marking
        else:
            facts["aigc"] = rights.aigc
    for attr, key in (
        ("ai_prompt_information", "aiPromptInformation"),
        ("ai_prompt_writer_name", "aiPromptWriterName"),
    ):
        if getattr(rights, attr):
            facts[key] = getattr(rights, attr)
    if facts:
        out["xmp"] = facts
    return out


def _models(rights: XmpRights) -> list[dict[str, str]]:
    names = (rights.ai_system_used or "").split(MODEL_SEPARATOR)
    versions = (rights.ai_system_version_used or "").split(MODEL_SEPARATOR)
    if len(versions) != len(names):
        versions = [rights.ai_system_version_used or ""] + [""] * (len(names) - 1)
    return [
        {"name": name, **({"version": version} if version else {})}
        for name, version in zip(names, versions, strict=True)
        if name
    ]


def _release_code(value: str) -> str:
    for base in (PLUS_VOCAB, PLUS_VOCAB.replace("http://", "https://", 1)):
        if value.startswith(base):
            return value[len(base) :]
    return value


def cawg_metadata(
    disclosure: dict[str, Any] | None,
    licence: dict[str, Any] | None,
    consents: Sequence[dict[str, Any]],
    *,
    people_present: bool | None = None,
) -> dict[str, Any]:
    """JSON-LD content of a C2PA ``cawg.metadata`` assertion with the same IPTC fields.

    Language alternatives become their ``x-default`` string and bags become arrays, the
    plain JSON-LD shapes the CAWG metadata examples use.
    """
    rights = to_xmp(disclosure, licence, consents, people_present=people_present)
    used = rights.prefixes("xmp")
    doc: dict[str, Any] = {"@context": {prefix: PREFIXES[prefix] for prefix in used}}
    for name, attr in PROPERTIES.items():
        value = getattr(rights, attr)
        if not value:
            continue
        if name == "plus:OtherConstraints":
            doc[name] = rights.other_constraints_text()
        elif isinstance(value, tuple):
            doc[name] = list(value)
        else:
            doc[name] = value
    return doc
