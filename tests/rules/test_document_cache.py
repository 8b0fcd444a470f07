"""The run's document cache: records checked on their own are kept for bundles, boundedly."""

from __future__ import annotations

from pathlib import Path

from omrs.loading import Document, LoadProblem, load_document
from omrs.rules.engine import RECENT_DOCUMENTS, DocumentCache


def test_a_put_document_is_served_without_reading_the_file_again(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text('{"a": 1}', "utf-8")
    cache = DocumentCache(max_size=1 << 20)
    doc = load_document(path)
    cache.put(path, doc)
    path.unlink()  # a read now would fail
    assert cache.get(tmp_path / "." / "r.json") is doc


def test_only_the_most_recent_documents_are_kept(tmp_path: Path) -> None:
    cache = DocumentCache(max_size=1 << 20)
    paths = []
    for index in range(RECENT_DOCUMENTS + 5):
        path = tmp_path / f"{index}.json"
        path.write_text(f'{{"n": {index}}}', "utf-8")
        cache.put(path, load_document(path))
        paths.append(path)
    assert len(cache._recent) == RECENT_DOCUMENTS
    paths[0].write_text('{"n": "read again"}', "utf-8")
    first = cache.get(paths[0])
    assert isinstance(first, Document) and first.data == {"n": "read again"}
    paths[-1].unlink()
    assert not isinstance(cache.get(paths[-1]), LoadProblem)
