"""The blame network's edges (#17): one definition for the dashboard and the blame scorer.

Texts are our own. Each test analyses a sentence with the real pipeline and checks which
accuser → accused edges the shared function puts in front of the analyst.
"""

from __future__ import annotations

import pytest

from aftermath.extract.blame_edges import blame_edges, is_accusing
from aftermath.pipeline import analyze_document
from aftermath.records import Analysis, Document, EvidenceStatus


def _analyse(text: str, nlp, kb) -> Analysis:  # type: ignore[no-untyped-def]
    return analyze_document(Document(id="edge-case", text=text, published="2017-03-01"),
                            nlp, kb)


def _edges(text: str, nlp, kb) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    analysis = _analyse(text, nlp, kb)
    return [(e.accuser.text, e.accused.text, e.origin)
            for e in blame_edges(analysis.claims, analysis.events)]


def test_a_claim_and_its_accusing_event_make_one_edge(nlp, kb):
    analysis = _analyse("The Kremlin accused Ankara of shielding the gunmen.", nlp, kb)
    assert any(is_accusing(e) for e in analysis.events), analysis.events
    edges = blame_edges(analysis.claims, analysis.events)
    assert [(e.accused.text, e.origin) for e in edges] == [("Ankara", "claim")]
    assert "Kremlin" in edges[0].accuser.text


def test_an_accusing_event_alone_is_an_asserted_edge(nlp, kb):
    analysis = _analyse("The Dutch foreign minister complained about Turkey on Sunday.", nlp,
                        kb)
    edges = blame_edges(analysis.claims, analysis.events)
    assert [(e.accused.text, e.origin, e.evidence_status) for e in edges] == [
        ("Turkey", "event", EvidenceStatus.ASSERTED)]


@pytest.mark.parametrize("text", [
    "The Dutch foreign minister did not condemn Turkey on Sunday.",
    "The Dutch foreign minister may condemn Turkey on Sunday.",
])
def test_accusations_that_did_not_happen_are_no_edge(text: str, nlp, kb):
    assert _edges(text, nlp, kb) == []


def test_hostile_acts_that_accuse_nobody_are_no_edge(nlp, kb):
    # Attacking, sanctioning or turning down a plan is hostile, but it blames nobody.
    assert _edges("Turkish jets shot down a Russian bomber near the border.", nlp, kb) == []
    assert _edges("Moscow rejected the Turkish proposal for a ceasefire.", nlp, kb) == []
    # An investigation (PLOVER files it under ACCUSE) accuses nobody yet.
    assert _edges("Dutch prosecutors opened an investigation into the Turkish consul.", nlp,
                  kb) == []


def test_a_criticism_claim_takes_the_place_of_its_event(nlp, kb):
    analysis = _analyse("The Dutch foreign minister condemned Turkey on Sunday.", nlp, kb)
    edges = blame_edges(analysis.claims, analysis.events)
    assert [(e.accused.text, e.origin) for e in edges] == [("Turkey", "claim")]


def test_claims_other_than_blame_make_no_edge(nlp, kb):
    text = "The gunman said he acted in revenge for the bombing of the old city."
    analysis = _analyse(text, nlp, kb)
    assert blame_edges(analysis.claims, ()) == ()
