"""Attributions: who said what — direct quotes, indirect speech and "according to X".

A quote's speaker is the subject of the nearest reporting verb outside the quote in the
same sentence or the one after ("...," he said). Indirect speech is a reporting verb with a
clausal complement. Speakers resolve through the actor mentions, so "he" and "a Kremlin
representative" carry codes.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from aftermath.extract.actors import MentionIndex
from aftermath.extract.context import DocContext
from aftermath.records import ActorRef, Attribution
from aftermath.registry import extractors

QUOTE_RE = re.compile(r'"([^"\n]{2,}?)"|“([^”]{2,}?)”')


def speaker_ref(subject: Token | None, index: MentionIndex) -> ActorRef | None:
    """The speaker as an actor reference: its mention when resolved, else the raw words."""
    if subject is None:
        return None
    mention = index.for_argument(subject)
    if mention is not None:
        return index.ref(subject.doc, mention)
    tokens = [t for t in subject.subtree if t.dep_ not in ("relcl", "punct")]
    first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
    span = subject.doc[first.i : last.i + 1]
    return ActorRef(None, span.text, span.start_char, span.end_char)


def _subject_of(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _is_cue(token: Token, ctx: DocContext) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in ctx.kb.cues.reporting_verbs


def _direct(ctx: DocContext, index: MentionIndex) -> list[Attribution]:
    doc, text = ctx.doc, ctx.document.text
    quotes = [
        (m.start(1) if m.group(1) is not None else m.start(2),
         m.end(1) if m.group(1) is not None else m.end(2))
        for m in QUOTE_RE.finditer(text)
    ]
    attributions = []
    for start, end in quotes:
        first = doc.char_span(start, end, alignment_mode="expand")
        if first is None:
            continue
        sentences = {first[0].sent.start: first[0].sent, first[-1].sent.start: first[-1].sent}
        after = first[-1].sent.end
        if after < len(doc):
            sentences.setdefault(doc[after].sent.start, doc[after].sent)
        inside = set(range(first.start - 1, first.end + 1))
        cues = [
            t for sent in sentences.values() for t in sent
            if t.i not in inside and _is_cue(t, ctx)
            and not any(s <= t.idx < e for s, e in quotes)
        ]
        if not cues:
            continue
        cue = min(cues, key=lambda t: min(abs(t.idx - end), abs(t.idx - start)))
        if abs(cue.idx - end) > 160 and abs(cue.idx - start) > 160:
            continue
        sentence = ctx.sentence_of(first[0])
        attributions.append(Attribution(
            speaker=speaker_ref(_subject_of(cue), index),
            cue=ctx.span(cue.idx, cue.idx + len(cue.text), ctx.sentence_of(cue)),
            content=ctx.span(start, end, sentence),
            direct=True,
            evidence=ctx.sent_span(first[0].sent),
        ))
    return attributions


def _indirect(
    ctx: DocContext, index: MentionIndex, quoted: list[tuple[int, int]]
) -> list[Attribution]:
    attributions = []
    for token in ctx.doc:
        if not _is_cue(token, ctx) or any(s <= token.idx < e for s, e in quoted):
            continue
        complements = [c for c in token.children if c.dep_ in ("ccomp", "xcomp")]
        if token.lemma_.lower() in ("say", "tell", "claim", "allege", "insist", "suggest"):
            complements = [c for c in complements if c.dep_ == "ccomp"] or complements
        complements = [c for c in complements if c.dep_ == "ccomp"]
        if not complements:
            continue
        content_tokens = [t for c in complements for t in c.subtree]
        first = min(content_tokens, key=lambda t: t.i)
        last = max(content_tokens, key=lambda t: t.i)
        if any(s - 1 <= first.idx < e + 1 for s, e in quoted):
            continue  # the quote (or its opening mark) is already a direct attribution
        attributions.append(Attribution(
            speaker=speaker_ref(_subject_of(token), index),
            cue=ctx.span(token.idx, token.idx + len(token.text), ctx.sentence_of(token)),
            content=ctx.token_span(first, last),
            direct=False,
            evidence=ctx.sent_span(token.sent),
        ))
    return attributions


def _according_to(ctx: DocContext, index: MentionIndex) -> list[Attribution]:
    attributions = []
    for token in ctx.doc:
        if token.lower_ != "according":
            continue
        to = next((c for c in token.children if c.lower_ == "to"), None)
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        if source is None:
            continue
        phrase = list(token.subtree)
        sent = token.sent
        rest = [t for t in sent if t not in phrase and not t.is_punct]
        if not rest:
            continue
        first, last = rest[0], rest[-1]
        attributions.append(Attribution(
            speaker=speaker_ref(source, index),
            cue=ctx.span(token.idx, to.idx + len(to.text), ctx.sentence_of(token)),
            content=ctx.token_span(first, last),
            direct=False,
            evidence=ctx.sent_span(sent),
        ))
    return attributions


@extractors.register("attributions.cue_rules.v1", requires=("actors",), produces="attributions")
def extract_attributions(ctx: DocContext) -> tuple[Attribution, ...]:
    """Direct quotes, indirect speech and "according to" attributions with speakers."""
    index: MentionIndex = ctx.outputs["mentions"]
    direct = _direct(ctx, index)
    quoted = [(a.content.start, a.content.end) for a in direct]
    found = direct + _indirect(ctx, index, quoted) + _according_to(ctx, index)
    return tuple(sorted(found, key=lambda a: (a.content.start, a.cue.start)))
