"""Generated blocks of the rules, profiles and territory tables, from the code.

Plugged into ``omrs.specgen`` (``python -m omrs.specgen [--check]``), so the rule pages,
``omrs explain`` and SARIF rule metadata all come from the same entries and cannot drift.
"""

from __future__ import annotations

from collections.abc import Iterable

from omrs.rules.catalogue import Rule, all_rules
from omrs.rules.profiles import EU_MEMBER_STATE_NAMES, PROFILES
from omrs.specgen import BlockContext, block
from omrs.territories import GROUPS


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _semantic(version: str) -> list[Rule]:
    """The rules that judge documents of ``version`` (a 1.1 rule is not on the 1.0 page)."""
    return [
        r
        for r in all_rules()
        if (r.check is not None or r.id.startswith("waiver.")) and r.applies_in(version)
    ]


def _profiles(rule: Rule) -> str:
    return ", ".join(f"`{p}`" for p in rule.profiles) or "all"


def rules_table(rules: Iterable[Rule]) -> str:
    rows = [
        f"| [`{r.id}`](#{r.id.replace('.', '')}) | {r.severity.value} | {_cell(r.title)} "
        f"| {_profiles(r)} | {', '.join(r.applies_to)} |"
        for r in rules
    ]
    header = "| Rule | Default severity | Title | Profiles | Applies to |\n|---|---|---|---|---|"
    return "\n".join([header, *rows])


def rule_section(rule: Rule) -> str:
    sources = "\n".join(f"- {s.cite()}" for s in rule.sources) or "- OMRS 1.0"
    since = f" Applies from OMRS {rule.since}." if rule.since != "1.0" else ""
    return (
        f"### {rule.id}\n\n**{_cell(rule.title)}.** Default severity: {rule.severity.value}. "
        f"Profiles: {_profiles(rule)}.{since}\n\n{_cell(rule.rationale)}\n\n"
        f"Sources:\n\n{sources}\n"
    )


@block("rules")
def render_rules(ctx: BlockContext) -> str:
    """The semantic rules: a summary table, then one section per rule."""
    rules = _semantic(ctx.schemas.version)
    return "\n".join([rules_table(rules), "", *(rule_section(r) for r in rules)])


@block("other-codes")
def render_other_codes(ctx: BlockContext) -> str:
    """Codes raised by the loader, schema, media and XMP layers, one line each."""
    rows = [
        f"| `{r.id}` | {r.severity.value} | {_cell(r.title)} |"
        for r in all_rules()
        if r.check is None and not r.id.startswith("waiver.")
    ]
    return "\n".join(["| Code | Default severity | Title |", "|---|---|---|", *rows])


@block("profiles")
def render_profiles(ctx: BlockContext) -> str:
    """Each profile, the territories that derive it, and the rules it enables."""
    out = ["| Profile | Title | Derived from | Rules it enables |", "|---|---|---|---|"]
    for profile in PROFILES.values():
        derived = ", ".join(sorted(profile.territories)) or "chosen with `--profile` only"
        if profile.id.startswith("sag-aftra-"):
            derived = "a consent naming the SAG-AFTRA TV/Theatrical agreement"
        rules = ", ".join(f"`{r.id}`" for r in profile.rules() if r.applies_in(ctx.schemas.version))
        out.append(f"| `{profile.id}` | {profile.title} | {derived} | {rules} |")
    out.append("")
    out += [f"- `{p.id}`: {_cell(p.description)}" for p in PROFILES.values()]
    return "\n".join(out)


@block("eu-member-states")
def render_eu_member_states(ctx: BlockContext) -> str:
    """The member states whose release territories derive the EU AI Act profile."""
    rows = [f"| {code} | {name} |" for code, name in sorted(EU_MEMBER_STATE_NAMES.items())]
    return "\n".join(["| Code | Member state |", "|---|---|", *rows])


@block("territory-groups")
def render_territory_groups(ctx: BlockContext) -> str:
    """The territory groups a list may name (OMRS 1.1), from the one shared table."""
    out = ["| Code | Group | Stands for | Members |", "|---|---|---|---|"]
    out.append("| `WORLD` | Every territory | every country and subdivision | (all) |")
    for group in GROUPS.values():
        members = ", ".join(sorted(group.members))
        out.append(f"| `{group.code}` | {group.title} | {group.basis} | {members} |")
    return "\n".join(out)
