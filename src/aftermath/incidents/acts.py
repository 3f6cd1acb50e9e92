"""What kind of act a report is about, and which of its clauses are background (#13).

Two rules that keep a report about a different act between the same actors apart from an
incident, even when the event coder got its events wrong or coded none:

- **Act family.** The foreground words of a report's title (its lead sentence when the
  title names no act) say what it is about: `force` (an attack, a shooting, a seizure),
  `diplomacy` (an agreement, talks, a visit) or `disaster` (an earthquake, a crash). A
  report on a gas deal and a report on a killing never join, whatever actors they share.
  Reactions, claims, funerals and investigations name no family of their own ("Kremlin
  calls Izmir killing a provocation" is `force` through "killing") and join by the act
  they are about. A disaster word wins over force words: accidents kill people too.
- **Background clauses.** A clause dated relative to another act ("a day after the
  ambassador was killed", "hours before ...", "a week after a water cannon attack",
  "Hours earlier, ...", "the latest incident since a Turkish jet shot down ...") places the
  report in time; it is not what the report is about.
  Its events and words do not count. "Over last week's attack" is not background: a
  protest over an act is about that act.

The word lists are ours; they are short on purpose (a family is a coarse type).
"""

from __future__ import annotations

import re
from functools import lru_cache

FAMILIES: dict[str, tuple[str, ...]] = {
    "force": (
        "attack", "attacked", "attacks", "attacker", "assault", "assassinated",
        "assassination", "ambush", "shot", "shoots", "shoot", "shooting", "gunman", "gunmen",
        "killed", "killing", "kills", "kill", "killer", "dead", "died", "dies", "bomb",
        "bombing", "bomber", "bombardment", "blast", "explosion", "fire", "fired", "fires",
        "shelling", "shelled", "strike", "strikes", "struck", "rocket", "rockets", "clash",
        "clashes", "fighting", "raid", "wounded", "cannon", "seize", "seizes", "seized", "seizure",
        "board", "boards", "boarded", "hijack", "hijacked", "blocks", "blocked",
        "drove away", "expelled", "abducted", "kidnapped", "stabbed", "stabbing",
    ),
    "diplomacy": (
        "agreement", "agreements", "agree", "agreed", "agrees", "deal", "deals", "sign",
        "signs", "signed", "memorandum", "declaration", "accord", "ceasefire", "truce",
        "pact", "treaty", "talks", "talked", "summit", "consultations", "visit",
        "visits", "discuss", "discussed", "discusses", "phone", "telephone", "conversation",
    ),
    "disaster": (
        "earthquake", "quake", "mudslide", "landslide", "flood", "floods", "typhoon",
        "hurricane", "storm", "crash", "crashes", "overturns", "overturned", "derailed",
        "avalanche", "wildfire",
    ),
}
# A disaster word decides the family alone; force and diplomacy may both be named
# ("ceasefire after clashes") and then either matches.
OVERRIDES = ("disaster",)

_QUANTITY = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|\d+)"
_UNIT = r"(?:hours?|days?|weeks?|months?)"
# "a day after ...", "hours before ...", "a week after ..." up to the end of the clause.
# "... the latest incident since a Turkish jet shot down a Russian bomber": the act a
# report is dated "since" is another one (not "since Monday", "since then").
_SINCE = r"\bsince\s+(?:an?|the|its|his|her|their)\s[^.;]*"
# "Moscow has long accused the west of stirring unrest", "has for years said ...": a
# standing position, whose acts are no news of the week; up to the clause's end or "and".
_STANDING = r"\b(?:has|have|had)\s+(?:long|for\s+years|for\s+decades)\s(?:(?!\band\b)[^.;,])*"
BACKGROUND = re.compile(
    rf"\b(?:{_QUANTITY}\s+)?{_UNIT}\s+(?:after|before|since)\b[^.;]*"
    rf"|\b(?:{_QUANTITY}\s+)?{_UNIT}\s+(?:earlier|before)\s*,[^.;]*|{_SINCE}|{_STANDING}",
    re.IGNORECASE)
_FAMILY_PATTERNS = {
    family: re.compile(r"(?<!\w)(?:" + "|".join(
        r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))
        + r")(?!\w)", re.IGNORECASE)
    for family, words in FAMILIES.items()
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


# Nouns a report uses for an act it has not the first news of (#19). Our own short list.
ACT_NOUNS = (
    "attack", "attacks", "assault", "stabbing", "shooting", "killing", "murder", "bombing",
    "blast", "explosion", "incident", "abduction", "kidnapping", "hostage crisis",
    "hostage-taking", "raid", "ambush", "clash", "clashes", "fighting", "standoff",
    "stand-off", "confrontation", "seizure", "ban", "suspension", "measure", "crisis",
    "row", "dispute",
)
_ACT_NOUN = "|".join(re.escape(n) for n in sorted(ACT_NOUNS, key=len, reverse=True))
# "the attack", "this week's confrontation", "Monday's blast", "last week's bombing",
# "the Rotterdam incident", "after Rotterdam assault", "the explosion at the terminal":
# a definite or place-named act is one the reader has heard of.
_REFERENCE = re.compile(
    rf"\b(?:the|this|that|last\s+\w+'s|\w+day's|this\s+week's)\s+"
    rf"(?:[A-Za-z-]+\s+){{0,2}}(?:{_ACT_NOUN})\b"
    rf"|\b(?:over|after|in|for|by|behind|of)\s+(?:the\s+)?[A-Z][\w'-]+\s+"
    rf"(?:[a-z-]+\s+)?(?:{_ACT_NOUN})\b")


def refers_to_known_act(text: str) -> bool:
    """Whether `text` names an act as one already known ("the attack", "Monday's blast",
    "over Rotterdam stabbing"), as reports following up a story do (#19)."""
    return bool(_REFERENCE.search(text))


# Sentences, titles and leads whose background clauses are kept: every event of a
# sentence asks about the same sentence, and each fold asks again about the events of the
# incidents it writes (#20). The pattern is costly; a kept answer is the same answer.
# About a thousand reports' sentences, a megabyte or two.
TEXTS_KEPT = 4096


# Every match of BACKGROUND holds one of these words, matched with the same flags: a text
# without any has no background clause, and the costly pattern need not run (#20).
_BACKGROUND_WORDS = re.compile(r"after|before|since|earlier|long|years|decades", re.IGNORECASE)


@lru_cache(maxsize=TEXTS_KEPT)
def _spans(text: str) -> tuple[tuple[int, int], ...]:
    if not _BACKGROUND_WORDS.search(text):
        return ()
    return tuple(match.span() for match in BACKGROUND.finditer(text))


def background_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of `text` in clauses dated relative to another act."""
    return list(_spans(text))


@lru_cache(maxsize=TEXTS_KEPT)
def foreground(text: str) -> str:
    """`text` without its background clauses."""
    return BACKGROUND.sub(" ", text) if _spans(text) else text


def in_background(text: str, offset: int) -> bool:
    """Whether character `offset` of `text` lies in a background clause."""
    return any(start <= offset < end for start, end in _spans(text))


def families_in(text: str) -> frozenset[str]:
    """The act families named in the foreground of `text`."""
    words = foreground(text)
    found = {family for family, pattern in _FAMILY_PATTERNS.items() if pattern.search(words)}
    for family in OVERRIDES:
        if family in found:
            return frozenset({family})
    return frozenset(found)


def act_families(title: str | None, lead: str) -> frozenset[str]:
    """A report's act families: from its title, else from its first sentence."""
    found = families_in(title or "")
    if found:
        return found
    first = _SENTENCE_END.split(lead.strip(), maxsplit=1)[0] if lead.strip() else ""
    return families_in(first)


def different_acts(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two family sets say two different acts (both named, none shared)."""
    return bool(a) and bool(b) and not (a & b)
