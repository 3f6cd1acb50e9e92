"""The ledger's proponents are the actors who advance each explanation, end to end.

An invented story (an envoy shot in Tallinn), written for this test and analysed with the
real spaCy model and knowledge base. The analyst check of 2026-12-06 found, on the demo's
story, evidence ("the timing") and a place among the proponents, a "they" read as the
capital its clause named, and the gunman coded with his victim's country.
"""

from __future__ import annotations

import pytest

from aftermath.incidents.hypotheses import Source, build_ledger, kb_resolver
from aftermath.incidents.lexicon import load_lexicon
from aftermath.pipeline import analyze_documents
from aftermath.records import Analysis, Document

STORY = [
    Document("w1", "The gunman who shot Norway's envoy in Tallinn waited in the hall for an "
             "hour, staff said on Saturday. Jaan Kask, an off-duty Estonian police officer, "
             "shot the envoy as he left a reception on Friday. \"Remember Narva!\" the gunman "
             "shouted. He said he was taking revenge for the people of Narva.",
             title="Norwegian envoy shot in Tallinn", outlet="Wire", published="2026-05-09"),
    Document("w2", "Estonian officials say the shooting was aimed at wrecking relations "
             "between Tallinn and Oslo, and they blame the Islamic State group.",
             title="Estonia blames Islamic State for envoy shooting", outlet="Daily",
             published="2026-05-10"),
    Document("w3", "Diplomats said the choice of venue showed that the shooting was meant to "
             "damage relations between Tallinn and Oslo.",
             title="Envoy shooting meant to damage ties, diplomats say", outlet="Weekly",
             published="2026-05-10"),
]
SOURCES = {
    "w1": Source("wire", "Wire", "GBR", "private", "2026-05-09"),
    "w2": Source("daily", "Daily", "EST", "private", "2026-05-10"),
    "w3": Source("weekly", "Weekly", "NOR", "private", "2026-05-10"),
}


@pytest.fixture(scope="module")
def hypotheses(nlp, kb):  # type: ignore[no-untyped-def]
    analyses = [a for a in analyze_documents(STORY, nlp, kb) if isinstance(a, Analysis)]
    found, _ = build_ledger(analyses, SOURCES, load_lexicon(kb), kb_resolver(kb))
    return {h.key: h for h in found}


def test_the_stated_motive_is_the_assailants_not_his_victims_country(hypotheses):
    revenge = hypotheses["revenge"]
    assert revenge.proponents, "the gunman's own words advance revenge"
    assert all((p.code or "").startswith("EST") for p in revenge.proponents), (
        revenge.proponents)


def test_a_continued_they_is_the_officials_not_the_capital(hypotheses):
    parties = [h for h in hypotheses.values() if h.kind == "party"]
    assert parties, "the officials blame a party"
    for hypothesis in parties:
        assert all((p.code or "").startswith("EST") for p in hypothesis.proponents), (
            hypothesis.proponents)


def test_evidence_that_showed_a_motive_is_no_proponent(hypotheses):
    names = [p.text for p in hypotheses["damage-relations"].proponents]
    assert any("Diplomats" in name for name in names), names
    assert not any("choice" in name or "venue" in name for name in names), names
