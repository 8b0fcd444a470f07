"""Version constants shared by the CLI, the reporters and the public API."""

from __future__ import annotations

from importlib import metadata

try:
    TOOL_VERSION: str = metadata.version("omrs")
except metadata.PackageNotFoundError:  # running from a source tree without an install
    TOOL_VERSION = "0.0.0+source"

#: The newest standard version this validator knows; documents declare theirs in ``omrs``.
STANDARD_VERSION = "1.0"

#: Version of the ``--format json`` report layout (``schemas/report/``); bump on change.
REPORT_FORMAT_VERSION = "1.0"

TOOL_NAME = "omrs"
INFORMATION_URI = "https://github.com/omrs/omrs"
