"""A failed C2PA verification in plain words, the main cause first.

The SDK lists status codes in the order it met them, so a tampered file could lead with
``signingCredential.untrusted`` when the news is the hash mismatch. Here each failure code
gets a rank (the file's content changed, then the manifest's integrity, then the
signature, then trust) and a phrase; the codes stay in the message, exactly as reported.
No ``c2pa`` import: this only reads codes.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Code suffix or exact code -> (rank, plain words); lower ranks lead. Meanings from the
#: C2PA specification's validation status codes (checked in the SDK's code table).
_CAUSES: tuple[tuple[str, int, str], ...] = (
    ("assertion.dataHash.mismatch", 0, "the file's content changed after signing"),
    ("assertion.bmffHash.mismatch", 0, "the file's content changed after signing"),
    ("assertion.boxesHash.mismatch", 0, "the file's content changed after signing"),
    ("assertion.collectionHash.mismatch", 0, "a file of the collection changed after signing"),
    ("assertion.hashedURI.mismatch", 1, "an assertion in the manifest changed after signing"),
    ("assertion.missing", 1, "an assertion the claim lists is missing"),
    ("claimSignature.mismatch", 2, "the signature does not match the claim"),
    ("claimSignature.missing", 2, "the claim has no signature"),
    ("signingCredential.revoked", 3, "the signing certificate was revoked"),
    ("signingCredential.expired", 3, "the signing certificate had expired"),
    ("signingCredential.invalid", 3, "the signing certificate is not valid for signing"),
    ("signingCredential.untrusted", 4, "the signer is not trusted by the configured anchors"),
    ("timeStamp.untrusted", 5, "the time-stamp authority is not trusted"),
)
_OTHER_RANK = 2


def _cause(code: str) -> tuple[int, str | None]:
    for known, rank, words in _CAUSES:
        if code == known:
            return rank, words
    return _OTHER_RANK, None


def rank(code: str) -> int:
    """How early ``code`` comes: 0 for a changed file, higher for lesser causes."""
    return _cause(code)[0]


def ordered(codes: Iterable[str]) -> list[str]:
    """``codes`` once each, the main cause first (stable among equals)."""
    unique = list(dict.fromkeys(codes))
    return sorted(unique, key=lambda c: _cause(c.removeprefix("ingredient:"))[0])


def explain_failures(codes: Iterable[str]) -> str:
    """``the file's content changed after signing (assertion.dataHash.mismatch); also: ...``."""
    parts = []
    for code in ordered(codes):
        bare = code.removeprefix("ingredient:")
        words = _cause(bare)[1] or "failed check"
        where = "an ingredient: " if bare != code else ""
        parts.append(f"{where}{words} ({code})")
    if not parts:
        return "no failure code given"
    return parts[0] + (f"; also: {'; '.join(parts[1:])}" if parts[1:] else "")
