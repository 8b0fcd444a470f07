"""C2PA failures in plain words, main cause first (issue 15)."""

from __future__ import annotations

from omrs.findings import RunResult
from omrs.media.causes import explain_failures, ordered
from omrs.reporters import ReportContext, get_reporter
from tests.reporters.reporter_runs import media_file


def test_the_hash_mismatch_leads_whatever_order_the_sdk_gave() -> None:
    codes = ["signingCredential.untrusted", "assertion.dataHash.mismatch", "x.unknown"]
    assert ordered(codes)[0] == "assertion.dataHash.mismatch"
    assert ordered(codes)[-1] == "signingCredential.untrusted"
    text = explain_failures(codes)
    assert text.startswith("the file's content changed after signing")
    assert "ingredient: the signer" in explain_failures(["ingredient:signingCredential.untrusted"])
    assert explain_failures([]) == "no failure code given"


def test_text_report_does_not_repeat_codes_a_finding_stated() -> None:
    run = RunResult.of([media_file()])
    text = get_reporter("text")().render(run, ReportContext())
    assert "c2pa invalid\n" in text
    verbose = get_reporter("text")().render(run, ReportContext(verbose=True))
    assert verbose.index("assertion.dataHash.mismatch,") < verbose.index("ingredient:signing")
