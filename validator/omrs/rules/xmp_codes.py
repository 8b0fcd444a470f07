"""Registers the XMP layer's codes (omrs.codes.xmp) in the catalogue, for ``omrs explain``."""

from __future__ import annotations

from omrs.codes.xmp import XMP_RULES, severity_of
from omrs.rules.catalogue import register_codes

__all__ = ["XMP_RULES", "severity_of"]

register_codes(XMP_RULES)
