"""Configuration from ``.omrs.toml`` or ``[tool.omrs]`` in ``pyproject.toml``.

The file is found by walking up from the working directory to the repository root (the
first folder holding ``.git``). Relative paths in it are relative to the file. Unknown
keys and wrong types are configuration errors (exit 2), named with the file and key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omrs.fileio import is_regular_file, not_regular, open_regular
from omrs.findings import Severity
from omrs.urls import shown_url as shown_url

SEVERITY_NAMES = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}
_TOP_KEYS = {
    "strict", "profiles", "exclude-profiles", "exclude", "max-file-size", "jobs", "as-of",
    "severity", "select", "ignore", "unsigned-media", "trust", "sign", "executor", "scheduler",
    "cache",
}  # fmt: skip
_TRUST_KEYS = {"anchors", "allowed-list", "trust-config", "fetch-remote", "require-trusted"}
#: ``[sign]``: settings only ``omrs sign`` uses (``check`` and ``inspect`` never go online).
_SIGN_KEYS = {"tsa-url"}
#: The schemes the C2PA SDK accepts for a time-stamp authority.
TSA_SCHEMES = ("http://", "https://")


class ConfigError(Exception):
    """The configuration cannot be used; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class Config:
    """Settings read from a file; CLI flags override them."""

    source: Path | None = None
    strict: bool | None = None
    profiles: tuple[str, ...] = ()
    excluded_profiles: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_file_size: int | None = None
    jobs: int | None = None
    #: ``local`` or ``dask``; the Dask scheduler's address; the result cache folder.
    executor: str | None = None
    scheduler: str | None = None
    cache: Path | None = None
    as_of: dt.date | None = None
    severities: dict[str, Severity | None] = field(default_factory=dict)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: GitHub annotations for media without a manifest: "summary" (one line) or "each".
    unsigned_media: str | None = None
    trust: dict[str, Any] = field(default_factory=dict)
    sign: dict[str, Any] = field(default_factory=dict)


def tsa_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a time-stamp authority's address, or ``None`` when it can."""
    scheme = next((s for s in TSA_SCHEMES if url.startswith(s)), None)
    if scheme is None or not url[len(scheme) :] or any(c.isspace() for c in url):
        shown = shown_url(url)
        return f"{shown!r} is not an http:// or https:// URL of an RFC 3161 time-stamp authority"
    return None


def find_config(start: Path) -> Path | None:
    """The nearest ``.omrs.toml`` or ``pyproject.toml`` with ``[tool.omrs]`` above ``start``."""
    for folder in [start, *start.parents]:
        candidate = folder / ".omrs.toml"
        if _present(candidate):
            return candidate
        pyproject = folder / "pyproject.toml"
        if _present(pyproject) and "omrs" in _read_toml(pyproject).get("tool", {}):
            return pyproject
        if (folder / ".git").exists():
            return None
    return None


def _present(path: Path) -> bool:
    """A configuration file is there (a FIFO too: reading it then fails with a message)."""
    return path.exists() and not path.is_dir()


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only when a configuration file exists: `--no-config` runs skip it

    try:
        with open_regular(path) as handle:
            return tomllib.loads(handle.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None


def _expect(value: Any, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise ConfigError(f"{where}: expected {names}, got {type(value).__name__}")
    return value


def _positive(value: Any, where: str) -> int:
    number: int = _expect(value, int, where)
    if number < 1:
        raise ConfigError(f"{where}: expected a whole number of at least 1, got {number}")
    return number


def _strings(value: Any, where: str) -> tuple[str, ...]:
    items = _expect(value, list, where)
    return tuple(_expect(v, str, f"{where}[{i}]") for i, v in enumerate(items))


def _patterns(value: Any, where: str) -> tuple[str, ...]:
    patterns = _strings(value, where)
    if patterns:
        from omrs.discovery import invalid_pattern

        bad = invalid_pattern(patterns)
        if bad is not None:
            raise ConfigError(f"{where}: {bad!r} is not a valid gitignore pattern")
    return patterns


def _codes(codes: Any, where: str) -> None:
    """A code or family that names nothing is an error, with the nearest one named."""
    if codes:
        from omrs.selection import unknown_selector

        problem = unknown_selector(codes)
        if problem:
            raise ConfigError(f"{where}: {problem}")


def _selectors(value: Any, where: str) -> tuple[str, ...]:
    codes = _strings(value, where)
    _codes(codes, where)
    return codes


def _unsigned(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if _expect(value, str, where) not in ("summary", "each"):
        raise ConfigError(f"{where}: {value!r} is not summary or each")
    return str(value)


def _severities(table: Any, where: str) -> dict[str, Severity | None]:
    out: dict[str, Severity | None] = {}
    _codes(list(_expect(table, dict, where)), where)
    for code, name in table.items():
        name = _expect(name, str, f"{where}.{code}")
        if name != "off" and name not in SEVERITY_NAMES:
            raise ConfigError(f"{where}.{code}: {name!r} is not error, warning, info or off")
        out[code] = None if name == "off" else SEVERITY_NAMES[name]
    return out


def _trust(table: Any, base: Path, where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in _expect(table, dict, where).items():
        if key not in _TRUST_KEYS:
            raise ConfigError(
                f"{where}: unknown key {key!r} (known: {', '.join(sorted(_TRUST_KEYS))})"
            )
        if key in ("fetch-remote", "require-trusted"):
            out[key] = _expect(value, bool, f"{where}.{key}")
        else:
            path = base / _expect(value, str, f"{where}.{key}")
            why = not_regular(path)
            if why is not None:
                raise ConfigError(f"{where}.{key}: {path} {why}")
            if not is_regular_file(path):
                raise ConfigError(f"{where}.{key}: no such file {path}")
            out[key] = path
    return out


def _sign(table: Any, where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in _expect(table, dict, where).items():
        if key not in _SIGN_KEYS:
            raise ConfigError(
                f"{where}: unknown key {key!r} (known: {', '.join(sorted(_SIGN_KEYS))})"
            )
        url = _expect(value, str, f"{where}.{key}")
        problem = tsa_url_problem(url)
        if problem:
            raise ConfigError(f"{where}.{key}: {problem}")
        out[key] = url
    return out


def _executor(value: Any, where: str) -> str | None:
    from omrs.options import EXECUTORS

    if value is not None and value not in EXECUTORS:
        raise ConfigError(f"{where}: {value!r} is not one of {', '.join(EXECUTORS)}")
    return value if value is None else str(value)


def parse_config(table: dict[str, Any], source: Path) -> Config:
    where = f"{source}: [tool.omrs]" if source.name == "pyproject.toml" else f"{source}"
    unknown = set(table) - _TOP_KEYS
    if unknown:
        raise ConfigError(
            f"{where}: unknown key {sorted(unknown)[0]!r} (known: {', '.join(sorted(_TOP_KEYS))})"
        )
    as_of = table.get("as-of")
    if isinstance(as_of, str):
        try:
            as_of = dt.date.fromisoformat(as_of)
        except ValueError:
            raise ConfigError(f"{where} as-of: {as_of!r} is not a date (YYYY-MM-DD)") from None
    return Config(
        source=source,
        strict=_expect(table["strict"], bool, f"{where} strict") if "strict" in table else None,
        profiles=_strings(table.get("profiles", []), f"{where} profiles"),
        excluded_profiles=_strings(table.get("exclude-profiles", []), f"{where} exclude-profiles"),
        exclude=_patterns(table.get("exclude", []), f"{where} exclude"),
        max_file_size=_positive(table["max-file-size"], f"{where} max-file-size")
        if "max-file-size" in table
        else None,
        jobs=_positive(table["jobs"], f"{where} jobs") if "jobs" in table else None,
        executor=_executor(table.get("executor"), f"{where} executor"),
        scheduler=_expect(table["scheduler"], str, f"{where} scheduler")
        if "scheduler" in table
        else None,
        cache=source.parent / _expect(table["cache"], str, f"{where} cache")
        if "cache" in table
        else None,
        as_of=_expect(as_of, dt.date, f"{where} as-of") if as_of is not None else None,
        severities=_severities(table.get("severity", {}), f"{where} severity"),
        select=_selectors(table.get("select", []), f"{where} select"),
        ignore=_selectors(table.get("ignore", []), f"{where} ignore"),
        unsigned_media=_unsigned(table.get("unsigned-media"), f"{where} unsigned-media"),
        trust=_trust(table.get("trust", {}), source.parent, f"{where} trust"),
        sign=_sign(table.get("sign", {}), f"{where} sign"),
    )


def load_config(path: Path | None = None, *, start: Path | None = None) -> Config:
    """Read ``path``, or the file found from ``start`` (default: the working directory)."""
    source = path or find_config((start or Path.cwd()).resolve())
    if source is None:
        return Config()
    data = _read_toml(source)
    table = data.get("tool", {}).get("omrs", {}) if source.name == "pyproject.toml" else data
    return parse_config(_expect(table, dict, str(source)), source)
