"""Catalogue entries for codes raised outside the rule engine (loader, schema, media).

Semantic rule modules are imported at the bottom so that one import fills the catalogue.
"""

from __future__ import annotations

from omrs.findings import Severity
from omrs.rules.catalogue import Rule, Source, register

_JSON_SCHEMA = Source("JSON Schema 2020-12", "Validation vocabulary", "std")
_OMRS_SPEC = Source("OMRS 1.0", "spec/1.0", "std")


def _schema(keyword: str, title: str) -> None:
    register(
        Rule(
            id=f"schema.{keyword}",
            title=title,
            severity=Severity.ERROR,
            rationale=(
                f"The document breaks the `{keyword}` constraint of its OMRS schema; "
                "the message names the field and what was expected."
            ),
            sources=(_JSON_SCHEMA, _OMRS_SPEC),
        )
    )


def _load(problem: str, title: str, rationale: str, family: str = "load") -> None:
    register(
        Rule(
            id=f"{family}.{problem}",
            title=title,
            severity=Severity.WARNING if problem == "newer-minor" else Severity.ERROR,
            rationale=rationale,
            sources=(_OMRS_SPEC,),
        )
    )


for _kw, _title in [
    ("required", "A required field is missing"),
    ("type", "A value has the wrong type"),
    ("enum", "A value is not one of the allowed values"),
    ("const", "A value differs from the only allowed value"),
    ("pattern", "A string does not match the required pattern"),
    ("format", "A string is not in the required format"),
    ("additionalProperties", "An unknown field is present"),
    ("unevaluatedProperties", "An unknown field is present"),
    ("propertyNames", "A field name is not allowed"),
    ("minLength", "A string is too short"),
    ("maxLength", "A string is too long"),
    ("minimum", "A number is too small"),
    ("maximum", "A number is too large"),
    ("exclusiveMinimum", "A number is too small"),
    ("exclusiveMaximum", "A number is too large"),
    ("minItems", "A list has too few items"),
    ("maxItems", "A list has too many items"),
    ("uniqueItems", "A list repeats an item"),
    ("minProperties", "An object has too few fields"),
    ("dependentRequired", "A field requires another field"),
    ("oneOf", "A value matches none (or more than one) of the allowed forms"),
    ("anyOf", "A value matches none of the allowed forms"),
    ("not", "A value has a form that is not allowed"),
    ("contains", "A list lacks a required kind of item"),
    ("if", "A conditional requirement is not met"),
    ("false", "A value is not allowed here"),
]:
    _schema(_kw, _title)

register(
    Rule(
        id="schema.deprecated",
        title="A deprecated field or vocabulary term is used",
        severity=Severity.WARNING,
        rationale=(
            "A minor version may deprecate a field or term but never removes it, so the "
            "document stays valid. The finding names the replacement and the `omrs migrate` "
            "command that rewrites the document; it is a warning for documents of a version "
            "that deprecates the term, and a note for documents of an earlier minor."
        ),
        sources=(_OMRS_SPEC, Source("OMRS", "spec/versioning.md, deprecation", "std")),
    )
)

for _p, _title, _why in [
    (
        "json-syntax",
        "The file is not valid JSON",
        "JSON records must parse; the finding gives the line and column of the first error.",
    ),
    (
        "yaml-syntax",
        "The file is not valid YAML",
        "YAML records must parse; the finding gives the line and column of the first error.",
    ),
    (
        "duplicate-key",
        "A key appears twice in one object",
        "Parsers disagree on which duplicate wins, so a record with duplicate keys is "
        "ambiguous and is refused.",
    ),
    (
        "yaml-alias-bomb",
        "YAML aliases expand too far",
        "Alias expansion is limited to stop documents that expand exponentially (billion laughs).",
    ),
    (
        "yaml-unsupported",
        "A YAML feature OMRS does not accept",
        "Records are plain data: mappings with string keys, lists, strings, numbers, booleans "
        "and null.",
    ),
    ("encoding", "The file is not UTF-8", "Records are UTF-8 text (RFC 8259 section 8.1)."),
    ("empty", "The file is empty", "An empty file holds no record."),
    (
        "too-large",
        "The file exceeds the size limit",
        "Files above the configured size limit are refused before parsing (setting "
        "`max-file-size`).",
    ),
    (
        "too-deep",
        "The document is nested too deeply",
        "Nesting is limited so that hostile documents cannot exhaust the stack.",
    ),
    (
        "number-too-large",
        "A number is too large to represent",
        "Integers may have at most 4,300 digits and other numbers must be finite 64-bit "
        "floating-point values, in JSON and YAML alike; larger literals are refused rather "
        "than read as infinity or converted at quadratic cost.",
    ),
    (
        "not-a-record",
        "The document is not an OMRS record",
        "Every document states its standard version (`omrs`) and record type (`recordType`) "
        "at the top level.",
    ),
    (
        "unknown-version",
        "The standard version is not known to this validator",
        "The validator can only check versions whose schemas it ships; a newer minor version "
        "of a known major is checked against the newest known minor, with a warning.",
    ),
    (
        "unknown-record-type",
        "The record type is not known",
        "The record type selects the schema; it must be one of the types of the declared "
        "standard version.",
    ),
    (
        "newer-minor",
        "The document declares a newer minor version",
        "Minor versions only add optional fields, so a 1.x document is checked against the "
        "newest 1.x schema this validator ships.",
    ),
]:
    _load(_p, _title, _why)

for _p, _title, _why in [
    (
        "not-found",
        "The path does not exist",
        "A path given to the run does not exist; the run reports it and exits 2.",
    ),
    (
        "is-a-directory",
        "A directory was given where a file is needed",
        "Give a file, or let `omrs check` walk the folder.",
    ),
    (
        "not-regular",
        "The path is not a regular file",
        "A named pipe, socket or device given by name is refused without being opened (a "
        "named pipe would block the run forever); the run exits 2. A folder walk skips such "
        "paths and counts them in the summary.",
    ),
    (
        "permission",
        "The file cannot be read",
        "The run lacks permission to read the file; it exits 2.",
    ),
    (
        "error",
        "The file cannot be read",
        "An operating-system error stopped the file from being read; it exits 2.",
    ),
    (
        "unreadable",
        "The file cannot be read",
        "The file could not be read at all (formats without a place for I/O errors list it as "
        "this finding); the run exits 2.",
    ),
    (
        "unsupported",
        "The file is not something OMRS checks",
        "Records and bundles are .json/.yaml/.yml files; media are the formats `omrs check` "
        "lists for C2PA.",
    ),
]:
    _load(_p, _title, _why, family="io")

_load(
    "error",
    "Internal error",
    "A bug in omrs stopped this file from being checked; the run goes on with the other "
    "files and exits 2. Please report it with OMRS_DEBUG=1 output.",
    family="internal",
)

# Semantic rules register themselves on import, and so do the codes the C2PA and XMP layers
# raise (tables here, so that no rule module reaches up into those layers). One import of
# this module fills the catalogue.
from omrs.rules import (  # noqa: E402, F401
    approvals,
    audit,
    bases,
    bundle,
    bundle_consents,
    c2pa_codes,
    consent,
    consent_holders,
    consent_terms,
    datasets,
    disclosure,
    licence,
    models,
    provenance,
    scopes,
    segments,
    waivers,
    xmp_codes,
)
