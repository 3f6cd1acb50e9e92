"""Actors: who is mentioned, resolved to CAMEO-style codes (country + role), with coreference.

Resolution order, most reliable first: knowledge-base names (persons with dated roles,
organisations), descriptive noun phrases ("an off-duty Turkish police officer" → TURCOP),
named entities and country words, then links between them (appositions, "Kremlin spokesman
Dmitry Peskov"); within-article coreference lives in `extract/coreference.py`.
Small-model NER misses some names, which is why the KB phrase matcher runs on every token.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from spacy.tokens import Doc, Token

from aftermath.extract.aliases import alias_index
from aftermath.extract.context import DocContext
from aftermath.extract.coreference import antecedent_for_pronoun, resolve_coreference
from aftermath.extract.datelines import credit_tokens
from aftermath.extract.mentions import Mention, MentionIndex
from aftermath.extract.phoenix_actors import code_unknown_countries, phoenix_mentions
from aftermath.extract.phrase_countries import code_from_phrases
from aftermath.extract.places import place_entity
from aftermath.knowledge import KnowledgeBase
from aftermath.knowledge.actors import Organisation, Person
from aftermath.knowledge.countries import normalise
from aftermath.knowledge.derived import last_words
from aftermath.records import Actor, ActorKind, Span
from aftermath.registry import extractors

# Population above which a city named before a role noun gives the actor's country even
# when NER tags no entity ("Benghazi militants").
CITY_AS_ACTOR_POP = 200_000
# Roles whose country, when the phrase names none, is the country where the story happens
# ("police killed the gunman" in an Ankara story are Turkish police). Rebels, opposition
# and civilians are domestic by what they are (a rebellion is against one's own state),
# unlike troops, which often act abroad (#12: held-out PLOVER source country 0.748 -> 0.762).
LOCAL_ROLES = frozenset({"COP", "GOV", "JUD", "LEG", "", "REB", "OPP", "CVL"})
# ... but these are of the place the text is at, not of the story's first city: "fighters
# and civilians have left the city" after "rebel-held eastern Aleppo" in an Ankara story
# are Syrian. The nearest place in the sentence or the one before decides.
PLACE_BOUND_ROLES = frozenset({"REB", "OPP", "CVL"})
# Roles that are of the country they are *in* ("a court in Kenya", "police in Karachi"),
# whatever the story's home country: local institutions, unlike troops abroad.
IN_COUNTRY_ROLES = LOCAL_ROLES
LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "across", "from", "into", "over", "around",
     "through", "throughout", "within", "toward", "towards"}
)
MODIFIER_DEPS = frozenset(
    {"amod", "compound", "nmod", "npadvmod", "det", "poss", "punct", "case", "nummod"}
)
# Party words that name a country in English copy when they qualify a political role
# ("Republican Senator X", "Democratic lawmakers"); only as written, and never before
# "Republic" or "Party" ("Democratic Republic of Congo", "Democratic Party of Japan") (#17).
PARTY_WORDS = {"Republican": "USA", "Republicans": "USA", "Democratic": "USA",
               "Democrat": "USA", "Democrats": "USA", "GOP": "USA"}
PARTY_ROLES = frozenset({"LEG", "GOV", "PTY", "OPP", ""})
# How far before publication a role still names a person ("the late ambassador").
ROLE_GRACE_DAYS = 7




def _entity_mention(
    ctx: DocContext, entity: Person | Organisation, start_i: int, end_i: int
) -> Mention:
    sentence = ctx.sentence_of(ctx.doc[start_i])
    if isinstance(entity, Person):
        role = entity.role_at(ctx.published)
        if role is None and ctx.published is not None:
            # News reports the last days: an envoy killed yesterday is still the envoy.
            role = entity.role_at(ctx.published - dt.timedelta(days=ROLE_GRACE_DAYS))
        # Out of office a known person still acts as a national of their country.
        code = role.code if role else entity.country
        return Mention(code, entity.name, ActorKind.PERSON, entity.country, start_i, end_i,
                       sentence, "person:" + entity.name, role.title if role else None, "kb")
    kind = ActorKind.GROUP if entity.kind == "group" else ActorKind.ORGANISATION
    if entity.kind == "state":
        kind = ActorKind.STATE
    country = entity.country or (entity.code[:3] if entity.code and len(entity.code) >= 3 else None)
    return Mention(entity.code, entity.name, kind, country, start_i, end_i, sentence,
                   "org:" + entity.name, None, "kb")


def _role_of(token: Token, kb: KnowledgeBase) -> tuple[str, int] | None:
    """The role noun a head noun names, as (words, number of tokens it spans leftwards)."""
    lemma = token.lemma_.lower()
    text = token.lower_
    heads = last_words(kb.role_nouns)  # most nouns end no role noun (#20)
    if lemma not in heads and text not in heads:
        return None
    for left in (child for child in token.lefts if child.dep_ == "compound"):
        pair = f"{left.lemma_.lower()} {lemma}"
        if pair in kb.role_nouns:
            return pair, token.i - left.i
        pair = f"{left.lower_} {text}"
        if pair in kb.role_nouns:
            return pair, token.i - left.i
    if text in kb.role_nouns:  # the exact form first: "fighters" (REB) is not "fighter" (MIL)
        return text, 0
    if lemma in kb.role_nouns:
        return lemma, 0
    return None


def _party_country(tokens: list[Token]) -> str | None:
    """The country a party word in a political title names: "Republican Senator" (#17)."""
    for token in tokens:
        country = PARTY_WORDS.get(token.text)
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        if country and not (nxt is not None and nxt.lower_ in ("republic", "party")):
            return country
    return None


def _country_in(tokens: list[Token], ctx: DocContext) -> str | None:
    """The country a noun phrase's modifiers name: a demonym, country name or national body."""
    kb = ctx.kb
    for token in tokens:
        for words in (token.text, token.lemma_):
            code = kb.countries.lookup(words)
            if code:
                return code
        entity = kb.entity(token.text)
        if entity is not None:
            if isinstance(entity, Person):
                if entity.country:
                    return entity.country
            elif entity.country or (entity.code and entity.code[:3].isalpha()):
                country = entity.country or entity.code[:3]  # type: ignore[index]
                if kb.countries.by_code.get(country):
                    return country
        capital = kb.countries.capital(token.text)
        if capital:
            return capital
    # "Darfur rebels", "Aleppo residents": a place the gazetteer knows stands for its country
    # (checked after every token, so a demonym or country name in the phrase wins).
    # The model often tags no entity there, so a large city stands in for a tagged one;
    # small namesakes ("Federal", "Prosper") do not.
    for token in tokens:
        if token.dep_ in ("compound", "amod") and token.pos_ == "PROPN":
            place = ctx.place(token.text)
            if place is not None and place.country and (
                token.ent_type_ in ("GPE", "LOC") or place.population >= CITY_AS_ACTOR_POP
            ):
                return place.country
    return None


def _description(token: Token, ctx: DocContext, home: str | None) -> Mention | None:
    """A descriptive noun phrase headed by a role noun, coded from its own modifiers."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    found = _role_of(token, ctx.kb)
    if found is None:
        return None
    if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN") and (
        _role_of(token.head, ctx.kb) is not None
    ):
        return None  # "General Staff", "police officer": the head noun names the actor
    words, _ = found
    role = ctx.kb.role_nouns[words]
    lefts = [child for child in token.lefts if child.dep_ in MODIFIER_DEPS]
    # A determiner or possessive opens the noun phrase: anything left of it is a parse slip
    # ("shot dead Russia's ambassador" attaches "dead" to "ambassador").
    openers = [child.i for child in lefts if child.dep_ in ("det", "poss")]
    if openers:
        lefts = [child for child in lefts if child.i >= min(openers)]
    modifiers = [t for child in lefts for t in child.subtree]
    of_phrases = [
        grandchild
        for child in token.rights
        if child.dep_ == "prep" and child.lower_ == "of"
        for grandchild in child.subtree
    ]
    # "opposition groups in Zimbabwe": a group is of the country it is in.
    in_phrases = [
        grandchild
        for child in token.rights
        if child.dep_ == "prep" and child.lower_ == "in" and (
            role.kind == "group" or role.code in IN_COUNTRY_ROLES)
        for grandchild in child.subtree
    ]
    country = (_country_in(modifiers, ctx) or _country_in(of_phrases, ctx)
               or _country_in(in_phrases, ctx))
    if country is None and role.code in PARTY_ROLES:
        country = _party_country(modifiers)  # "Republican lawmakers", "Democratic senators"
    definite = any(child.lower_ == "the" for child in lefts)
    explicit = country is not None
    if country is None and role.code in PLACE_BOUND_ROLES:
        country = _nearby_country(token, ctx)
    elif country is None and role.code in LOCAL_ROLES and not (
            definite and role.kind == "person"):
        country = home
    code = (country + role.code) if country else None
    start_i = min([token.i, *(t.i for t in modifiers)])
    kind = {"person": ActorKind.PERSON, "group": ActorKind.GROUP}.get(
        role.kind, ActorKind.ORGANISATION
    )
    if kind == ActorKind.PERSON and token.tag_ in ("NNS", "NNPS"):
        kind = ActorKind.GROUP  # "Russian diplomats" are several people
    key = f"desc:{code}:{words}" if explicit or not definite else f"desc:?:{words}:{token.i}"
    return Mention(code, ctx.doc[start_i : token.i + 1].text, kind, country, start_i, token.i + 1,
                   ctx.sentence_of(token), key, words, "description")


def _nearby_country(token: Token, ctx: DocContext) -> str | None:
    """The country of the place named closest to `token`, in its sentence or the one before."""
    sent = token.sent
    start = ctx.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    best: tuple[int, str] | None = None
    for ent in ctx.ents_starting(start, sent.end):
        # A city, or a country named as a location ("in northern Mali", whatever label the
        # model gives it); a country as an actor ("Russia's role") says nothing about where
        # the fighters are.
        located = ent.root.dep_ == "pobj" and ent.root.head.lower_ in LOCATIVE_PREPS
        place = ctx.place(ent.text) if place_entity(ent, ctx) else None
        country = (ctx.kb.countries.lookup(ent.text) or ctx.kb.countries.lookup(ent.root.text)
                   if located else None) or (
            place.country if place and not place.is_country else None)
        if country:
            distance = abs(token.i - ent.start) + (0 if ent.start >= sent.start else 1000)
            if best is None or distance < best[0]:
                best = (distance, country)
    return best[1] if best else None


def _home_country(ctx: DocContext) -> str | None:
    """Where the story happens: the country of the first city named, else of the first country."""
    first_country = None
    for ent in ctx.ents:
        if ent.label_ not in ("GPE", "LOC"):
            continue
        place = ctx.kb.place(ent.text)
        if place and not place.is_country and place.country:
            return place.country
        if first_country is None:
            first_country = ctx.kb.countries.lookup(ent.text)
    if first_country is None:
        # A country named only inside an organisation's name ("the Kenya Anti-Corruption
        # Commission", "... Independence of Angola") still says where the story is.
        first_country = next(
            (ctx.kb.countries.names[key] for token in ctx.tokens
             if token.pos_ == "PROPN" and (key := normalise(token.text)) in ctx.kb.countries.names),
            None,
        )
    return first_country


def find_mentions(ctx: DocContext) -> MentionIndex:
    """Every actor mention in the document, resolved and linked."""
    doc, kb = ctx.doc, ctx.kb
    home = _home_country(ctx)
    mentions: list[Mention] = []
    # Datelines and agency credits are never actors (#17); they stay claimed throughout.
    credits = credit_tokens(doc, ctx.doc_text)
    claimed: set[int] = set(credits)

    def claim(mention: Mention) -> None:
        mentions.append(mention)
        claimed.update(range(mention.start_i, mention.end_i))

    # Longest first, then leftmost: a longer name claims its words before a shorter one.
    matches = sorted(alias_index(kb).matches(ctx.lowers, ctx.texts),
                     key=lambda m: (m[0] - m[1], m[0]))
    for start_i, end_i in matches:
        if claimed.intersection(range(start_i, end_i)):
            continue
        entity = kb.entity(doc[start_i:end_i].text)
        if entity is not None:
            claim(_entity_mention(ctx, entity, start_i, end_i))
    for mention in phoenix_mentions(ctx, claimed):  # our own names won above (#12)
        claim(mention)
    for token in ctx.tokens:
        if token.i in claimed:
            continue
        description = _description(token, ctx, home)
        if description is not None:
            while description.start_i in credits:
                description.start_i += 1
            # A description swallows national-body modifiers ("Kremlin spokesman") but not
            # persons ("Putin's spokesman": Putin stays an actor of his own).
            inside = [
                m for m in mentions
                if m.start_i >= description.start_i and m.end_i <= description.end_i
            ]
            if any(m.kind == ActorKind.PERSON for m in inside):
                description.start_i = max(m.end_i for m in inside if m.kind == ActorKind.PERSON)
                while description.start_i < token.i and doc[description.start_i].dep_ == "case":
                    description.start_i += 1
            for m in inside:
                if m.kind != ActorKind.PERSON:
                    mentions.remove(m)
                    claimed.difference_update(range(m.start_i, m.end_i))
                    claimed.update(credits)
            bodies = [m for m in inside if m.kind != ActorKind.PERSON and m.code]
            if (bodies and description.code is None) or any(
                (m.code or "")[:3] not in kb.countries.by_code for m in bodies
            ):
                # "NATO officials", "Islamic State militants": members of the body named.
                body = bodies[0]
                description.code, description.country = body.code, body.country
                description.key = f"desc:{body.code}:{description.role}"
            description.name = doc[description.start_i : description.end_i].text
            claim(description)
    _add_named_entities(ctx, claim, claimed)
    mentions.sort(key=lambda m: m.start_i)
    _link_appositions(doc, mentions)
    _code_from_titles(ctx, mentions, home)
    code_from_phrases(ctx, mentions)
    mentions = resolve_coreference(ctx, mentions)
    _code_from_possessors(ctx, mentions)
    code_unknown_countries(mentions, kb)
    by_token = {i: m for m in mentions for i in range(m.start_i, m.end_i)}
    return MentionIndex(mentions, by_token, home)


def _add_named_entities(ctx: DocContext, claim, claimed: set[int]) -> None:  # type: ignore[no-untyped-def]
    kb = ctx.kb
    for ent in ctx.ents:
        if claimed.intersection(range(ent.start, ent.end)):
            continue
        sentence = ctx.sentence_of(ent[0])
        text = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        country = kb.countries.lookup(text)
        # The small model sometimes tags a country name as a person ("Sri Lanka"); a
        # country's own name (not a demonym) is trusted whatever the label.
        named = normalise(text) in kb.countries.names
        if country and (ent.label_ in ("GPE", "NORP", "ORG", "LOC") or named):
            claim(Mention(country, kb.countries.name_of(country), ActorKind.STATE, country,
                          ent.start, ent.end, sentence, "state:" + country, None, "ner"))
            continue
        capital = kb.countries.capital(text)
        if capital and ent.label_ == "GPE":
            root = ent.root
            if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS:
                continue  # a place, not the government speaking
            claim(Mention(capital + "GOV", f"government of {kb.countries.name_of(capital)}",
                          ActorKind.STATE, capital, ent.start, ent.end, sentence,
                          "state:" + capital + "GOV", None, "capital"))
            continue
        if ent.label_ == "PERSON":
            entity = next(
                (kb.entity(token.text) for token in reversed(ent) if kb.entity(token.text)), None
            )
            if isinstance(entity, Person):
                claim(_entity_mention(ctx, entity, ent.start, ent.end))
            else:
                claim(Mention(None, ent.text, ActorKind.PERSON, None, ent.start, ent.end,
                              sentence, "name:" + ent[-1].text.lower(), None, "ner"))
        elif ent.label_ == "ORG":
            claim(Mention(None, ent.text, ActorKind.ORGANISATION, None, ent.start, ent.end,
                          sentence, "name:" + ent.text.lower(), None, "ner"))
        elif ent.label_ == "GPE" and ctx.kb.place(text) is None and not (
            ent.root.dep_ == "pobj" and ent.root.head.lower_ in LOCATIVE_PREPS
        ):
            # A political entity we have no code for ("Arnor attacked Gondor"): an actor
            # without a code, so the event is still found; known places stay places.
            claim(Mention(None, ent.text, ActorKind.STATE, None, ent.start, ent.end,
                          sentence, "name:" + ent.text.lower(), None, "ner"))


def _link_appositions(doc: Doc, mentions: list[Mention]) -> None:
    """Share code and identity across "a police officer, Mevlut Mert Altintas" and the like."""
    by_token = {i: m for m in mentions for i in range(m.start_i, m.end_i)}
    for mention in mentions:
        head = doc[mention.start_i : mention.end_i].root
        links = [head.head] if head.dep_ in ("appos", "compound") else []
        links += [child for child in head.children if child.dep_ == "appos"]
        if mention.source == "description" and mention.kind == ActorKind.PERSON and (
            mention.end_i < len(doc)
        ):
            # "Turkish President Recep Tayyip Erdogan": a title right before a name is that
            # person's, however the parser attached it.
            links.append(doc[mention.end_i])
        for other_token in links:
            other = by_token.get(other_token.i)
            if other is None or other is mention:
                continue
            person, description = (
                (other, mention) if mention.source == "description" else (mention, other)
            )
            if person.source == "description" or description.source != "description":
                continue
            if person.code is None and description.code is not None:
                person.code, person.country = description.code, description.country
            elif person.code is not None and (
                description.code is None or description.code[:3] == person.code[:3]
                or person.source == "kb"
            ):
                # A person the KB dates is who the title is about: "President" took the
                # story's home country from the text, the KB knows whose president (#17).
                description.code, description.country = person.code, person.country
            description.key = person.key
            description.name = person.name if person.source == "kb" else description.name
            if person.role is None:
                person.role = description.role


def _code_from_possessors(ctx: DocContext, mentions: list[Mention]) -> None:
    """"its troops", "their forces": a description owned by a resolved pronoun takes the
    owner's country ("The United States speeded up the withdrawal of its troops")."""
    by_token = {i: m for m in mentions for i in range(m.start_i, m.end_i)}
    for mention in mentions:
        if mention.source != "description" or mention.code is not None or not mention.role:
            continue
        head = ctx.doc[mention.start_i : mention.end_i].root
        owner = None
        for child in head.children:
            if child.dep_ != "poss":
                continue
            owner = by_token.get(child.i)
            if owner is mention and child.pos_ == "PRON":
                # the pronoun sits inside the description: resolve it on its own
                earlier = [m for m in mentions if m.end_i <= child.i]
                owner = antecedent_for_pronoun(child, earlier)
        role = ctx.kb.role_nouns.get(mention.role)
        if owner is not None and owner.country and role is not None:
            mention.code, mention.country = owner.country + role.code.replace("-", ""), (
                owner.country)


def _code_from_titles(ctx: DocContext, mentions: list[Mention], home: str | None) -> None:
    """An unknown name takes the code of the title before it.

    "U.S. Secretary of State Warren Christopher": the parse hangs the title off the name as
    nmod/compound modifiers; the title's role noun and country code the person.
    """
    doc = ctx.doc
    for mention in mentions:
        if mention.code is not None or mention.kind != ActorKind.PERSON:
            continue
        root = doc[mention.start_i : mention.end_i].root
        title = [
            t for child in root.lefts if child.dep_ in ("nmod", "compound", "amod")
            and child.i < mention.start_i for t in child.subtree
        ]
        if not title:
            continue
        roles = [found for t in title if (found := _role_of(t, ctx.kb)) is not None]
        role = ctx.kb.role_nouns[roles[0][0]].code if roles else ""
        country = _country_in(title, ctx)
        if country is None and role in PARTY_ROLES:
            country = _party_country(title)  # "Republican Senator Bob Corker"
        if country is None and roles and role in LOCAL_ROLES:
            country = home  # "Judge Alejandro Rivera" in a story set in Chile
        if country is None:
            continue
        mention.code, mention.country = country + role, country


def collect_actors(doc: Doc, index: MentionIndex, sentence_of) -> tuple[Actor, ...]:  # type: ignore[no-untyped-def]
    """Group mentions into one `Actor` per entity, keeping every mention as provenance."""
    groups: dict[str, list[Mention]] = {}
    for mention in index.mentions:
        groups.setdefault(mention.key, []).append(mention)
    actors = []
    for mentions in groups.values():
        codes = Counter(m.code for m in mentions if m.code) or Counter(
            m.fallback for m in mentions if m.fallback)
        best = max(mentions, key=lambda m: (m.source == "kb", m.code is not None, -m.start_i))
        spans = tuple(
            Span(doc[m.start_i : m.end_i].text, doc[m.start_i].idx,
                 doc[m.end_i - 1].idx + len(doc[m.end_i - 1].text), m.sentence)
            for m in mentions
        )
        actors.append(Actor(
            code=codes.most_common(1)[0][0] if codes else None,
            name=best.name,
            kind=best.kind,
            country=best.country,
            mentions=spans,
        ))
    return tuple(actors)


@extractors.register("actors.kb_rules.v1", requires=(), produces="actors")
def extract_actors(ctx: DocContext) -> tuple[Actor, ...]:
    """Actor mentions from the KB, descriptive phrases and named entities, with coreference."""
    index = find_mentions(ctx)
    ctx.outputs["mentions"] = index
    return collect_actors(ctx.doc, index, ctx.sentence_of)
