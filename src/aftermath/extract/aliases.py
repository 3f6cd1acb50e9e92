"""Where the knowledge base's names and aliases occur in a document (#20).

Every alias is kept as the words the tokenizer makes of it, filed under its first word:
case-folded, except all-capital acronyms ("IS", "US", "MIT" must not match "is", "us") and
one-word names ("Mattis", "Peskov": in lower case they may be ordinary words, #17), which
match only as written (or in capitals). A document's words are looked up one position at
a time, and every alias that fits there is a match, nested and overlapping ones included.

spaCy's PhraseMatcher gave the same matches, but its trie of 25,000 aliases took 140 MB in
the parent, which every forked worker counted again in its resident memory, and a second
to build before the workers could start. Strings in a dict take a few MB.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import spacy
from spacy.tokenizer import Tokenizer

from aftermath.knowledge import KnowledgeBase
from aftermath.knowledge.cache import cached, table_path
from aftermath.knowledge.derived import derived

Words = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AliasIndex:
    """Aliases by first word: `folded` compared in lower case, `exact` as written."""

    folded: dict[str, tuple[Words, ...]]
    exact: dict[str, tuple[Words, ...]]

    def matches(self, lowers: Sequence[str], texts: Sequence[str]) -> list[tuple[int, int]]:
        """(start, end) token offsets of every alias occurrence in a document, given each
        token's lower-case form and text (`DocContext.lowers`, `.texts`)."""
        return _find(self.folded, lowers) + _find(self.exact, texts)


def _find(index: dict[str, tuple[Words, ...]], words: Sequence[str]) -> list[tuple[int, int]]:
    found = []
    for start, word in enumerate(words):
        for alias in index.get(word, ()):
            end = start + len(alias)
            if end <= len(words) and tuple(words[start:end]) == alias:
                found.append((start, end))
    return found


def _filed(aliases: Iterable[Words]) -> dict[str, tuple[Words, ...]]:
    filed: dict[str, set[Words]] = {}
    for words in aliases:
        if words:
            filed.setdefault(words[0], set()).add(words)
    return {first: tuple(sorted(group)) for first, group in filed.items()}


def _aliases(kb: KnowledgeBase) -> list[str]:
    return [alias for entity in kb.aliases.values() for alias in (entity.name, *entity.aliases)]


def build_alias_index(aliases: Sequence[str]) -> AliasIndex:
    """The index of these aliases, each split into words by spaCy's English tokenizer."""
    tokenizer: Tokenizer = spacy.blank("en").tokenizer
    folded: list[Words] = []
    exact: list[Words] = []
    for alias, tokens in zip(aliases, tokenizer.pipe(aliases), strict=True):
        words = tuple(t.text for t in tokens)
        if alias.isupper() and len(alias) <= 5:
            exact.append(words)
        elif len(words) == 1 and alias[:1].isupper():
            exact += [(alias,), (alias.upper(),)]
        else:
            folded.append(tuple(word.lower() for word in words))
    return AliasIndex(_filed(folded), _filed(exact))


def _stored_alias_index(kb: KnowledgeBase) -> AliasIndex:
    """The index, kept between runs in the knowledge cache (#20): tokenising 25,000 aliases
    took 0.4 s of the ingest's start-up, before its workers could fork. The file's name
    carries a digest of every alias and of spaCy's version (whose tokenizer splits them)."""
    aliases = _aliases(kb)
    digest = hashlib.sha256("\0".join([spacy.about.__version__, *aliases]).encode()).hexdigest()
    return cached(table_path("alias-index", digest), lambda: build_alias_index(aliases),
                  valid=lambda found: isinstance(found, AliasIndex))


def alias_index(kb: KnowledgeBase) -> AliasIndex:
    """The knowledge base's alias index, built once per knowledge base."""
    return derived(kb.aliases, "alias_index", lambda _: _stored_alias_index(kb))
