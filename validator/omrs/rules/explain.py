"""Plain-text description of a rule, for ``omrs explain`` and the generated rules page."""

from __future__ import annotations

from omrs.rules.catalogue import Rule


def describe(rule: Rule) -> str:
    lines = [
        f"{rule.id}: {rule.title}",
        f"  default severity: {rule.severity.value}",
    ]
    if rule.applies_to:
        lines.append(f"  applies to: {', '.join(rule.applies_to)} (OMRS {rule.since} and later)")
    if rule.profiles:
        lines.append(f"  profiles: {', '.join(rule.profiles)}")
    lines += ["", *(f"  {line}" for line in rule.rationale.splitlines())]
    if rule.sources:
        lines += ["", "  sources:"]
        lines += [f"    - {s.cite()}" + (f" <{s.url}>" if s.url else "") for s in rule.sources]
    return "\n".join(lines) + "\n"
