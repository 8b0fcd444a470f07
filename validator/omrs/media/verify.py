"""Verify the C2PA manifest of one media file and report what the SDK found.

Every failure is caught per file and becomes a ``malformed`` report with a readable
message: a run over a folder of deliverables carries on past one broken file. Before the
SDK sees a file, it is checked here in pure Python (a regular file, a supported format, no
label that makes the SDK abort); the SDK then reads it in a forked child
(:mod:`omrs.media.isolate`), so a crash or a hang in the native library becomes this
file's ``crashed`` report. The native library is imported only when a file is read.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from omrs.fileio import is_regular_file, open_regular
from omrs.media import formats, isolate, labels
from omrs.media.report import (
    Assertion,
    C2paReport,
    Problem,
    State,
    StatusEntry,
    StatusKind,
    worst,
)
from omrs.media.trust import TrustConfigError, make_context, settings_dict
from omrs.options import TrustSettings

if TYPE_CHECKING:
    import c2pa

_KINDS: tuple[StatusKind, ...] = ("failure", "success", "informational")
_REMOTE_URL = re.compile(r"(https?://\S+)")
_STATES: dict[str, State] = {"trusted": "trusted", "valid": "valid", "invalid": "invalid"}


class _Refused(Exception):
    """Verification stops before the SDK, with a reason for the report."""

    def __init__(self, problem: Problem, message: str) -> None:
        super().__init__(message)
        self.problem = problem


def sidecar_for(path: Path) -> Path | None:
    """``x.c2pa`` beside ``x.jpg``, when it exists as a regular file."""
    candidate = path.with_suffix(formats.SIDECAR_EXTENSION)
    return candidate if candidate != path and is_regular_file(candidate) else None


def verify_media(
    path: Path,
    trust: TrustSettings | None = None,
    *,
    sidecar: Path | None = None,
    fragments: Sequence[Path] = (),
    discover_sidecar: bool = True,
    timeout: float | None = None,
) -> C2paReport:
    """Verify ``path`` (with its sidecar manifest or BMFF fragments) under ``trust``.

    Without ``sidecar``, ``x.c2pa`` beside ``x.jpg`` is used when the file embeds no
    manifest of its own (or only a remote reference), unless ``discover_sidecar`` is off.
    ``timeout`` bounds the native read in seconds (default: ``OMRS_C2PA_TIMEOUT`` or
    :data:`omrs.media.isolate.DEFAULT_TIMEOUT`). Never raises: unreadable files, unsupported
    formats, SDK errors and SDK crashes come back as a ``malformed`` report whose
    ``problem`` says which.
    """
    trust = trust or TrustSettings()
    report = _safely(path, trust, sidecar, tuple(fragments), timeout)
    if sidecar is None and discover_sidecar and report.state in ("none", "remote"):
        found = sidecar_for(path)
        if found is not None:
            return _safely(path, trust, found, tuple(fragments), timeout)
    return report


def _safely(
    path: Path,
    trust: TrustSettings,
    sidecar: Path | None,
    fragments: tuple[Path, ...],
    timeout: float | None,
) -> C2paReport:
    try:
        return _verify(path, trust, sidecar, fragments, timeout)
    except _Refused as exc:
        return C2paReport(str(path), "malformed", error=str(exc), problem=exc.problem)
    except Exception as exc:
        if not _file_failure(exc):
            raise  # a bug of ours: the run reports it as this file's internal.error, exit 2
        return C2paReport(str(path), "malformed", error=_describe(exc), problem="sdk-error")


def _file_failure(exc: Exception) -> bool:
    """Whether ``exc`` says the file is bad: the SDK refused it, or its bytes do not decode.

    A KeyError or TypeError of this package is a bug, and calling it a malformed file
    would hide it.
    """
    return isolate.from_sdk(exc) or isinstance(exc, OSError | ValueError)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.split())


def _verify(
    path: Path,
    trust: TrustSettings,
    sidecar: Path | None,
    fragments: tuple[Path, ...],
    timeout: float | None,
) -> C2paReport:
    fmt = _detect(path)
    manifest_data = _read_sidecar(sidecar) if sidecar else None
    _guard_labels(path, fmt, manifest_data, fragments)
    try:
        settings_dict(trust)  # the trust files are read here, once per run; children inherit them
    except TrustConfigError as exc:
        raise _Refused("unreadable", str(exc)) from exc
    base: dict[str, Any] = {
        "path": str(path),
        "mime": fmt.mime,
        "sidecar": str(sidecar) if sidecar else None,
        "fragments": tuple(str(f) for f in fragments),
    }
    try:
        return isolate.call(
            lambda: _read_in_child(path, fmt, trust, manifest_data, fragments, base),
            timeout=timeout,
        )
    except isolate.NativeCrash as crash:
        message = f"{crash} while reading this file; the file was not verified"
        return C2paReport(state="malformed", error=message, problem="crashed", **base)


def _detect(path: Path) -> formats.MediaFormat:
    try:
        fmt = formats.detect(path)
        if formats.is_fragment(path):
            raise _Refused(
                "fragment",
                f"{path.name} is a media fragment: verify it together with its init segment",
            )
        return fmt
    except formats.UnsupportedFormat as exc:
        raise _Refused("unsupported-format", str(exc)) from exc
    except OSError as exc:
        raise _Refused("unreadable", _cannot_read(path, exc)) from exc


def _cannot_read(path: Path, exc: OSError, what: str = "") -> str:
    return f"cannot read {what}{path}: {exc.strerror or exc}"


def _read_sidecar(sidecar: Path) -> bytes:
    try:
        with open_regular(sidecar) as fh:
            return fh.read()
    except OSError as exc:
        raise _Refused("unreadable", _cannot_read(sidecar, exc, "the sidecar ")) from exc


def _guard_labels(
    path: Path, fmt: formats.MediaFormat, manifest_data: bytes | None, fragments: tuple[Path, ...]
) -> None:
    """Refuse a file whose manifest store, as the SDK will read it, has a non-ASCII label."""
    bad: list[str] = []
    for media in (path, *fragments):
        try:
            bad += labels.unsafe_labels_in_file(media, fmt)
        except OSError as exc:
            raise _Refused("unreadable", _cannot_read(media, exc)) from exc
    if manifest_data:
        bad += labels.unsafe_labels(io.BytesIO(manifest_data))
    if bad:
        raise _Refused(
            "unsafe-label",
            "the manifest has non-ASCII assertion labels "
            f"({', '.join(repr(b) for b in dict.fromkeys(bad))}); refused before the C2PA "
            "SDK, which aborts on such labels",
        )


def _read_in_child(
    path: Path,
    fmt: formats.MediaFormat,
    trust: TrustSettings,
    manifest_data: bytes | None,
    fragments: tuple[Path, ...],
    base: dict[str, Any],
) -> C2paReport:
    """The SDK's reading, in the isolated child; every failure becomes a report."""
    try:
        context = make_context(trust)
    except TrustConfigError as exc:
        return C2paReport(state="malformed", error=str(exc), problem="unreadable", **base)
    try:
        return _read(path, fmt, context, manifest_data, fragments, base)
    except OSError as exc:
        message = _cannot_read(Path(exc.filename or path), exc)
        return C2paReport(state="malformed", error=message, problem="unreadable", **base)
    except Exception as exc:
        if not _file_failure(exc):
            raise  # a bug of ours: it reaches the parent and becomes this file's internal.error
        return C2paReport(state="malformed", error=_describe(exc), problem="sdk-error", **base)


def _read(
    path: Path,
    fmt: formats.MediaFormat,
    context: c2pa.Context,
    manifest_data: bytes | None,
    fragments: tuple[Path, ...],
    base: dict[str, Any],
) -> C2paReport:
    import c2pa

    with contextlib.ExitStack() as stack:
        stream = stack.enter_context(open_regular(path))
        try:
            reader = c2pa.Reader(fmt.mime, stream, manifest_data, context)
        except c2pa.C2paError.ManifestNotFound:
            return C2paReport(state="none", **base)
        except c2pa.C2paError as exc:
            remote = _remote(exc)
            if remote is not None:
                return C2paReport(state="remote", remote_url=remote, error=_describe(exc), **base)
            raise
        stack.callback(reader.close)
        if not fragments:
            return _report(reader, base)
        return _with_fragments(reader, path, fmt, fragments, stack, base)


def _with_fragments(
    reader: c2pa.Reader,
    path: Path,
    fmt: formats.MediaFormat,
    fragments: tuple[Path, ...],
    stack: contextlib.ExitStack,
    base: dict[str, Any],
) -> C2paReport:
    """Check each fragment against the init segment; keep the worst result."""
    reports = []
    for fragment in fragments:
        init = stack.enter_context(open_regular(path))
        frag = stack.enter_context(open_regular(fragment))
        reader.with_fragment(fmt.mime, init, frag)
        reports.append(_report(reader, base))
    state = worst([r.state for r in reports])
    chosen = next(r for r in reports if r.state == state)
    return chosen


def _remote(exc: BaseException) -> str | None:
    """The URL of a remote manifest the SDK declined (or failed) to fetch."""
    import c2pa

    text = str(exc)
    if not (text.startswith("Remote") or isinstance(exc, c2pa.C2paError.RemoteManifest)):
        return None
    match = _REMOTE_URL.search(text)
    return match.group(1) if match else ""


def _report(reader: c2pa.Reader, base: dict[str, Any]) -> C2paReport:
    store = cast(Mapping[str, Any], json.loads(reader.json()))
    active = store.get("active_manifest")
    codes = tuple(_codes(store))
    return C2paReport(
        state=_state(store, codes),
        codes=codes,
        active_manifest=active if isinstance(active, str) else None,
        manifest_store=store,
        assertions=tuple(_assertions(store, active)),
        remote_url=reader.get_remote_url(),
        embedded=reader.is_embedded(),
        **base,
    )


def _state(store: Mapping[str, Any], codes: tuple[StatusEntry, ...]) -> State:
    raw = str(store.get("validation_state") or "").lower()
    if raw in _STATES:
        return _STATES[raw]
    return "invalid" if any(c.kind == "failure" for c in codes) else "valid"


def _entries(
    block: Any, *, ingredient: bool, fallback_url: str | None = None
) -> Iterator[StatusEntry]:
    if not isinstance(block, Mapping):
        return
    for kind in _KINDS:
        for item in block.get(kind) or ():
            if isinstance(item, Mapping) and isinstance(item.get("code"), str):
                yield StatusEntry(
                    code=item["code"],
                    kind=kind,
                    url=item.get("url") or fallback_url,
                    explanation=item.get("explanation"),
                    ingredient=ingredient,
                )


def _codes(store: Mapping[str, Any]) -> Iterator[StatusEntry]:
    results = store.get("validation_results")
    if isinstance(results, Mapping):
        yield from _entries(results.get("activeManifest"), ingredient=False)
        for delta in results.get("ingredientDeltas") or ():
            if isinstance(delta, Mapping):
                uri = delta.get("ingredientAssertionURI")
                yield from _entries(
                    delta.get("validationDeltas"), ingredient=True, fallback_url=uri
                )
        return
    for item in store.get("validation_status") or ():  # older stores: failures only
        if isinstance(item, Mapping) and isinstance(item.get("code"), str):
            yield StatusEntry(item["code"], "failure", item.get("url"), item.get("explanation"))


def _assertions(store: Mapping[str, Any], active: Any) -> Iterator[Assertion]:
    manifests = store.get("manifests")
    if not isinstance(manifests, Mapping) or not isinstance(active, str):
        return
    manifest = manifests.get(active)
    if not isinstance(manifest, Mapping):
        return
    for item in manifest.get("assertions") or ():
        if isinstance(item, Mapping) and isinstance(item.get("label"), str):
            yield Assertion(item["label"], item.get("data"))
