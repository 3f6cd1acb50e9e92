"""Issue #3, done-when: the demo coverage of the Ankara killing codes the key events.

Properties, not strings: who (actor code prefixes), what (PLOVER type / quad class), when
(resolved date), where (place country) — over our own demo articles.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aftermath.ingest.files import read_paths
from aftermath.pipeline import analyze_document
from aftermath.records import Document, Event, EventStatus

DEMO = Path(__file__).resolve().parents[1] / "demo" / "articles"
COUNTED = (EventStatus.ASSERTED, EventStatus.REPORTED)


@pytest.fixture(scope="module")
def demo_events(nlp, kb) -> list[Event]:
    documents = [d for d in read_paths([DEMO]) if isinstance(d, Document)]
    assert len(documents) >= 40
    return [e for d in documents for e in analyze_document(d, nlp, kb).events]


def _code(ref) -> str:  # type: ignore[no-untyped-def]
    return (ref.code or "") if ref is not None else ""


@pytest.mark.slow
@pytest.mark.issue(3)
def test_issue_3_jet_shoot_down_is_turkish_military_force_against_russia(demo_events):
    found = [
        e for e in demo_events
        if _code(e.source).startswith("TURMIL") and _code(e.target).startswith("RUS")
        and e.quad_class == 4 and e.status in COUNTED
        and e.date is not None and e.date.value.startswith("2015-11")
    ]
    assert found, "no TURMIL -> RUS material conflict dated November 2015"


@pytest.mark.slow
@pytest.mark.issue(3)
def test_issue_3_killing_is_turkish_police_assault_on_russian_government_in_ankara(demo_events):
    found = [
        e for e in demo_events
        if e.plover == "ASSAULT" and _code(e.source) == "TURCOP"
        and _code(e.target).startswith("RUSGOV") and e.date is not None
        and e.date.value == "2016-12-19" and e.place is not None and e.place.country == "TUR"
    ]
    assert found
    assert all(e.status in COUNTED for e in found)


@pytest.mark.slow
@pytest.mark.issue(3)
def test_issue_3_police_kill_the_gunman(demo_events):
    found = [
        e for e in demo_events
        if e.plover == "ASSAULT" and _code(e.source) == "TURCOP" and e.target is not None
        and "gunman" in e.target.text.lower() and e.status in COUNTED
    ]
    assert found


@pytest.mark.slow
@pytest.mark.issue(3)
def test_issue_3_russia_agrees_to_pause_its_aleppo_campaign(demo_events):
    found = [
        e for e in demo_events
        if e.plover == "AGREE" and _code(e.source).startswith("RUS")
        and e.cameo.startswith("035") and e.status in COUNTED
    ]
    assert found, "no Russian expression of intent to de-escalate (CAMEO 0356)"
