"""Readable incident labels: "Killing of Russia's ambassador, Ankara, 2016-12-19" (#6).

Built from the incident's best-supported act (#19): of the core events in the reports'
leads, the type of act most reports carry (an act before a statement about it), and the
most frequent wording of its victim (or the parties, for talks), place and date across
reports, so one outlet's odd phrasing does not name the incident. A label names an outcome
only when the reports state it: "Killing of X" needs most of the act's sentences to say
someone died, else the act is an "Attack on X". A victim that is only a country, or a bare
place noun ("the city"), names nobody: the label then names the actor, or the founding
report's title names the incident.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from aftermath.incidents.features import KeyEvent, plain

# CAMEO code prefix → noun; the longest matching prefix wins. Our own wording.
NOUNS = {
    "01": "Statement", "02": "Appeal", "03": "Pledge", "04": "Meeting", "040": "Talks",
    "042": "Visit", "043": "Visit", "045": "Mediation", "046": "Negotiations",
    "05": "Diplomatic cooperation", "057": "Agreement", "06": "Cooperation", "07": "Aid",
    "08": "Concession", "09": "Investigation", "10": "Demand", "11": "Criticism",
    "12": "Rejection", "13": "Threat", "14": "Protest", "15": "Mobilisation",
    "16": "Cuts in relations", "17": "Coercion", "172": "Sanctions", "173": "Arrests",
    "18": "Attack", "180": "Attack", "181": "Abduction", "182": "Assault", "1823": "Killing",
    "183": "Bombing", "186": "Assassination", "19": "Fighting", "190": "Military attack",
    "193": "Shooting", "194": "Shelling", "195": "Air strike", "20": "Mass violence",
}
# Nouns that name a death: only when the act's sentences state one (#19).
DEATH_NOUNS = frozenset({"Killing", "Assassination"})
STATEMENTS = frozenset({"ACCUSE", "REJECT", "THREATEN", "PROTEST", "REQUEST"})
# "Fighting on the city": a place noun alone is where, not whom (#19).
PLACE_NOUNS = frozenset({"city", "town", "village", "area", "region", "border", "country",
                         "capital", "province", "district", "territory", "sea", "waters"})
# Nouns that take "of" before their victim; the others take "on" ("Attack on ...").
OF_NOUNS = frozenset({"Killing", "Assassination", "Abduction", "Arrests", "Shooting"})
# Event types whose label names one victim or target; the others name both parties.
TARGETED = ("ASSAULT", "COERCE", "THREATEN", "ACCUSE", "SANCTION", "PROTEST")
PRONOUNS = frozenset([
    "he", "she", "it", "they", "him", "her", "them", "his", "their", "its", "who", "which",
    "this", "that",
])


def event_noun(cameo: str) -> str:
    for length in range(len(cameo), 1, -1):
        noun = NOUNS.get(cameo[:length])
        if noun:
            return noun
    return "Event"


def _most_common(values: list[str]) -> str | None:
    """Most frequent wording, counted case-insensitively.

    A possessive description used more than once ("Russia's ambassador") wins over a name:
    it says whose and what the victim was, which a name alone does not.
    """
    kept = [v for v in values if v and v.split()[0].lower() not in PRONOUNS]
    if not kept:
        return None
    counts = Counter(v.lower() for v in kept)

    def rank(key: str) -> tuple[bool, int, int]:
        return (("'s " in key or "’s " in key) and counts[key] > 1, counts[key], len(key))

    best = max(counts, key=rank)
    return next(v for v in kept if v.lower() == best)


def _strip_article(text: str) -> str:
    for article in ("the ", "The ", "a ", "A ", "an ", "An "):
        if text.startswith(article):
            return text[len(article):]
    return text


def best_supported(anchor: KeyEvent, core: list[KeyEvent]) -> tuple[KeyEvent, list[KeyEvent]]:
    """The act most reports carry in their leads, and its events: a type of act with its
    victim, counted by reports; acts before statements about them, then salience."""
    lead = [e for e in core if e.weight >= 0.7] or core or [anchor]
    groups: dict[tuple[str, str | None], list[KeyEvent]] = {}
    for event in lead:
        groups.setdefault((event.plover, event.target), []).append(event)

    def support(key: tuple[str, str | None]) -> tuple[bool, int, float]:
        events = groups[key]
        return (key[0] not in STATEMENTS, len({e.document_id for e in events}),
                max(e.salience for e in events))

    best = groups[max(groups, key=support)]
    return max(best, key=lambda e: e.salience), best


def _names_nobody(victim: str, code: str | None,
                  country_name: Callable[[str], str | None] | None,
                  places: frozenset[str] = frozenset()) -> bool:
    """A country alone ("Turkey", "Turkish"), a place ("Kayseri") or a bare place noun
    ("the city") as a victim: where, not whom."""
    words = _strip_article(victim).split()
    country = country_name(code[:3]) if code and country_name else None
    if country and victim.lower() in (country.lower(), f"the {country.lower()}"):
        return True
    if code and len(code) == 3 and len(words) == 1:
        return True  # a bare country code worded in one word: the country or its people
    if plain(_strip_article(victim)) in places:
        return True
    return len(words) == 1 and words[0] in PLACE_NOUNS


def label_for(anchor: KeyEvent, core: list[KeyEvent], *, title: str | None = None,
              country_name: Callable[[str], str | None] | None = None) -> tuple[str, str | None,
                                                                              str | None]:
    """(label, date, place) of an incident from its core events (`anchor` when none).

    An act outside the lead (weight below 0.7) means we could not code what the founding
    report is about, and one without place or coded actors says little ("Killing of
    people"); the founding report's title then names the incident.
    """
    anchor, act = best_supported(anchor, core)
    dates = Counter(e.date.isoformat() for e in act if e.date) or Counter(
        e.date.isoformat() for e in core if e.date)
    date = min(dates, key=lambda d: (-dates[d], d)) if dates else None
    place = _most_common([e.place_name for e in act if e.place_name]) or _most_common(
        [e.place_name for e in core if e.place_name])
    vague = place is None and not anchor.target and not anchor.source
    if title and (anchor.weight < 0.7 or vague):
        return title, date, place  # the place and date found may be of a passing mention
    noun = event_noun(anchor.cameo)
    if noun in DEATH_NOUNS and 2 * sum(e.deadly for e in act) < len(act):
        noun = "Attack"  # the reports do not say anyone died
    if anchor.plover in TARGETED:
        victim = _most_common([e.target_text or "" for e in act if e.target == anchor.target])
        places = frozenset(plain(e.place_name) for e in core if e.place_name)
        if victim and _names_nobody(victim, anchor.target, country_name, places):
            victim = None
        actor = _most_common([e.source_text or "" for e in act if e.source == anchor.source])
        if actor and _names_nobody(actor, anchor.source, country_name, places):
            actor = None
        if not victim and not actor and title:
            return title, date, place
        preposition = "of" if noun in OF_NOUNS else "on"
        head = (f"{noun} {preposition} {_strip_article(victim)}" if victim
                else f"{noun} by {_strip_article(actor)}" if actor else noun)
    else:
        names = []
        for code in (anchor.source, anchor.target):
            name = country_name(code[:3]) if code and country_name else None
            if name and name not in names:
                names.append(name)
        head = f"{noun}: {' and '.join(names)}" if names else noun
    parts = [head] + [part for part in (place, date) if part]
    return ", ".join(parts), date, place
