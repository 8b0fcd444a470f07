"""What a release is, read the same way in 1.0 and 1.1 documents.

OMRS 1.0 said "advertisement" in ``release.context``; OMRS 1.1 says what the deliverable
is in ``release.kind`` (an advertisement, a trailer, a promo...) and how it speaks in
``context`` (``commercial``...), and names the work a promotion promotes in
``release.promotes``. Every rule that asks whether a release advertises, or is an
evidently artistic work, asks here, so a 1.0 document and its migrated 1.1 form get the
same verdicts.
"""

from __future__ import annotations

from typing import Any

#: Deliverables that advertise or promote (a trailer advertises the work it promotes).
PROMOTIONAL_KINDS = frozenset({"advertisement", "trailer", "teaser", "promo"})
#: Contexts that are advertising: 1.0's ``advertisement`` and 1.1's ``commercial``.
ADVERTISING_CONTEXTS = frozenset({"advertisement", "commercial"})
#: Contexts of an evidently artistic, creative, satirical or fictional work.
ARTISTIC_CONTEXTS = frozenset({"artistic", "creative", "satirical", "fictional"})


def is_advertisement(release: dict[str, Any]) -> bool:
    """Whether the release is an advertisement or promotion, by 1.0 context or 1.1 kind."""
    return (
        release.get("context") in ADVERTISING_CONTEXTS or release.get("kind") in PROMOTIONAL_KINDS
    )


def is_artistic(release: dict[str, Any]) -> bool:
    """An evidently artistic, creative, satirical or fictional work, and not an advert for
    one (an advertisement is not the work it advertises)."""
    return release.get("context") in ARTISTIC_CONTEXTS and not is_advertisement(release)


def promoted_work(release: dict[str, Any]) -> dict[str, Any] | None:
    """The work an advertisement or promotion promotes (1.1 ``promotes``), else None."""
    work = release.get("promotes")
    return work if isinstance(work, dict) and is_advertisement(release) else None


def what(release: dict[str, Any]) -> str:
    """How a message names the release: its kind and context (``advertisement (commercial)``)."""
    kind, context = release.get("kind"), release.get("context")
    return f"{kind} ({context})" if kind else str(context)
