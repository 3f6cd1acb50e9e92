"""What clustering compares: a document's salient events and its words.

Built from records only (an `Analysis`, or rows read back from the store), so the same
features come out of a fresh analysis and out of the database (#6).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from aftermath.incidents.acts import (
    act_families,
    background_spans,
    foreground,
    in_background,
    refers_to_known_act,
)
from aftermath.records import Analysis, Event, country_of

# Events a report leads with are what it is about; a killing mentioned in paragraph five
# of a story on Aleppo is background. Weight by sentence index.
POSITION_WEIGHTS = ((0, 1.0), (1, 0.9), (3, 0.7))
LATE_WEIGHT = 0.4
# An event in a clause dated relative to another act ("a day after the ambassador was
# killed") places the report in time; it is not what the report is about (#13, acts.py).
BACKGROUND_WEIGHT = 0.2
# Blame, denials, protests and demands are statements about an act, not acts of their own:
# a report leading with them and dated from an act ("hours after the ambassador was shot
# dead, officials began to point fingers") is about that act (#13).
STATEMENTS = frozenset({"ACCUSE", "REJECT", "THREATEN", "PROTEST", "REQUEST"})
# Material events (attacks, aid) anchor incidents more than statements about them.
QUAD_WEIGHTS = {4: 1.0, 2: 0.8, 3: 0.6, 1: 0.5}
KEPT_STATUSES = ("asserted", "reported")
LEAD_CHARS = 400  # the lead (about two sentences) says what a report is about
STOPWORDS = frozenset([
    "about", "after", "again", "against", "also", "among", "around", "because", "been",
    "before", "being", "between", "both", "could", "during", "each", "from", "have",
    "having", "here", "into", "itself", "just", "more", "most", "much", "other", "over",
    "said", "says", "since", "some", "such", "than", "that", "their", "them", "then",
    "there", "these", "they", "this", "those", "through", "under", "until", "very", "were",
    "what", "when", "where", "which", "while", "will", "with", "would", "your", "year",
    "years", "week", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "told", "according", "officials", "official",
])
# "Last week's ambush": the resolver dates it to the report's day, which is wrong; such an
# event is left undated rather than dated a week late (#13).
UNDATED = re.compile(r"\blast\s+(?:week|month)\b", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]{4,}")
# Words that state a death, our own short list (#19).
DEATH = re.compile(r"\b(?:killed|killing|kills|dead|died|dies|death|deaths|deadly|murder(?:ed)?|"
                   r"assassinat\w*|slain|lost (?:his|her|their) lives|fatal\w*|bodies|"
                   r"body)\b", re.IGNORECASE)
# A capitalised word inside a sentence: a name ("Karlov", "Gwadar", "Kok-Tash"), with an
# Arabic article kept in lower case ("al-Fashaga", #19).
NAME = re.compile(
    r"(?<=[\w,;:'\"()] )(?:(?:al|el|ad|as|ash|ar)-)?[A-Z][^\W\d_]{2,}(?:-[A-Z]?[^\W\d_]+)*")
NAME_MARK = "@"  # names are also counted as words of their own, "@karlov" (#13)
# Capitalised words of institutions and titles: every report has a ministry (#13).
NAME_STOPWORDS = frozenset([
    "ministry", "minister", "defence", "defense", "foreign", "interior", "affairs",
    "department", "office", "president", "prime", "government", "army", "navy", "police",
    "forces", "force", "guards", "guard", "coast", "state", "news", "agency", "council",
    "party", "general", "prosecutor", "court", "national", "republic", "united", "nations",
    "revolutionary", "special", "security", "service", "services", "embassy", "consulate",
    "spokesman", "spokeswoman", "governor", "mayor", "kremlin", "white", "house", "media",
    "north", "south", "east", "west", "northern", "southern", "eastern", "western",
])
# A name after a title ("Defence Minister Yasar Guler", "President Ruto"): an official who
# speaks in many occurrences, not what identifies one (#19).
TITLED = re.compile(
    r"\b(?:Minister|President|Premier|Chancellor|Governor|Mayor|General|Spokesman|"
    r"Spokeswoman|Spokesperson|Secretary|Ambassador|King|Prince|Senator|Commander|"
    r"Chief|Counterpart|counterpart)((?:\s+[A-Z][^\W\d_]+(?:-[A-Z][^\W\d_]+)*){1,3})")
# A run of capitalised words anywhere: candidate place names ("Bandar Abbas", "Kilis").
CAPITALISED = re.compile(r"[A-Z][^\W\d_]+(?:[-'][^\W\d_]+)*(?:\s+[A-Z][^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class KeyEvent:
    """One event reduced to what identifies a real-world occurrence."""

    document_id: str
    seq: int
    plover: str
    cameo: str
    quad_class: int
    source: str | None
    target: str | None
    source_text: str | None
    target_text: str | None
    persons: frozenset[str]
    date: dt.date | None
    place: str | None  # lower-cased, for comparison
    place_name: str | None
    place_country: str | None
    weight: float
    # Its sentence states a death ("killed", "died", "shot dead"): an outcome a label may
    # name only when the reports state it (#19).
    deadly: bool = False

    @property
    def salience(self) -> float:
        return self.weight * QUAD_WEIGHTS.get(self.quad_class, 0.5)


@dataclass(frozen=True, slots=True)
class DocumentFeatures:
    document_id: str
    outlet: str | None
    published: dt.date | None
    title: str | None
    events: tuple[KeyEvent, ...]
    words: frozenset[str]
    acts: frozenset[str] = frozenset()  # act families of the title or lead (acts.py, #13)
    # Events and words of clauses dated relative to another act ("a day after ..."): the
    # acts a report places itself after or before, hence not the act it reports (#13).
    background: tuple[KeyEvent, ...] = ()
    background_words: frozenset[str] = frozenset()
    # Gazetteer places (not capitals) its foreground title, lead and lead events name (#13).
    places: frozenset[str] = frozenset()
    # Countries its foreground words name and its lead events' actors belong to (#13).
    countries: frozenset[str] = frozenset()
    # What identifies the occurrence whoever reports it and whatever it is called (#19):
    # its places and the names of its foreground (a victim, a town, a ship, a site),
    # without the names of organisations and states, which act in many occurrences.
    anchors: frozenset[str] = frozenset()
    # Its title or lead names an act as one already known ("the attack", acts.py, #19).
    refers_back: bool = False


@dataclass(frozen=True, slots=True)
class FeatureIndex:
    """Knowledge-base lookups the features use, built once (`feature_index`)."""

    persons: dict[str, str]  # normalised name or alias → canonical person
    countries: dict[str, str]  # one-word country name or demonym → code, lower-cased
    places: frozenset[str]  # normalised gazetteer names
    capitals: frozenset[str]  # normalised capitals: where governments speak from
    # Lower-cased words of knowledge-base organisation and person names:
    # "Allied", "Democratic", "Belousov" name an actor, not an occurrence (#19).
    actor_words: frozenset[str] = frozenset()

    @property
    def codes(self) -> frozenset[str]:
        """The lower-cased country codes `countries` maps words to."""
        return frozenset(self.countries.values())


def position_weight(sentence: int) -> float:
    for last, weight in POSITION_WEIGHTS:
        if sentence <= last:
            return weight
    return LATE_WEIGHT


def parse_day(value: str | None) -> dt.date | None:
    """A date from an ISO day; months, weeks and years are too coarse to compare."""
    if not value or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def words_of(text: str) -> set[str]:
    return {w for w in (m.group().lower() for m in WORD.finditer(text)) if w not in STOPWORDS}


def _in_background(event: Event) -> bool:
    offset = event.trigger.start - event.evidence.start
    return 0 <= offset < len(event.evidence.text) and in_background(event.evidence.text, offset)


def key_event(document_id: str, seq: int, event: Event,
              persons: frozenset[str] = frozenset(), *, weight: float | None = None) -> KeyEvent:
    return KeyEvent(
        document_id=document_id, seq=seq, plover=event.plover, cameo=event.cameo,
        quad_class=event.quad_class,
        # "---REB" names no one in particular: compared by its words, like an uncoded actor.
        source=_known(event.source.code) if event.source else None,
        target=_known(event.target.code) if event.target else None,
        source_text=event.source.text if event.source else None,
        target_text=event.target.text if event.target else None,
        persons=persons,
        date=None if not event.date or _undated(event.evidence.text) else parse_day(
            event.date.value),
        place=event.place.name.lower() if event.place else None,
        place_name=event.place.name if event.place else None,
        place_country=event.place.country if event.place else None,
        weight=position_weight(event.evidence.sentence) if weight is None else weight,
        deadly=_deadly(event.evidence.text),
    )


# An event's sentence is asked about once per event, and again for every fold that writes
# its incident's acts (#20): the answers are kept per sentence.
@lru_cache(maxsize=4096)
def _undated(sentence: str) -> bool:
    return UNDATED.search(sentence) is not None


@lru_cache(maxsize=4096)
def _deadly(sentence: str) -> bool:
    return DEATH.search(sentence) is not None


# Words of news repeat (#20): stems and plain forms are kept for the most recent ones.
@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A crude suffix stripper: "strikes", "strike" → "strik"; "seized", "seizure" →
    "seiz"; "killing", "kills" → "kill"; "restriction", "restrict" → "restrict";
    "refiners", "refined" → "refin". Only for comparing reports with each other."""
    for suffix in ("ings", "ing", "ions", "ion", "ures", "ure", "ers", "er", "ies", "es", "ed",
                   "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[:-len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def names_of(text: str, country_words: dict[str, str]) -> set[str]:
    """Names inside the sentences of `text`, marked ("@karlov"); countries and their
    demonyms are left out (they are in every report between two countries)."""
    found = set()
    for match in NAME.finditer(text):
        word = match.group().lower()
        if word not in country_words and word not in STOPWORDS and word not in NAME_STOPWORDS:
            found.add(NAME_MARK + word)
    return found


def terms_of(text: str, country_words: dict[str, str]) -> set[str]:
    """Stemmed words of `text`, with country names and demonyms as the country's code
    ("Turkish", "Turkey" → "tur")."""
    return {country_words.get(word) or stem(word) for word in words_of(text)}


def _persons(event: Event, names: dict[str, str]) -> frozenset[str]:
    return frozenset(
        names[key] for ref in (event.source, event.target) if ref is not None
        for key in (" ".join(ref.text.lower().split()),) if key in names
    )


@lru_cache(maxsize=16384)
def plain(name: str) -> str:
    """Lower case without diacritics: "Hakkâri" and "Hakkari" are one place."""
    decomposed = unicodedata.normalize("NFKD", name.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def places_of(text: str, index: FeatureIndex) -> set[str]:
    """Gazetteer places named in `text`: a run of capitalised words inside a sentence
    ("near Bandar Abbas", "in Kilis"), capitals and countries left out.

    A run at the start of a sentence is not taken ("Police said", "The ministry"), nor
    one word of a longer run ("Vladimir" of "Vladimir Putin"): the gazetteer holds towns
    called Police, Vladimir and Sea.
    """
    found = set()
    for match in CAPITALISED.finditer(text):
        before = text[:match.start()].rstrip()
        if not before or before[-1] in ".!?\n":
            continue
        if match.group().isupper():
            continue  # an acronym ("PKK"), not a town
        run = plain(match.group())
        if (run in index.places and run not in index.capitals and run not in index.countries
                and run not in STOPWORDS):
            found.add(run)
    return found


@dataclass(frozen=True, slots=True)
class KeyEvents:
    """A report's key events, split from the words so that what needs only the events (an
    incident's core events for its acts, brief.py) does not pay for the words (#20)."""

    events: tuple[KeyEvent, ...]  # foreground, in report order
    evidence: tuple[str, ...]  # the sentence of each foreground event
    background: tuple[KeyEvent, ...]  # in clauses dated from another act (has_own only)
    has_own: bool  # the lead holds an act of the report's own, not only statements


def key_events(analysis: Analysis, person_names: dict[str, str]) -> KeyEvents:
    """Key events (asserted or reported, with an actor) of a report, foreground and
    background (see `document_features`); `person_names` as there."""
    document = analysis.document
    kept = [(seq, event, _in_background(event)) for seq, event in enumerate(analysis.events)
            if str(event.status) in KEPT_STATUSES
            and (event.source is not None or event.target is not None)]
    has_own = any(not behind and position_weight(event.evidence.sentence) >= 0.7
                  and event.plover not in STATEMENTS for _, event, behind in kept)
    events, evidence, background = [], [], []
    for seq, event, behind in kept:
        item = key_event(document.id, seq, event, _persons(event, person_names))
        if behind and has_own:
            background.append(key_event(document.id, seq, event, item.persons,
                                        weight=BACKGROUND_WEIGHT))
            continue
        events.append(item)
        evidence.append(event.evidence.text)
    return KeyEvents(tuple(events), tuple(evidence), tuple(background), has_own)


def document_features(analysis: Analysis, *, person_names: dict[str, str] | None = None,
                      index: FeatureIndex | None = None) -> DocumentFeatures:
    """Key events (asserted or reported, with an actor) and words of the title, the lead
    and the lead events' sentences.

    `person_names` (or `index.persons`) maps normalised actor words to a canonical person
    (from the knowledge base), so "Karlov" and "Andrey Karlov" count as one resolved
    person; `index` also maps country names and demonyms to one word and knows places.

    A report with an act of its own in its lead (any event but a statement: blame, denial,
    protest, demand) is about that act: events and words in clauses dated relative to another act
    ("a day after the ambassador was killed") are set apart as its background (acts.py).
    A report with no such act ("One week after the ambassador was shot dead, investigators
    are still ...", "Hours after ..., officials began to point fingers") follows up the act
    it is dated from, and those clauses count as foreground.
    """
    document = analysis.document
    index = index or FeatureIndex(person_names or {}, {}, frozenset(), frozenset())
    names, countries = person_names or index.persons, index.countries
    lead = document.text[:LEAD_CHARS]
    found = key_events(analysis, names)
    has_own = found.has_own
    places: set[str] = set()

    def text_terms(text: str) -> set[str]:
        kept = foreground(text) if has_own else text
        places.update(places_of(kept, index))
        return terms_of(kept, countries) | names_of(kept, countries)

    words = text_terms(document.title or "") | text_terms(lead)
    events, background = found.events, found.background
    for item, evidence in zip(events, found.evidence, strict=True):
        if item.weight >= 0.7:
            words |= text_terms(evidence)
            place = plain(item.place) if item.place else None
            if place and place not in index.capitals and place not in index.countries:
                places.add(place)
    behind_words: set[str] = set()
    if has_own:
        for text in (document.title or "", lead):
            for start, end in background_spans(text):
                behind_words |= terms_of(text[start:end], countries)
    codes = index.codes
    titled = {NAME_MARK + w.lower() for text in (document.title or "", lead)
              for match in TITLED.finditer(text) for w in match.group(1).split()}
    anchors = {NAME_MARK + place for place in places} | {
        w for w in words if w.startswith(NAME_MARK) and plain(w[1:]) not in index.actor_words
        and plain(w[1:]) not in index.capitals and w not in titled}
    named = {w for w in words if w in codes}
    named |= {ref[:3].lower() for e in events if e.weight >= 0.7 for ref in (e.source, e.target)
              if ref and len(ref) >= 3}
    return DocumentFeatures(
        document_id=document.id, outlet=document.outlet, published=parse_day(document.published),
        title=document.title, events=events, words=frozenset(words),
        acts=act_families(document.title, lead), background=background,
        background_words=frozenset(behind_words - words), places=frozenset(places),
        countries=frozenset(named), anchors=frozenset(anchors),
        refers_back=refers_to_known_act(f"{document.title or ''}. {lead}"),
    )


def feature_index(kb: object) -> FeatureIndex:
    """The lookups `document_features` uses, from the knowledge base."""
    table = getattr(kb, "countries", None)
    places = frozenset(getattr(kb, "gazetteer", {}))
    return FeatureIndex(
        persons=person_index(kb), countries=country_index(kb), places=places,
        capitals=frozenset(getattr(table, "capitals", {})),
        # Words of capitals too ("Delhi" of "New Delhi"): governments speak from them.
        actor_words=actor_words(kb) | {w for capital in getattr(table, "capitals", {})
                                       for w in plain(capital).split()},
    )


def actor_words(kb: object) -> frozenset[str]:
    """Lower-cased words of every knowledge-base organisation's and person's names: the
    people and bodies the knowledge base knows are those who speak and act in many
    occurrences (a minister, a president, an army), so their names identify none."""
    found: set[str] = set()
    for entity in (*getattr(kb, "organisations", ()), *getattr(kb, "persons", ())):
        for alias in (entity.name, *entity.aliases):
            found |= {plain(w) for w in re.findall(r"[^\W\d_][\w'-]*", alias)}
    return frozenset(found)


def country_index(kb: object) -> dict[str, str]:
    """One-word country names and demonyms (lower-cased) → the country's code, lower-cased."""
    table = getattr(kb, "countries", None)
    index: dict[str, str] = {}
    for mapping in (getattr(table, "names", {}), getattr(table, "demonyms", {})):
        for word, iso3 in mapping.items():
            if " " not in word:
                index[word] = iso3.lower()
    return index


def person_index(kb: object) -> dict[str, str]:
    """Normalised name or alias → canonical name, for every person in the knowledge base."""
    index: dict[str, str] = {}
    for person in getattr(kb, "persons", ()):
        for alias in (person.name, *person.aliases):
            index[" ".join(alias.lower().split())] = person.name
    return index


def _known(code: str | None) -> str | None:
    """The code when its country is known; None for "---REB" and uncoded actors (#12)."""
    return code if country_of(code) else None
