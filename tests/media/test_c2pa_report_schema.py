"""The JSON report of real media runs is valid against the published report schema.

The reporters' own tests use hand-made results; these run the real checker on signed,
time-stamped, unsigned and broken files, so every key the C2PA layer adds to a file's
``c2pa`` object has to be in the schema (it was not: `error`, `privacy`, `remote`,
`remoteUrl` and `timestamp` were refused by the schema the report names).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from omrs.checker import check_paths
from omrs.media.certs import load_signer
from omrs.media.keygen import write_test_pki
from omrs.media.manifest import OmrsContent
from omrs.media.sign import sign_media
from omrs.options import CheckOptions, TrustSettings
from omrs.reporters import ReportContext, get_reporter
from omrs.version import REPORT_FORMAT_VERSION
from tests.conftest import ROOT
from tests.media.local_tsa import LocalTsa
from tests.media.media_paths import MEDIA_FIXTURES

SCHEMA = ROOT / "schemas" / "report" / REPORT_FORMAT_VERSION / "report.schema.json"


def _report(paths: list[Path], trust: TrustSettings) -> dict[str, Any]:
    run = check_paths(paths, CheckOptions(trust=trust))
    context = ReportContext(color=False, verbose=False, quiet=False, base_dir=Path.cwd())
    data: dict[str, Any] = json.loads(get_reporter("json")().render(run, context))
    return data


def test_media_reports_match_the_schema_they_name(tmp_path: Path) -> None:
    keys = write_test_pki(tmp_path / "keys", tsa=True)
    trust = TrustSettings(anchors=keys.ca, trust_config=keys.trust_config)
    signer = load_signer(keys.chain, keys.key, trust_config=keys.trust_config)
    assert keys.tsa_chain and keys.tsa_key
    with LocalTsa(keys.tsa_chain, keys.tsa_key) as tsa:
        stamped = sign_media(
            MEDIA_FIXTURES / "sample.jpg", tmp_path / "stamped.jpg", OmrsContent(), signer,
            trust=trust, tsa_url=tsa.url,
        )  # fmt: skip
    unsigned = tmp_path / "unsigned.png"
    shutil.copyfile(MEDIA_FIXTURES / "sample.png", unsigned)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(stamped.destination.read_bytes()[:2000])
    data = _report([stamped.destination, unsigned, broken], trust)
    states = {Path(f["path"]).name: f["c2pa"]["state"] for f in data["files"]}
    assert states["stamped.jpg"] == "trusted" and states["unsigned.png"] == "none"
    stamp = next(f for f in data["files"] if f["path"].endswith("stamped.jpg"))["c2pa"]
    assert stamp["timestamp"]["state"] == "trusted"
    schema = json.loads(SCHEMA.read_text("utf-8"))
    assert data["formatVersion"] == REPORT_FORMAT_VERSION
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []
