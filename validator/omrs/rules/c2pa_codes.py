"""Registers the C2PA layer's codes (omrs.codes.c2pa) in the catalogue, for ``omrs explain``."""

from __future__ import annotations

from omrs.codes.c2pa import C2PA_RULES, severity_of
from omrs.rules.catalogue import register_codes

__all__ = ["C2PA_RULES", "severity_of"]

register_codes(C2PA_RULES)
