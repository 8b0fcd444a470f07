"""Build the C2PA manifest definition that carries an asset's OMRS records.

What goes in (spec/1.0/c2pa-binding.md):

- ``c2pa.actions.v2``: first action ``c2pa.created`` with the disclosure's digital source
  type as a full IPTC IRI, or ``c2pa.opened`` (linked to the parent ingredient) when the
  file already had a manifest.
- ``cawg.training-mining``: the licence's permissions as CAWG entries; OMRS-only keys as
  reverse-domain ``org.omrs.<key>`` entries.
- ``cawg.metadata``: IPTC fields (digital source type, data mining, model releases) as
  JSON-LD, from the XMP mapping so XMP and C2PA say the same thing.
- ``org.omrs.asset``, ``org.omrs.disclosure``, ``org.omrs.license``, ``org.omrs.consent``:
  the records themselves, in the privacy form asked for.

Pure data in, a dict out; no ``c2pa`` import.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from omrs.bundles import licences_of, merged_licence
from omrs.media import OMRS_LABEL_PREFIX
from omrs.media.labels import check_labels
from omrs.media.privacy import Privacy, embedded_consent, embedded_licence
from omrs.permissions import Exported, export_all
from omrs.source_types import canonical_source_type
from omrs.version import STANDARD_VERSION, TOOL_VERSION
from omrs.xmp import mapping

LABEL_ASSET = OMRS_LABEL_PREFIX + "asset"
LABEL_DISCLOSURE = OMRS_LABEL_PREFIX + "disclosure"
LABEL_LICENSE = OMRS_LABEL_PREFIX + "license"
LABEL_CONSENT = OMRS_LABEL_PREFIX + "consent"
LABEL_ACTIONS = "c2pa.actions.v2"
LABEL_TRAINING = "cawg.training-mining"
LABEL_METADATA = "cawg.metadata"
#: Ingredient label used to link ``c2pa.opened`` to the file's previous manifest.
PARENT_INGREDIENT = "omrs-parent"

#: OMRS permission keys that CAWG 1.1 names, and the ones OMRS writes under its own prefix.
CAWG_KEYS = {
    "data_mining": "cawg.data_mining",
    "ai_inference": "cawg.ai_inference",
    "ai_generative_training": "cawg.ai_generative_training",
    "ai_training": "cawg.ai_training",
}
#: Used when the disclosure names no source type: the C2PA term for "nothing stated".
EMPTY_SOURCE_TYPE = "http://c2pa.org/digitalsourcetype/empty"


@dataclass(frozen=True, slots=True)
class OmrsContent:
    """The records to embed in one asset, as plain dicts (loaded JSON/YAML)."""

    disclosure: Mapping[str, Any] | None = None
    licences: tuple[Mapping[str, Any], ...] = ()
    consents: tuple[Mapping[str, Any], ...] = ()
    asset: Mapping[str, Any] | None = None
    bundle_id: str | None = None
    privacy: Privacy = "minimal"
    #: Further assertions (label, data); labels are checked like OMRS's own.
    extra: tuple[tuple[str, Any], ...] = ()


def source_type(content: OmrsContent) -> str:
    """The disclosure's digital source type as a full IRI (C2PA wants the IRI)."""
    raw = content.disclosure.get("digitalSourceType") if content.disclosure else None
    return canonical_source_type(raw if isinstance(raw, str) else None) or EMPTY_SOURCE_TYPE


def _actions(content: OmrsContent, *, edit: bool) -> dict[str, Any]:
    first: dict[str, Any] = {"action": "c2pa.opened" if edit else "c2pa.created"}
    first["digitalSourceType"] = source_type(content)
    if edit:
        first["parameters"] = {"ingredientIds": [PARENT_INGREDIENT]}
    return {"actions": [first]}


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


def training_mining(licence: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """``cawg.training-mining`` entries for the licence of *this asset* (or several combined
    with ``merged_licence``): never more permissive than the records (``omrs.permissions``)."""
    if licence is None:
        return None
    entries: dict[str, Any] = {}
    for key, use in export_all([licence]).items():
        entry = _training_entry(use)
        if entry is not None:
            entries[CAWG_KEYS.get(key, OMRS_LABEL_PREFIX + key)] = entry
    return {"entries": entries} if entries else None


def _records(content: OmrsContent) -> list[tuple[str, Any]]:
    privacy = content.privacy
    out: list[tuple[str, Any]] = []
    asset = {"omrs": STANDARD_VERSION, "privacy": privacy}
    if content.bundle_id:
        asset["bundle"] = content.bundle_id
    if content.asset:
        asset.update({k: content.asset[k] for k in ("path", "sha256") if k in content.asset})
    out.append((LABEL_ASSET, asset))
    if content.disclosure is not None:
        out.append((LABEL_DISCLOSURE, {"privacy": privacy, "record": dict(content.disclosure)}))
    if content.licences:
        forms = [embedded_licence(r, privacy) for r in content.licences]
        out.append((LABEL_LICENSE, {"privacy": privacy, "records": forms}))
    if content.consents:
        forms = [embedded_consent(r, privacy) for r in content.consents]
        out.append((LABEL_CONSENT, {"privacy": privacy, "records": forms}))
    return out


def _metadata(content: OmrsContent, licence: Mapping[str, Any] | None) -> dict[str, Any]:
    disclosure = dict(content.disclosure) if content.disclosure else None
    consents = [dict(c) for c in content.consents]
    return mapping.cawg_metadata(disclosure, dict(licence) if licence else None, consents)


def build_definition(
    content: OmrsContent, *, title: str, mime: str, edit: bool = False
) -> dict[str, Any]:
    """The manifest definition for the SDK's Builder; labels checked before anything else."""
    licence = merged_licence(licences_of(content.licences, content.asset, content.disclosure))
    assertions: list[tuple[str, Any]] = [(LABEL_ACTIONS, _actions(content, edit=edit))]
    training = training_mining(licence)
    if training:
        assertions.append((LABEL_TRAINING, training))
    assertions.append((LABEL_METADATA, _metadata(content, licence)))
    assertions += _records(content) + list(content.extra)
    check_labels(label for label, _ in assertions)
    return {
        "claim_generator_info": [{"name": "omrs", "version": TOOL_VERSION}],
        "title": title,
        "format": mime,
        "assertions": [{"label": label, "data": data} for label, data in assertions],
    }
