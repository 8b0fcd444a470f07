"""What plain c2pa-python reports about a file, with none of OMRS's reading code.

The tests of what ``omrs sign`` writes judge the output through this: the SDK's own JSON,
trusting the test root, with no network.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from omrs.media.keygen import KeygenResult


def plain_read(path: Path, mime: str, keys: KeygenResult) -> tuple[dict[str, Any], dict[str, Any]]:
    """``reader.json()`` and ``reader.detailed_json()`` of ``path``."""
    import c2pa

    settings = {
        "version": 1,
        "verify": {"remote_manifest_fetch": False, "ocsp_fetch": False},
        "trust": {
            "trust_anchors": keys.ca.read_text(),
            "trust_config": keys.trust_config.read_text(),
        },
    }
    with path.open("rb") as stream:
        reader = c2pa.Reader(mime, stream, None, c2pa.Context.from_dict(settings))
        return json.loads(reader.json()), json.loads(reader.detailed_json())
