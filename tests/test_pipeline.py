from __future__ import annotations

import pytest

from aftermath.errors import InputError, PipelineError
from aftermath.pipeline import analyze_document, analyze_documents, check_pipeline
from aftermath.records import Document, EventStatus

KILLING = (
    "An off-duty Turkish police officer shot dead Russia's ambassador Andrey Karlov at an "
    "art gallery in Ankara on Monday. The gunman shouted about Aleppo before police killed "
    "him. Turkish officials said the attack was aimed at wrecking relations."
)


@pytest.mark.issue(2)
def test_issue_2_ankara_killing_is_assault_by_turkish_police_on_russian_government(nlp, kb):
    document = Document(id="k", text=KILLING, published="2016-12-20", outlet="Example")
    analysis = analyze_document(document, nlp, kb)
    assaults = [e for e in analysis.events if e.plover == "ASSAULT" and e.cameo.startswith("18")]
    event = next(e for e in assaults if e.target and (e.target.code or "").startswith("RUSGOV"))
    assert event.source is not None and event.source.code == "TURCOP"
    assert event.date is not None and event.date.value == "2016-12-19"
    assert event.place is not None and (event.place.name, event.place.country) == ("Ankara", "TUR")
    assert event.status == EventStatus.ASSERTED
    assert KILLING[event.evidence.start : event.evidence.end] == event.evidence.text
    assert event.evidence.text.startswith("An off-duty Turkish police officer")


def test_pipeline_undated_document_has_undated_relative_events(nlp, kb):
    document = Document(id="u", text="Russia imposed sanctions on Turkey on Monday.")
    [event] = analyze_document(document, nlp, kb).events
    assert event.date is None


def test_pipeline_empty_text_is_input_error(nlp, kb):
    with pytest.raises(InputError, match="empty text"):
        analyze_document(Document(id="e", text="  "), nlp, kb)


def test_pipeline_batch_keeps_order_and_yields_errors_in_place(nlp, kb):
    documents = [Document(id="a", text="Turkey condemned Russia."), Document(id="b", text=""),
                 Document(id="c", text="Russia praised Turkey.")]
    results = list(analyze_documents(documents, nlp, kb, batch_size=2))
    assert [type(r).__name__ for r in results] == ["Analysis", "InputError", "Analysis"]
    assert results[2].document.id == "c"


def test_pipeline_order_is_checked_before_reading(nlp, kb):
    with pytest.raises(PipelineError, match="requires actors"):
        check_pipeline(["events.verb_rules.v1"])


def test_warm_up_builds_the_alias_index_before_workers_fork(nlp, kb) -> None:  # type: ignore[no-untyped-def]
    """#20: what extractors build on first use is built in the parent, so forked workers
    share it instead of each building their own; and the warm-up leaves results alone."""
    from aftermath.knowledge import derived
    from aftermath.pipeline import WARM_UP, analyze_documents, warm_up

    document = Document(id="w2", text=WARM_UP.text, published=WARM_UP.published)
    before = list(analyze_documents([document], nlp, kb))
    warm_up(nlp, kb)
    assert (id(kb.aliases), "alias_index") in derived._DERIVED
    assert list(analyze_documents([document], nlp, kb)) == before
    assert before[0].events and before[0].actors
