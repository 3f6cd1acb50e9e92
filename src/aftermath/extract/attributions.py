"""Attributions: who said what — direct quotes, indirect speech, reporting nouns, "according to".

A quote's speaker is the subject of the nearest reporting verb outside the quote in the
same sentence or the one after ("...," he said); both halves of a split quote ("X," he
said, "Y") take the same cue. Indirect speech is a reporting verb with a clausal
complement, an appeal or intention with its to-clause ("urged voters to stay home"), or a
verb of judgement with its object ("criticised the decision"). Reporting nouns take their
that-clause ("the ministry's claim that ..."). A line that opens with a short name and a
colon is a transcript turn ("PENCE: Well, look ..."). Speakers resolve through the actor
mentions, so "he" and "a Kremlin representative" carry codes; a cue with no subject of its
own ("..., saying that ...") inherits the subject of the verb it hangs from.
"""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from aftermath.extract.context import DocContext
from aftermath.extract.mentions import MentionIndex
from aftermath.records import ActorRef, Attribution
from aftermath.registry import extractors

# Quotation marks: straight or curly, mixed as writers mix them ("...”), and the ''...''
# or ``...'' of wire copy. A quote ends at its paragraph; the next paragraph reopens it.
QUOTE_RE = re.compile(r'[“"]([^“”"\n]{2,}?)[”"]|(?:\'\'|``)((?:(?!\'\')[^\n]){2,}?)\'\'')
# A transcript turn or a headline quote: a short name, a colon, then the words.
COLON_RE = re.compile(
    r"^[ \"“]*([A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}): +(\S[^\n]{8,})$", re.M)
# A quotation signed with a dash and a name: “...” ― Jorge Falcon
SIGNATURE_RE = re.compile(r"\s*([―—])\s*([A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3})")
# Quotes shorter than this many words that do not end a sentence are scare quotes
# ('called the plan "a con"'), not quotations.
MIN_QUOTE_WORDS = 4
# A cue further than this from both ends of its quote is about something else.
MAX_CUE_DISTANCE = 160
# Prepositions whose object is what a cue verb is about ("called for", "warned against").
CONTENT_PREPS = frozenset({"for", "about", "against", "on"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Dependencies of the words that qualify a speaker's name or noun ("Turkish", "Interior
# Minister", "the"), which belong to the speaker's words.
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "det", "nummod"})
# Dependencies by which a cue without a subject hangs from a verb that has one.
# "acomp": "Democrats will be sure to accuse ...", the copula's subject speaks (#13).
INHERIT_DEPS = frozenset({"conj", "advcl", "xcomp", "pcomp", "ccomp", "acomp"})


def speaker_ref(subject: Token | None, index: MentionIndex) -> ActorRef | None:
    """The speaker as an actor reference: its mention when resolved, else the raw words."""
    if subject is None:
        return None
    mention = index.for_argument(subject)
    if mention is not None and index.at(subject) is None and any(
        c.dep_ == "poss" and mention.start_i <= c.i < mention.end_i for c in subject.children
    ):
        mention = None  # "the ambassador's widow said": the widow speaks, not the ambassador
    if mention is not None:
        return _with_modifiers(subject, index.ref(subject.doc, mention), mention.start_i,
                               mention.end_i)
    clauses = {t.i for c in subject.children if c.dep_ in ("relcl", "acl")
               for t in c.subtree}
    tokens = [t for t in subject.subtree
              if t.i not in clauses and not t.is_punct and "\n" not in t.text]
    tokens = _contiguous(subject, tokens)
    first, last = tokens[0], tokens[-1]
    span = subject.doc[first.i : last.i + 1]
    return ActorRef(None, span.text, span.start_char, span.end_char)


def _with_modifiers(subject: Token, ref: ActorRef, start: int, end: int) -> ActorRef:
    """The actor's words with the modifiers its noun phrase gives it: "Republican
    presidential candidate Kasich", "JPMorgan Chief Executive Jamie Dimon", "Russian
    hackers" (#13). The code stays the mention's; only the words grow, never past a
    comma, a clause or a preposition."""
    if subject.i < start:
        return ref  # "followers of the movement": the words would cross a preposition
    first = start
    while first > subject.left_edge.i and subject.doc[first - 1].dep_ in MODIFIER_DEPS and (
        subject.doc[first - 1].head.i in range(first, max(end, subject.i + 1))
    ):
        first -= 1
    last = max(end, subject.i + 1) if subject.i >= end and all(
        subject.doc[i].dep_ in MODIFIER_DEPS for i in range(end, subject.i)) else end
    if (first, last) == (start, end):
        return ref
    span = subject.doc[first:last]
    return ActorRef(ref.code, span.text, span.start_char, span.end_char)


def _contiguous(head: Token, tokens: list[Token]) -> list[Token]:
    """The run of `tokens` around `head` without gaps (a subtree can cross a clause)."""
    positions = {t.i for t in tokens} | {head.i}
    first = last = head.i
    while first - 1 in positions:
        first -= 1
    while last + 1 in positions:
        last += 1
    return [head.doc[i] for i in range(first, last + 1)]


def _subject_of(verb: Token) -> Token | None:
    """The cue's own subject, else the subject of the verb or noun it depends on."""
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        # "was criticised by Y": the agent speaks; without one, nobody we can name
        return next((g for c in verb.children if c.dep_ == "agent"
                     for g in c.children if g.dep_ == "pobj"), None)
    node = verb
    for _ in range(4):
        subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.lower_ in RELATIVE_PRONOUNS:
            # "lawmakers, who had said ...": the relative clause's head speaks
            return node.head if node.dep_ == "relcl" else None
        if subject is not None:
            return None if subject.dep_ == "expl" else subject
        if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN"):
            return node.head  # "tweets accusing Clinton of ..."
        if node.dep_ not in INHERIT_DEPS or node.head == node:
            return None
        if node.dep_ == "xcomp":  # "prompting Democrats to accuse them": object control
            controller = next((c for c in node.head.children if c.dep_ == "dobj"), None)
            if controller is not None:
                return controller
        node = node.head if node.dep_ != "pcomp" else node.head.head
    return None


def _is_cue(token: Token, ctx: DocContext) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in ctx.kb.cues.reporting_verbs


def _quotes(text: str) -> list[tuple[int, int]]:
    found = []
    for match in QUOTE_RE.finditer(text):
        group = next(g for g in (1, 2) if match.group(g) is not None)
        found.append((match.start(group), match.end(group)))
    return found


def _is_scare_quote(words: str) -> bool:
    stripped = words.strip()
    return len(stripped.split()) < MIN_QUOTE_WORDS and not stripped.endswith(("!", "?"))


def _direct(ctx: DocContext, index: MentionIndex,
            quotes: list[tuple[int, int]]) -> list[Attribution]:
    doc, text = ctx.doc, ctx.document.text
    attributions = []
    for start, end in quotes:
        if _is_scare_quote(text[start:end]):
            continue
        first = doc.char_span(start, end, alignment_mode="expand")
        if first is None:
            continue
        inside = set(range(first.start - 1, first.end + 1))
        own = {first[0].sent.start: first[0].sent, first[-1].sent.start: first[-1].sent}
        after = first[-1].sent.end
        following = [doc[after].sent] if after < len(doc) else []
        cues = []
        for sentences in (list(own.values()), following):  # the quote's own sentences first
            cues = [t for sent in sentences for t in sent
                    if t.i not in inside and _is_cue(t, ctx)
                    and not any(s <= t.idx < e for s, e in quotes)]
            if cues:
                break
        if not cues:
            signed = _signature(ctx, index, start, end, first)
            if signed is not None:
                attributions.append(signed)
            continue
        cue = min(cues, key=lambda t: min(abs(t.idx - end), abs(t.idx - start)))
        if min(abs(cue.idx - end), abs(cue.idx - start)) > MAX_CUE_DISTANCE:
            continue
        attributions.append(Attribution(
            speaker=speaker_ref(_subject_of(cue), index),
            cue=ctx.span(cue.idx, cue.idx + len(cue.text), ctx.sentence_of(cue)),
            content=ctx.span(start, end, ctx.sentence_of(first[0])),
            direct=True,
            evidence=ctx.sent_span(first[0].sent),
        ))
    return attributions


def _named_speaker(ctx: DocContext, index: MentionIndex, name: SpacySpan,
                   match: re.Match[str], group: int) -> ActorRef:
    """The actor a signed or transcript name refers to, else the name as an uncoded ref."""
    mention = index.for_argument(name.root)
    if mention is not None:
        return index.ref(ctx.doc, mention)
    return ActorRef(None, match.group(group), match.start(group), match.end(group))


def _signature(ctx: DocContext, index: MentionIndex, start: int, end: int,
               quote: SpacySpan) -> Attribution | None:
    """“...” ― Name: the dash is the cue and the name after it the speaker."""
    match = SIGNATURE_RE.match(ctx.document.text, end + 1)
    if match is None:
        return None
    name = ctx.doc.char_span(match.start(2), match.end(2), alignment_mode="expand")
    if name is None:
        return None
    speaker = _named_speaker(ctx, index, name, match, 2)
    return Attribution(
        speaker=speaker,
        cue=ctx.span(match.start(1), match.end(1), ctx.sentence_of(name[0])),
        content=ctx.span(start, end, ctx.sentence_of(quote[0])),
        direct=True,
        evidence=ctx.sent_span(quote[0].sent),
    )


def _is_naming(token: Token) -> bool:
    """"a group called Lashkar", "what he calls tribalism": naming, not a statement."""
    if token.lemma_.lower() != "call":
        return False
    return token.dep_ == "acl" or any(c.lower_ == "what" for c in token.children)


def _content_of(token: Token, ctx: DocContext) -> list[Token]:
    """The words a cue verb reports: its clause, to-clause or object, by the kind of verb.

    A parenthetical cue ("Protest, Mr. Obama said, is patriotic") reports the clause it
    interrupts: the head's words without the cue's own.
    """
    cues = ctx.kb.cues
    lemma = token.lemma_.lower()
    roots = [c for c in token.children if c.dep_ == "ccomp"]
    if not roots and lemma in cues.intention_verbs:
        roots = [c for c in token.children if c.dep_ == "xcomp"]
        if roots:
            roots = [c for c in token.children if c.dep_ == "dobj"] + roots
    if not roots and lemma in cues.evaluation_verbs:
        roots = [c for c in token.children if c.dep_ in ("dobj", "xcomp", "oprd", "nsubjpass")]
    if not roots:  # "called for tax cuts", "complained about the microphone"
        roots = [g for c in token.children if c.dep_ == "prep" and c.lower_ in CONTENT_PREPS
                 for g in c.children if g.dep_ in ("pobj", "pcomp")]
    if roots:
        return [t for root in roots for t in root.subtree]
    if token.dep_ == "parataxis" and lemma in cues.reporting_verbs:
        own = {t.i for t in token.subtree}
        return [t for t in token.head.subtree if t.i not in own and t.sent == token.sent]
    return []


def _indirect(
    ctx: DocContext, index: MentionIndex, quotes: list[tuple[int, int]],
    direct: list[tuple[int, int]],
) -> list[Attribution]:
    attributions = []
    cues = ctx.kb.cues
    verbs = cues.reporting_verbs | cues.evaluation_verbs | cues.intention_verbs
    for token in ctx.tokens:
        if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in verbs:
            continue
        if any(s <= token.idx < e for s, e in quotes):
            continue  # a verb inside a quotation belongs to the quoted speaker's words
        if _is_naming(token):
            continue
        content_tokens = [t for t in _content_of(token, ctx) if not t.is_punct]
        if not content_tokens:
            continue
        first = min(content_tokens, key=lambda t: t.i)
        if any(s - 1 <= first.idx < e + 1 for s, e in direct):
            continue  # the quote (or its opening mark) is already a direct attribution
        last = max(content_tokens, key=lambda t: t.i)
        attributions.append(_reported(ctx, index, token, _subject_of(token), first, last))
    return attributions


def _reported(ctx: DocContext, index: MentionIndex, cue: Token, speaker: Token | None,
              first: Token, last: Token) -> Attribution:
    """An indirect attribution cued by one word, its content from `first` to `last` without
    trailing punctuation."""
    while last.is_punct and last.i > first.i:
        last = last.doc[last.i - 1]
    return Attribution(
        speaker=speaker_ref(speaker, index),
        cue=ctx.span(cue.idx, cue.idx + len(cue.text), ctx.sentence_of(cue)),
        content=ctx.token_span(first, last),
        direct=False,
        evidence=ctx.sent_span(cue.sent),
    )


def _noun_speaker(noun: Token) -> Token | None:
    """Whose claim: "Moscow's claim", "the claim by Moscow", "a claim from the ministry"."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _reporting_nouns(ctx: DocContext, index: MentionIndex) -> list[Attribution]:
    attributions = []
    for token in ctx.tokens:
        if token.pos_ != "NOUN" or token.lemma_.lower() not in ctx.kb.cues.reporting_nouns:
            continue
        clause = next((c for c in token.children if c.dep_ in ("acl", "ccomp", "appos")
                       and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)),
                      None)
        if clause is None:
            continue
        tokens = list(clause.subtree)
        first = next(t for t in tokens if t.lower_ == "that")
        last = max(tokens, key=lambda t: t.i)
        attributions.append(_reported(ctx, index, token, _noun_speaker(token), first, last))
    return attributions


def _colon_turns(ctx: DocContext, index: MentionIndex) -> list[Attribution]:
    attributions = []
    text = ctx.document.text
    for match in COLON_RE.finditer(text):
        name = ctx.doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        words = ctx.doc.char_span(match.start(2), match.end(2), alignment_mode="expand")
        if name is None or words is None or not any(
            t.pos_ == "PROPN" or t.is_upper or t.is_title for t in name
        ):
            continue
        speaker = _named_speaker(ctx, index, name, match, 1)
        colon = match.end(1)
        end = match.end(2) - (len(match.group(2)) - len(match.group(2).rstrip()))
        attributions.append(Attribution(
            speaker=speaker,
            cue=ctx.span(colon, colon + 1, ctx.sentence_of(name[-1])),
            content=ctx.span(match.start(2), end, ctx.sentence_of(words[0])),
            direct=True,
            evidence=ctx.sent_span(words[0].sent),
        ))
    return attributions


def _according_to(ctx: DocContext, index: MentionIndex) -> list[Attribution]:
    attributions = []
    for token in ctx.tokens:
        if token.lower_ != "according":
            continue
        to = next((c for c in token.children if c.lower_ == "to"), None)
        if to is None:
            continue
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
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
    """Direct quotes, indirect speech, reporting nouns and "according to", with speakers."""
    index: MentionIndex = ctx.outputs["mentions"]
    quotes = _quotes(ctx.document.text)
    direct = _direct(ctx, index, quotes) + _colon_turns(ctx, index)
    quoted = [(a.content.start, a.content.end) for a in direct]
    found = (direct + _indirect(ctx, index, quotes, quoted) + _reporting_nouns(ctx, index)
             + _according_to(ctx, index))
    return tuple(sorted(found, key=lambda a: (a.content.start, a.cue.start)))
