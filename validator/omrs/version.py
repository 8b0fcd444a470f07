"""Version constants shared by the CLI, the reporters and the public API."""

from __future__ import annotations

#: The tool's version; the package metadata reads it from here (pyproject ``[tool.hatch.version]``),
#: so start-up never pays for ``importlib.metadata``.
TOOL_VERSION = "0.1.0"

#: The newest standard version this validator knows; documents declare theirs in ``omrs``.
STANDARD_VERSION = "1.1"

#: Version of the ``--format json`` report layout (``schemas/report/``); bump on change.
REPORT_FORMAT_VERSION = "1.2"

TOOL_NAME = "omrs"
INFORMATION_URI = "https://github.com/omrs/omrs"
