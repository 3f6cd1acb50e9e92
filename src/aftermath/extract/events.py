"""Events: who did what to whom, coded in PLOVER and CAMEO, from verb and noun patterns.

Arguments come from the dependency parse (active and passive voice, prepositional targets,
conjoined actors, xcomp chains); status from negation, modality and reporting frames;
dates from the sentence (else the publication date); places from the event's own phrase.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from aftermath.extract.actors import Mention, MentionIndex
from aftermath.extract.context import DocContext
from aftermath.extract.frames import Frame, framed_code, is_conflictual
from aftermath.extract.places import find_place, place_entity
from aftermath.knowledge.events import EventPattern
from aftermath.nlp.dates import offset_date, resolve_date
from aftermath.records import ActorKind, Event, EventStatus, Granularity, ResolvedDate
from aftermath.registry import extractors

MODALS = frozenset({"will", "would", "could", "may", "might", "should", "can", "must", "shall"})
# Heads whose xcomp/ccomp complement is not (yet) a fact: "threatened to retaliate".
HYPOTHETICAL_HEADS = frozenset(
    {"threaten", "plan", "want", "vow", "intend", "seek", "try", "hope", "promise", "pledge",
     "propose", "offer", "prepare", "consider", "aim", "expect", "wish", "urge", "call", "ask",
     "demand", "refuse", "decide", "agree", "warn", "fail"}
)
NEGATING_HEADS = frozenset({"deny", "refuse", "fail", "reject"})
REPORTING_HEADS = frozenset(
    {"say", "tell", "claim", "allege", "report", "state", "announce", "confirm", "add",
     "believe", "think", "suggest", "insist", "write", "note", "argue", "accuse"}
)
# Types whose conjoined subjects act on each other when no target is named.
RECIPROCAL_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
# ... except acts one side does for others: visiting, hosting, mediating.
ONE_SIDED_CODES = frozenset({"042", "043", "045"})
# Nominals of acts with no object: "of X" names who acts ("the withdrawal of the troops").
OF_IS_ACTOR_TYPES = frozenset({"RETREAT", "MOBILIZE", "PROTEST"})
# Confidence by which arguments were coded: both, one, none.
CONFIDENCE = {2: 0.9, 1: 0.6, 0: 0.3}


@dataclass(frozen=True, slots=True)
class _Match:
    pattern: EventPattern
    target_tokens: tuple[Token, ...]


def _qualifier_found(verb: Token, word: str) -> bool:
    related = list(verb.children)
    related += [
        grand for child in related if child.dep_ in ("dobj", "prt") for grand in child.children
    ]
    if any(t.lemma_.lower() == word or t.lower_ == word for t in related):
        return True
    following = verb.doc[verb.i + 1 : min(verb.i + 4, verb.sent.end)]
    return any(t.lemma_.lower() == word or t.lower_ == word for t in following)


def _prep_objects(verb: Token, prep: str) -> list[Token]:
    heads = [verb] + [c for c in verb.children if c.dep_ in ("dobj", "prt", "acomp")]
    return [
        obj
        for head in heads
        for child in head.children
        if child.dep_ in ("prep", "dative", "agent") and child.lower_ == prep
        for obj in child.children
        if obj.dep_ == "pobj"
    ]


def _place_in(token: Token, ctx: DocContext) -> Token | None:
    """The root of the first known place named inside a prepositional object, if any."""
    inside = range(token.left_edge.i, token.right_edge.i + 1)
    for ent in ctx.doc.ents:
        if place_entity(ent, ctx) and ent.root.i in inside and (
            ctx.place(ent.text) or ctx.kb.countries.lookup(ent.text)
        ):
            return ent.root
    return None


def _place_mention(token: Token, ctx: DocContext) -> Mention | None:
    """A country-coded mention for the place entity at `token` (a target by location)."""
    ent = next((e for e in ctx.doc.ents if e.start <= token.i < e.end), None)
    if ent is None:
        return None
    entry = ctx.place(ent.text)
    country = entry.country if entry else ctx.kb.countries.lookup(ent.text)
    if not country:
        return None
    return Mention(country, ctx.kb.countries.name_of(country), ActorKind.STATE, country,
                   ent.start, ent.end, ctx.sentence_of(ent[0]), "state:" + country, None,
                   "place")


def _match_verb(verb: Token, ctx: DocContext) -> _Match | None:
    patterns = ctx.kb.events.verbs.get(verb.lemma_.lower())
    if not patterns:
        return None
    index: MentionIndex = ctx.outputs["mentions"]
    if verb.lemma_.lower() == "call" and any(c.dep_ == "oprd" for c in verb.children):
        return None  # "called it a provocation" is a characterisation, not a phone call
    for pattern in patterns:  # sorted most specific first
        if not all(_qualifier_found(verb, word) for word in pattern.qualifiers):
            continue
        if pattern.target_prep:
            # Only an actor, or a place standing for its country ("arrived in Amman",
            # "fired shells at targets in Jericho"), can be the target: "called Erdogan on
            # Sunday" is no appeal.
            objects = _prep_objects(verb, pattern.target_prep)
            targets = [t for t in objects if index.for_argument(t)] or [
                place for t in objects if (place := _place_in(t, ctx)) is not None
            ]
            if not targets:
                continue
            return _Match(pattern, tuple(targets))
        return _Match(pattern, ())
    return None


def _conjuncts(token: Token) -> list[Token]:
    return [token, *(c for c in token.conjuncts if c.i > token.i)]


def subject_of(verb: Token) -> tuple[list[Token], bool]:
    """Subject tokens and whether the verb is passive."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.dep_ == "acl" and any(c.dep_ == "agent" for c in verb.children)
    )  # "a deal brokered by Russia and Turkey"
    if passive:
        agents = [
            obj for c in verb.children if c.dep_ == "agent"
            for obj in c.children if obj.dep_ == "pobj"
        ]
        return agents, True
    node = verb
    for _ in range(4):
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "csubj")]
        if subjects and node.dep_ == "relcl" and subjects[0].tag_ in ("WDT", "WP"):
            return [node.head], False  # "a warplane that violated ...": the warplane
        if subjects:
            return subjects, False
        if node.dep_ in ("xcomp", "conj", "advcl", "acomp") and node.head != node:
            node = node.head
            continue
        if node.dep_ == "relcl":
            return [node.head], False
        break
    return [], False


def _objects(verb: Token, match: _Match, passive: bool) -> list[Token]:
    if match.target_tokens:
        return list(match.target_tokens)
    if passive:
        return [c for c in verb.children if c.dep_ == "nsubjpass"]
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    qualifier_words = set(match.pattern.qualifiers)
    objects = [o for o in objects if o.lemma_.lower() not in qualifier_words]
    if not objects:
        for prep in ("on", "against", "with", "at", "to"):
            found = _prep_objects(verb, prep)
            if found:
                return found
        # "demanded that the government end curbs": the complement's subject is the target.
        for child in verb.children:
            if child.dep_ == "ccomp":
                subjects = [c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subjects:
                    return subjects
    return objects


# Children of the trigger that never hold its target: its subject, the reported clause,
# adverbial clauses and function words.
NOT_TARGET_DEPS = frozenset(
    {"nsubj", "nsubjpass", "csubj", "ccomp", "parataxis", "advcl", "punct", "aux",
     "auxpass", "neg", "mark", "cc", "expl", "advmod", "npadvmod", "relcl"}
)
TARGET_SEARCH_DEPTH = 5


def _own_means(target: Mention | None, sources: list[Mention | None], ctx: DocContext) -> bool:
    """"withdraw its troops", "deployed their forces": what the source owns is what it acts
    with, not what it acts on."""
    if target is None or target.source != "description" or not target.country:
        return False
    head = ctx.doc[target.start_i : target.end_i].root
    owned = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in head.children)
    return owned and any(s is not None and s.country == target.country for s in sources)


def _nearest_actor(
    verb: Token, index: MentionIndex, sources: list[Mention | None], ctx: DocContext
) -> Mention | None:
    """The coded actor closest to the trigger in its object side, not one of its sources.

    "offered to hand over to Great Britain two nationals": the target sits in the
    complement's prepositional phrase; a breadth-first walk finds it before anything deeper.
    """
    source_keys = {m.key for m in sources if m is not None}
    frontier = _object_side(verb)
    for _ in range(TARGET_SEARCH_DEPTH):
        following: list[Token] = []
        for token in sorted(frontier, key=lambda t: t.i):
            mention = index.at(token)
            if mention is not None and mention.code and mention.key not in source_keys and (
                not _own_means(mention, sources, ctx)
            ):
                return mention
            following += _object_side(token)
        frontier = following
    return None


def _object_side(token: Token) -> list[Token]:
    """Children that can hold the token's target: not its subject, reported clause, or a
    second verb joined to it ("condemned the attack and offered help to Russia")."""
    return [
        c for c in token.children
        if c.dep_ not in NOT_TARGET_DEPS and not (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
    ]


def _place_target(
    verb: Token, ctx: DocContext, sources: list[Mention | None]
) -> Mention | None:
    """The country where an action lands, when no actor receives it ("aid to refugees in
    Liberia", "arrived in Amman"): gold coders and analysts both name it as the target."""
    source_keys = {m.key for m in sources if m is not None}
    side = {t.i for c in _object_side(verb) for t in c.subtree}
    for ent in ctx.doc.ents:
        if ent.root.i not in side or not place_entity(ent, ctx):
            continue
        mention = _place_mention(ent.root, ctx)
        if mention is not None and mention.key not in source_keys:
            return mention
    return None


def _status(verb: Token, index: MentionIndex, doc) -> tuple[EventStatus, Mention | None]:  # type: ignore[no-untyped-def]
    if any(c.dep_ == "neg" for c in verb.children):
        return EventStatus.NEGATED, None
    if any(
        c.dep_ == "dobj" and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        for c in verb.children
    ):
        return EventStatus.NEGATED, None  # "offered no proof" offered nothing
    if any(c.dep_ == "aux" and c.lower_ in MODALS for c in verb.children):
        return EventStatus.HYPOTHETICAL, None
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children):
        return EventStatus.HYPOTHETICAL, None
    node = verb
    for _ in range(4):
        if node.dep_ not in ("xcomp", "ccomp", "pcomp", "conj", "advcl") or node.head == node:
            break
        head = node.head
        lemma = head.lemma_.lower()
        if node.dep_ in ("xcomp", "pcomp") and lemma in NEGATING_HEADS:
            return EventStatus.NEGATED, None
        if node.dep_ == "xcomp" and lemma in HYPOTHETICAL_HEADS:
            return EventStatus.HYPOTHETICAL, None
        if node.dep_ == "pcomp" and head.dep_ == "prep" and (
            head.head.lemma_.lower() in HYPOTHETICAL_HEADS
        ):
            return EventStatus.HYPOTHETICAL, None  # "a provocation aimed at damaging ties"
        if node.dep_ == "ccomp" and lemma in REPORTING_HEADS:
            reporter = next(
                (index.for_argument(c) for c in head.children if c.dep_ == "nsubj"), None
            )
            if any(c.dep_ == "neg" for c in head.children):
                return EventStatus.NEGATED, reporter
            return EventStatus.REPORTED, reporter
        node = head
    return EventStatus.ASSERTED, None


FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "wo", "'d"})
OBLIGATION_AUX = frozenset({"must", "should"})
# Heads whose complement is the actor's own intent: "vowed to retaliate".
COMMISSIVE_HEADS = frozenset(
    {"vow", "pledge", "promise", "offer", "plan", "intend", "threaten", "swear", "want",
     "agree"}
)
READINESS_ADJECTIVES = frozenset({"willing", "ready", "prepared", "determined", "eager",
                                  "poised"})
REFUSAL_HEADS = frozenset({"refuse", "decline", "fail"})
CESSATION_HEADS = frozenset({"stop", "cease", "halt", "end", "suspend", "pause", "quit"})
FRAME_HEADS = COMMISSIVE_HEADS | REFUSAL_HEADS | CESSATION_HEADS


def _frame_of(verb: Token) -> Frame | None:
    """Which speech-act frame, if any, the parse puts around the event verb."""
    auxes = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    negated = any(c.dep_ == "neg" for c in verb.children)
    if auxes & FUTURE_AUX:
        return Frame.REFUSAL if negated else Frame.INTENT
    if auxes & OBLIGATION_AUX and not negated:
        return Frame.DEMAND
    if verb.dep_ != "xcomp":
        return None
    head = verb.head
    lemma = head.lemma_.lower()
    head_negated = any(c.dep_ == "neg" for c in head.children)
    if lemma in REFUSAL_HEADS:
        return None if head_negated else Frame.REFUSAL
    if lemma in CESSATION_HEADS:
        return None if head_negated else Frame.CESSATION
    if lemma in COMMISSIVE_HEADS or (
        head.dep_ == "acomp" and lemma in READINESS_ADJECTIVES
    ) or (lemma == "be" and head.lower_ in READINESS_ADJECTIVES):
        return Frame.REFUSAL if head_negated else Frame.INTENT
    return None


FORECASTER_ROLES = frozenset({"EDU", "MED"})


def _forecaster(speaker: Mention) -> bool:
    """Analysts, experts, think tanks and the press: their "will" is a forecast."""
    code = speaker.code or ""
    return code[3:6] in FORECASTER_ROLES or (not code and speaker.role is not None)


def _same_side(actor: Mention, speaker: Mention) -> bool:
    """Whether `speaker` speaks for `actor`: the same actor, the same code, or a state and
    its government ("Russia agreed ..., the Defence Ministry said")."""
    if actor.key == speaker.key:
        return True
    a, b = actor.code or "", speaker.code or ""
    if not a or not b or a[:3] != b[:3]:
        return False
    return a == b or len(a) == 3 or len(b) == 3 or ("GOV" in a and "GOV" in b)


def _reporting_subject(verb: Token) -> Token | None:
    """The subject of the reporting verb the event is said under, if there is one."""
    node = verb
    for _ in range(4):
        if node.dep_ not in ("xcomp", "ccomp", "conj") or node.head == node:
            return None
        head = node.head
        if node.dep_ == "ccomp" and head.lemma_.lower() in REPORTING_HEADS:
            return next((c for c in head.children if c.dep_ == "nsubj"), None)
        node = head
    return None


def _apply_frame(
    ctx: DocContext, verb: Token, pattern: EventPattern, sources: list[Mention | None],
    targets: list[Mention | None], status: EventStatus, reporter: Mention | None,
) -> tuple[
    EventPattern, list[Mention | None], list[Mention | None], EventStatus, Mention | None
]:
    """Recode an embedded act as the intent, threat, refusal or demand it is part of."""
    frame = _frame_of(verb)
    if frame is None:
        return pattern, sources, targets, status, reporter
    speaker = _reporting_subject(verb)
    said_by = ctx.outputs["mentions"].for_argument(speaker) if speaker is not None else None
    # The actor's own commitment, announced by itself, its side ("the Kremlin said Putin
    # will ...") or reported by anyone else ("..., the Albanian embassy said") — unless the
    # speaker is a forecaster: "analysts said Turkey will withdraw" is a prediction.
    same_side = said_by is not None and any(
        s is not None and _same_side(s, said_by) for s in sources
    )
    own = speaker is None or said_by is None or same_side or not _forecaster(said_by)
    if frame is Frame.DEMAND:
        if said_by is None or same_side:
            return pattern, sources, targets, status, reporter
        # "Russia said Sudan must return the helicopter": Russia demands, of Sudan.
        sources, targets = [said_by], [s for s in sources if s is not None]
    elif not own and verb.dep_ != "xcomp":
        # "Analysts said Turkey will withdraw": someone else's prediction, not an intent.
        # ("vowed to", "refused to", "stopped" are the actor's own acts whoever reports.)
        return pattern, sources, targets, status, reporter
    embedded = ctx.kb.cameo[pattern.cameo]
    if frame is Frame.INTENT and is_conflictual(embedded.quad_class):
        frame = Frame.THREAT
    code = framed_code(frame, pattern.cameo, ctx.kb.cameo.keys())
    if code is None:
        return pattern, sources, targets, status, reporter
    row = ctx.kb.cameo[code]
    pattern = replace(pattern, cameo=code, plover=row.plover, mode=row.mode or None)
    reporter = said_by or reporter
    status = EventStatus.REPORTED if reporter is not None else EventStatus.ASSERTED
    return pattern, sources, targets, status, reporter


SCHEDULE_WORDS = frozenset({"due", "scheduled", "set", "expected", "plan", "schedule"})


def _looks_ahead(trigger: Token) -> bool:
    """Whether the trigger's clause is about the future: "will meet", "are due to meet"."""
    node = trigger
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in node.children):
            return True
        if node.dep_ not in ("xcomp", "acomp") or node.head == node:
            return False
        node = node.head
        if node.lower_ in SCHEDULE_WORDS or node.lemma_.lower() in SCHEDULE_WORDS:
            return True
    return False


BACKGROUND_LINKS = frozenset({"after", "since", "following", "before"})
DURATION_UNITS = frozenset({"day", "week", "month", "year"})


def _background_link(trigger: Token) -> Token | None:
    """The "after"/"since" that puts the trigger's clause before the main clause's time:
    "four days after a Turkish jet shot down ...", "since the downing of the jet"."""
    node = trigger
    for _ in range(6):
        if node.head == node:
            return None
        for child in node.children:
            if child.dep_ == "mark" and child.lower_ in BACKGROUND_LINKS:
                return child
        if node.dep_ in ("pcomp", "pobj") and node.head.lower_ in BACKGROUND_LINKS:
            return node.head
        if node.dep_ in ("ROOT", "ccomp", "conj") and node.pos_ in ("VERB", "AUX"):
            return None  # reached a clause of its own
        node = node.head
    return None


def _background_date(link: Token, ctx: DocContext, depth: int) -> ResolvedDate | None:
    """The date of a background clause: the main clause's date moved by the duration
    before the link ("four days after" -> 4 days earlier), else unknown (None) rather
    than the publication date, which would put a 2015 shoot-down into a 2017 series."""
    duration = next((c for c in link.children if c.dep_ == "npadvmod"
                     and c.lemma_.lower() in DURATION_UNITS), None)
    if duration is None or link.lower_ == "since":
        return None
    count = next((c.text for c in duration.children if c.dep_ == "nummod"), None)
    # "after" marks the background clause's verb; the time it is measured from is that of
    # the clause it modifies.
    main = link.head.head if link.dep_ == "mark" else link.head
    anchor = _date(main, ctx, depth + 1)
    if count is None or anchor is None:
        return None
    sign = "-" if link.lower_ in ("after", "following") else ""
    return offset_date(anchor, sign + count, duration.lemma_)


def _date(trigger: Token, ctx: DocContext, depth: int = 0) -> ResolvedDate | None:
    sent = trigger.sent
    future = _looks_ahead(trigger)
    dates = [e for e in ctx.doc.ents if e.label_ == "DATE" and sent.start <= e.start < sent.end]
    attached = []
    for ent in dates:
        node, steps = ent.root, 0
        while node != trigger and node.head != node and steps < 6:
            node, steps = node.head, steps + 1
        attached.append((node != trigger, abs(ent.start - trigger.i), ent))
    ranked = sorted(attached, key=lambda a: (a[0], a[1]))
    for unattached, _, ent in ranked:
        if unattached:
            break
        resolved = resolve_date(ent.text, ctx.published, future=future)
        if resolved is not None:
            return resolved
    link = _background_link(trigger) if depth < 2 else None
    if link is not None:
        return _background_date(link, ctx, depth)
    for _, _, ent in ranked:
        resolved = resolve_date(ent.text, ctx.published, future=future)
        if resolved is not None:
            return resolved
    if ctx.published is not None:
        return ResolvedDate(ctx.published.isoformat(), Granularity.DAY)
    return None


def _make_events(
    ctx: DocContext, trigger: Token, pattern: EventPattern, sources: list[Mention | None],
    targets: list[Mention | None], status: EventStatus, reporter: Mention | None,
    exclude: set[int], date_anchor: Token | None = None,
) -> list[Event]:
    index: MentionIndex = ctx.outputs["mentions"]
    doc = ctx.doc
    code = ctx.kb.cameo[pattern.cameo]
    sentence = ctx.sentence_of(trigger)
    evidence = ctx.sent_span(trigger.sent)
    date = _date(date_anchor or trigger, ctx)
    place = find_place(trigger, ctx, exclude)
    events = []
    for source in sources or [None]:
        for target in targets or [None]:
            if source is None and target is None:
                continue
            if source is not None and target is not None and source.key == target.key:
                continue
            coded = (source is not None and source.code is not None) + (
                target is not None and target.code is not None
            )
            events.append(Event(
                source=index.ref(doc, source) if source else None,
                target=index.ref(doc, target) if target else None,
                plover=pattern.plover,
                mode=pattern.mode,
                cameo=pattern.cameo,
                quad_class=code.quad_class,
                goldstein=code.goldstein,
                date=date,
                place=place,
                status=status,
                confidence=CONFIDENCE[coded],
                evidence=evidence,
                trigger=ctx.span(trigger.idx, trigger.idx + len(trigger.text), sentence),
                reporter=index.ref(doc, reporter) if reporter else None,
            ))
    return events


def _resolve(tokens: list[Token], index: MentionIndex) -> list[Mention | None]:
    found: list[Mention | None] = []
    for token in tokens:
        for conjunct in _conjuncts(token):
            mention = index.for_argument(conjunct)
            if mention is not None and all(m.key != mention.key for m in found if m):
                found.append(mention)
    return found


def _verb_events(ctx: DocContext, verb: Token) -> list[Event]:
    index: MentionIndex = ctx.outputs["mentions"]
    match = _match_verb(verb, ctx)
    if match is None:
        return []
    # "agreed to cooperate": the governing verb's event already covers its complement,
    # except where the governing verb only frames it ("vowed to retaliate").
    head_lemma = verb.head.lemma_.lower()
    if verb.dep_ == "xcomp" and head_lemma not in FRAME_HEADS and (
        _match_verb(verb.head, ctx) is not None
    ):
        return []
    if verb.lemma_.lower() in FRAME_HEADS and any(
        c.dep_ == "xcomp" and _match_verb(c, ctx) is not None for c in verb.children
    ):
        return []  # the complement carries the event, recoded as intent or refusal
    subject_tokens, passive = subject_of(verb)
    sources = _resolve(subject_tokens, index)
    targets = [
        t for t in _resolve(_objects(verb, match, passive), index)
        if not _own_means(t, sources, ctx)
    ]
    if match.target_tokens and not targets:
        targets = [m for t in match.target_tokens if (m := _place_mention(t, ctx))]
    # Arguments found by the parse can't also be the event's place; a target found by the
    # fallback walk ("deployed missiles to its base in Syria") can.
    exclude = {
        i for m in [*sources, *targets] if m is not None for i in range(m.start_i, m.end_i)
    }
    reciprocal = (
        len(sources) > 1 and match.pattern.plover in RECIPROCAL_TYPES
        and match.pattern.cameo not in ONE_SIDED_CODES
    )
    if not targets and not match.target_tokens and not reciprocal:
        fallback = _nearest_actor(verb, index, sources, ctx)
        if fallback is None and match.pattern.plover not in RECIPROCAL_TYPES:
            fallback = _place_target(verb, ctx, sources)  # where talks are held is no party
        targets = [fallback] if fallback is not None else []
    status, reporter = _status(verb, index, ctx.doc)
    pattern, sources, targets, status, reporter = _apply_frame(
        ctx, verb, match.pattern, sources, targets, status, reporter
    )
    # "agreed on Monday to pause strikes on Thursday": the agreement is Monday's.
    framed_by_head = pattern is not match.pattern and verb.dep_ == "xcomp"
    anchor = verb.head if framed_by_head else None
    if reciprocal and not targets:
        # "Putin and Erdogan met": each met the other.
        return [
            event
            for source in sources
            for event in _make_events(
                ctx, verb, pattern, [source], [t for t in sources if t is not source],
                status, reporter, exclude, anchor,
            )
        ]
    return _make_events(
        ctx, verb, pattern, sources, targets, status, reporter, exclude, anchor
    )


def _noun_events(ctx: DocContext, noun: Token) -> list[Event]:
    """Nominal events: "the assassination of X by Y", "Russian air strikes on Z"."""
    index: MentionIndex = ctx.outputs["mentions"]
    lemma = noun.lemma_.lower()
    compounds = [c.lemma_.lower() for c in noun.children if c.dep_ in ("compound", "amod")]
    # "hunger strike" and "general strike" are protests, a bare "strike" an attack.
    pattern = next(
        (p for c in compounds if (p := ctx.kb.events.nouns.get(f"{c} {lemma}")) is not None),
        ctx.kb.events.nouns.get(lemma),
    )
    if pattern is None or noun.pos_ not in ("NOUN", "PROPN"):
        return []
    if noun.dep_ in ("compound", "amod", "nmod") or index.at(noun) is not None:
        return []  # "riot police": the noun describes an actor, it is no event
    sources: list[Mention | None] = []
    targets: list[Mention | None] = []
    for child in noun.children:
        objs = [c for c in child.children if c.dep_ == "pobj"]
        if child.dep_ == "prep" and child.lower_ == "by":
            sources += _resolve(objs, index)
        elif child.dep_ == "prep" and child.lower_ == "of" and (
            pattern.plover in OF_IS_ACTOR_TYPES
        ):
            sources += _resolve(objs, index)  # "the withdrawal of Serbian forces"
        elif child.dep_ == "prep" and child.lower_ in ("of", "on", "against", "to", "with"):
            targets += _resolve(objs, index)
        elif child.dep_ == "prep" and child.lower_ == "between" and objs:
            pair = _resolve(objs, index)
            sources += pair[:1]
            targets += pair[1:2]
        elif child.dep_ == "poss":
            # "Karlov's assassination": the possessor suffers an assault; "its bombing of
            # Aleppo" names the target after "of", so the possessor is the one bombing.
            has_of = any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children)
            victim = pattern.plover == "ASSAULT" and not has_of
            (targets if victim else sources).extend(_resolve([child], index))
        elif child.dep_ in ("amod", "compound"):
            mention = index.at(child)
            if mention is not None:
                sources.append(mention)
    if not sources and noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
        # "The United States speeded up the withdrawal of its forces": the doer of the
        # governing verb does the act the noun names.
        doers = [c for c in noun.head.children if c.dep_ == "nsubj"]
        sources += [m for m in _resolve(doers, index) if m not in targets]
    if not sources and not targets:
        return []
    exclude = {
        i for m in [*sources, *targets] if m is not None for i in range(m.start_i, m.end_i)
    }
    status = EventStatus.ASSERTED
    return _make_events(ctx, noun, pattern, sources, targets, status, None, exclude)


def _dedupe(events: list[Event]) -> list[Event]:
    seen = set()
    kept = []
    for event in events:
        key = (
            event.evidence.sentence, event.plover,
            event.source.code if event.source else None,
            event.target.code if event.target else None,
            event.source.start if event.source else None,
        )
        if key in seen:
            continue
        seen.add(key)
        kept.append(event)
    return kept


@extractors.register("events.verb_rules.v1", requires=("actors",), produces="events")
def extract_events(ctx: DocContext) -> tuple[Event, ...]:
    """Events from the verb and noun dictionary, with arguments from the dependency parse."""
    events: list[Event] = []
    verb_triggers: set[int] = set()
    for token in ctx.doc:
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "NOUN" and token.dep_ == "ROOT"):
            found = _verb_events(ctx, token)
            if found:
                verb_triggers.add(token.i)
            events += found
    for token in ctx.doc:
        # "imposed sanctions on Turkey": the noun is the verb event's object, not a second event.
        if token.pos_ in ("NOUN", "PROPN") and token.head.i not in verb_triggers:
            events += _noun_events(ctx, token)
    return tuple(_dedupe(events))
