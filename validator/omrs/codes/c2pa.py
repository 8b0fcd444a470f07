"""Catalogue entries for the ``c2pa.*`` finding codes the C2PA layer raises.

No ``c2pa`` import: ``omrs explain c2pa.invalid`` must not load the native library.
"""

from __future__ import annotations

from omrs import citations as sources
from omrs.citations import CodeTable, Source
from omrs.findings import Severity

_C2PA = Source(
    "C2PA Technical Specification",
    "2.2, Validation",
    "std",
    "https://c2pa.org/specifications/specifications/2.2/specs/C2PA_Specification.html",
)
_BINDING = Source("OMRS 1.0", "spec/1.0/c2pa-binding.md", "std")

#: code -> (severity, title, rationale, sources)
C2PA_RULES: CodeTable = {
    "c2pa.invalid": (
        Severity.ERROR,
        "The C2PA manifest fails an integrity or signature check",
        "A hash, signature or hashed reference in the manifest does not match the file: the "
        "file or its manifest was changed after signing, or the manifest belongs to another "
        "file. The message lists the SDK's failure codes exactly as reported.",
        (_C2PA, _BINDING),
    ),
    "c2pa.malformed": (
        Severity.ERROR,
        "The media file or its manifest cannot be parsed",
        "The file is truncated, corrupt or hostile, or its manifest cannot be decoded. It is "
        "reported for this file only; the run carries on.",
        (_C2PA, _BINDING),
    ),
    "c2pa.untrusted": (
        Severity.ERROR,
        "The manifest is intact but its signer is not trusted",
        "Every integrity check passes, but the signing certificate does not chain to a "
        "configured trust anchor (or an ingredient's signer does not). Reported only when "
        "trusted signatures are required (`--require-trusted`).",
        (_C2PA, _BINDING),
    ),
    "c2pa.trust-required": (
        Severity.ERROR,
        "Trusted signatures are required, but the file has no manifest to trust",
        "With `--require-trusted` every media file must carry a C2PA manifest whose signer "
        "is trusted. A file with no manifest (or whose manifest was stripped, which a "
        "verifier cannot tell apart from never having had one), or with only a remote "
        "manifest that was not fetched, fails.",
        (_C2PA, _BINDING),
    ),
    "c2pa.remote": (
        Severity.WARNING,
        "The manifest is remote and was not fetched",
        "The file refers to a manifest stored at a URL. OMRS does not fetch it unless asked "
        "(`--fetch-remote`), so nothing about the file could be verified.",
        (_C2PA, _BINDING),
    ),
    "c2pa.unsupported-format": (
        Severity.ERROR,
        "The file is not a media format the C2PA layer supports",
        "The file's bytes are none of the supported formats; the message lists them.",
        (_BINDING,),
    ),
    "c2pa.fragment": (
        Severity.INFO,
        "A media fragment, verifiable only with its init segment",
        "Fragmented MP4 segments carry no manifest of their own; they are verified together "
        "with their init segment.",
        (_C2PA, _BINDING),
    ),
    "c2pa.none": (
        Severity.INFO,
        "The file has no C2PA manifest",
        "Nothing to verify. Where machine-readable marking is required, sign the file.",
        (_BINDING, sources.EU_AI_ACT_50_2),
    ),
    "c2pa.unsafe-label": (
        Severity.ERROR,
        "The manifest has a non-ASCII assertion label",
        "The C2PA SDK aborts the whole process on some non-ASCII labels, so such files are "
        "refused before the SDK reads them and reported as malformed.",
        (_BINDING,),
    ),
    "c2pa.record-digest-mismatch": (
        Severity.ERROR,
        "An embedded record does not match the full record of the same id",
        "The SHA-256 of the canonical JSON of the full record differs from the digest signed "
        "into the file: the record was edited after signing, or the file was signed with "
        "another version of it.",
        (_BINDING,),
    ),
    "c2pa.record-missing": (
        Severity.INFO,
        "No full record was given for an embedded record",
        "Records were supplied to match against (`--records`), but none has this embedded "
        "record's id, so its digest could not be checked.",
        (_BINDING,),
    ),
    "c2pa.omrs-assertion-invalid": (
        Severity.ERROR,
        "An OMRS assertion in the manifest does not match its published schema",
        "A valid signature proves who wrote a manifest, not that its org.omrs.* assertions "
        "have the shape OMRS defines. Each one is checked against its schema "
        "(schemas/1.0/assertions/) before it is used; one that fails is reported at the "
        "failing field and nothing is taken from it.",
        (_BINDING,),
    ),
    "c2pa.audit-log-mismatch": (
        Severity.ERROR,
        "The audit log does not reach the head the file was signed with",
        "OMRS 1.1: `org.omrs.audit` pins the bundle's audit log by the hash of its last entry "
        "and its length at signing (c2pa-binding.md, audit-log.md). The log embedded in full, "
        "or the log given with --records, must still have that many entries, the last of them "
        "with that hash: fewer means entries were cut, another hash that history was "
        "rewritten. A log that has grown since, through the signed head, is the same history.",
        (_BINDING,),
    ),
    "c2pa.actions-mismatch": (
        Severity.ERROR,
        "The manifest's digital source type disagrees with the embedded disclosure",
        "The asset's digital source type in cawg.metadata (Iptc4xmpExt:DigitalSourceType) "
        "must be the one the embedded AI-disclosure states, and every AI segment of the "
        "disclosure must have an action (parameter org.omrs.segment) with the segment's "
        "digitalSourceType, compared on the IPTC term. Files signed before OMRS wrote "
        "segment actions are checked on the source type of their first action "
        "(c2pa.created or c2pa.opened) instead.",
        (_C2PA, _BINDING),
    ),
    "c2pa.bundle-mismatch": (
        Severity.ERROR,
        "The manifest's digital source type disagrees with the bundle's disclosure",
        "A media file listed in a bundle is judged in that bundle's context: the asset's "
        "digital source type in the manifest (cawg.metadata, or the first action of files "
        "signed in the older layout) must be the one the AI-disclosure the bundle names for "
        "the asset states, compared on the IPTC term. The file's XMP is checked against the "
        "same disclosure and the asset's own licences, whether the file is signed or not.",
        (_C2PA, _BINDING),
    ),
}


def severity_of(code: str) -> Severity:
    return C2PA_RULES[code][0]
