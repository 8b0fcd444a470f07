"""``inputTo`` ingredients for the models and data sets an AI disclosure names.

C2PA 2.2 describes what went into an AI-made change as ingredients with the relationship
``inputTo`` ("used as input to a computational process, such as an AI/ML model, that led to
the creation or modification of this asset", Table 10 in §18.15.3): a model as
``c2pa.types.generator`` plus ``c2pa.types.model`` with a semantic version (§18.15.8.1,
§18.20.2), a data set as ``multipart/mixed`` with ``c2pa.types.dataset`` (§18.15.5).

They are definition-only (no file of the model is embedded). A model comes from a
disclosure segment's ``models``; its data sets from the training licence that model names
(``license``), when that licence is among the asset's records and lists data sets or
catalogues in its ``assets``. OMRS 1.0 disclosures name no prompts, so none are written.

Field names are the SDK's definition names (``title``, ``format``, ``data_types``,
``label``), which it writes as the spec's ``dc:title``, ``dc:format``, ``dataTypes``. The
``label`` is only the handle an action's ``parameters.ingredientIds`` uses; the SDK
replaces both with hashed URIs. Pure data, no ``c2pa`` import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: The handle of the file being signed, as the ``parentOf`` ingredient of ``c2pa.opened``.
PARENT_INGREDIENT = "omrs-parent"
MODEL_FORMAT = "application/octet-stream"
#: §18.15.5: a multi-file ingredient, such as a model's data set.
DATASET_FORMAT = "multipart/mixed"
_DATASET_KINDS = ("dataset", "catalogue")
#: ``1``, ``2.1``, ``v3.0.2``: versions that read as semver once padded (§18.20.2 wants semver).
_VERSION = re.compile(r"^[vV]?(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?(?:\.(0|[1-9]\d*))?$")


def semver(version: Any) -> str | None:
    """``version`` as MAJOR.MINOR.PATCH when it plainly is one (``2.1`` -> ``2.1.0``)."""
    if not isinstance(version, str):
        return None
    match = _VERSION.match(version.strip())
    if match is None:
        return None
    return ".".join(part or "0" for part in match.groups())


@dataclass(slots=True)
class Inputs:
    """The ``inputTo`` ingredient definitions, and which of them each segment used."""

    ingredients: list[dict[str, Any]] = field(default_factory=list)
    by_segment: dict[int, list[str]] = field(default_factory=dict)
    _seen: dict[tuple[str, ...], str] = field(default_factory=dict)

    def add(self, key: tuple[str, ...], definition: dict[str, Any]) -> str:
        """The label of the ingredient ``key`` (``("model", ...)``), added on first sight."""
        known = self._seen.get(key)
        if known is not None:
            return known
        kind = key[0]
        label = f"omrs-{kind}-{sum(1 for k in self._seen if k[0] == kind) + 1}"
        self._seen[key] = label
        self.ingredients.append({**definition, "label": label})
        return label

    def use(self, segment: int, label: str) -> None:
        labels = self.by_segment.setdefault(segment, [])
        if label not in labels:
            labels.append(label)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def model_ingredient(model: Mapping[str, Any]) -> dict[str, Any] | None:
    """The definition of a model a segment names, or ``None`` without a name."""
    name = _text(model.get("name"))
    if name is None:
        return None
    version = _text(model.get("version"))
    model_type: dict[str, Any] = {"type": "c2pa.types.model"}
    if semver(version) is not None:
        model_type["version"] = semver(version)
    about = [f"AI model {name}" + (f" {version}" if version else "")]
    provider = _text(model.get("provider"))
    if provider:
        about.append(f"provided by {provider}")
    licence = _text(model.get("license"))
    if licence:
        about.append(f"training licence {licence}")
    return {
        "title": f"{name} {version}" if version else name,
        "format": MODEL_FORMAT,
        "relationship": "inputTo",
        "data_types": [{"type": "c2pa.types.generator"}, model_type],
        "description": "; ".join(about),
    }


def dataset_ingredient(entry: Mapping[str, Any], licence_id: str) -> dict[str, Any] | None:
    """The definition of a data set (or catalogue) listed in a model's training licence."""
    ident = _text(entry.get("id"))
    if ident is None or entry.get("kind") not in _DATASET_KINDS:
        return None
    about = [f"{entry['kind']} {ident}", f"training licence {licence_id}"]
    count = entry.get("itemCount")
    if isinstance(count, int) and not isinstance(count, bool):
        about.append(f"{count} items")
    return {
        "title": _text(entry.get("description")) or ident,
        "format": DATASET_FORMAT,
        "relationship": "inputTo",
        "data_types": [{"type": "c2pa.types.dataset"}],
        "description": "; ".join(about),
    }


def _datasets(licence: Mapping[str, Any] | None) -> Iterable[Mapping[str, Any]]:
    entries = licence.get("assets") if licence else None
    if isinstance(entries, list):
        yield from (e for e in entries if isinstance(e, Mapping))


def _segments(disclosure: Mapping[str, Any] | None) -> list[Any]:
    segments = disclosure.get("segments") if disclosure else None
    return segments if isinstance(segments, list) else []


def input_ingredients(
    disclosure: Mapping[str, Any] | None, licences: Sequence[Mapping[str, Any]]
) -> Inputs:
    """Every model the disclosure's segments name, and their licences' data sets, once each."""
    by_id = {lic["id"]: lic for lic in licences if isinstance(lic.get("id"), str)}
    inputs = Inputs()
    for index, segment in enumerate(_segments(disclosure)):
        models = segment.get("models") if isinstance(segment, Mapping) else None
        for model in models if isinstance(models, list) else ():
            if not isinstance(model, Mapping):
                continue
            definition = model_ingredient(model)
            if definition is None:
                continue
            key = ("model", *(str(model.get(k)) for k in ("name", "version", "provider")))
            inputs.use(index, inputs.add(key, definition))
            licence_id = _text(model.get("license"))
            for entry in _datasets(by_id.get(licence_id) if licence_id else None):
                data = dataset_ingredient(entry, licence_id or "")
                if data is not None:
                    inputs.use(index, inputs.add(("dataset", str(entry["id"])), data))
    return inputs
