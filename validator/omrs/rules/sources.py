"""The laws and standards the semantic rules cite, written once.

``grade`` follows DESIGN.md: ``P`` when the primary text was read, ``S`` when only a
summary was, ``std`` for technical standards.
"""

from __future__ import annotations

from omrs.rules.catalogue import Source

CA_LABOR_927 = Source("Cal. Labor Code", "§ 927 (AB 2602, 2024)", "P")
NY_GOL_5_302 = Source("N.Y. Gen. Oblig. Law", "§ 5-302", "P")
NO_FAKES = Source("NO FAKES Act draft S.4591 (2026)", "licence requirements", "P")
NO_FAKES_DISCLAIMER = Source("NO FAKES Act draft S.4591 (2026)", "§ 2(e)(3)", "P")
NO_FAKES_TERM = Source("NO FAKES Act draft S.4591 (2026)", "licence term limits", "P")
CA_CIV_3344_1 = Source("Cal. Civ. Code", "§ 3344.1 as amended by AB 1836 (2024)", "P")
NY_CRL_50F = Source("N.Y. Civ. Rights Law", "§ 50-f", "S")
SAG_AFTRA = Source(
    "SAG-AFTRA 2023 TV/Theatrical Agreement", "Digital Replicas and Digital Alteration", "S"
)
TN_ELVIS = Source("Tenn. ELVIS Act 2024", "voice and likeness as separate rights", "S")
CA_FAMILY_6750 = Source(
    "Cal. Family Code", "§§ 6750-6753 (court approval of minors' contracts)", "S"
)
NY_ACAL_35_03 = Source("N.Y. Arts & Cult. Aff. Law", "§ 35.03", "S")
CAWG_TDM = Source("CAWG Training and Data Mining assertion", "1.1", "std")
IETF_AIPREF = Source("IETF AIPREF vocabulary (draft)", "combining preferences", "std")
IPTC_DST = Source("IPTC Digital Source Type vocabulary", "", "std")
EU_AI_ACT_50_2 = Source("Regulation (EU) 2024/1689 (AI Act)", "Art. 50(2)", "P")
EU_AI_ACT_50_4 = Source("Regulation (EU) 2024/1689 (AI Act)", "Art. 50(4), from 2026-08-02", "P")
EU_AI_ACT_50_5 = Source("Regulation (EU) 2024/1689 (AI Act)", "Art. 50(5)", "P")
NY_GBL_396B = Source("N.Y. Gen. Bus. Law", "§ 396-b", "S")
CN_MEASURES = Source("CAC Measures for Labelling AI-Generated Synthetic Content (2025)", "", "S")
CN_GB_45438 = Source("GB 45438-2025", "explicit and implicit labels", "S")
OMRS = Source("OMRS 1.0", "spec/1.0/rules.md", "std")
OMRS_BUNDLE = Source("OMRS 1.0", "bundles", "std")
