"""Model and generation provenance in an AI disclosure (1.1): walking it, once, for everyone.

A segment's ``provenance`` lists the generations that made it; each names a base model and
the fine-tunes made on top of it (the *stages* of the model's lineage), the tool, the
operator, the settings and the prompts (spec/1.1/provenance.md). The rules, the C2PA
ingredients and the XMP export all read it through these functions, so they agree on what
is there. Malformed parts are skipped: embedded records and XMP fragments reach here
unvalidated. Pure functions over plain data.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

Record = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of a model's lineage: the base model (``fine_tune`` False) or a fine-tune."""

    pointer: str
    data: Record
    fine_tune: bool
    segment: int

    @property
    def name(self) -> str:
        return str(self.data.get("name", ""))

    @property
    def version(self) -> str:
        return str(self.data.get("version", ""))

    @property
    def label(self) -> str:
        """How messages name the stage: ``fine-tune okafor-voice 3`` or ``base model X 2.0``."""
        kind = "fine-tune" if self.fine_tune else "base model"
        return f"{kind} {self.name} {self.version}".strip()

    def ids(self, field: str) -> list[str]:
        """The record identifiers the stage lists under ``field`` (``datasets``...)."""
        value = self.data.get(field)
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


@dataclass(frozen=True, slots=True)
class Generation:
    """One generation of one segment, and where it sits in the record."""

    pointer: str
    data: Record
    segment: int

    def stages(self) -> Iterator[Stage]:
        """The base model, then each fine-tune in the order it was made."""
        base = self.data.get("baseModel")
        if isinstance(base, Mapping):
            yield Stage(f"{self.pointer}/baseModel", base, False, self.segment)
        tunes = self.data.get("fineTunes")
        for i, tune in enumerate(tunes if isinstance(tunes, list) else ()):
            if isinstance(tune, Mapping):
                yield Stage(f"{self.pointer}/fineTunes/{i}", tune, True, self.segment)

    def used(self) -> Stage | None:
        """The stage that generated: the last fine-tune, else the base model."""
        found = list(self.stages())
        return found[-1] if found else None

    def prompts(self) -> Iterator[tuple[str, Record]]:
        prompts = self.data.get("prompts")
        for i, prompt in enumerate(prompts if isinstance(prompts, list) else ()):
            if isinstance(prompt, Mapping):
                yield f"{self.pointer}/prompts/{i}", prompt

    def tool(self) -> Record | None:
        tool = self.data.get("tool")
        return tool if isinstance(tool, Mapping) else None


def generations(disclosure: Record | None) -> Iterator[Generation]:
    """Every generation of every segment of ``disclosure``, in document order."""
    segments = disclosure.get("segments") if disclosure else None
    for s, segment in enumerate(segments if isinstance(segments, list) else ()):
        runs = segment.get("provenance") if isinstance(segment, Mapping) else None
        for g, run in enumerate(runs if isinstance(runs, list) else ()):
            if isinstance(run, Mapping):
                yield Generation(f"/segments/{s}/provenance/{g}", run, s)


def stages(disclosure: Record | None) -> Iterator[Stage]:
    """Every model stage the disclosure names, in document order."""
    for generation in generations(disclosure):
        yield from generation.stages()


def dataset_ids(disclosure: Record | None) -> list[str]:
    """The dataset-manifest identifiers the disclosure's model stages name, once each."""
    return list(dict.fromkeys(i for stage in stages(disclosure) for i in stage.ids("datasets")))


def licence_ids(disclosure: Record | None) -> list[str]:
    """The training-licence identifiers the disclosure's model stages name, once each."""
    found = (i for stage in stages(disclosure) for i in stage.ids("trainingLicenses"))
    return list(dict.fromkeys(found))
