"""The batch entity decoder gives exactly the entities of the model's own recogniser (#20):
its table of allowed moves agrees with spaCy's rules on real states, and its entities with
spaCy's on written sentences, the demo corpus and Reuters copy."""

from __future__ import annotations

import csv
import gzip
import io
import random
from pathlib import Path

import pytest
import spacy
from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE
from spacy.language import Language
from spacy.pipeline._parser_internals.stateclass import StateClass
from spacy.tokens import Doc, Span

from aftermath.nlp.entities import (
    CLOSED_CODES,
    HELD,
    RECOGNISER,
    EntityDecoder,
    use_entity_decoder,
)
from aftermath.nlp.model import DEFAULT_MODEL

DEMO = Path(__file__).resolve().parents[2] / "demo" / "articles"
REUTERS = (Path(__file__).resolve().parents[3] / "shared" / "data" / "reuters-isot"
           / "isot_true_text_subset.csv.gz")

# Written to reach the rules' corners: whitespace tokens inside and between names, names
# that end a document or a sentence, one-token documents, empty ones, long runs of names.
WRITTEN = [
    "President Vladimir Putin met Recep Tayyip Erdogan in Ankara on Monday.",
    "Andrey Karlov  was shot at an exhibition in Ankara. Mevlut Mert Altintas",
    "The Turkish Foreign Ministry said so.\n\nThe Kremlin, in Moscow, disagreed on Dec. 20.",
    "Putin",
    "",
    "   ",
    "\n\nMoscow \n Ankara\t Damascus  Aleppo\n",
    "Reuters\nANKARA (Reuters) - Turkey and Russia, NATO and the United Nations, the European "
    "Union and the U.S. State Department spoke on Tuesday, Wednesday and Thursday about $4.5 "
    "billion, 12 percent and the first of 300,000 refugees.",
    "He said: \"Don't forget Aleppo!\" Then police killed him. Al Nusra Front denied it.",
]


@pytest.fixture(scope="module")
def pair() -> tuple[Language, Language]:
    """The model as shipped, and the same model with the decoder in the recogniser's
    place."""
    shipped, ours = spacy.load(DEFAULT_MODEL), spacy.load(DEFAULT_MODEL)
    assert use_entity_decoder(ours)
    assert ours.pipe_names == shipped.pipe_names
    # The recogniser's labels, as `nlp.pipe_labels` gave them before (spaCy lists the
    # disabled `ner_model` there too).
    assert {name: ours.pipe_labels[name] for name in ours.pipe_names} == shipped.pipe_labels
    assert HELD in ours.disabled
    return shipped, ours


def _entities(doc: Doc) -> list[tuple[int, ...]]:
    return [tuple(row) for row in doc.to_array([ENT_IOB, ENT_TYPE, ENT_KB_ID]).tolist()]


def _same(pair: tuple[Language, Language], texts: list[str], batch_size: int) -> int:
    shipped, ours = pair
    found = 0
    for text, expected, got in zip(texts, shipped.pipe(texts, batch_size=batch_size),
                                   ours.pipe(texts, batch_size=batch_size), strict=True):
        assert _entities(got) == _entities(expected), text[:80]
        found += len(got.ents)
    return found


@pytest.mark.parametrize("batch_size", [1, 3, 32])
def test_written_sentences_get_the_recognisers_entities(
        pair: tuple[Language, Language], batch_size: int) -> None:
    assert _same(pair, WRITTEN, batch_size) > 20


def test_the_demo_corpus_gets_the_recognisers_entities(
        pair: tuple[Language, Language]) -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(DEMO.glob("*"))
             if path.is_file()]
    assert len(texts) > 10
    assert _same(pair, texts, 16) > 100


def test_a_long_document_among_short_ones_gets_the_recognisers_entities(
        pair: tuple[Language, Language]) -> None:
    """The long one walks on alone once the short ones are done."""
    joined = "\n\n".join(path.read_text(encoding="utf-8") for path in sorted(DEMO.glob("*"))
                         if path.is_file())
    assert _same(pair, [*WRITTEN, joined, *WRITTEN], 32) > 200


def test_reuters_copy_gets_the_recognisers_entities(pair: tuple[Language, Language]) -> None:
    if not REUTERS.exists():
        pytest.skip(f"Reuters texts not found at {REUTERS} (../shared is absent)")
    with gzip.open(REUTERS, "rb") as raw:
        rows = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))[:120]
    texts = [row["text"] for row in rows] + [row["title"] for row in rows]
    assert _same(pair, texts, 32) > 1000


def test_a_single_document_call_gets_the_recognisers_entities(
        pair: tuple[Language, Language]) -> None:
    shipped, ours = pair
    for text in WRITTEN:
        assert _entities(ours(text)) == _entities(shipped(text))


def test_preset_entities_go_to_the_recogniser(pair: tuple[Language, Language]) -> None:
    """A batch with entities set before the recogniser runs is the recogniser's: the
    decoder's table covers documents without them only."""
    shipped, ours = pair
    results = []
    for nlp in (shipped, ours):
        with nlp.select_pipes(disable=[RECOGNISER]):
            doc = nlp("Mevlut Mert Altintas shot Andrey Karlov in Ankara.")
        doc.set_ents([Span(doc, 0, 3, label="PERSON")], default="unmodified")
        results.append(_entities(nlp.get_pipe(RECOGNISER)(doc)))
    assert results[0] == results[1]
    assert results[0][0][0] == 3  # the preset entity is kept


def _code(state: StateClass, open_label: int, space: bool) -> int:
    """The decoder's validity code for a spaCy state (the label is tracked by the walk)."""
    two_left = state.buffer_length() >= 2
    next_starts = two_left and state.B_(1).is_sent_start is True
    if state.entity_is_open():
        return CLOSED_CODES + open_label * 4 + two_left * 2 + next_starts
    return two_left * 4 + next_starts * 2 + space


def test_the_table_of_allowed_moves_agrees_with_spacys_rules(
        pair: tuple[Language, Language]) -> None:
    """Walk spaCy's own states through the written sentences by random allowed moves, and
    at every step compare each move's validity with the decoder's table."""
    _, ours = pair
    decoder = ours.get_pipe(RECOGNISER)
    assert isinstance(decoder, EntityDecoder)
    moves = decoder.moves
    names = [moves.get_class_name(i) for i in range(moves.n_moves)]
    chooser = random.Random(20)
    codes: list[int] = []
    with ours.select_pipes(disable=[RECOGNISER]):
        docs = list(ours.pipe(WRITTEN * 4))
    for doc in docs:
        state, open_label = StateClass(doc), 0
        while not state.is_final():
            at = state.B(0)
            code = _code(state, open_label, doc[at].is_space)
            allowed = [moves.is_valid(state, name) for name in names]
            assert allowed == decoder.allowed[code].tolist(), (doc.text[:40], at, code)
            codes.append(code)
            # Favour opening and continuing entities, so open states are visited often.
            options = [i for i, ok in enumerate(allowed) if ok]
            weights = [1 if names[i] == "O" else 4 for i in options]
            move = chooser.choices(options, weights)[0]
            if names[move][0] == "B":
                open_label = int(decoder.label_of_move[move])
            moves.apply_transition(state, names[move])
    assert len(codes) > 400
    seen = set(codes)
    assert {c for c in seen if c & 1 and c < CLOSED_CODES}, "no whitespace token was met"
    assert len({c for c in seen if c >= CLOSED_CODES}) > 10, "few open entities were met"


def test_a_model_without_a_recogniser_keeps_its_pipeline() -> None:
    nlp = spacy.blank("en")
    assert not use_entity_decoder(nlp)
    assert nlp.pipe_names == []
