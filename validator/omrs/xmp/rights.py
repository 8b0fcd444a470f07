"""The rights-related XMP properties OMRS reads and writes, as one plain value.

The reader fills it from a packet, the mapping fills it from OMRS records, and the writer and
the ``cawg.metadata`` builder serialise it, so every direction speaks the same type.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

#: Property name (``prefix:Local``) -> attribute of :class:`XmpRights`.
PROPERTIES: dict[str, str] = {
    "Iptc4xmpExt:DigitalSourceType": "digital_source_type",
    "plus:DataMining": "data_mining",
    "plus:OtherConstraints": "other_constraints",
    "plus:ModelReleaseStatus": "model_release_status",
    "plus:ModelReleaseID": "model_release_ids",
    "Iptc4xmpExt:AISystemUsed": "ai_system_used",
    "Iptc4xmpExt:AISystemVersionUsed": "ai_system_version_used",
    "Iptc4xmpExt:AIPromptInformation": "ai_prompt_information",
    "Iptc4xmpExt:AIPromptWriterName": "ai_prompt_writer_name",
    "TC260:AIGC": "aigc",
}

#: Language-alternative properties (rdf:Alt of xml:lang-tagged strings).
LANG_ALT = frozenset({"plus:OtherConstraints"})
#: Unordered-array properties (rdf:Bag).
BAGS = frozenset({"plus:ModelReleaseID"})


@dataclass(frozen=True, slots=True)
class XmpRights:
    """Values as written in XMP: IRIs stay IRIs, codes keep their vocabulary base.

    ``other_constraints`` is a language alternative: ``(lang, text)`` pairs, ``x-default``
    first when present. ``lines`` maps a property name to its 1-based line in the packet
    (or sidecar) it was read from; it is empty for values built from records.
    """

    digital_source_type: str | None = None
    data_mining: str | None = None
    other_constraints: tuple[tuple[str, str], ...] = ()
    model_release_status: str | None = None
    model_release_ids: tuple[str, ...] = ()
    ai_system_used: str | None = None
    ai_system_version_used: str | None = None
    ai_prompt_information: str | None = None
    ai_prompt_writer_name: str | None = None
    #: China's implicit label: the ``TC260:AIGC`` JSON object, as the string XMP holds.
    aigc: str | None = None
    lines: Mapping[str, int] = field(default_factory=dict, compare=False)

    def other_constraints_text(self) -> str | None:
        """The ``x-default`` (else first) alternative of plus:OtherConstraints."""
        for lang, text in self.other_constraints:
            if lang == "x-default":
                return text
        return self.other_constraints[0][1] if self.other_constraints else None

    def prefixes(self, *always: str) -> list[str]:
        """The namespace prefixes to declare: every property's, but an on-demand prefix
        only when one of its properties has a value; plus ``always``."""
        from omrs.xmp.namespaces import ON_DEMAND

        found = set(always)
        for name, attr in PROPERTIES.items():
            prefix = name.split(":")[0]
            if prefix not in ON_DEMAND or getattr(self, attr):
                found.add(prefix)
        return sorted(found)

    def is_empty(self) -> bool:
        return not any(getattr(self, attr) for attr in PROPERTIES.values())
