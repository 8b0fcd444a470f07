"""Model rules of a bundle: each model used names the training licence behind it, and that
licence allowed training a model for the kind of output it made.

A model is read once per asset, whether the bundle names it on the asset or a disclosure
segment does; what a licence allows is read through :mod:`omrs.permissions`, the one
meaning every exporter of a licence uses too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from omrs import permissions
from omrs import source_types as vocab
from omrs.findings import Finding, Severity
from omrs.loading import Document
from omrs.rules import sources as src
from omrs.rules.base import Report, items, semantic, span
from omrs.rules.bundle import BUNDLE, BundleView, is_ai_asset, view
from omrs.rules.engine import RuleContext


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
    "on the data. Generative output needs `ai_generative_training`; other output "
    "`ai_training` or `ai_generative_training` (the model may be of either kind). Fine-tuning "
    "a model is training it, so where the licence speaks about `ai_fine_tuning` that must be "
    "granted too, and the most restrictive of the two holds (spec/1.0/training-license.md). "
    "An unspecified key grants nothing; `constrained` without machine-readable constraints "
    "is `notAllowed` (CAWG TDM 1.1 section 3.1); the licence's own terms override statements "
    "of preference (AIPREF -07 section 5.2).",
    (src.OMRS_LICENCE, src.CAWG_TDM, src.IETF_AIPREF_5_2),
    BUNDLE,
)
def _model_licence(r: Report, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    bundle = view(doc, ctx)
    for pointer, where, model, generative in _models(bundle):
        licence = bundle.record(model.get("license", ""), "training-license")
        if licence is None:
            continue
        granted, keys = permissions.training_grant(licence, generative=generative)
        if not granted:
            found = permissions.effective_all(licence)
            said = ", ".join(f"{k}: {found[k].use or 'unspecified'}" for k in keys)
            kind = "generative" if generative else "non-generative"
            yield r.at(
                pointer,
                f"model {model['name']} {model['version']} used for {where} "
                f"names licence {model['license']}, which does not allow training a model "
                f"for this {kind} output ({said})",
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
