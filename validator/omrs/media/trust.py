"""Turn the user's trust settings into C2PA SDK settings.

Facts measured with c2pa-python 0.38.1 / C2PA SDK 0.91.3 (see spec/1.0/c2pa-binding.md):

- ``verify.remote_manifest_fetch`` defaults to ``true``; OMRS sets it from ``fetch_remote``
  (off unless asked), so verification never reaches the network by surprise.
- ``trust.trust_anchors`` takes a PEM bundle of roots; ``trust.trust_config`` the text of an
  EKU file (one OID a line, ``//`` comments). Without it only id-kp-emailProtection is
  accepted for a signing certificate.
- ``trust.allowed_list`` at the top level has no effect; an allowed list works inside a
  ``trust.anchors`` entry with ``trust_kind: "manifest"`` (and a ``trust_anchors`` field,
  which may be empty).
- The signing side verifies after signing with the same trust settings, so a leaf whose only
  EKU is documentSigning cannot even be signed with unless the trust configuration lists it.
- An assertion is ``gathered`` unless its definition says ``"created": true``; ingredients
  take no such flag, and become created only through ``builder.created_assertion_labels``
  (base labels: ``c2pa.ingredient`` matches ``c2pa.ingredient.v3``).
- A time-stamp's certificate is checked against the same ``trust_anchors`` as signers
  (with the timeStamping EKU), so a TSA's root must be among the anchors to be trusted.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from omrs.fileio import open_regular
from omrs.options import TrustSettings

if TYPE_CHECKING:
    import c2pa


#: Base labels the signer vouches for beyond its own assertions: the ingredients it adds,
#: and the data they embed (a prompt's text).
CREATED_INGREDIENT_LABELS = ("c2pa.ingredient", "c2pa.embedded-data")


class TrustConfigError(ValueError):
    """A trust file named in the settings cannot be read."""


def _read_text(path: Path, what: str) -> str:
    try:
        with open_regular(path) as fh:
            return fh.read().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TrustConfigError(f"cannot read the {what} {path}: {exc}") from exc


@functools.cache
def _trust_section(trust: TrustSettings) -> dict[str, Any]:
    """The trust files' contents, read once per run (settings are frozen, so hashable)."""
    section: dict[str, Any] = {}
    if trust.anchors is not None:
        section["trust_anchors"] = _read_text(trust.anchors, "trust anchors")
    if trust.trust_config is not None:
        section["trust_config"] = _read_text(trust.trust_config, "trust configuration (EKU file)")
    if trust.allowed_list is not None:
        entry = {
            "trust_kind": "manifest",
            "trust_anchors": "",
            "allowed_list": _read_text(trust.allowed_list, "allowed list"),
        }
        section["anchors"] = [entry]
    return section


def settings_dict(
    trust: TrustSettings, *, signing: bool = False, merkle_chunk_kb: int | None = None
) -> dict[str, Any]:
    """The SDK settings for reading (or, with ``signing``, writing) under ``trust``.

    ``merkle_chunk_kb``: for BMFF (MP4/MOV), hash ``mdat`` as a Merkle tree of chunks of
    this size (the SDK's ``core.merkle_tree_chunk_size_in_kb``; other formats ignore it),
    so a verifier reads the file in chunk-sized pieces instead of up to 256 MiB at once.
    """
    settings: dict[str, Any] = {
        "version": 1,
        "verify": {
            "remote_manifest_fetch": trust.fetch_remote,
            "ocsp_fetch": False,
            "verify_trust": True,
        },
    }
    section = _trust_section(trust)
    if section:
        settings["trust"] = dict(section)
    if signing:
        settings["builder"] = {
            "thumbnail": {"enabled": False},
            # The ingredients OMRS adds are its own statements too (C2PA 2.2 §10.2.2).
            "created_assertion_labels": list(CREATED_INGREDIENT_LABELS),
            "actions": {
                "auto_created_action": {"enabled": False},
                "auto_opened_action": {"enabled": False},
                "auto_placed_action": {"enabled": False},
            },
        }
        if merkle_chunk_kb:
            settings["core"] = {"merkle_tree_chunk_size_in_kb": merkle_chunk_kb}
    return settings


def make_context(
    trust: TrustSettings, *, signing: bool = False, merkle_chunk_kb: int | None = None
) -> c2pa.Context:
    """A C2PA ``Context`` carrying ``trust``; imports the native library on first use."""
    import c2pa

    settings = settings_dict(trust, signing=signing, merkle_chunk_kb=merkle_chunk_kb)
    return c2pa.Context.from_dict(settings)
