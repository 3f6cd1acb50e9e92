"""Issue #12, done-when: on the demo corpus no stored event has a reporter as its source.

Checked over every event stored by a real ingest into a real SQLite file, two ways that do
not reuse the coder's own rule: (1) the source is never the speaker of an attribution whose
content holds the event's trigger ("X said Y attacked Z" is Y's attack); (2) the source is
never the subject of a verb of saying, naming or judging whose object is the trigger
("Putin described the killing as a provocation"). Speech acts are exempt: "Peskov said
investigators must establish ..." is Peskov's own demand (CAMEO 10), so saying is his act.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aftermath.runs import ingest_paths
from aftermath.store import open_store

# CAMEO roots of verbal acts (statements, appeals, demands, disapproval, threats): for these
# the speaker's words are the act itself.
SPEECH_ACT_ROOTS = frozenset({"01", "02", "10", "11", "13"})
DEMO = Path(__file__).resolve().parents[1] / "demo" / "articles"
# Verbs of saying, naming and judging, listed here independently of the coder's lists.
TALKING_VERBS = frozenset({
    "say", "tell", "describe", "call", "term", "label", "brand", "dub", "condemn", "denounce",
    "blame", "accuse", "claim", "allege", "report", "confirm", "deny", "criticise",
    "criticize", "characterise", "characterize", "portray", "mourn", "investigate",
    "welcome", "praise", "deplore", "decry", "regret", "announce", "recall", "consider",
})


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory, nlp, kb):  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}")
    ingest_paths([DEMO], store, nlp, kb)
    yield store
    store.close()


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


@pytest.mark.slow
@pytest.mark.issue(12)
def test_issue_12_no_demo_event_has_a_reporter_as_its_source(demo_store, nlp):
    defects = []
    checked = 0
    for document in demo_store.documents():
        analysis = demo_store.load(document.id)
        doc = nlp(document.text)
        for event in analysis.events:
            if event.source is None or event.source.end <= event.source.start or (
                    event.cameo[:2] in SPEECH_ACT_ROOTS):
                continue
            checked += 1
            source = (event.source.start, event.source.end)
            for attribution in analysis.attributions:
                speaker = attribution.speaker
                if speaker is None or speaker.end <= speaker.start:
                    continue
                # Attributions also hold intentions ("agreed to", "refused to"): their holder
                # does act. Only a verb of saying or naming makes its subject a reporter.
                cue = doc.char_span(attribution.cue.start, attribution.cue.end,
                                    alignment_mode="expand")
                if cue is None or cue.root.lemma_.lower() not in TALKING_VERBS:
                    continue
                inside = attribution.content.start <= event.trigger.start < (
                    attribution.content.end)
                if inside and _overlaps(*source, speaker.start, speaker.end):
                    defects.append(f"{document.id}: {event.evidence.text!r} source "
                                   f"{event.source.text!r} is the speaker")
            span = doc.char_span(event.trigger.start, event.trigger.end,
                                 alignment_mode="expand")
            if span is None:
                continue
            trigger = span.root
            verb = trigger.head
            if trigger.dep_ == "dobj" and verb.lemma_.lower() in TALKING_VERBS:
                for subject in (c for c in verb.children if c.dep_ == "nsubj"):
                    sub = doc[subject.left_edge.i : subject.right_edge.i + 1]
                    if _overlaps(*source, sub.start_char, sub.end_char):
                        defects.append(f"{document.id}: {event.evidence.text!r} source "
                                       f"{event.source.text!r} only {verb.lemma_}s it")
    assert checked > 100  # the demo corpus has hundreds of events with a source
    assert defects == [], "\n".join(defects)
