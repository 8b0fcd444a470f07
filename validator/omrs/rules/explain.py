"""Plain-text description of a rule, for ``omrs explain`` and the generated rules page."""

from __future__ import annotations

from omrs.rules.catalogue import Rule
from omrs.version import INFORMATION_URI, STANDARD_VERSION, TOOL_VERSION

#: The heading on the rules page under which codes without a section are tabled.
OTHER_CODES_ANCHOR = "other-finding-codes"


def has_section(rule: Rule) -> bool:
    """Whether the rules page gives ``rule`` a section of its own (semantic rules do)."""
    return rule.check is not None or rule.id.startswith("waiver.")


def help_uri(rule: Rule) -> str:
    """The rule's entry on the published rules page of the newest standard this tool knows.

    The anchor is GitHub's for the heading ``### consent.specific-use`` (dots dropped);
    codes of the loader and the media layers share the table of other finding codes.
    """
    anchor = rule.id.replace(".", "") if has_section(rule) else OTHER_CODES_ANCHOR
    page = f"{INFORMATION_URI}/blob/v{TOOL_VERSION}/spec/{STANDARD_VERSION}/rules.md"
    return f"{page}#{anchor}"


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
