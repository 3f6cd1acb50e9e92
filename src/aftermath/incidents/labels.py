"""Readable incident labels: "Killing of Russia's ambassador, Ankara, 2016-12-19" (#6).

Built from the incident's anchor event and the core events that agree with it: the most
frequent wording of the victim (or the parties, for talks), place and date across reports,
so one outlet's odd phrasing does not name the incident.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from aftermath.incidents.features import KeyEvent

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


def label_for(anchor: KeyEvent, core: list[KeyEvent], *, title: str | None = None,
              country_name: Callable[[str], str | None] | None = None) -> tuple[str, str | None,
                                                                              str | None]:
    """(label, date, place) of an incident from its anchor and core events.

    An anchor outside the lead (weight below 0.7) means we could not code what the founding
    report is about, and one without place or coded actors says little ("Killing of
    people"); the founding report's title then names the incident.
    """
    core = core or [anchor]
    dates = Counter(e.date.isoformat() for e in core if e.date)
    date = min(dates, key=lambda d: (-dates[d], d)) if dates else None
    place = _most_common([e.place_name for e in core if e.place_name])
    vague = place is None and not anchor.target and not anchor.source
    if title and (anchor.weight < 0.7 or vague):
        return title, date, place  # the place and date found may be of a passing mention
    else:
        noun = event_noun(anchor.cameo)
        if anchor.plover in TARGETED:
            victim = _most_common([e.target_text or "" for e in core if e.target == anchor.target])
            actor = _most_common([e.source_text or "" for e in core if e.source == anchor.source])
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
