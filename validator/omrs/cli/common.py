"""Pieces the commands share: error exits, trust flags, atomic report writing."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NoReturn

import click

from omrs.config import Config, ConfigError, load_config
from omrs.fileio import atomic_write, not_regular
from omrs.options import DEFAULT_MAX_FILE_SIZE, CheckOptions, TrustSettings

EXIT_ERROR = 2


class InputFile(click.Path):
    """An existing file to read: a FIFO, socket or device is refused at once (exit 2).

    click's ``exists=True`` accepts a FIFO, and reading one would block the command forever.
    """

    def __init__(self, *, path_type: type[Any] | None = Path) -> None:
        super().__init__(exists=True, dir_okay=False, path_type=path_type)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        converted = super().convert(value, param, ctx)
        why = not_regular(os.fsdecode(converted))
        if why is not None:
            self.fail(f"{click.format_filename(value)!r} {why}", param, ctx)
        return converted


#: An existing regular file, as a Path.
INPUT_FILE = InputFile()


def fail(message: str) -> NoReturn:
    """Print ``omrs: error: message`` on stderr and exit 2 (usage, configuration, I/O)."""
    click.echo(f"omrs: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def config_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--config`` and ``--no-config``, shared by the commands that read the configuration."""
    command = click.option("--no-config", is_flag=True, help="Ignore configuration files.")(command)
    return click.option(
        "--config",
        "config_path",
        type=INPUT_FILE,
        help="Configuration file (default: nearest .omrs.toml or pyproject.toml [tool.omrs]).",
    )(command)


def trust_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The C2PA trust flags, shared by ``check``, ``inspect`` and ``sign``."""
    pem = INPUT_FILE
    flags = [
        click.option(
            "--trust-anchors", type=pem, help="PEM file of trusted roots (C2PA trust anchors)."
        ),
        click.option(
            "--allowed-list", type=pem, help="PEM file of signing certificates trusted as they are."
        ),
        click.option(
            "--trust-config", type=pem, help="File of accepted signer EKU OIDs, one a line."
        ),
        click.option(
            "--fetch-remote",
            is_flag=True,
            default=None,
            help="Fetch remote manifests over the network (off by default).",
        ),
        click.option(
            "--require-trusted",
            is_flag=True,
            default=None,
            help="Fail media whose manifest is valid but not trusted.",
        ),
    ]
    for flag in reversed(flags):
        command = flag(command)
    return command


def trust_settings(config: Mapping[str, Any], flags: Mapping[str, Any]) -> TrustSettings:
    """Trust flags over the configuration file's ``[trust]`` table."""

    def pick(flag: str, key: str) -> Any:
        value = flags.get(flag)
        return value if value is not None else config.get(key)

    return TrustSettings(
        anchors=pick("trust_anchors", "anchors"),
        allowed_list=pick("allowed_list", "allowed-list"),
        trust_config=pick("trust_config", "trust-config"),
        fetch_remote=bool(pick("fetch_remote", "fetch-remote")),
        require_trusted=bool(pick("require_trusted", "require-trusted")),
    )


def write_output(path: Path, text: str) -> None:
    """Write a report atomically: a reader never sees half a report.

    A device, FIFO or symbolic link (``-o /dev/stdout``, ``-o /dev/null``) is written
    through instead: replacing it would replace the link or the device itself.
    """
    data = text.encode("utf-8")
    try:
        if os.path.islink(path) or not_regular(path) is not None:
            with open(path, "wb") as stream:
                stream.write(data)
        else:
            atomic_write(path, data)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")


def load_cli_config(path: Path | None = None, *, no_config: bool = False) -> Config:
    """The configuration file's settings; a broken file is a configuration error (exit 2)."""
    if no_config:
        return Config()
    try:
        return load_config(path)
    except ConfigError as exc:
        fail(f"configuration error: {exc}")


def _profile_ids(chosen: tuple[str, ...], where: str) -> tuple[str, ...]:
    """Canonical profile ids; a misspelt id is a usage error, never silently ignored."""
    from omrs.rules.profiles import PROFILES, canonical, unknown
    from omrs.suggest import did_you_mean

    wrong = unknown(chosen)
    if wrong:
        hint = did_you_mean(wrong[0], PROFILES)
        fail(f"{where}: unknown profile {wrong[0]!r}{hint} (known: {', '.join(sorted(PROFILES))})")
    return tuple(dict.fromkeys(map(canonical, chosen)))


def _profiles(config: Config, flags: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Profiles added and excluded: each flag replaces its configuration key, and a profile
    both added and excluded is a usage error (which one was meant cannot be guessed)."""
    added_flag, excluded_flag = (
        tuple(flags.get("profile") or ()),
        tuple(flags.get("no_profile") or ()),
    )
    source = config.source or "configuration"
    added = _profile_ids(
        added_flag or config.profiles, "--profile" if added_flag else f"{source}: profiles"
    )
    excluded = _profile_ids(
        excluded_flag or config.excluded_profiles,
        "--no-profile" if excluded_flag else f"{source}: exclude-profiles",
    )
    both = sorted(set(added) & set(excluded))
    if both:
        fail(f"profile {both[0]!r} is both added and excluded; choose one")
    return added, excluded


def _check_patterns(patterns: tuple[str, ...]) -> None:
    """A malformed --exclude pattern is a usage error, named, before any walk starts."""
    from omrs.discovery import invalid_pattern

    bad = invalid_pattern(patterns)
    if bad is not None:
        fail(f"--exclude: {bad!r} is not a valid gitignore pattern")


def _selectors(flag: str, values: Any) -> tuple[str, ...]:
    """``--select a,b --select c`` as codes; one that names nothing is a usage error."""
    codes = tuple(c.strip() for v in values or () for c in str(v).split(",") if c.strip())
    if codes:
        from omrs.selection import unknown_selector

        problem = unknown_selector(codes)
        if problem:
            fail(f"{flag}: {problem}")
    return codes


def build_options(config: Config, flags: Mapping[str, Any]) -> CheckOptions:
    """Flags win over the configuration file, which wins over defaults.

    Every command that checks (``check``, ``sign``'s bundle gate, ``inspect``) builds its
    options here, so they judge the same input the same way; a flag a command lacks is
    simply absent from ``flags``.
    """
    jobs = flags.get("jobs") if flags.get("jobs") is not None else config.jobs
    as_of = flags.get("as_of")
    _check_patterns(tuple(flags.get("exclude") or ()))
    added, excluded = _profiles(config, flags)
    return CheckOptions(
        strict=bool(flags.get("strict")) or bool(config.strict),
        max_file_size=flags.get("max_file_size") or config.max_file_size or DEFAULT_MAX_FILE_SIZE,
        profiles=added,
        excluded_profiles=excluded,
        as_of=as_of.date() if as_of else config.as_of,
        severities=dict(config.severities),
        # --select replaces the file's list, as every flag does; --ignore adds to it.
        select=_selectors("--select", flags.get("select")) or config.select,
        ignore=tuple(dict.fromkeys(config.ignore + _selectors("--ignore", flags.get("ignore")))),
        trust=trust_settings(config.trust, flags),
        records=tuple(Path(p) for p in flags.get("records") or ()),
        exclude=config.exclude + tuple(flags.get("exclude") or ()),
        jobs=max(1, jobs if jobs is not None else (os.cpu_count() or 1)),
        **_executor(config, flags),
    )


def _executor(config: Config, flags: Mapping[str, Any]) -> dict[str, Any]:
    """``--executor``, ``--scheduler`` and ``--cache`` over the configuration; a scheduler
    address alone means Dask. Only ``check`` has these flags: the other commands that
    check (``sign``'s bundle gate, ``inspect``) run here, uncached."""
    if "executor" not in flags:
        return {}
    scheduler = flags.get("scheduler") or config.scheduler
    executor = flags.get("executor") or config.executor or ("dask" if scheduler else "local")
    if scheduler and executor != "dask":
        fail(f"a Dask scheduler ({scheduler}) is set, but the executor is {executor!r}")
    cache = flags.get("cache") or config.cache
    return {"executor": executor, "scheduler": scheduler, "cache": cache}
