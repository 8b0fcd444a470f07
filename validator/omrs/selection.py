"""Which finding codes a run reports, and at which severity (``--select``/``--ignore``,
``select``/``ignore``/``[severity]`` in the configuration).

A selector is a finding code (``consent.specific-use``) or a family, the part before the
first dot (``consent``, ``schema``, ``c2pa``). As in ruff, the most specific selector that
matches a code decides: ``--select consent --ignore consent.expired`` keeps every consent
rule but one. With no ``select`` every code is reported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from omrs.findings import Finding, Severity


def matches(code: str, selector: str) -> bool:
    """Whether ``selector`` (a code or a family) names ``code``."""
    return code == selector or code.startswith(selector + ".")


def _most_specific(code: str, selectors: Iterable[str]) -> str | None:
    found = [s for s in selectors if matches(code, s)]
    return max(found, key=len) if found else None


def selected(code: str, select: Iterable[str], ignore: Iterable[str]) -> bool:
    """Whether ``code`` is reported under ``select`` and ``ignore``."""
    select, ignore = tuple(select), tuple(ignore)
    chosen, dropped = _most_specific(code, select), _most_specific(code, ignore)
    if dropped is not None and (chosen is None or len(dropped) >= len(chosen)):
        return False
    return chosen is not None or not select


def severity_for(
    code: str, severities: Mapping[str, Severity | None]
) -> tuple[bool, Severity | None]:
    """(whether a setting names ``code``, its severity or None for off), most specific wins."""
    key = _most_specific(code, severities)
    return (False, None) if key is None else (True, severities[key])


def configure(
    findings: Iterable[Finding],
    severities: Mapping[str, Severity | None],
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> list[Finding]:
    """``findings`` with the user's selection and severities applied (off codes dropped)."""
    select, ignore = tuple(select), tuple(ignore)
    out = []
    for finding in findings:
        if not selected(finding.code, select, ignore):
            continue
        named, severity = severity_for(finding.code, severities)
        if named:
            if severity is None:
                continue
            finding = dataclasses.replace(finding, severity=severity)
        out.append(finding)
    return out


def known_selectors() -> list[str]:
    """Every code of the catalogue and every family, for checking and suggesting."""
    from omrs.rules.catalogue import all_rules

    codes = [rule.id for rule in all_rules()]
    return sorted({*codes, *(code.split(".", 1)[0] for code in codes)})


def unknown_selector(selectors: Iterable[str]) -> str | None:
    """A message for the first selector that names no code or family, else None."""
    from omrs.suggest import did_you_mean

    known = known_selectors()
    for selector in selectors:
        if selector not in known:
            return f"unknown rule code {selector!r}{did_you_mean(selector, known)}"
    return None
