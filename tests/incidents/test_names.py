"""Names, not mentions (#19): resolved actor names, code labels, one name per person."""

from __future__ import annotations

import pytest

from aftermath.incidents.names import (
    ActorNames,
    canonical_names,
    code_label,
    display_name,
    is_generic,
    looks_like_code,
)
from aftermath.pipeline import analyze_document
from aftermath.records import ActorRef, Document, Named


@pytest.mark.parametrize(("code", "label"), [
    ("RUSGOV", "Russian government"),
    ("TURCOP", "Turkish police"),
    ("RUSGOVDIP", "Russian diplomats"),
    ("RUS", "Russia"),
    ("---EDU", "analysts"),
    ("IGO", "intergovernmental organisation"),
])
def test_code_label_reads_a_code_as_words(code: str, label: str, kb):
    assert code_label(code, kb) == label


@pytest.mark.parametrize(("words", "code"), [("RUSGOV", True), ("---EDU ---EDU", True),
                                             ("Russia", False), ("he", False)])
def test_looks_like_code_tells_codes_from_words(words: str, code: bool):
    assert looks_like_code(words) is code


@pytest.mark.parametrize(("words", "generic"), [
    ("Russia's ambassador", True), ("Turkish special forces", True), ("Six people", True),
    ("A gunman", True), ("Andrey Karlov", False), ("Ayla Demirkan", False),
])
def test_is_generic_tells_descriptions_from_names(words: str, generic: bool, kb):
    assert is_generic(words, kb) is generic


def test_canonical_names_fold_spellings_of_a_known_person(kb):
    folded = canonical_names(["Erdogan", "President Recep Tayyip Erdogan", "Tayyip Erdogan"],
                             kb)
    assert set(folded.values()) == {"Recep Tayyip Erdogan"}


def test_canonical_names_fold_a_surname_the_kb_does_not_know(kb):
    folded = canonical_names(["Demirkan", "Ayla Demirkan", "police", "Demir"], kb)
    assert folded["Demirkan"] == "Ayla Demirkan"
    assert folded["police"] == "police" and folded["Demir"] == "Demir"


def test_canonical_names_leave_a_surname_of_two_people_alone(kb):
    folded = canonical_names(["Demirkan", "Ayla Demirkan", "Okan Demirkan"], kb)
    assert folded["Demirkan"] == "Demirkan"


@pytest.mark.parametrize(("words", "code", "shown"), [
    ("he", "RUSGOV", "Russian government"), ("RUSGOV", None, "Russian government"),
    ("Tayyip Erdogan", "TURGOV", "Recep Tayyip Erdogan"), ("they", None, None),
])
def test_display_name_never_shows_a_pronoun_or_a_code(words: str, code: str | None,
                                                      shown: str | None, kb):
    assert display_name(words, code, kb) == shown


@pytest.mark.parametrize("text", [
    "Bulgarian police officer Stefan Marinov shot a guard in Sofia on Monday. He fired "
    "three times.",
    "Stefan Marinov, an off-duty Bulgarian police officer, shot a guard in Sofia on Monday. "
    "He fired three times at the gate.",
])
def test_actor_names_resolve_a_pronoun_to_the_best_name_of_its_chain(text: str, nlp, kb):
    analysis = analyze_document(Document("d", text, published="2023-05-08"), nlp, kb)
    start = text.index("He fired")
    he = ActorRef(None, "He", start, start + 2)
    found = ActorNames(analysis, kb).name_of(he)
    assert found == Named("Stefan Marinov", "BGRCOP")
