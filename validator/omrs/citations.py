"""The laws, bills and standards the rules and the layers' codes cite, written once.

The lowest layer: the rules (omrs.rules.sources re-exports it) and the C2PA and XMP code
tables (omrs.codes) all cite from here, so neither reaches into the other.

``grade``: ``P`` when the primary text was read in an official copy, ``P-copy`` when it was
read in a verbatim copy by a third party (an unofficial code site, a congress.gov dump of
the bill XML, a transcription of EUR-Lex), ``S`` when only summaries were read, ``std`` for
technical standards. A bill says so in its title. The research behind each grade is in
issue 10's notes (legal-sources.md); a rule resting only on ``S`` sources is a warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from omrs.findings import Severity


@dataclass(frozen=True, slots=True)
class Source:
    """A citation: the law or standard, the section, and whether we read the primary text.

    ``grade`` is ``"P"`` (primary text read), ``"P-copy"`` (primary text read in a verbatim
    third-party copy), ``"S"`` (summary only) or ``"std"`` (a technical standard).
    """

    title: str
    section: str = ""
    grade: str = "P"
    url: str | None = None

    def cite(self) -> str:
        section = f" {self.section}" if self.section else ""
        grade = f" [{self.grade}]" if self.grade in {"P", "P-copy", "S"} else ""
        return f"{self.title}{section}{grade}"


#: A layer's own finding codes (C2PA, XMP): code -> (severity, title, rationale, sources).
CodeTable = Mapping[str, tuple[Severity, str, str, tuple[Source, ...]]]


CA_LABOR_927 = Source(
    "Cal. Lab. Code",
    "§ 927(a)-(b) (AB 2602, 2024; new performances fixed on or after 2025-01-01)",
    "P-copy",
)
NY_GOL_5_302 = Source("N.Y. Gen. Oblig. Law", "§ 5-302(1)-(3) (from 2025-01-01)", "P")
NO_FAKES_BILL = (
    "NO FAKES Act of 2026, S. 4591, 119th Cong. (bill as introduced 2026-05-20, not law)"
)
NO_FAKES = Source(
    NO_FAKES_BILL, "§ 2(b)(2)(B)(i) (licence in writing, specific description)", "P-copy"
)
NO_FAKES_TERM = Source(
    NO_FAKES_BILL,
    "§ 2(b)(2)(B)(i)(I) (10 years), (ii)(I) (5 years; ends at 18), (iii) (replica CBA)",
    "P-copy",
)
NO_FAKES_MINOR_TERM = Source(
    NO_FAKES_BILL, "§ 2(b)(2)(B)(ii)(I) (a minor's licence ends at 18)", "P-copy"
)
NO_FAKES_MINOR = Source(NO_FAKES_BILL, "§ 2(b)(2)(B)(ii)(II)(cc) (court approval)", "P-copy")
NO_FAKES_DISCLAIMER = Source(
    NO_FAKES_BILL, "§ 2(e)(3) (disclaimer or AI disclosure no defence)", "P-copy"
)
CA_CIV_3344_1 = Source(
    "Cal. Civ. Code",
    "§ 3344.1 as amended by AB 1836 (Ch. 258, Stats. 2024); digest read, digital-replica "
    "paragraph and exemptions not read",
    "S",
)
NY_CRL_50F = Source("N.Y. Civ. Rights Law", "§ 50-f as amended 2025-12-11 (S.8391/A.8882)", "S")
SAG_AFTRA_2023 = Source(
    "SAG-AFTRA 2023 TV/Theatrical Contracts (expired 2026-06-30)",
    "digital replica provisions, per SAG-AFTRA's own summaries (agreement text not read)",
    "S",
)
SAG_AFTRA_2026 = Source(
    "SAG-AFTRA 2026 TV/Theatrical Agreement (2026-07-01 to 2030-06-30)",
    "replica terms not read; the 2023 rule is assumed carried over",
    "S",
)
TN_ELVIS = Source(
    "Tenn. Code Ann. § 47-25-1101 et seq. as amended by the ELVIS Act, Pub. Ch. 588 (2024)",
    "voice added as a protected right",
    "S",
)
CA_FAMILY_6751 = Source(
    "Cal. Fam. Code",
    "§ 6751(a) (an approved contract cannot be disaffirmed), § 6710 (otherwise voidable)",
    "P-copy",
)
CA_FAMILY_6500 = Source("Cal. Fam. Code", "§ 6500 (an adult from the 18th birthday)", "P-copy")
NY_ACAL_35_03 = Source("N.Y. Arts & Cult. Aff. Law", "§ 35.03(1) (approval optional)", "P-copy")
CAWG_TDM = Source("CAWG Training and Data Mining assertion 1.1", "§ 3.1", "std")
_AIPREF = "IETF AIPREF vocabulary, draft-ietf-aipref-vocab-07 (working draft)"
IETF_AIPREF_5_1 = Source(_AIPREF, "§ 5.1 Combining Preferences", "std")
IETF_AIPREF_5_2 = Source(_AIPREF, "§ 5.2 More Specific Instructions", "std")
IPTC_DST = Source("IPTC Digital Source Type NewsCodes", "current definitions", "std")
_AI_ACT = "Regulation (EU) 2024/1689 (AI Act)"
EU_AI_ACT_50_2 = Source(_AI_ACT, "Art. 50(2)", "P-copy")
EU_AI_ACT_50_4 = Source(_AI_ACT, "Art. 50(4), applies from 2026-08-02 (Art. 113)", "P-copy")
EU_AI_ACT_50_5 = Source(_AI_ACT, "Art. 50(5) (at the latest at first exposure)", "P-copy")
NY_GBL_396B = Source(
    "N.Y. Gen. Bus. Law",
    "§ 396-b as amended by S.8420-A/A.8887-B, from 2026-06-09 (duty and exemptions not read)",
    "S",
)
CN_MEASURES = Source(
    "Measures for Labelling AI-Generated Synthetic Content (CAC, MIIT, MPS, NRTA, 2025), "
    "from 2025-09-01",
    "Art. 4 (explicit label), Art. 5 (implicit label), Art. 14",
    "S",
)
CN_GB_45438 = Source(
    "GB 45438-2025 (from 2025-09-01)",
    "§ 5.3 (audio), Annex E (implicit label fields); the standard's PDF not read",
    "S",
)
OMRS = Source("OMRS 1.0", "spec/1.0/rules.md", "std")
OMRS_CONSENT = Source("OMRS 1.0", "likeness-consent.md", "std")
OMRS_DISCLOSURE = Source("OMRS 1.0", "ai-disclosure.md", "std")
OMRS_LICENCE = Source("OMRS 1.0", "training-license.md", "std")
OMRS_BUNDLE = Source("OMRS 1.0", "bundles", "std")
OMRS_OVERVIEW = Source("OMRS 1.0", "overview.md (identifiers, time ranges)", "std")
# OMRS 1.1 and the law behind its new fields (issue 11; research notes sections 3, 4, 10-12).
CA_CIV_3344_1_TERM = Source(
    "Cal. Civ. Code",
    "§ 3344.1 as amended by AB 1836 (Ch. 258, Stats. 2024): the right runs within 70 years "
    "of the personality's death (Legislative Counsel's Digest of the chaptered bill)",
    "P",
)
CA_CIV_3344_1_HOLDERS = Source(
    "Cal. Civ. Code",
    "§ 3344.1(b)-(d) (successors in interest) [transferees and statutory heirs read in "
    "summaries; a 'more than one-half' rule for consent was not found in the text]",
    "S",
)
NY_CRL_50F_TERM = Source(
    "N.Y. Civ. Rights Law",
    "§ 50-f: 40 years after death; only persons domiciled in New York at death who died on "
    "or after 2021-05-29",
    "S",
)
NY_CRL_50F_HOLDERS = Source(
    "N.Y. Civ. Rights Law", "§ 50-f (consent by the estate or holders of at least 51 %)", "S"
)
NY_CRL_50F_REPLICA = Source(
    "N.Y. Civ. Rights Law",
    "§ 50-f(2) as amended 2025-12-11 (S.8391/A.8882): a deceased performer's digital replica "
    "in audiovisual works, sound recordings or live performances needs prior consent (sponsor "
    "memo read; the wording of the amended subdivision and of its exemptions not read)",
    "S",
)
TN_ELVIS_TERM = Source(
    "Tenn. Code Ann.", "§ 47-25-1104 (10 years after death, then until 2 years of non-use)", "S"
)
OMRS_1_1 = "OMRS 1.1"
OMRS_OVERVIEW_1_1 = Source(OMRS_1_1, "overview.md (territories, groups and exclusions)", "std")
OMRS_CONSENT_1_1 = Source(OMRS_1_1, "likeness-consent.md (grantors and shares)", "std")
OMRS_BASIS = Source(OMRS_1_1, "ai-disclosure.md (people depicted on a legal basis)", "std")
OMRS_APPROVAL = Source(OMRS_1_1, "likeness-approval.md", "std")
OMRS_DATASETS = Source(OMRS_1_1, "dataset-manifest.md", "std")
OMRS_PROVENANCE = Source(OMRS_1_1, "provenance.md", "std")
OMRS_AUDIT = Source(OMRS_1_1, "audit-log.md", "std")
