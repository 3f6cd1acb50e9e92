"""What every extractor reads: the parsed doc, the document, the knowledge base, earlier outputs."""

from __future__ import annotations

import datetime as dt
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

    def __post_init__(self) -> None:
        for number, sent in enumerate(self.doc.sents):
            self._sent_index[sent.start] = number

    @property
    def published(self) -> dt.date | None:
        return parse_iso_date(self.document.published)

    def place(self, words: str) -> GazetteerEntry | None:
        """Geocode a name, preferring places in the countries the article names."""
        return self.kb.place(words, prefer=self.countries_named())

    def countries_named(self) -> frozenset[str]:
        found = self.outputs.get("_countries_named")
        if found is None:
            found = frozenset(
                code for ent in self.doc.ents if ent.label_ in ("GPE", "NORP", "LOC")
                if (code := self.kb.countries.lookup(ent.text)) is not None
            )
            self.outputs["_countries_named"] = found
        return found

    def sentence_of(self, token: Token) -> int:
        return self._sent_index[token.sent.start]

    def span(self, start: int, end: int, sentence: int) -> Span:
        """A provenance span for characters [start, end) of the document text."""
        return Span(self.document.text[start:end], start, end, sentence)

    def token_span(self, first: Token, last: Token) -> Span:
        return self.span(first.idx, last.idx + len(last.text), self.sentence_of(first))

    def sent_span(self, sent: SpacySpan) -> Span:
        text = sent.text.rstrip()
        return self.span(sent.start_char, sent.start_char + len(text), self._sent_index[sent.start])
