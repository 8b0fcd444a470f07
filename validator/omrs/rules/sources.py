"""The sources the rules cite: omrs.citations, under the name the rule modules use."""

from __future__ import annotations

from omrs.citations import *  # noqa: F403
