"""``inputTo`` ingredients for the models and data sets an AI disclosure names.

C2PA 2.2 describes what went into an AI-made change as ingredients with the relationship
``inputTo`` ("used as input to a computational process, such as an AI/ML model, that led to
the creation or modification of this asset", Table 10 in §18.15.3): a model as
``c2pa.types.generator`` plus ``c2pa.types.model`` with a semantic version (§18.15.8.1,
§18.20.2), a data set as ``multipart/mixed`` with ``c2pa.types.dataset`` (§18.15.5).

They are definition-only (no file of a model or data set is embedded). A model comes from a
disclosure segment's ``models``; its data sets from the training licence that model names
(``license``), when that licence is among the asset's records and lists data sets or
catalogues in its ``assets``. A segment's 1.1 ``provenance`` adds each stage of a model's
lineage (the base model, then each fine-tune, with its weights digest, training date and
licences), the data sets the stages were trained on (from their dataset manifests: item
count and list digest) and the prompts: ``text/plain`` with ``c2pa.types.generator.prompt``.
A non-confidential prompt's text is embedded as the ingredient's data (it is in the public
disclosure anyway); a confidential prompt is only its SHA-256, in the description, and its
text is never anywhere in the record to be embedded.

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

from omrs.provenance import Generation, Stage, generations

#: The handle of the file being signed, as the ``parentOf`` ingredient of ``c2pa.opened``.
PARENT_INGREDIENT = "omrs-parent"
MODEL_FORMAT = "application/octet-stream"
#: §18.15.5: a multi-file ingredient, such as a model's data set.
DATASET_FORMAT = "multipart/mixed"
_DATASET_KINDS = ("dataset", "catalogue")
PROMPT_FORMAT = "text/plain"
#: Key under which a definition carries a prompt's text until ``Inputs.add`` embeds it.
_TEXT = "_text"
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
    #: Embedded data of ingredients (a prompt's text), by the identifier their ``data`` names.
    resources: dict[str, bytes] = field(default_factory=dict)
    _seen: dict[tuple[str, ...], str] = field(default_factory=dict)

    def add(self, key: tuple[str, ...], definition: dict[str, Any]) -> str:
        """The label of the ingredient ``key`` (``("model", ...)``), added on first sight."""
        known = self._seen.get(key)
        if known is not None:
            return known
        kind = key[0]
        label = f"omrs-{kind}-{sum(1 for k in self._seen if k[0] == kind) + 1}"
        self._seen[key] = label
        text = definition.pop(_TEXT, None)
        if isinstance(text, str):
            identifier = f"{label}.txt"
            definition["data"] = {"format": PROMPT_FORMAT, "identifier": identifier}
            self.resources[identifier] = text.encode("utf-8")
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
    disclosure: Mapping[str, Any] | None,
    licences: Sequence[Mapping[str, Any]],
    manifests: Sequence[Mapping[str, Any]] = (),
) -> Inputs:
    """Per segment: its provenance (model stages, their data sets, prompts), then the models
    it names and their licences' data sets; each ingredient once."""
    by_id = {lic["id"]: lic for lic in licences if isinstance(lic.get("id"), str)}
    datasets = {m["id"]: m for m in manifests if isinstance(m.get("id"), str)}
    inputs = Inputs()
    runs = list(generations(disclosure))
    for index, segment in enumerate(_segments(disclosure)):
        for generation in (g for g in runs if g.segment == index):
            _add_generation(inputs, generation, datasets)
        models = segment.get("models") if isinstance(segment, Mapping) else None
        for model in models if isinstance(models, list) else ():
            if not isinstance(model, Mapping):
                continue
            definition = model_ingredient(model)
            if definition is None:
                continue
            inputs.use(index, inputs.add(_model_key(model), definition))
            licence_id = _text(model.get("license"))
            for entry in _datasets(by_id.get(licence_id) if licence_id else None):
                data = dataset_ingredient(entry, licence_id or "")
                if data is not None:
                    key = ("dataset", str(entry.get("manifest") or entry["id"]))
                    inputs.use(index, inputs.add(key, data))
    return inputs


def _model_key(model: Mapping[str, Any]) -> tuple[str, ...]:
    return ("model", *(str(model.get(k, "")) for k in ("name", "version", "provider")))


def _add_generation(inputs: Inputs, generation: Generation, datasets: Mapping[str, Any]) -> None:
    index = generation.segment
    base: Stage | None = None
    for stage in generation.stages():
        definition = stage_ingredient(stage, base)
        if definition is not None:
            inputs.use(index, inputs.add(_model_key(stage.data), definition))
        for ref in stage.ids("datasets"):
            manifest = datasets.get(ref)
            inputs.use(index, inputs.add(("dataset", ref), manifest_ingredient(ref, manifest)))
        base = base or stage
    for _, prompt in generation.prompts():
        made = prompt_ingredient(prompt)
        if made is not None:
            inputs.use(index, inputs.add(*made))


def stage_ingredient(stage: Stage, base: Stage | None) -> dict[str, Any] | None:
    """A base model or a fine-tune as a model ingredient (the same form 1.0 models take)."""
    definition = model_ingredient({**stage.data, "provider": stage.data.get("provider", "")})
    if definition is None:
        return None
    about = [definition["description"]]
    if stage.fine_tune and base is not None:
        about[0] = f"fine-tune {stage.name} {stage.version} of {base.name} {base.version}"
    for field_name, label in (("weightsSha256", "weights SHA-256"), ("trained", "trained")):
        value = _text(stage.data.get(field_name))
        if value:
            about.append(f"{label} {value}")
    for field_name, label in (("datasets", "data sets"), ("trainingLicenses", "training licences")):
        if stage.ids(field_name):
            about.append(f"{label} {', '.join(stage.ids(field_name))}")
    summary = stage.data.get("trainingContentSummary")
    if isinstance(summary, Mapping) and _text(summary.get("uri")):
        about.append(f"training-content summary {summary['uri']}")
    definition["description"] = "; ".join(about)
    return definition


def manifest_ingredient(ref: str, manifest: Mapping[str, Any] | None) -> dict[str, Any]:
    """A data set a model stage was trained on, described from its dataset manifest."""
    about = [f"dataset manifest {ref}"]
    title = ref
    if manifest is not None:
        title = _text(manifest.get("title")) or ref
        items = manifest.get("items")
        if isinstance(items, list):
            about.append(f"{len(items)} items")
        if _text(manifest.get("itemsSha256")):
            about.append(f"item list SHA-256 {manifest['itemsSha256']}")
        summary = manifest.get("trainingContentSummary")
        if isinstance(summary, Mapping) and _text(summary.get("uri")):
            about.append(f"training-content summary {summary['uri']}")
    return {
        "title": title,
        "format": DATASET_FORMAT,
        "relationship": "inputTo",
        "data_types": [{"type": "c2pa.types.dataset"}],
        "description": "; ".join(about),
    }


_PROMPT_TITLES = {"negative": "Negative prompt", "system": "System prompt", "other": "Prompt"}


def prompt_ingredient(prompt: Mapping[str, Any]) -> tuple[tuple[str, ...], dict[str, Any]] | None:
    """The key and definition of a prompt; a confidential one carries only its digest."""
    from omrs.digests import text_sha256

    raw = prompt.get("text")
    text = raw if isinstance(raw, str) and raw.strip() else None
    digest = _text(prompt.get("sha256")) or (text_sha256(text) if text is not None else None)
    if digest is None:
        return None
    confidential = prompt.get("confidential") is True
    kind = str(prompt.get("kind", "positive"))
    title = _PROMPT_TITLES.get(kind, "Prompt")
    definition: dict[str, Any] = {
        "title": f"Confidential {title.lower()}" if confidential else title,
        "format": PROMPT_FORMAT,
        "relationship": "inputTo",
        "data_types": [{"type": "c2pa.types.generator.prompt"}],
    }
    if confidential or text is None:
        withheld = "text withheld" if confidential else "text not recorded"
        definition["description"] = f"{title}, SHA-256 {digest} of its exact UTF-8 text; {withheld}"
    else:
        definition["description"] = f"{title}, SHA-256 {digest}"
        definition[_TEXT] = text
    return ("prompt", digest, kind), definition
