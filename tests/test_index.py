"""The project index: plain data answering which bundles list a file, what a verdict depends
on and what a change reaches; and the finder that fills it from the folders above a file."""

from __future__ import annotations

import shutil
from pathlib import Path

from omrs.discovery import Target
from omrs.findings import FileKind
from omrs.index import BundleFacts, Listing, ProjectIndex
from omrs.project import build_index
from omrs.rules.engine import DocumentCache
from tests.conftest import FIXTURES

B = Path("/p/omrs.yaml")
CONSENT, LICENCE, CLIP, STILL = (Path(f"/p/{n}") for n in ("c.yaml", "l.yaml", "a.wav", "b.png"))


def _index() -> ProjectIndex:
    facts = BundleFacts(
        B,
        "omrs.yaml",
        records=(
            Listing(B, "/records/0", "record", "c.yaml", CONSENT),
            Listing(B, "/records/1", "record", "l.yaml", LICENCE),
            Listing(B, "/records/2", "record", "gone.yaml", Path("/p/gone.yaml"), present=False),
        ),
        assets=(
            Listing(B, "/assets/0", "asset", "a.wav", CLIP, names=("urn:c",)),
            Listing(B, "/assets/1", "asset", "b.png", STILL, names=("urn:l",)),
        ),
        ids={"urn:c": CONSENT, "urn:l": LICENCE},
    )
    return ProjectIndex([facts])


def test_which_bundles_list_a_path() -> None:
    index = _index()
    assert index.bundles_listing(CONSENT) == (B,)
    assert index.bundles_listing(Path("/p/other.yaml")) == ()
    assert [x.pointer for x in index.listings(CLIP, "asset")] == ["/assets/0"]


def test_a_verdict_depends_on_the_bundle_and_the_records_an_asset_names() -> None:
    index = _index()
    assert index.depends_on(CLIP) == {CLIP, B, CONSENT}
    assert index.depends_on(CONSENT) == {CONSENT, B}
    assert index.depends_on(B) >= {CONSENT, LICENCE, CLIP, STILL}


def test_a_change_reaches_the_bundle_and_the_assets_naming_the_record() -> None:
    index = _index()
    assert index.dependents(CONSENT) == {CONSENT, B, CLIP}
    assert index.dependents(STILL) == {STILL, B}
    assert index.dependents(B) >= {B, CONSENT, LICENCE, CLIP, STILL}


def test_files_a_bundle_still_names_but_that_are_gone_are_found() -> None:
    assert [x.listed for x in _index().missing()] == ["gone.yaml"]
    assert _index().governing(Path("/p/records/renamed.yaml")) == (B,)


def test_the_finder_reads_the_bundle_above_a_named_record(tmp_path: Path) -> None:
    film = tmp_path / "film"
    shutil.copytree(FIXTURES / "records" / "valid" / "bundle-documentary", film)
    (film / ".git").mkdir()
    (tmp_path / "omrs.yaml").write_text("recordType: bundle\n", "utf-8")  # above the root
    record = film / "records" / "consent-estate-okafor.yaml"
    cache = DocumentCache(1 << 20)
    index = build_index([Target(str(record), FileKind.RECORD, True)], cache.get)
    assert list(index.bundles) == [(film / "omrs.yaml").resolve()]
    assert index.bundles_listing(record.resolve()) == ((film / "omrs.yaml").resolve(),)
    assert len(index.dependents(record.resolve())) == 4  # itself, the bundle, both assets


def test_a_listed_file_says_where_bundles_reference_it(tmp_path: Path) -> None:
    import datetime as dt

    from omrs.checker import check_paths
    from omrs.options import CheckOptions

    film = tmp_path / "film"
    shutil.copytree(FIXTURES / "records" / "valid" / "bundle-documentary", film)
    consent = film / "records" / "consent-estate-okafor.yaml"
    run = check_paths([consent], CheckOptions(as_of=dt.date(2026, 9, 1)))
    by_path = {Path(r.path).name: r for r in run.files}
    assert by_path["consent-estate-okafor.yaml"].details["listedBy"] == [
        {"bundle": str(film / "omrs.yaml"), "pointer": "/records/0"}
    ]
    assert "listedBy" not in by_path["omrs.yaml"].details
