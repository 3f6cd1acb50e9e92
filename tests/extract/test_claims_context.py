"""Issue #13: headline claims, and the sentence and rule that set each evidence status."""

from __future__ import annotations

from pathlib import Path

import pytest

from aftermath.export.contract import analysis_json
from aftermath.pipeline import analyze_document
from aftermath.records import TITLE_SENTENCE, ClaimKind, Document
from aftermath.store import open_store

TEXT = (
    "Officials in Moscow blamed Western spies for the killing of the envoy. "
    "Yet they never provided any evidence.\n\n"
    "The Kremlin said investigators would travel to Ankara."
)
TITLE = "Kremlin blames NATO agents for envoy's killing"


@pytest.fixture(scope="module")
def analysis(nlp, kb):  # type: ignore[no-untyped-def]
    document = Document(id="kremlin", text=TEXT, title=TITLE, published="2016-12-20")
    return analyze_document(document, nlp, kb)


@pytest.mark.issue(13)
def test_issue_13_headline_blame_is_read_from_the_title(analysis):
    found = [c for c in analysis.claims if c.evidence.sentence == TITLE_SENTENCE]
    assert [c.kind for c in found] == [ClaimKind.BLAME]
    claim = found[0]
    assert claim.claimant is not None and claim.claimant.code == "RUSGOV"
    assert claim.subject is not None and "NATO" in claim.subject.text
    for span in (claim.evidence, claim.content):  # headline spans point into the title
        assert TITLE[span.start : span.end] == span.text


@pytest.mark.issue(13)
def test_issue_13_text_claims_point_into_the_text_with_their_deciding_sentence(analysis):
    output = analysis_json(analysis)
    text_claims = [c for c in output["claims"] if c["evidence"]["sentence"] != TITLE_SENTENCE]
    blame = next(c for c in text_claims if c["kind"] == "blame")
    assert blame["evidence_status"] == "unsupported"
    assert blame["status_rule"] == "writer.doubt_after"
    span = blame["status_evidence"]
    assert span["text"] == "Yet they never provided any evidence."
    assert TEXT[span["start"] : span["end"]] == span["text"]


def test_claims_headline_is_not_parsed_twice_when_the_text_opens_with_it(nlp, kb):
    document = Document(id="twice", text=TITLE + "\n\n" + TEXT, title=TITLE)
    claims = analyze_document(document, nlp, kb).claims
    assert not [c for c in claims if c.evidence.sentence == TITLE_SENTENCE]


@pytest.mark.issue(13)
def test_issue_13_store_keeps_the_deciding_sentence_and_rule(analysis, tmp_path: Path):
    store = open_store(f"sqlite:///{tmp_path / 'claims.sqlite'}")
    store.save(analysis)
    stored = store.load(analysis.document.id)
    store.close()
    assert stored is not None
    assert [(c.status_rule, c.status_evidence) for c in stored.claims] == [
        (c.status_rule, c.status_evidence) for c in analysis.claims]
