"""The attribute rules by lookup and the remembered lemmas give exactly what the model's own
ruler and lemmatizer give (#20)."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from aftermath.nlp.attributes import FACTORY, RULER, use_attribute_rules
from aftermath.nlp.lemmas import remember_lemmas
from aftermath.nlp.model import DEFAULT_MODEL, load_model

DEMO = Path(__file__).resolve().parents[2] / "demo" / "articles"
REUTERS = (Path(__file__).resolve().parents[3] / "shared" / "data" / "reuters-isot"
           / "isot_true_text_subset.csv.gz")

# Sentences written to reach the ruler's rarer patterns: contractions it lemmatises,
# pronouns whose case follows their dependency, auxiliaries, "but" as an adverb,
# whitespace tokens, determiners standing alone.
TRICKY = [
    "Y'all gonna see it. Let's go, c'mon! There is nothin' left and we gotta leave.",
    "I ain't sure; it isn't mine. You are late, I'm early, they've gone.",
    "She saw me and I saw you; it told him, and he gave it to you and to I.",
    "Do you have the papers? He did. Has she? They do, and we had, but only just.",
    "It gets worse.  He got one.\n\nThat is all, and those who stay will see.",
    "Whether or not the talks resume, the envoy said that he would return once invited.",
]


def _annotations(doc: Doc) -> list[tuple[str, str, str, int, str, str]]:
    return [(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, str(t.morph)) for t in doc]


@pytest.fixture(scope="module")
def pair() -> tuple[Language, Language]:
    """The model as shipped, and the same model with the lookup in the ruler's place and
    its lemmas remembered."""
    shipped, ours = spacy.load(DEFAULT_MODEL), spacy.load(DEFAULT_MODEL)
    assert use_attribute_rules(ours)
    assert remember_lemmas(ours)
    assert ours.pipe_names == shipped.pipe_names
    return shipped, ours


def _same(pair: tuple[Language, Language], texts: list[str]) -> None:
    shipped, ours = pair
    for text, expected, got in zip(texts, shipped.pipe(texts), ours.pipe(texts), strict=True):
        assert _annotations(got) == _annotations(expected), text[:80]


def test_the_lookup_equals_the_ruler_on_rare_patterns(pair: tuple[Language, Language]) -> None:
    _same(pair, TRICKY)


def test_the_lookup_equals_the_ruler_on_the_demo_corpus(pair: tuple[Language, Language]
                                                        ) -> None:
    texts = [path.read_text("utf-8") for path in sorted(DEMO.glob("*.txt"))]
    assert len(texts) > 20
    _same(pair, texts)


def test_the_lookup_equals_the_ruler_on_real_wire_copy(pair: tuple[Language, Language]
                                                       ) -> None:
    if not REUTERS.is_file():
        pytest.skip(f"{REUTERS} not found (evaluation data is not bundled)")
    with gzip.open(REUTERS, "rb") as handle:
        rows = csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8"))
        texts = [row["text"] for row, _ in zip(rows, range(60), strict=False) if row["text"]]
    _same(pair, texts)


def test_loading_puts_the_lookup_in_place() -> None:
    nlp = load_model()
    assert RULER in nlp.pipe_names
    assert nlp.get_pipe_meta(RULER).factory == FACTORY


def _blank_with(patterns: list[dict]) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns(patterns)
    return nlp


def test_a_later_pattern_overrides_an_earlier_one_on_the_same_token() -> None:
    patterns = [
        {"patterns": [[{"LOWER": "talks"}]], "attrs": {"LEMMA": "talk", "POS": "NOUN"}},
        {"patterns": [[{"LOWER": "peace"}, {"LOWER": "talks"}]], "attrs": {"POS": "PROPN"},
         "index": 1},
        {"patterns": [[{"LOWER": {"IN": ["talks", "meets"]}}]], "attrs": {"LEMMA": "TALK"}},
    ]
    shipped, ours = _blank_with(patterns), _blank_with(patterns)
    assert use_attribute_rules(ours)
    text = "Peace talks resume; talks end."
    assert [(t.pos_, t.lemma_) for t in ours(text)] == [(t.pos_, t.lemma_) for t in shipped(text)]
    assert [(t.pos_, t.lemma_) for t in ours(text)][1] == ("PROPN", "TALK")


def test_a_pattern_it_cannot_read_leaves_the_ruler_in_place() -> None:
    patterns = [{"patterns": [[{"LOWER": "very", "OP": "+"}]], "attrs": {"POS": "ADV"}}]
    nlp = _blank_with(patterns)
    assert not use_attribute_rules(nlp)
    assert nlp.get_pipe_meta(RULER).factory == "attribute_ruler"


def test_remembered_lemmas_equal_the_lemmatizers(pair: tuple[Language, Language]) -> None:
    shipped, ours = pair
    assert remember_lemmas(ours)  # a second call keeps the one memo
    texts = [path.read_text("utf-8") for path in sorted(DEMO.glob("*.txt"))] + TRICKY
    twice = texts + texts  # the second pass reads the memo
    for expected, got in zip(shipped.pipe(twice), ours.pipe(twice), strict=True):
        assert [t.lemma_ for t in got] == [t.lemma_ for t in expected]


def test_loading_remembers_lemmas() -> None:
    lemmatizer = load_model().get_pipe("lemmatizer")
    assert getattr(lemmatizer.lemmatize, "remembers", False)
