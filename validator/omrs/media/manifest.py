"""Build the C2PA manifest definition that carries an asset's OMRS records.

What goes in (spec/1.0/c2pa-binding.md):

- ``c2pa.actions.v2``: ``c2pa.opened`` on the file as received (its ``parentOf``
  ingredient), one action per AI segment of the disclosure, ``c2pa.edited.metadata`` for the
  records (:mod:`omrs.media.actions`); the models and data sets the disclosure names as
  ``inputTo`` ingredients (:mod:`omrs.media.ingredients`).
- ``cawg.training-mining``: the licence's permissions as CAWG entries; OMRS-only keys as
  reverse-domain ``org.omrs.<key>`` entries.
- ``cawg.metadata``: IPTC fields (the asset's digital source type, data mining, model
  releases) as JSON-LD in a JSON box, from the XMP mapping so XMP and C2PA say the same.
- ``org.omrs.asset``, ``org.omrs.disclosure``, ``org.omrs.license``, ``org.omrs.consent``:
  the records themselves, in the privacy form asked for, each with the standard version
  (``omrs``) its schema is chosen by: the newest version among the records it carries.
- ``org.omrs.audit`` (1.1): the bundle's audit log, pinned by its head hash and length; the
  whole log in the ``full`` form only (its entries name people).

Every assertion is the signer's own statement, so every one is marked ``created`` (C2PA 2.2
§10.2.2); the ingredients are made created by the signing settings
(:func:`omrs.media.trust.settings_dict`). Pure data in, a dict out; no ``c2pa`` import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from omrs.bundles import licences_of, merged_licence
from omrs.media import OMRS_LABEL_PREFIX
from omrs.media.actions import LABEL_ACTIONS, actions_assertion
from omrs.media.ingredients import input_ingredients
from omrs.media.labels import check_labels
from omrs.media.privacy import Privacy, embedded_consent, embedded_licence, public_disclosure
from omrs.permissions import Exported, export_all
from omrs.version import STANDARD_VERSION, TOOL_VERSION
from omrs.xmp import mapping

LABEL_ASSET = OMRS_LABEL_PREFIX + "asset"
LABEL_DISCLOSURE = OMRS_LABEL_PREFIX + "disclosure"
LABEL_LICENSE = OMRS_LABEL_PREFIX + "license"
LABEL_CONSENT = OMRS_LABEL_PREFIX + "consent"
LABEL_AUDIT = OMRS_LABEL_PREFIX + "audit"
#: The standard version that added the audit assertion.
AUDIT_VERSION = "1.1"
LABEL_TRAINING = "cawg.training-mining"
LABEL_METADATA = "cawg.metadata"
#: Assertions written as a JSON box: C2PA 2.2 §18.16.2 and CAWG Metadata 1.1 §3 want the
#: JSON-LD of a metadata assertion in "a single JSON content type box" (the SDK's default
#: for a definition without ``kind`` is CBOR).
JSON_ASSERTIONS = frozenset({LABEL_METADATA})

#: OMRS permission keys that CAWG 1.1 names, and the ones OMRS writes under its own prefix.
CAWG_KEYS = {
    "data_mining": "cawg.data_mining",
    "ai_inference": "cawg.ai_inference",
    "ai_generative_training": "cawg.ai_generative_training",
    "ai_training": "cawg.ai_training",
}


@dataclass(frozen=True, slots=True)
class OmrsContent:
    """The records to embed in one asset, as plain dicts (loaded JSON/YAML)."""

    disclosure: Mapping[str, Any] | None = None
    licences: tuple[Mapping[str, Any], ...] = ()
    consents: tuple[Mapping[str, Any], ...] = ()
    asset: Mapping[str, Any] | None = None
    bundle_id: str | None = None
    privacy: Privacy = "minimal"
    #: Dataset manifests the disclosure's model stages (or the licences) name (1.1).
    datasets: tuple[Mapping[str, Any], ...] = ()
    #: The bundle's audit log (1.1).
    audit_log: Mapping[str, Any] | None = None
    #: Further assertions (label, data); labels are checked like OMRS's own.
    extra: tuple[tuple[str, Any], ...] = ()


def _training_entry(use: Exported) -> dict[str, Any] | None:
    if use.use is None:
        return None
    entry: dict[str, Any] = {"use": use.use}
    if use.use == "constrained":
        entry["constraint_info"] = _constraint_text(use)
    return entry


def _constraint_text(use: Exported) -> str:
    """CAWG's ``constraint_info``: the licence's own text, then the limits CAWG cannot carry
    (named licensee, territories, term end, purposes, duties), never empty."""
    return use.text or "see the OMRS licence in org.omrs.license"


def training_mining(
    licence: Mapping[str, Any] | None, *, on: dt.date | None = None
) -> dict[str, Any] | None:
    """``cawg.training-mining`` entries for the licence of *this asset* (or several combined
    with ``merged_licence``), signed ``on`` (default today): never more permissive than the
    records (``omrs.permissions``)."""
    if licence is None:
        return None
    entries: dict[str, Any] = {}
    for key, use in export_all([licence], on=on).items():
        entry = _training_entry(use)
        if entry is not None:
            entries[CAWG_KEYS.get(key, OMRS_LABEL_PREFIX + key)] = entry
    return {"entries": entries} if entries else None


def version_of(*records: Mapping[str, Any] | None) -> str:
    """The standard version an assertion declares: the newest its records follow (a 1.1
    record is only valid under a 1.1 schema), never older than the signer's own."""
    from omrs.schemas import resolve_version, version_key

    found = [STANDARD_VERSION]
    for record in records:
        declared = record.get("omrs") if record else None
        known = resolve_version(declared).version if isinstance(declared, str) else None
        if known and version_key(known)[0] == version_key(STANDARD_VERSION)[0]:
            found.append(known)
    return max(found, key=version_key)


def _records(content: OmrsContent) -> list[tuple[str, Any]]:
    privacy = content.privacy
    out: list[tuple[str, Any]] = []
    every = (content.disclosure, *content.licences, *content.consents, content.audit_log)
    asset = {"omrs": version_of(*every), "privacy": privacy}
    if content.bundle_id:
        asset["bundle"] = content.bundle_id
    if content.asset:
        asset.update({k: content.asset[k] for k in ("path", "sha256") if k in content.asset})
    out.append((LABEL_ASSET, asset))
    if content.disclosure is not None:
        head = {"omrs": version_of(content.disclosure), "privacy": privacy}
        out.append((LABEL_DISCLOSURE, {**head, "record": public_disclosure(content.disclosure)}))
    if content.licences:
        forms = [embedded_licence(r, privacy) for r in content.licences]
        head = {"omrs": version_of(*content.licences), "privacy": privacy}
        out.append((LABEL_LICENSE, {**head, "records": forms}))
    if content.consents:
        forms = [embedded_consent(r, privacy) for r in content.consents]
        head = {"omrs": version_of(*content.consents), "privacy": privacy}
        out.append((LABEL_CONSENT, {**head, "records": forms}))
    audit = audit_assertion(content.audit_log, privacy)
    if audit is not None:
        out.append((LABEL_AUDIT, audit))
    return out


def audit_assertion(log: Mapping[str, Any] | None, privacy: Privacy) -> dict[str, Any] | None:
    """``org.omrs.audit``: the log's id, head hash and length; the whole log when ``full``."""
    from omrs.audit import head

    entries = log.get("entries") if log else None
    if not log or not isinstance(entries, list) or not entries or head(entries) is None:
        return None
    out: dict[str, Any] = {
        "omrs": version_of(log, {"omrs": AUDIT_VERSION}),
        "privacy": privacy,
        "log": log.get("id"),
        "head": head(entries),
        "length": len(entries),
    }
    if privacy == "full":
        out["record"] = dict(log)
    return out


def _metadata(content: OmrsContent, licence: Mapping[str, Any] | None) -> dict[str, Any]:
    disclosure = dict(content.disclosure) if content.disclosure else None
    consents = [dict(c) for c in content.consents]
    return mapping.cawg_metadata(disclosure, dict(licence) if licence else None, consents)


def _assertion(label: str, data: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"label": label, "data": data, "created": True}
    if label in JSON_ASSERTIONS:
        entry["kind"] = "Json"
    return entry


def build_definition(content: OmrsContent, *, title: str, mime: str) -> dict[str, Any]:
    """The manifest definition for the SDK's Builder; labels checked before anything else.

    The file itself is added by the signer as the ``parentOf`` ingredient
    (:data:`omrs.media.ingredients.PARENT_INGREDIENT`) that ``c2pa.opened`` refers to.
    """
    licence = merged_licence(licences_of(content.licences, content.asset, content.disclosure))
    inputs = input_ingredients(content.disclosure, content.licences, content.datasets)
    assertions: list[tuple[str, Any]] = [
        (LABEL_ACTIONS, actions_assertion(content.disclosure, inputs))
    ]
    training = training_mining(licence)
    if training:
        assertions.append((LABEL_TRAINING, training))
    assertions.append((LABEL_METADATA, _metadata(content, licence)))
    assertions += _records(content) + list(content.extra)
    check_labels(label for label, _ in assertions)
    definition: dict[str, Any] = {
        "claim_generator_info": [{"name": "omrs", "version": TOOL_VERSION}],
        "title": title,
        "format": mime,
        "assertions": [_assertion(label, data) for label, data in assertions],
    }
    if inputs.ingredients:
        definition["ingredients"] = inputs.ingredients
    return definition


def definition_resources(content: OmrsContent) -> dict[str, bytes]:
    """The data the definition's ingredients embed (a prompt's text), by identifier, for the
    signer to hand the SDK's Builder (``add_resource``)."""
    return input_ingredients(content.disclosure, content.licences, content.datasets).resources
