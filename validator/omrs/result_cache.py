"""An optional cache of per-file results (``--cache DIR``), so a re-check does only what changed.

A result is stored under a key made of: the tool version, the options that change what is
reported (the date in force included, and the content of trust and full-record files),
the target as named (its path is in every finding), the SHA-256 of its bytes, and the
SHA-256 of every file its result depends on (omrs.dependencies: a bundle's listed
records and assets, a media file's sidecars). Change one record and only that record and
the bundles that list it miss; everything else is served from the cache. How the run is
carried out (``--jobs``, the executor) is not part of the key.

Digests of large files (media) are remembered by (size, mtime, ctime, inode), as git's
index does, so an unchanged master is not hashed again; records are small and read each
time (their bytes also say what a bundle lists). Entries are pickles: keep the folder
writable only by the people who run the checks. A damaged entry is a miss, never an error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast

from omrs.dependencies import inputs_of
from omrs.discovery import Target
from omrs.fileio import open_regular, path_problem
from omrs.options import RUN_ONLY, CheckOptions
from omrs.version import TOOL_VERSION
from omrs.workers import Result

#: Bumped when the layout of keys or entries changes.
CACHE_FORMAT = "1"
_MISS = object()
_STAT_MEMO = "digests.json"


def cached_results(
    targets: Sequence[Target],
    options: CheckOptions,
    execute: Callable[[Sequence[Target]], Iterator[tuple[int, Result]]],
    context: Callable[[Target], Iterable[Path]] = lambda target: (),
    naming: Callable[[Target], str] = lambda target: "",
) -> Iterator[tuple[int, Result]]:
    """Cached results first, then ``execute`` on the rest, storing each as it arrives.

    ``context`` names what a target's verdict depends on through the project index (the
    bundles it is judged in, and what they list), besides its own inputs; ``naming`` is how
    the run shows those bundles in the result (it moves with the working folder)."""
    assert options.cache is not None
    cache = ResultCache(options.cache, options)
    try:
        keys = [cache.key(t, context(t), naming(t)) for t in targets]
        misses: list[int] = []
        for index, key in enumerate(keys):
            found = cache.get(key) if key is not None else _MISS
            if found is _MISS:
                misses.append(index)
            else:
                yield index, cast(Result, found)
        for position, result in execute([targets[i] for i in misses]):
            index = misses[position]
            cache.put(keys[index], result)
            yield index, result
    finally:
        cache.save()


class ResultCache:
    """Results by key in ``folder``, with the digest memo of the files seen."""

    def __init__(self, folder: Path, options: CheckOptions) -> None:
        self.folder = folder
        self.max_size = options.max_file_size
        self._memo: dict[str, list[Any]] = self._load_memo()
        self._seen: dict[str, list[Any]] = {}
        self._options = self._fingerprint(options)

    def key(self, target: Target, context: Iterable[Path] = (), naming: str = "") -> str | None:
        """The key of ``target``'s result, or None when it is not cached (standard input,
        a path refused before opening)."""
        if target.path == "-" or target.problem is not None or path_problem(target.path):
            return None
        try:
            content_digest, content = self._digest(Path(target.path), keep=True)
        except OSError:
            return None
        own = inputs_of(target, content, max_size=self.max_size)
        inputs = sorted({*own, *context} - {Path(target.path)}, key=str)
        parts = [self._options, repr(target), naming, content_digest]
        parts += [f"{p}={self._input_digest(p)}" for p in inputs]
        return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()

    def get(self, key: str) -> Any:
        try:
            with open(self._entry(key), "rb") as handle:
                return pickle.load(handle)
        except Exception:  # missing, or damaged: checked again
            return _MISS

    def put(self, key: str | None, result: Result) -> None:
        if key is None:
            return
        entry = self._entry(key)
        with contextlib.suppress(OSError):
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, entry)

    def save(self) -> None:
        """Write the digest memo: the files seen in this run, by identity."""
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({**self._memo, **self._seen}, handle, sort_keys=True)
            os.replace(temporary, self.folder / _STAT_MEMO)

    def _entry(self, key: str) -> Path:
        return self.folder / "results" / key[:2] / key[2:]

    def _load_memo(self) -> dict[str, list[Any]]:
        try:
            memo = json.loads((self.folder / _STAT_MEMO).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return memo if isinstance(memo, dict) else {}

    def _input_digest(self, path: Path) -> str:
        if path_problem(path):
            return "absent"
        try:
            return self._digest(path, keep=False)[0]
        except OSError as exc:
            return f"unreadable:{exc.errno}"

    def _digest(self, path: Path, *, keep: bool) -> tuple[str, bytes]:
        """SHA-256 of ``path`` (from the memo when its identity is unchanged), and its bytes
        when ``keep`` and they were read (a record's, to find what it depends on)."""
        with open_regular(path) as handle:
            st = os.fstat(handle.fileno())
            identity = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
            name = os.path.abspath(path)
            known = self._memo.get(name)
            small = st.st_size <= self.max_size
            if known is not None and known[:4] == identity and not (keep and small):
                self._seen[name] = known
                return str(known[4]), b""
            digest, content = hashlib.sha256(), bytearray()
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                if keep and small:
                    content += chunk
        self._seen[name] = [*identity, digest.hexdigest()]
        return digest.hexdigest(), bytes(content)

    def _fingerprint(self, options: CheckOptions) -> str:
        """What of the options can change a result, as text (files by their content)."""
        fields = {
            f.name: getattr(options, f.name)
            for f in dataclasses.fields(options)
            if f.name not in RUN_ONLY
        }
        fields["as_of"] = options.as_of or dt.date.today()
        files = [options.trust.anchors, options.trust.allowed_list, options.trust.trust_config]
        files += list(options.records)
        contents = [f"{p}={self._input_digest(p)}" for p in files if p is not None]
        return "\n".join([CACHE_FORMAT, TOOL_VERSION, repr(sorted(fields.items())), *contents])
