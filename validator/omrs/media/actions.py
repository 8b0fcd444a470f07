"""The ``c2pa.actions.v2`` assertion OMRS writes: opened, the AI segments, records attached.

- ``c2pa.opened`` first, always: ``omrs sign`` never makes an asset de novo, it opens an
  existing file, which becomes the ``parentOf`` ingredient (C2PA 2.2 Table 8, §18.14.2,
  §18.15.3). No ``digitalSourceType`` on it: C2PA requires one only on ``c2pa.created``
  (the asset at its inception) and gives it no meaning on ``c2pa.opened``; the asset's
  source type goes into ``cawg.metadata`` instead.
- One action per AI segment of the disclosure and C2PA action its OMRS action terms map to
  (:data:`C2PA_ACTIONS`), with the segment's ``digitalSourceType`` (Guidance 2.2 §5.2.2:
  the source type on an action says AI did it), its time range and picture region as
  ``changes`` (§18.14.4.6, :mod:`omrs.media.regions`), the generator as ``softwareAgent``
  (§18.14.4.4, a generator-info map: the 1.1 provenance's tool, else the first model) and
  its models, data sets and prompts as ``parameters.ingredientIds`` (resolved by the SDK
  into hashed ``ingredients`` URIs). Entity-specific parameters (§18.14.12
  ``parameters-common-map-v2``) keep the link to the disclosure: ``org.omrs.segment`` (the
  segment's position), ``org.omrs.actions`` (its OMRS action terms) and, for 1.1
  provenance, ``org.omrs.settings`` (seed, sampler, steps, guidance... per generation).
- ``c2pa.edited.metadata`` last: the OMRS records attached, which change metadata, not the
  digital content (Table 8).

Pure data, no ``c2pa`` import.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from omrs.media import OMRS_LABEL_PREFIX
from omrs.media.ingredients import PARENT_INGREDIENT, Inputs
from omrs.media.regions import region_map
from omrs.source_types import canonical_source_type
from omrs.version import TOOL_NAME, TOOL_VERSION

LABEL_ACTIONS = "c2pa.actions.v2"
OPENED = "c2pa.opened"
RECORDS_ACTION = "c2pa.edited.metadata"
RECORDS_DESCRIPTION = "OMRS records attached"
#: The parameters that tie a segment action to its disclosure segment.
SEGMENT_PARAMETER = OMRS_LABEL_PREFIX + "segment"
TERMS_PARAMETER = OMRS_LABEL_PREFIX + "actions"
#: The generation settings of the segment's provenance (1.1), one object per generation.
SETTINGS_PARAMETER = OMRS_LABEL_PREFIX + "settings"
OMRS_AGENT = {"name": TOOL_NAME, "version": TOOL_VERSION}

#: OMRS action term (ai-disclosure ``segments[].actions``) -> C2PA 2.2 action (Table 8).
#: ``c2pa.placed`` is never used: it needs a ``componentOf`` ingredient for the placed
#: element (§15.10.3.2.2), and OMRS has no such file, only the finished asset. Nor is
#: ``c2pa.translated``: it needs ``sourceLanguage`` and ``targetLanguage`` (§18.14.4.7, and
#: the SDK refuses it without them), which a segment does not record.
C2PA_ACTIONS: dict[str, str] = {
    "generated": "c2pa.edited",  # new content made in an existing asset (Guidance §5.2.2)
    "altered": "c2pa.edited",
    "voiceClone": "c2pa.dubbed",  # "changes were made to audio"
    "deAging": "c2pa.edited",
    "faceSwap": "c2pa.edited",
    "lipSync": "c2pa.edited",  # the picture is changed to fit the audio
    "dubbing": "c2pa.dubbed",
    "restoration": "c2pa.enhanced",  # non-editorial: damage repaired, content kept
    "upscaling": "c2pa.enhanced",
    "colorization": "c2pa.adjustedColor",
    "backgroundGeneration": "c2pa.edited",
    "objectRemoval": "c2pa.edited",  # removed and filled in, not merely cut out
    "speechSynthesis": "c2pa.dubbed",
    "musicGeneration": "c2pa.dubbed",
    "translation": "c2pa.edited",  # see above: no languages, so not c2pa.translated
    "other": "c2pa.edited",  # the segment's description says what
}
#: For a term outside the vocabulary (a record signed with --force).
FALLBACK_ACTION = "c2pa.edited"


def opened_action() -> dict[str, Any]:
    return {
        "action": OPENED,
        "softwareAgent": dict(OMRS_AGENT),
        "parameters": {"ingredientIds": [PARENT_INGREDIENT]},
    }


def records_action() -> dict[str, Any]:
    return {
        "action": RECORDS_ACTION,
        "softwareAgent": dict(OMRS_AGENT),
        "description": RECORDS_DESCRIPTION,
    }


def software_agent(segment: Mapping[str, Any]) -> dict[str, Any] | None:
    """The generator-info map of the segment's first named tool (1.1 ``provenance``), else
    of its first named model.

    ``None`` when the segment names neither: ``softwareAgent`` says which software did the
    action, and that was not omrs.
    """
    runs = segment.get("provenance")
    tools = (
        [r.get("tool") for r in runs if isinstance(r, Mapping)] if isinstance(runs, list) else []
    )
    models = segment.get("models")
    for model in [*tools, *(models if isinstance(models, list) else ())]:
        name = model.get("name") if isinstance(model, Mapping) else None
        if isinstance(name, str) and name.strip():
            agent = {"name": name.strip()}
            version = model.get("version")
            if isinstance(version, str) and version.strip():
                agent["version"] = version.strip()
            return agent
    return None


def generation_settings(segment: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each generation's settings, with its position in ``provenance`` (``generation``)."""
    runs = segment.get("provenance")
    out = []
    for g, run in enumerate(runs if isinstance(runs, list) else ()):
        settings = run.get("settings") if isinstance(run, Mapping) else None
        if isinstance(settings, Mapping) and settings:
            out.append({"generation": g, **settings})
    return out


def _grouped_terms(segment: Mapping[str, Any]) -> dict[str, list[str]]:
    """The segment's OMRS terms grouped by the C2PA action each maps to, in first-seen order."""
    terms = segment.get("actions")
    grouped: dict[str, list[str]] = {}
    for term in terms if isinstance(terms, list) else ():
        if isinstance(term, str):
            grouped.setdefault(C2PA_ACTIONS.get(term, FALLBACK_ACTION), []).append(term)
    return grouped or {FALLBACK_ACTION: []}


def segment_actions(index: int, segment: Mapping[str, Any], inputs: Inputs) -> list[dict[str, Any]]:
    """The actions recording one AI segment (one per C2PA action its terms map to)."""
    common: dict[str, Any] = {}
    source = canonical_source_type(segment.get("digitalSourceType"))
    if source:
        common["digitalSourceType"] = source
    agent = software_agent(segment)
    if agent:
        common["softwareAgent"] = agent
    region = region_map(segment)
    if region:
        common["changes"] = [region]
    description = segment.get("description")
    settings = generation_settings(segment)
    out = []
    for action, terms in _grouped_terms(segment).items():
        parameters: dict[str, Any] = {SEGMENT_PARAMETER: index, TERMS_PARAMETER: terms}
        if settings:
            parameters[SETTINGS_PARAMETER] = settings
        if inputs.by_segment.get(index):
            parameters["ingredientIds"] = list(inputs.by_segment[index])
        text = description if isinstance(description, str) and description else None
        named = ", ".join(terms) or "unspecified"
        out.append(
            {
                "action": action,
                **common,
                "description": text or f"AI segment {index} of the OMRS disclosure ({named})",
                "parameters": parameters,
            }
        )
    return out


def actions_assertion(disclosure: Mapping[str, Any] | None, inputs: Inputs) -> dict[str, Any]:
    """The content of the ``c2pa.actions.v2`` assertion for one signing."""
    actions = [opened_action()]
    segments = disclosure.get("segments") if disclosure else None
    for index, segment in enumerate(segments if isinstance(segments, list) else ()):
        if isinstance(segment, Mapping):
            actions += segment_actions(index, segment, inputs)
    actions.append(records_action())
    return {"actions": actions}
