"""Rules on model and generation provenance (OMRS 1.1, spec/1.1/provenance.md).

In a disclosure: a confidential prompt keeps only its digest, a prompt's digest matches its
text, and a weights digest is a real one, the same for one model version everywhere. Across
a bundle: every training licence a model stage names is a record of the bundle that permits
that training, on the day it ended.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from omrs import permissions
from omrs import source_types as vocab
from omrs.digests import EMPTY_SHA256, text_sha256
from omrs.findings import Finding, Severity
from omrs.loading import Document
from omrs.provenance import Stage, generations, stages
from omrs.rules import sources as src
from omrs.rules.base import Report, date, semantic
from omrs.rules.bundle import BundleView, Entry, view
from omrs.rules.engine import RuleContext
from omrs.rules.inside import inside, of_type, place

DISCLOSURE = ("ai-disclosure",)


@semantic(
    "provenance.confidential-prompt",
    "A confidential prompt is recorded by its digest only",
    Severity.ERROR,
    "OMRS 1.1: a prompt marked `confidential` MUST NOT carry its `text`, only the SHA-256 "
    "of the exact text (provenance.md). The disclosure is public: it is embedded whole in "
    "signed media, so a text recorded there travels with the file whatever the flag says.",
    (src.OMRS_PROVENANCE,),
    DISCLOSURE,
    since="1.1",
)
def _confidential(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for generation in generations(doc.data):
        for pointer, prompt in generation.prompts():
            if prompt.get("confidential") is True and "text" in prompt:
                yield r.at(
                    f"{pointer}/text",
                    "the prompt is marked confidential but carries its text; record only its "
                    "`sha256` (of the exact UTF-8 text) and keep the text out of the record",
                )


@semantic(
    "provenance.prompt-digest",
    "A prompt's digest is the digest of its text",
    Severity.ERROR,
    "OMRS 1.1: a prompt's `sha256` is the SHA-256 of the UTF-8 bytes of its exact text, "
    "with no normalisation and nothing added (provenance.md). Where both are recorded they "
    "MUST agree, or the digest proves nothing about the text.",
    (src.OMRS_PROVENANCE,),
    DISCLOSURE,
    since="1.1",
)
def _prompt_digest(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for generation in generations(doc.data):
        for pointer, prompt in generation.prompts():
            text, stated = prompt.get("text"), prompt.get("sha256")
            if isinstance(text, str) and isinstance(stated, str) and text_sha256(text) != stated:
                yield r.at(
                    f"{pointer}/sha256",
                    f"the prompt's sha256 is {stated}, but its text hashes to "
                    f"{text_sha256(text)} (SHA-256 of the exact UTF-8 text, nothing added)",
                )


def _model_key(stage: Stage) -> tuple[str, str, str]:
    return stage.name, stage.version, str(stage.data.get("provider", ""))


def _weights(data: Any) -> Iterator[tuple[Stage, str]]:
    for stage in stages(data):
        digest = stage.data.get("weightsSha256")
        if isinstance(digest, str):
            yield stage, digest


@semantic(
    "provenance.weights-digest",
    "A model's weights digest is real and the same wherever the model is named",
    Severity.ERROR,
    "OMRS 1.1: `weightsSha256` is the SHA-256 of the weights file as used (provenance.md). "
    "The digest of zero bytes (e3b0c442...b855) is what hashing an empty or missing file "
    "gives, never weights. One model version (name, version and provider) is one set of "
    "weights: two different digests for it, in one disclosure or across a bundle's "
    "disclosures, mean one of them names the wrong file or the version label was reused.",
    (src.OMRS_PROVENANCE,),
    (*DISCLOSURE, "bundle"),
    since="1.1",
)
def _weights_digest(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    if doc.record_type == "bundle":
        yield from _weights_across(r, view(doc, ctx))
        return
    first: dict[tuple[str, str, str], tuple[Stage, str]] = {}
    for stage, digest in _weights(doc.data):
        if digest == EMPTY_SHA256:
            yield r.at(
                f"{stage.pointer}/weightsSha256",
                f"{stage.label}: {digest} is the SHA-256 of zero bytes (an empty or missing "
                "file), not of any weights",
            )
            continue
        seen = first.setdefault(_model_key(stage), (stage, digest))
        if seen[1] != digest:
            yield r.at(
                f"{stage.pointer}/weightsSha256",
                f"{stage.label} has weights {digest} here but {seen[1]} at "
                f"{seen[0].pointer}; one model version has one set of weights",
            )


def _weights_across(r: Report, bundle: BundleView) -> Iterator[Finding]:
    """Conflicts between different disclosures (a record's own are relayed from it)."""
    first: dict[tuple[str, str, str], tuple[Entry, Stage, str]] = {}
    for entry in of_type(bundle, "ai-disclosure"):
        mine: set[tuple[str, str, str]] = set()
        for stage, digest in _weights(entry.data):
            key = _model_key(stage)
            if digest == EMPTY_SHA256 or key in mine:
                continue
            mine.add(key)
            other = first.setdefault(key, (entry, stage, digest))
            if other[0] is not entry and other[2] != digest:
                yield inside(
                    r,
                    bundle,
                    entry,
                    f"{stage.pointer}/weightsSha256",
                    f"{stage.label} has weights {digest} here but {other[2]} in "
                    f"{place(bundle, other[0], other[1].pointer)}; one model version has one "
                    "set of weights",
                )


@semantic(
    "provenance.training-licence",
    "Each training licence a model stage names is in the bundle and permits that training",
    Severity.ERROR,
    "OMRS 1.1: every record a model stage lists in `trainingLicenses` MUST be a "
    "training-license record of the bundle, and MUST permit the training the stage is "
    "(provenance.md): for generative output `ai_generative_training`, otherwise either "
    "training key; where the licence speaks about `ai_fine_tuning` that must be granted "
    "too, the most restrictive holding (training-license.md; the same test as "
    "bundle.model-licence). `constrained` without machine-readable constraints is "
    "`notAllowed` (CAWG TDM 1.1 section 3.1). A stage that says when it was `trained` must "
    "have been trained within the licence's term.",
    (src.OMRS_PROVENANCE, src.OMRS_LICENCE, src.CAWG_TDM),
    ("bundle",),
    since="1.1",
)
def _training_licence(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    bundle = view(doc, ctx)
    for entry in of_type(bundle, "ai-disclosure"):
        segments = entry.data.get("segments") or []
        for stage in stages(entry.data):
            source = segments[stage.segment].get("digitalSourceType", "")
            generative = vocab.is_generative(source) if isinstance(source, str) else True
            for j, ref in enumerate(stage.ids("trainingLicenses")):
                pointer = f"{stage.pointer}/trainingLicenses/{j}"
                yield from _licence_findings(r, bundle, entry, stage, pointer, ref, generative)


def _licence_findings(
    r: Report,
    bundle: BundleView,
    entry: Entry,
    stage: Stage,
    pointer: str,
    ref: str,
    generative: bool,
) -> Iterator[Finding]:
    licence = bundle.record(ref, "training-license")
    if licence is None:
        if not bundle.broken(ref):
            why = bundle.missing(ref, "training-license")
            yield inside(
                r, bundle, entry, pointer, f"{stage.label} names licence {ref}, which {why}"
            )
        return
    granted, keys = permissions.training_grant(licence, generative=generative)
    if not granted:
        found = permissions.effective_all(licence)
        said = ", ".join(f"{k}: {found[k].use or 'unspecified'}" for k in keys)
        kind = "generative" if generative else "non-generative"
        yield inside(
            r,
            bundle,
            entry,
            pointer,
            f"licence {ref} does not permit training {stage.label} for {kind} output ({said})",
        )
    trained = date(stage.data.get("trained"))
    term = licence.get("term") or {}
    start, end = date(term.get("start")), date(term.get("end"))
    if trained and start and (trained < start or (end is not None and trained > end)):
        yield inside(
            r,
            bundle,
            entry,
            pointer,
            f"{stage.label} was trained on {trained}, outside the term of licence {ref} "
            f"({start} to {end or 'no end'})",
        )
