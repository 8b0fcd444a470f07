"""The review report in GitHub-flavoured Markdown: the same sections as the HTML.

For tickets, pull requests and the GitHub Action's step summary. Markdown renderers pass
raw HTML through, so every record value is escaped here: HTML's ``<``, ``>`` and ``&``
become entities, Markdown's punctuation is backslash-escaped (no value can open a link,
an image, emphasis or a table cell), line breaks become spaces inside tables, and
controls and bidirectional overrides are made visible as in every other format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from omrs.report.model import AssetCoverage, FindingGroup, ReviewReport, clip
from omrs.reporters.base import visible

_PUNCT = re.compile(r"([\\`*_\[\]()#!|~])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def md(value: object) -> str:
    """One value as inert inline Markdown (one line)."""
    text = visible(clip(str(value)), lines=False)
    text = "".join(_ENTITIES.get(c, c) for c in text)
    return _PUNCT.sub(r"\\\1", text)


def _table(head: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A table whose cells are already Markdown (escaped where they hold values)."""
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return [*out, ""]


def _verdict(r: ReviewReport) -> Iterator[str]:
    yield "## 1. Verdict"
    yield ""
    yield f"**{r.verdict.word.upper()}**: {md(r.verdict.summary)}"
    yield ""
    yield f"- Standard version: {md(', '.join(r.standard_versions) or 'none read')}"
    yield f"- As of: {r.as_of.isoformat()}"
    yield f"- People depicted or consenting: {len(r.people)}"
    yield f"- AI segments: {r.segments}; consent gaps: {r.gaps}"
    w = r.verdict
    yield f"- Errors / warnings / waived: {w.errors} / {w.warnings} / {w.waived}"
    yield ""
    if r.profiles:
        rows = [(f"{md(p.id)} ({md(p.title)})", "; ".join(map(md, p.reasons))) for p in r.profiles]
        yield from _table(("Active profile", "Why"), rows)
    else:
        yield "No profile applies."
        yield ""


def _works(r: ReviewReport) -> Iterator[str]:
    yield "## 2. Works and releases"
    yield ""
    rows = [
        (f"{md(w.title)} ({md(w.work_id)})", md(w.territories), md(w.date), md(w.context),
         md(w.channels), md(w.stated_by))
        for w in r.works
    ]  # fmt: skip
    if rows:
        yield from _table(
            ("Work", "Territories", "Release", "Context", "Channels", "Stated by"), rows
        )
    else:
        yield "No bundle or disclosure names a work or release."
        yield ""


def _consents(r: ReviewReport) -> Iterator[str]:
    yield "## 3. Consent matrix"
    yield ""
    yield f"{len(r.consents)} consent record(s); state as of {r.as_of.isoformat()}."
    yield ""
    head = ("Person", "Attributes", "Uses", "Works", "Term", "Territories", "Grantor",
            "State", "Proof")  # fmt: skip
    rows = [
        (
            f"{md(c.person)} ({md(c.status)}) {md(c.consent_id)}",
            md(c.attributes),
            "<br>".join(map(md, c.uses)) or "none",
            md(c.works),
            md(c.term),
            md(c.territories),
            f"{md(c.grantor)}; {md(c.authority)}",
            f"**{md(c.state)}** ({md(c.state_note)})",
            md(c.proof),
        )
        for c in r.consents
    ]
    if rows:
        yield from _table(head, rows)


def _timeline(r: ReviewReport) -> Iterator[str]:
    yield "## 4. Timeline"
    yield ""
    rows = [
        (e.start.isoformat(), e.end.isoformat() if e.end else "", md(e.label)) for e in r.events
    ]
    yield from _table(("Date", "Until", "Event"), rows)


def _asset(a: AssetCoverage) -> Iterator[str]:
    yield f"### {md(a.path)}"
    yield ""
    yield f"- Disclosure: {md(a.disclosure or 'none named')}; source type {md(a.source_type)}; "
    yield f"  AI share {md(a.ai_share)}"
    if a.label:
        lab = a.label
        yield f"- Audience label: “{md(lab.text)}” ({md(lab.placement)}; {md(lab.languages)}; "
        yield f"  duration {md(lab.duration)}; regimes {md(lab.regimes)})"
    else:
        yield "- Audience label: **none**"
    yield ""
    rows = []
    for s in a.segments:
        people = [
            f"{md(p.name)}, {md(c.attribute)}: "
            + (f"**GAP**: {md(c.gap)}" if c.gap else f"covered by {md(c.consent)}")
            for p in s.people
            for c in p.covers
        ]
        models = [f"{md(m.name)}: {md(m.licence or '')} {md(m.licence_note)}" for m in s.models]
        rows.append(
            (
                f"{md(s.name)} ({md(s.source_type)})",
                md(s.span),
                md(s.actions),
                "<br>".join(people) or "no real person",
                "<br>".join(models) or "none named",
            )
        )
    if rows:
        yield from _table(
            ("Segment", "Where", "What AI did", "People and consents", "Models"), rows
        )


def _coverage(r: ReviewReport) -> Iterator[str]:
    yield "## 5. AI segment coverage"
    yield ""
    yield f"{r.segments} segment(s) in {len(r.coverage)} asset(s); {r.gaps} gap(s)."
    yield ""
    for asset in r.coverage:
        yield from _asset(asset)


def _group(g: FindingGroup) -> Iterator[str]:
    yield f"### {g.title} ({len(g.findings)})"
    yield ""
    rows = [
        (
            md(f.code),
            md(f.where),
            md(f.message) + (f" (waived by {md(f.waived_by)})" if f.waived_by else ""),
        )
        for f in g.findings
    ]
    yield from _table(("Rule", "Where", "Finding"), rows)
    for rule in g.rules:
        sources = "; ".join(md(cite) + (f" {md(url)}" if url else "") for cite, url in rule.sources)
        yield f"- **{md(rule.code)}**: {md(rule.title)}. {md(rule.rationale)}"
        if sources:
            yield f"  Sources: {sources}"
    yield ""


def _findings(r: ReviewReport) -> Iterator[str]:
    yield "## 6. Findings"
    yield ""
    if not r.findings:
        yield "No findings."
        yield ""
    for group in r.findings:
        yield from _group(group)


def _waivers(r: ReviewReport) -> Iterator[str]:
    yield "## 7. Waivers"
    yield ""
    rows = [
        (f"{md(w.rule)} for {md(w.target)}", md(w.approved_by), md(w.reason),
         f"{md(w.until)} ({md(w.state)})", str(w.waived))
        for w in r.waivers
    ]  # fmt: skip
    if rows:
        yield from _table(("Waiver", "Who", "Why", "Until", "Findings waived"), rows)
    else:
        yield "No waivers."
        yield ""


def _media(r: ReviewReport) -> Iterator[str]:
    yield "## 8. Media and C2PA"
    yield ""
    if not r.media:
        yield "No media file was checked."
        yield ""
    for m in r.media:
        yield f"### {md(m.path)}"
        yield ""
        yield f"- C2PA state: **{md(m.verdict)}**"
        if m.manifest:
            signer, issuer = md(m.signer or "unknown"), md(m.issuer or "?")
            yield f"- Signer: {signer}, certificate issued by {issuer}"
            when = md(m.signed_at or "unknown (no time-stamp)")
            yield f"- Signed at: {when}; time-stamp {md(m.timestamp)}"
        for depth, link in enumerate(m.chain):
            which = "active" if depth == 0 else f"parent {depth}"
            yield f"- Manifest {which}: {md(link.label)} by {md(link.generator)}"
            for ing in link.ingredients:
                yield f"  - {md(ing.relationship)} {md(ing.kind)} “{md(ing.title)}”"
        for a in m.assertions:
            yield f"- {md(a.label)}: {md(a.text)}"
        for rec in m.records:
            yield f"- Embedded: {md(rec.text)}"
        yield ""


def render_markdown(report: ReviewReport) -> str:
    """The whole Markdown document for ``report``."""
    r = report
    lines = [f"# {md(r.title)}: {r.verdict.word.upper()}", ""]
    for section in (_verdict, _works, _consents, _timeline, _coverage, _findings, _waivers, _media):
        lines += section(r)
    when = f" on {r.generated_at}" if r.generated_at else "; generation time omitted (reproducible)"
    lines += ["---", "", f"Made by omrs {r.tool_version}{when}.", ""]
    lines += [f"- {i.sha256} {md(i.path)}" for i in r.inputs]
    return "\n".join(lines) + "\n"
