"""OMRS (Open Media Rights Schema): records, checks and C2PA binding for media rights.

The public API is re-exported here lazily so that ``import omrs`` stays cheap.
"""

from __future__ import annotations

from omrs.findings import FileKind, FileResult, Finding, Location, RunResult, Severity
from omrs.options import CheckOptions, TrustSettings
from omrs.version import STANDARD_VERSION, TOOL_VERSION

__version__ = TOOL_VERSION

__all__ = [
    "STANDARD_VERSION",
    "CheckOptions",
    "FileKind",
    "FileResult",
    "Finding",
    "Location",
    "RunResult",
    "Severity",
    "TrustSettings",
    "__version__",
]
