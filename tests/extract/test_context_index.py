"""DocContext's entity and sentence indexes give what a scan of the whole doc gives (#18, #20).

The extractors look entities and sentences up through the indexes so that cost stays linear
in a document's length; these tests hold the indexes to the scans they replace, on a real
parse of text written for them.
"""

from __future__ import annotations

from aftermath.extract.context import DocContext
from aftermath.records import Document

TEXT = (
    "Turkish jets shot down a Russian warplane near the Syrian border on Tuesday, officials "
    "in Ankara said. The Kremlin called it a stab in the back.\n\n"
    "Two days later, President Vladimir Putin demanded an apology from Recep Tayyip Erdogan "
    "at a meeting in Moscow, while refugees fleeing the fighting in Aleppo reached Gaziantep."
)


def _context(nlp, kb) -> DocContext:  # type: ignore[no-untyped-def]
    document = Document(id="ctx", text=TEXT, published="2015-11-24")
    return DocContext(nlp(TEXT), document, kb)


def test_entity_at_each_token_is_the_scanned_one(nlp, kb) -> None:  # type: ignore[no-untyped-def]
    ctx = _context(nlp, kb)
    assert len(ctx.ents) >= 6
    assert ctx.ents == ctx.doc.ents
    for token in ctx.doc:
        scanned = next((e for e in ctx.doc.ents if e.start <= token.i < e.end), None)
        assert ctx.ent_at(token.i) == scanned


def test_entities_of_each_sentence_are_the_scanned_ones(nlp, kb) -> None:  # type: ignore[no-untyped-def]
    ctx = _context(nlp, kb)
    sentences = list(ctx.doc.sents)
    assert len(sentences) >= 3
    for sent in sentences:
        scanned = [e for e in ctx.doc.ents if sent.start <= e.start < sent.end]
        assert list(ctx.ents_starting(sent.start, sent.end)) == scanned
    assert ctx.ents_starting(len(ctx.doc), len(ctx.doc)) == ()


def test_entities_covering_a_phrase_hold_every_entity_rooted_in_it(nlp, kb) -> None:  # type: ignore[no-untyped-def]
    ctx = _context(nlp, kb)
    for token in ctx.doc:
        inside = range(token.i + 1, token.right_edge.i + 1)
        rooted = [e for e in ctx.doc.ents if e.root.i in inside]
        covering = ctx.ents_covering(inside)
        assert [e for e in covering if e.root.i in inside] == rooted
        assert covering == sorted(covering, key=lambda e: e.start)


def test_sentence_of_each_token_is_its_own(nlp, kb) -> None:  # type: ignore[no-untyped-def]
    ctx = _context(nlp, kb)
    sentences = list(ctx.doc.sents)
    for token in ctx.doc:
        assert ctx.sent_of(token) == token.sent
        assert ctx.sentence_of(token) == sentences.index(token.sent)
