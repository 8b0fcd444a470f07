"""Cross-checks: does the media's XMP say what C2PA and the bundle's records say?

Compared: the XMP digital source type against the manifest's (its ``cawg.metadata``, or the
first action of files signed in the older layout) and the disclosure's; the XMP data-mining
code against the asset's licence. The file's XMP is its first readable embedded packet
(later packets are thumbnails, ingredients or history) plus every sidecar. Disagreements
between C2PA and the disclosure alone are the C2PA layer's to report. Every finding names
both values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omrs import aigc
from omrs.codes.xmp import severity_of
from omrs.findings import Finding, Location, Severity
from omrs.source_types import is_retired, same_source_type, source_type_term
from omrs.xmp import datamining as dm
from omrs.xmp.packets import DEFAULT_MAX_PACKET, Packet, Problem, read_sidecar, scan_file
from omrs.xmp.packets import sidecars_for as _sidecars
from omrs.xmp.parse import parse_packet
from omrs.xmp.rights import XmpRights

_SOURCE_PROP = "Iptc4xmpExt:DigitalSourceType"
_MINING_PROP = "plus:DataMining"
_AIGC_PROP = "TC260:AIGC"


@dataclass(frozen=True, slots=True)
class MediaXmp:
    """What a media file's XMP says: the readable packets, and the problems met."""

    packets: tuple[tuple[Packet, XmpRights], ...] = ()
    problems: tuple[Problem, ...] = field(default=())

    def claims(self) -> list[tuple[Packet, XmpRights]]:
        """The first embedded packet that parsed, then each sidecar."""
        embedded = [item for item in self.packets if not item[0].sidecar][:1]
        return embedded + [item for item in self.packets if item[0].sidecar]


def read_media_xmp(path: Path, *, max_packet_size: int = DEFAULT_MAX_PACKET) -> MediaXmp:
    """Scan ``path`` for embedded packets and read its sidecars (``path`` may be a sidecar)."""
    raw: list[Packet | Problem] = []
    if path.suffix.lower() == ".xmp":
        raw.append(read_sidecar(path, max_size=max_packet_size))
    else:
        raw.extend(scan_file(path, max_size=max_packet_size))
        raw.extend(read_sidecar(s, max_size=max_packet_size) for s in _sidecars(path))
    packets: list[tuple[Packet, XmpRights]] = []
    problems: list[Problem] = []
    for item in raw:
        parsed = parse_packet(item) if isinstance(item, Packet) else item
        if isinstance(parsed, Problem):
            problems.append(parsed)
        else:
            assert isinstance(item, Packet)
            packets.append((item, parsed))
    return MediaXmp(tuple(packets), tuple(problems))


def check_media_xmp(
    path: Path,
    c2pa_source_type: str | None,
    disclosure: Mapping[str, Any] | None,
    licence: Mapping[str, Any] | None,
    *,
    max_packet_size: int = DEFAULT_MAX_PACKET,
    on: dt.date | None = None,
) -> list[Finding]:
    """Findings on ``path``'s XMP: unreadable packets, and every disagreement found.

    ``on`` is the day the licence is read for (default today): a term not yet begun limits it.
    """
    media = read_media_xmp(path, max_packet_size=max_packet_size)
    findings = [_problem_finding(path, problem) for problem in media.problems]
    for packet, rights in media.claims():
        findings.extend(_source_type(path, packet, rights, c2pa_source_type, disclosure))
        findings.extend(_data_mining(path, packet, rights, licence, on))
        findings.extend(_implicit_label(path, packet, rights, disclosure))
    return sorted(findings, key=Finding.sort_key)


def _finding(
    code: str,
    message: str,
    media: Path,
    packet: Packet | None,
    line: int | None = None,
    severity: Severity | None = None,
) -> Finding:
    if packet is not None and packet.sidecar:
        location = Location(str(packet.path), line=line)
    else:
        location = Location(str(media))
    return Finding(code, severity or severity_of(code), message, location)


def _problem_finding(media: Path, problem: Problem) -> Finding:
    if problem.offset is None and problem.path != media:
        location = Location(str(problem.path), line=problem.line)
    else:
        location = Location(str(media))
    return Finding(problem.code, severity_of(problem.code), problem.message, location)


def _show(value: str | None) -> str:
    return source_type_term(value) or "(none)"


def _source_type(
    media: Path,
    packet: Packet,
    rights: XmpRights,
    c2pa: str | None,
    disclosure: Mapping[str, Any] | None,
) -> list[Finding]:
    xmp = rights.digital_source_type
    if not xmp:
        return []
    line = rights.lines.get(_SOURCE_PROP)
    where = packet.where(line)
    out: list[Finding] = []
    if is_retired(xmp):
        out.append(
            _finding(
                "xmp.retired-source-type",
                f"{where}: {_SOURCE_PROP} is the retired IPTC term {_show(xmp)}",
                media,
                packet,
                line,
            )
        )
    declared = disclosure.get("digitalSourceType") if disclosure else None
    if isinstance(declared, str) and not same_source_type(xmp, declared):
        ident = disclosure.get("id") if disclosure else None
        record = f"the AI-disclosure {ident}" if isinstance(ident, str) else "the AI-disclosure"
        out.append(
            _finding(
                "xmp.source-type-mismatch",
                f"{where}: XMP {_SOURCE_PROP} is {_show(xmp)} but {record} says {_show(declared)}",
                media,
                packet,
                line,
            )
        )
    if c2pa and not same_source_type(xmp, c2pa):
        out.append(
            _finding(
                "xmp.source-type-mismatch",
                f"{where}: XMP {_SOURCE_PROP} is {_show(xmp)} but the C2PA manifest says "
                f"digitalSourceType {_show(c2pa)}",
                media,
                packet,
                line,
            )
        )
    return out


def _data_mining(
    media: Path,
    packet: Packet,
    rights: XmpRights,
    licence: Mapping[str, Any] | None,
    on: dt.date | None,
) -> list[Finding]:
    if licence is None or rights.data_mining is None:
        return []
    line = rights.lines.get(_MINING_PROP)
    where = packet.where(line)
    expected = dm.export_data_mining(licence, on=on).code
    ident = licence.get("id")
    record = f"the training licence {ident}" if isinstance(ident, str) else "the training licence"
    code = dm.code_of(rights.data_mining)
    if code is None:
        return [
            _finding(
                "xmp.data-mining-mismatch",
                f"{where}: XMP {_MINING_PROP} is {rights.data_mining!r}, which is not a PLUS "
                f"data-mining code; {record} implies {expected}",
                media,
                packet,
                line,
            )
        ]
    looser = dm.more_permissive_keys(code, licence, rights.other_constraints_text(), on=on)
    if looser:
        return [
            _finding(
                "xmp.data-mining-mismatch",
                f"{where}: XMP {_MINING_PROP} is {code}, more permissive than {record} for "
                f"{', '.join(looser)} ({dm.describe(licence)}); expected {expected}",
                media,
                packet,
                line,
            )
        ]
    if code != expected:
        return [
            _finding(
                "xmp.data-mining-mismatch",
                f"{where}: XMP {_MINING_PROP} is {code} but {record} implies {expected} "
                "(the XMP is not more permissive, only different)",
                media,
                packet,
                line,
                Severity.WARNING,
            )
        ]
    return []


def _implicit_label(
    media: Path, packet: Packet, rights: XmpRights, disclosure: Mapping[str, Any] | None
) -> list[Finding]:
    """``TC260:AIGC`` against the implicit label the disclosure records (when both exist)."""
    recorded = aigc.record_fields(disclosure)
    if not rights.aigc or recorded is None:
        return []
    line = rights.lines.get(_AIGC_PROP)
    where = packet.where(line)
    found = aigc.parse_xmp_value(rights.aigc)
    expected = {k: v for k, v in recorded[0].items() if v}
    if found == expected:
        return []
    if found is None:
        detail = f"is {rights.aigc[:80]!r}, not a JSON AIGC object"
    else:
        keys = sorted(
            set(found) ^ set(expected) | {k for k in found if found[k] != expected.get(k)}
        )
        detail = "differs in " + ", ".join(
            f"{k} (XMP {found.get(k, '(none)')!r}, record {expected.get(k, '(none)')!r})"
            for k in keys
        )
    return [
        _finding(
            "xmp.implicit-label-mismatch",
            f"{where}: XMP {_AIGC_PROP} {detail}; the AI-disclosure records `{recorded[1]}`",
            media,
            packet,
            line,
        )
    ]
