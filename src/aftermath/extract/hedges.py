"""Hedge cues: the words by which a writer or speaker holds back from a claim.

"may", "allegedly", "is believed to", "whether", "no evidence": the lexicon lives in
`knowledge/data/cues.yaml` (`hedge_cues`). An entry is a word form or lemma ("believe"),
a word restricted to a part-of-speech tag prefix ("may/MD", so the month May is not a
hedge), a form that must not match through its lemma ("=consider", so "considering" is
not a hedge), or a phrase of several words matched on lower-case forms ("whether or not").
Phrases win over the single words inside them. Needs only the tagger and lemmatizer, so the
Szeged evaluation can run without the parser.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token


@dataclass(frozen=True, slots=True)
class HedgeLexicon:
    words: dict[str, tuple[str, ...]]  # form or lemma -> tag prefixes ("" = any tag)
    forms: frozenset[str]  # matched on the word form only
    phrases: tuple[tuple[str, ...], ...]  # longest first


@lru_cache(maxsize=8)
def compile_lexicon(entries: tuple[str, ...]) -> HedgeLexicon:
    words: dict[str, list[str]] = {}
    forms: set[str] = set()
    phrases = []
    for entry in entries:
        if " " in entry:
            phrases.append(tuple(entry.split()))
            continue
        if entry.startswith("="):
            forms.add(entry[1:])
            continue
        word, _, tag = entry.partition("/")
        words.setdefault(word, []).append(tag.upper())
    return HedgeLexicon(
        {word: tuple(tags) for word, tags in words.items()},
        frozenset(forms),
        tuple(sorted(phrases, key=len, reverse=True)),
    )


def _word_is_cue(token: Token, lexicon: HedgeLexicon) -> bool:
    if token.lower_ in lexicon.forms:
        return True
    for key in (token.lower_, token.lemma_.lower()):
        tags = lexicon.words.get(key)
        if tags is not None and any(token.tag_.startswith(tag) for tag in tags):
            return True
    return False


def find_hedge_cues(
    tokens: Sequence[Token] | Doc, lexicon: HedgeLexicon
) -> list[tuple[int, int]]:
    """(first, last) token indices of each hedge cue among `tokens`, in order."""
    found: list[tuple[int, int]] = []
    lowered = [t.lower_ for t in tokens]
    position = 0
    while position < len(tokens):
        phrase = next((p for p in lexicon.phrases
                       if tuple(lowered[position : position + len(p)]) == p), None)
        if phrase is not None:
            found.append((tokens[position].i, tokens[position + len(phrase) - 1].i))
            position += len(phrase)
            continue
        if _word_is_cue(tokens[position], lexicon):
            found.append((tokens[position].i, tokens[position].i))
        position += 1
    return found
