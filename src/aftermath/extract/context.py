"""What every extractor reads: the parsed doc, the document, the knowledge base, earlier outputs."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from aftermath.knowledge import KnowledgeBase
from aftermath.knowledge.places import GazetteerEntry
from aftermath.nlp.dates import parse_iso_date
from aftermath.records import Document, Span


@dataclass(slots=True)
class DocContext:
    doc: Doc
    document: Document
    kb: KnowledgeBase
    outputs: dict[str, Any] = field(default_factory=dict)
    _sent_index: dict[int, int] = field(default_factory=dict)
    # Sentence number of every token, and the sentences: `token.sent` walks the sentence
    # to find its edges, so a lookup per word costs the square of a long sentence's length.
    _sents: list[SpacySpan] = field(default_factory=list)
    _sent_of_token: list[int] = field(default_factory=list)
    # The entities, made once: `doc.ents` builds a new tuple of spans on every call, so a
    # lookup per word that reads it costs the square of the document's length (#18).
    _ents: tuple[SpacySpan, ...] = ()
    _ent_starts: list[int] = field(default_factory=list)
    _ent_of_token: dict[int, SpacySpan] = field(default_factory=dict)
    # The doc's tokens and their forms, made once: each pass of `for token in doc` makes
    # a new Token object per word, and the extractors made a dozen passes per document,
    # a quarter of their time (#20).
    tokens: list[Token] = field(default_factory=list)
    lowers: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    doc_text: str = ""  # `doc.text` joins every token again on each read

    def __post_init__(self) -> None:
        self.tokens = list(self.doc)
        self.lowers = [token.lower_ for token in self.tokens]
        self.texts = [token.text for token in self.tokens]
        self.doc_text = self.doc.text
        for number, sent in enumerate(self.doc.sents):
            self._sent_index[sent.start] = number
            self._sents.append(sent)
            self._sent_of_token.extend([number] * (sent.end - sent.start))
        self._ents = tuple(self.doc.ents)
        self._ent_starts = [ent.start for ent in self._ents]
        for ent in self._ents:
            for i in range(ent.start, ent.end):
                self._ent_of_token[i] = ent

    @property
    def published(self) -> dt.date | None:
        return parse_iso_date(self.document.published)

    @property
    def ents(self) -> tuple[SpacySpan, ...]:
        """The doc's named entities in order, as `doc.ents` gives them (made once)."""
        return self._ents

    def ent_at(self, i: int) -> SpacySpan | None:
        """The entity that covers token `i`, if any."""
        return self._ent_of_token.get(i)

    def ents_starting(self, start: int, end: int) -> tuple[SpacySpan, ...]:
        """The entities whose first token lies in [start, end), in order: the entities of a
        sentence (`sent.start, sent.end`) without reading every entity of the document."""
        first = bisect_left(self._ent_starts, start)
        last = bisect_left(self._ent_starts, end, lo=first)
        return self._ents[first:last]

    def ents_covering(self, tokens: Iterable[int]) -> list[SpacySpan]:
        """The entities that cover any of `tokens` (ascending token indexes), in order:
        every entity whose root is among the tokens is among them, found without reading
        the document's other entities."""
        found: list[SpacySpan] = []
        for i in tokens:
            ent = self._ent_of_token.get(i)
            if ent is not None and (not found or found[-1] is not ent):
                found.append(ent)
        return found

    def place(self, words: str) -> GazetteerEntry | None:
        """Geocode a name, preferring places in the countries the article names."""
        return self.kb.place(words, prefer=self.countries_named())

    def countries_named(self) -> frozenset[str]:
        found = self.outputs.get("_countries_named")
        if found is None:
            found = frozenset(
                code for ent in self._ents if ent.label_ in ("GPE", "NORP", "LOC")
                if (code := self.kb.countries.lookup(ent.text)) is not None
            )
            self.outputs["_countries_named"] = found
        return found

    def sentence_of(self, token: Token) -> int:
        return self._sent_of_token[token.i]

    def sent_of(self, token: Token) -> SpacySpan:
        """The sentence holding `token` (as `token.sent`, without walking the sentence)."""
        return self._sents[self._sent_of_token[token.i]]

    def span(self, start: int, end: int, sentence: int) -> Span:
        """A provenance span for characters [start, end) of the document text."""
        return Span(self.document.text[start:end], start, end, sentence)

    def token_span(self, first: Token, last: Token) -> Span:
        return self.span(first.idx, last.idx + len(last.text), self.sentence_of(first))

    def sent_span(self, sent: SpacySpan) -> Span:
        # The doc's characters, not `sent.text` (which joins the sentence's tokens again);
        # the same string once trailing space is stripped.
        text = self.doc_text[sent.start_char:sent.end_char].rstrip()
        return self.span(sent.start_char, sent.start_char + len(text), self._sent_index[sent.start])
