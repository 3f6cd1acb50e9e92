"""Events: who did what to whom, coded in PLOVER and CAMEO, from verb and noun patterns.

Arguments come from the dependency parse (active and passive voice, prepositional targets,
conjoined actors, xcomp chains); status from negation, modality and reporting frames;
dates from the sentence (else the publication date); places from the event's own phrase.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from aftermath.extract.arguments import (
    addressee,
    condition_holders,
    nearest_actor,
    own_means,
    place_in,
    place_mention,
    place_target,
    resolve,
    subject_of,
)
from aftermath.extract.characterisation import CRITICISM_CODE, judged
from aftermath.extract.context import DocContext
from aftermath.extract.event_dates import event_date
from aftermath.extract.interference import (
    INTERFERENCE_CODE,
    beneficiaries,
    country_of,
    election_country,
    winning_clause,
)
from aftermath.extract.mentions import Mention, MentionIndex
from aftermath.extract.phoenix_verbs import phoenix_pattern
from aftermath.extract.places import find_place
from aftermath.extract.reporting import accusation_over, describer_verb, is_blame_predicate
from aftermath.extract.speech_acts import (
    FRAME_HEADS,
    OBLIGATION_AUX,
    REPORTING_HEADS,
    apply_frame,
    reporting_subject,
    same_side,
)
from aftermath.knowledge.derived import last_words
from aftermath.knowledge.events import EventPattern
from aftermath.records import Event, EventStatus
from aftermath.registry import extractors

MODALS = frozenset({"will", "would", "could", "may", "might", "should", "can", "must", "shall"})
# Heads whose xcomp/ccomp complement is not (yet) a fact: "threatened to retaliate".
HYPOTHETICAL_HEADS = frozenset(
    {"threaten", "plan", "want", "vow", "intend", "seek", "try", "hope", "promise", "pledge",
     "propose", "offer", "prepare", "consider", "aim", "expect", "wish", "urge", "call", "ask",
     "demand", "refuse", "decide", "agree", "warn", "fail"}
)
NEGATING_HEADS = frozenset({"deny", "refuse", "fail", "reject"})
# Adjectives of criticism with "of"/"about": "critical of Y", "scathing about Y".
CRITICAL_ADJECTIVES = frozenset({"critical", "scathing", "dismissive", "contemptuous"})
# Types whose conjoined subjects act on each other when no target is named.
RECIPROCAL_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
# Acts two parties do together whatever their PLOVER type: signing an agreement (057, a
# SUPPORT) is done by each signatory with the other ("Putin and Erdogan signed a deal") (#17).
JOINT_CODES = frozenset({"057"})
# ... except acts one side does for others: visiting, hosting, mediating.
ONE_SIDED_CODES = frozenset({"042", "043", "045"})
# Nominals of acts with no object: "of X" names who acts ("the withdrawal of the troops").
OF_IS_ACTOR_TYPES = frozenset({"RETREAT", "MOBILIZE", "PROTEST"})
# "died after an armed attack": the one who died (or was hurt) is the attack's target.
# Active subjects of the first set suffer; of the second, only passive ones ("was killed in
# an attack"): "special forces killed the attacker after a shootout" suffered nothing.
DYING_VERBS = frozenset({"die", "perish", "succumb"})
HARMING_VERBS = frozenset({"wound", "injure", "hurt", "kill"})
CAUSE_PREPS = frozenset({"after", "in", "from", "during", "following", "of"})
# CAMEO 183 (non-military bombing); done by a state or its forces it is 195 (aerial).
BOMBING_CODE = "183"
PHONE_CALL = "041"
# Entity types that are never an actor ("on Thursday", "at 10 percent").
NOT_ACTOR_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY",
                            "QUANTITY"})
# Confidence by which arguments were coded: both, one, none.
CONFIDENCE = {2: 0.9, 1: 0.6, 0: 0.3}


@dataclass(frozen=True, slots=True)
class _Match:
    pattern: EventPattern
    target_tokens: tuple[Token, ...]


def _nearby_words(verb: Token) -> frozenset[str]:
    """The words a pattern's qualifiers may be found among: the verb's dependents (and
    those of its object or particle), its prepositional chains, and the next three words
    of its sentence, each as lemma and as written. Read once per verb: a verb such as
    "make" has dozens of patterns, each asking for its own qualifier (#20)."""
    related = list(verb.children)
    related += [
        grand for child in related if child.dep_ in ("dobj", "prt") for grand in child.children
    ]
    # "blew the jet out of the sky": idioms put their fixed words in a prepositional chain.
    related += [t for child in verb.children if child.dep_ == "prep" for t in child.subtree]
    related += verb.doc[verb.i + 1 : min(verb.i + 4, verb.sent.end)]
    return frozenset(form for t in related for form in (t.lemma_.lower(), t.lower_))


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


def _match_verb(verb: Token, ctx: DocContext) -> _Match | None:
    patterns = ctx.kb.events.verbs.get(verb.lemma_.lower())
    if not patterns:  # #12: a user verb file speaks for verbs events.yaml lacks
        fallback = phoenix_pattern(verb, ctx.kb)
        return _Match(fallback, ()) if fallback is not None else None
    index: MentionIndex = ctx.outputs["mentions"]
    if verb.lemma_.lower() == "call" and any(c.dep_ == "oprd" for c in verb.children):
        return None  # "called it a provocation" is a characterisation, not a phone call
    if verb.lemma_.lower() == "ask" and any(
            c.dep_ == "prep" and c.lower_ == "about" for c in verb.children):
        return None  # "asked about sanctions, Trump said ...": a question, not an appeal
    if verb.lemma_.lower() in ctx.kb.cues.denial_verbs and any(
        c.dep_ == "dobj" and c.lower_ in ctx.kb.cues.denial_objects for c in verb.children
    ):
        # "rejected the allegations": a denial is a statement (CAMEO 016, no PLOVER type)
        # and a claim of its own (extract.claims), not a rejection of a proposal.
        return None
    nearby: frozenset[str] | None = None
    for pattern in patterns:  # sorted most specific first
        if pattern.qualifiers:
            nearby = _nearby_words(verb) if nearby is None else nearby
            if not all(word in nearby for word in pattern.qualifiers):
                continue
        if pattern.cameo == PHONE_CALL and not _calls_someone(verb, index):
            continue  # "called the dossier fake news" rang nobody (#17)
        if verb.lemma_.lower() == "call" and pattern.matter_prep and not _prep_objects(
                verb, pattern.matter_prep):
            continue  # "call for" needs its "for": "called the dossier fake news" asks nothing
        if pattern.target_prep:
            # Only an actor, or a place standing for its country ("arrived in Amman",
            # "fired shells at targets in Jericho"), can be the target: "called Erdogan on
            # Sunday" is no appeal.
            objects = _prep_objects(verb, pattern.target_prep)
            targets = [t for t in objects if index.for_argument(t)] or [
                place for t in objects if (place := place_in(t, ctx)) is not None
            ]
            if not targets:
                continue
            return _Match(pattern, tuple(targets))
        return _Match(pattern, ())
    return None


def _calls_someone(verb: Token, index: MentionIndex) -> bool:
    """A phone call has a party on the line: an object that is an actor, or none at all
    ("the two leaders called on Monday")."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    return not objects or any(index.for_argument(o) is not None for o in objects)


def _objects(verb: Token, match: _Match, passive: bool) -> list[Token]:
    if match.target_tokens:
        return list(match.target_tokens)
    if passive:
        return [c for c in verb.children if c.dep_ == "nsubjpass"]
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    qualifier_words = set(match.pattern.qualifiers)
    objects = [o for o in objects if o.lemma_.lower() not in qualifier_words]
    if not objects:
        cooperative = match.pattern.cameo[:2] < "08"  # "lifted the ban on X" yields to X
        for prep in ("with", "at", "to") if cooperative else ("on", "against", "with", "at", "to"):
            # "demanded on Thursday that ...": a date is no target.
            found = [t for t in _prep_objects(verb, prep) if t.ent_type_ not in NOT_ACTOR_ENTS]
            if found:
                return found
        # "demanded that the government end curbs": the complement's subject is the target.
        for child in verb.children:
            if child.dep_ == "ccomp":
                subjects = [c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subjects:
                    return subjects
    return objects


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
    date = event_date(date_anchor or trigger, ctx)
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



def _endorses_a_thing(verb: Token, pattern: EventPattern, index: MentionIndex) -> bool:
    """"backs an investigation into Russian hacking" endorses the investigation, not Russia:
    an endorsement (05x) of a thing names no target beyond the thing's own owner (#17)."""
    if not pattern.cameo.startswith("05"):
        return False
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    # "supports Hatch running for re-election": a clause about an actor is no thing;
    # "defended the right of Russian troops to ...": the thing's owner is the target.
    return bool(objects) and all(
        t.pos_ == "NOUN" and index.for_argument(t) is None and not any(
            index.at(g) for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children if g.dep_ == "pobj")
        for t in objects)


def _coded(ctx: DocContext, verb: Token, code: str) -> EventPattern:
    """A pattern for an event a rule codes itself (not a dictionary entry): the CAMEO code
    with its PLOVER type and mode from the CAMEO table."""
    row = ctx.kb.cameo[code]
    return EventPattern(verb.lemma_.lower(), (), None, None, code, row.plover, row.mode or None)


def _joint(pattern: EventPattern) -> bool:
    """An act that several subjects do with one another, not to a third party."""
    return pattern.plover in RECIPROCAL_TYPES or pattern.cameo in JOINT_CODES


def _verb_events(ctx: DocContext, verb: Token) -> list[Event]:
    index: MentionIndex = ctx.outputs["mentions"]
    match = _match_verb(verb, ctx)
    if match is None or is_blame_predicate(verb):
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
    sources = resolve(subject_tokens, index)
    clause = winning_clause(verb)
    if clause is not None:
        return _interference(ctx, verb, clause, sources)
    targets = [
        t for t in resolve(_objects(verb, match, passive), index)
        if not own_means(t, sources, ctx)
    ]
    if match.target_tokens and not targets:
        targets = [m for t in match.target_tokens if (m := place_mention(t, ctx))]
    # Arguments found by the parse can't also be the event's place; a target found by the
    # fallback walk ("deployed missiles to its base in Syria") can.
    exclude = {
        i for m in [*sources, *targets] if m is not None for i in range(m.start_i, m.end_i)
    }
    reciprocal = (
        len(sources) > 1 and _joint(match.pattern)
        and match.pattern.cameo not in ONE_SIDED_CODES
    )
    if not targets and not match.target_tokens and not reciprocal and not _endorses_a_thing(
            verb, match.pattern, index):
        fallback = nearest_actor(verb, index, sources, ctx,
                                 topics_apart=match.pattern.cameo[:2] < "08")
        if fallback is None and not _joint(match.pattern):
            fallback = place_target(verb, ctx, sources)  # where talks are held is no party
        targets = [fallback] if fallback is not None else []
    status, reporter = _status(verb, index, ctx.doc)
    pattern, sources, targets, status, reporter = apply_frame(
        ctx, verb, match.pattern, sources, targets, status, reporter
    )
    if not targets and pattern.plover == "REJECT":
        # "will not return to talks until North Korea halts its tests": aimed at North Korea.
        targets = condition_holders(verb, index, sources)
    if not targets and pattern is not match.pattern:
        targets = addressee(verb, index, sources)  # an intent or refusal told to someone
    status, reporter = _accused(verb, index, status, reporter)
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


def _interference(ctx: DocContext, verb: Token, clause: Token,
                  sources: list[Mention | None]) -> list[Event]:
    """"Russia intervened to help Trump win": coercion of the candidate's country by a
    foreign helper (extract/interference.py); help at home is no event."""
    index: MentionIndex = ctx.outputs["mentions"]
    helped = beneficiaries(verb, clause, index)
    country = election_country(clause, ctx.kb) or next(
        (m.country for m in helped if m.country), None)
    foreign = [s for s in sources if s is not None and s.country and s.country != country]
    if country is None or not foreign:
        return []
    pattern = _coded(ctx, verb, INTERFERENCE_CODE)
    anchor = helped[0] if helped else foreign[0]
    targets: list[Mention | None] = [
        country_of(anchor, ctx.kb.countries.name_of(country) or country, country)]
    status, reporter = _status(verb, index, ctx.doc)
    exclude = {i for m in [*foreign, *helped] for i in range(m.start_i, m.end_i)}
    return _make_events(ctx, verb, pattern, list(foreign), targets, status, reporter, exclude)


def _noun_events(ctx: DocContext, noun: Token) -> list[Event]:
    """Nominal events: "the assassination of X by Y", "Russian air strikes on Z"."""
    lemma = noun.lemma_.lower()
    if lemma not in last_words(ctx.kb.events.nouns):
        return []  # no event noun ends in this word: most nouns (#20)
    index: MentionIndex = ctx.outputs["mentions"]
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
            sources += resolve(objs, index)
        elif child.dep_ == "prep" and child.lower_ == "of" and (
            pattern.plover in OF_IS_ACTOR_TYPES
        ):
            sources += resolve(objs, index)  # "the withdrawal of Serbian forces"
        elif child.dep_ == "prep" and child.lower_ in ("of", "on", "against", "to", "with"):
            targets += resolve(objs, index)
        elif child.dep_ == "prep" and child.lower_ == "between" and objs:
            pair = resolve(objs, index)
            sources += pair[:1]
            targets += pair[1:2]
        elif child.dep_ == "poss":
            # "Karlov's assassination": the possessor suffers an assault; "its bombing of
            # Aleppo" names the target after "of", so the possessor is the one bombing.
            has_of = any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children)
            victim = pattern.plover == "ASSAULT" and not has_of
            owner = _bound_owner(child, noun) if not victim else child
            (targets if victim else sources).extend(resolve([owner], index))
        elif child.dep_ in ("amod", "compound"):
            mention = index.at(child)
            if mention is not None:
                sources.append(mention)
    if not targets and pattern.plover == "ASSAULT":
        targets += _sufferers(noun, index)
    reporter: Mention | None = None
    describer = describer_verb(noun, ctx)
    if describer is not None:
        # "Putin described the killing as a provocation": Putin reports, he did not kill.
        reporter = next((index.for_argument(c) for c in describer.children
                         if c.dep_ == "nsubj"), None)
    elif not sources and noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
        # "The United States speeded up the withdrawal of its forces": the doer of the
        # governing verb does the act the noun names.
        doers = [c for c in noun.head.children if c.dep_ == "nsubj"]
        sources += [m for m in resolve(doers, index) if m not in targets]
    if not sources and not targets:
        return []
    exclude = {
        i for m in [*sources, *targets] if m is not None for i in range(m.start_i, m.end_i)
    }
    status = EventStatus.REPORTED if reporter is not None else EventStatus.ASSERTED
    status, reporter = _accused(noun, index, status, reporter)
    if pattern.cameo == BOMBING_CODE and any(_is_state_force(m) for m in sources):
        # "Russia's bombing of Aleppo" is an air campaign, not a planted bomb.
        air = ctx.kb.events.nouns["airstrike"]
        pattern = replace(pattern, cameo=air.cameo, mode=air.mode)
    return _make_events(ctx, noun, pattern, sources, targets, status, reporter, exclude)


def _is_state_force(mention: Mention | None) -> bool:
    code = (mention.code or "") if mention is not None else ""
    return len(code) >= 3 and code[3:] in ("", "GOV", "MIL")


def _accused(trigger: Token, index: MentionIndex, status: EventStatus,
             reporter: Mention | None) -> tuple[EventStatus, Mention | None]:
    """An act someone is accused of is reported by the accuser, not asserted (#12)."""
    verb = accusation_over(trigger)
    if verb is None or status is EventStatus.NEGATED:
        return status, reporter
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    deps = ("agent",) if passive else ("nsubj",)
    accusers = [c for c in verb.children if c.dep_ in deps]
    if passive:
        accusers = [o for a in accusers for o in a.children if o.dep_ == "pobj"]
    accuser = next((m for c in accusers if (m := index.for_argument(c)) is not None), None)
    return EventStatus.REPORTED, accuser or reporter


def _sufferers(noun: Token, index: MentionIndex) -> list[Mention | None]:
    """Who died or was hurt in the attack `noun` names: "the ambassador died after an attack"."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in CAUSE_PREPS:
        return []
    verb = prep.head
    lemma = verb.lemma_.lower()
    deps = ("nsubj",) if lemma in DYING_VERBS else ("nsubjpass",) if (
        lemma in HARMING_VERBS) else ()
    subjects = [c for c in verb.children if c.dep_ in deps]
    return [m for m in resolve(subjects, index) if m is not None]


GENERIC_DEMAND = "100"


def _bare_demand(ctx: DocContext, verb: Token) -> list[Event]:
    """"Washington declared that China must drop its barriers": whatever the act, saying
    that another actor must do it is a demand of that actor (CAMEO 100) by the speaker.

    Acts our dictionary knows are recoded by `apply_frame`; this covers the rest.
    """
    auxes = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if not auxes & OBLIGATION_AUX or any(c.dep_ == "neg" for c in verb.children):
        return []
    speaker = reporting_subject(verb)
    index: MentionIndex = ctx.outputs["mentions"]
    said_by = index.for_argument(speaker) if speaker is not None else None
    subjects = [m for m in resolve(subject_of(verb)[0], index) if m is not None]
    if said_by is None or not subjects or any(same_side(m, said_by) for m in subjects):
        return []
    pattern = _coded(ctx, verb, GENERIC_DEMAND)
    exclude = {i for m in [said_by, *subjects] for i in range(m.start_i, m.end_i)}
    return _make_events(ctx, verb, pattern, [said_by], list(subjects),
                        EventStatus.REPORTED, said_by, exclude)


def _bound_owner(owner: Token, noun: Token) -> Token:
    """"Streep continued her criticism of X": a possessive pronoun on the object names the
    subject of the governing verb, so the event's source is that subject's words (#13)."""
    if owner.pos_ != "PRON" or noun.dep_ != "dobj":
        return owner
    return next((c for c in noun.head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"),
                owner)


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
    for token in ctx.tokens:
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "NOUN" and token.dep_ == "ROOT"):
            found = (_verb_events(ctx, token) or _bare_demand(ctx, token)
                     or _name_calling(ctx, token))
            if found:
                verb_triggers.add(token.i)
            events += found
    for token in ctx.tokens:
        # "imposed sanctions on Turkey": the noun is the verb event's object, not a second event.
        if token.pos_ in ("NOUN", "PROPN") and token.head.i not in verb_triggers:
            events += _noun_events(ctx, token)
        elif token.pos_ == "ADJ" and token.lower_ in CRITICAL_ADJECTIVES:
            events += _critical_of(ctx, token)
    return tuple(_dedupe(events))


def _name_calling(ctx: DocContext, verb: Token) -> list[Event]:
    """"called the senator a disgrace": criticism of whom the words condemn (#17)."""
    objects = judged(verb, ctx.kb.cues.negative_words)
    if not objects:
        return []
    index: MentionIndex = ctx.outputs["mentions"]
    subjects, _ = subject_of(verb)
    sources, targets = resolve(subjects, index), resolve(objects, index)
    targets = [t for t in targets if t is not None and t.code]
    if not sources or not targets:
        return []
    pattern = _coded(ctx, verb, CRITICISM_CODE)
    status, reporter = _status(verb, index, ctx.doc)
    exclude = {i for m in [*sources, *targets] if m is not None
               for i in range(m.start_i, m.end_i)}
    return _make_events(ctx, verb, pattern, sources, targets, status, reporter, exclude)


def _critical_of(ctx: DocContext, adjective: Token) -> list[Event]:
    """"Dean has been critical of the DNC", "the report is harshly critical of X": the
    subject of the copula criticises the object of "of" (ACCUSE, as "criticism of") (#13)."""
    pattern = ctx.kb.events.nouns.get("criticism")
    if pattern is None or adjective.dep_ not in ("acomp", "amod") or adjective.head.pos_ not in (
        "AUX", "VERB", "NOUN", "PROPN"
    ):
        return []
    index: MentionIndex = ctx.outputs["mentions"]
    objects = [g for c in adjective.children if c.dep_ == "prep" and c.lower_ in ("of", "about")
               for g in c.children if g.dep_ == "pobj"]
    head = adjective.head
    subjects = [head] if adjective.dep_ == "amod" else [
        c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    sources, targets = resolve(subjects, index), resolve(objects, index)
    if not sources or not targets:
        return []
    status = EventStatus.NEGATED if any(c.dep_ == "neg" for c in head.children) else (
        EventStatus.ASSERTED)
    exclude = {i for m in [*sources, *targets] if m is not None
               for i in range(m.start_i, m.end_i)}
    return _make_events(ctx, adjective, pattern, sources, targets, status, None, exclude)
