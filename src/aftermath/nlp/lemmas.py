"""Lemmas remembered per word form, part of speech and morphology (#20).

spaCy's rule lemmatizer keeps a cache, but only for the words its rules change: a word
already in its base form (a singular noun, an infinitive, a positive adjective: most
tokens of news copy) is recognised afresh each time, reading the token's morphology into
a dict. That made lemmatizing a tenth of the pipeline's time. The rule lemma is a function
of the form, the part of speech and the morphology alone, so remembering every answer by
those three gives the same lemma for a fraction of the cost.

A word the rules do change is checked against the model's list of known lemmas for its
part of speech; spaCy keeps those as lists, so each check read through thousands of
words. They are only ever asked for membership, so they are held as sets here.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Token

LEMMATIZER = "lemmatizer"
INDEX_TABLE = "lemma_index"  # the lemmatizer's known lemmas per part of speech
# Forms remembered; news text meets new words forever, so the memo is emptied when full.
MAX_FORMS = 200_000


def _remembering(lemmatize: Callable[[Token], list[str]]) -> Callable[[Token], list[str]]:
    memo: dict[tuple[int, int, int], list[str]] = {}

    def remembered(token: Token) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]
        found = memo.get(key)
        if found is None:
            if len(memo) > MAX_FORMS:
                memo.clear()
            found = memo[key] = lemmatize(token)
        return list(found)

    remembered.remembers = True  # type: ignore[attr-defined]
    return remembered


def remember_lemmas(nlp: Language) -> bool:
    """Give the model's rule lemmatizer a memo of every answer; True when it has one."""
    if LEMMATIZER not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe(LEMMATIZER)
    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode != "rule":
        return False
    if not getattr(lemmatizer.lemmatize, "remembers", False):
        lemmatizer.lemmatize = _remembering(lemmatizer.lemmatize)  # type: ignore[assignment]
    index = lemmatizer.lookups.get_table(INDEX_TABLE, None)
    if index is not None:
        for pos in list(index.keys()):
            index[pos] = frozenset(index[pos])
    return True
