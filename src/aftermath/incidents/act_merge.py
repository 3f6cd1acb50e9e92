"""Acts: the events of one incident that report the same act, folded into one (#19).

Twenty outlets telling one shooting give twenty coded events; an analyst counts one act
told twenty times. Two events report the same act when

- they are of the same **act family**: the family acts.py gives the words of the event's
  trigger ("shot", "killing" → force), else its PLOVER type ("detained" → COERCE);
- their **resolved** source and target are compatible: the same entity once pronouns,
  descriptions and spellings are resolved (names.py: "He", "the gunman", "Altıntaş" →
  Mevlut Mert Altintas), or one side not named; a person is never a group, and two
  actors of different countries are never one;
- they happened the **same day** by the clause's own date. A date the resolver could only
  take from the publication day (the sentence names no day: "Police killed the gunman")
  says when the report came out, not when the act happened, and is left out of the
  comparison;
- their **places** are compatible: the same place, or one of them not named.

Events in a background clause ("a day after the ambassador was killed", acts.py) are not
acts of this incident. Each event joins the existing act it agrees with most (in report
order), else founds one. Pure: records in, `Act` records out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from aftermath.incidents.acts import families_in, in_background
from aftermath.incidents.names import ActorNames, canonical_names, is_generic
from aftermath.records import Act, ActorKind, ActReport, Analysis, Event, Named, country_of

# Words that give a sentence a day of its own; without one, the resolver's date for an
# event is the publication day.
DATE_WORDS = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|"
    r"tonight|overnight|last\s+(?:night|week|month)|this\s+(?:morning|evening|week)|"
    r"january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|\d{4}-\d{2}-\d{2})\b",
    re.IGNORECASE)
KEPT_STATUSES = ("asserted", "reported")
# PLOVER types that are an act family of acts.py whatever the trigger's words ("murder").
PLOVER_FAMILIES = {"ASSAULT": "force", "AGREE": "diplomacy", "CONSULT": "diplomacy"}
# Days a date equal to the report's own publication day may follow the act's: "officials
# said on Tuesday that ... was behind the assassination" dates Monday's act Tuesday.
SLIP_DAYS = 3
GROUP_KINDS = frozenset({ActorKind.GROUP, ActorKind.STATE, ActorKind.ORGANISATION})


@dataclass(frozen=True, slots=True)
class Side:
    """One end of an event as acts compare it: name, code and whether it is a person."""

    name: str
    code: str | None
    person: bool | None  # None: not known
    generic: bool = False  # says what the actor is ("the gunman"), not who (names.py)


@dataclass(frozen=True, slots=True)
class Told:
    """One event of one report, resolved for comparison."""

    report: ActReport
    family: str
    plover: str
    cameo: str
    quad_class: int
    goldstein: float
    source: Side | None
    target: Side | None
    day: str | None  # the clause's own day (ISO), None when it names none
    date: str | None  # the stored date, whatever its source
    place: str | None


@dataclass(slots=True)
class _Building:
    first: Told
    told: list[Told] = field(default_factory=list)
    dated: dict[str, Told] = field(default_factory=dict)  # a report of each own day
    days: Counter[str] = field(default_factory=Counter)

    def add(self, told: Told) -> None:
        self.told.append(told)
        if told.day:
            self.days[told.day] += 1
            self.dated.setdefault(told.day, told)

    @property
    def day(self) -> Told | None:
        """A report of the day most reports give the act (the earliest among equals)."""
        if not self.days:
            return None
        best = min(self.days, key=lambda d: (-self.days[d], d))
        return self.dated[best]


def event_family(event: Event) -> str:
    """The act family of an event: acts.py's family of its trigger words, else PLOVER."""
    found = families_in(event.trigger.text)
    if len(found) == 1:
        return next(iter(found))
    return PLOVER_FAMILIES.get(event.plover, event.plover)


def own_day(event: Event, published: str | None) -> str | None:
    """The day the event's clause gives it; None when only the publication day could be
    used (or the date is coarser than a day)."""
    if event.date is None or len(event.date.value) != 10:
        return None
    if event.date.value == published and not DATE_WORDS.search(event.evidence.text):
        return None
    return event.date.value


@lru_cache(maxsize=65_536)
def _plain(name: str) -> str:
    """Lower case without diacritics: "Altıntaş" and "Altintas" compare equal."""
    text = name.lower().replace("ı", "i")
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def _side(named: Named | None, kind: ActorKind | None, kb: Any) -> Side | None:
    if named is None:
        return None
    person = None if kind is None or kind == ActorKind.UNKNOWN else kind == ActorKind.PERSON
    return Side(named.name, named.code, person, is_generic(named.name, kb))


def told_events(analysis: Analysis, wanted: Iterable[int], names: ActorNames,
                outlet: str | None) -> list[Told]:
    """The events `wanted` (indices) of one document as acts compare them."""
    document = analysis.document
    result = []
    for seq in sorted(set(wanted)):
        if not 0 <= seq < len(analysis.events):
            continue
        event = analysis.events[seq]
        if str(event.status) not in KEPT_STATUSES:
            continue
        offset = event.trigger.start - event.evidence.start
        if 0 <= offset < len(event.evidence.text) and in_background(event.evidence.text,
                                                                   offset):
            continue  # dated from another act: its background, not one of its acts
        ends = []
        for ref in (event.source, event.target):
            actor = names.actor_at(ref) if ref is not None else None
            ends.append(_side(names.name_of(ref), actor.kind if actor else None, names.kb))
        result.append(Told(
            report=ActReport(document.id, seq, outlet, document.published, event.evidence),
            family=event_family(event), plover=event.plover, cameo=event.cameo,
            quad_class=event.quad_class, goldstein=event.goldstein,
            source=ends[0], target=ends[1], day=own_day(event, document.published),
            date=event.date.value if event.date else None,
            place=event.place.name if event.place else None,
        ))
    return result


# Roles that say nothing about who the actor is: "a gunman" coded with the country of the
# phrase around it is still unidentified.
UNIDENTIFIED_ROLES = ("UAF", "CVL", "PPL")
ABSENT = 0.5  # one side unnamed: compatible, but no evidence of one act


def _country(side: Side) -> str | None:
    if side.generic and side.code and side.code[3:6] in UNIDENTIFIED_ROLES:
        return None
    return country_of(side.code)


def _roles(code: str | None) -> str | None:
    return code[3:] if code and len(code) > 3 else None


def _sides_agree(a: Side | None, b: Side | None, same: Callable[[str, str], bool]) -> float:
    """How well two ends agree: 1 one entity, between 0 and 1 compatible (one body of one
    state, a description and a name of the same code), ABSENT when one is unnamed, -1
    different."""
    if a is None or b is None:
        return ABSENT
    if same(a.name, b.name):
        return 1.0
    if a.person is not None and b.person is not None and a.person != b.person:
        return -1.0
    if _country(a) and _country(b) and _country(a) != _country(b):
        return -1.0
    if not a.generic and not b.generic:
        return -1.0  # two names: two people or bodies
    if a.code and b.code and a.code == b.code:
        return 0.75
    if _state_of(a.code) and _state_of(a.code) == _state_of(b.code):
        return 0.25  # "police", "special forces", "security forces": one state acting
    roles_a, roles_b = _roles(a.code), _roles(b.code)
    unidentified = any(side.generic and (_roles(side.code) or "")[:3] in UNIDENTIFIED_ROLES
                       for side in (a, b))
    if roles_a and roles_b and not unidentified and not (
            roles_a.startswith(roles_b) or roles_b.startswith(roles_a)):
        return -1.0  # "the police chief" is not "the consul"
    if roles_a and roles_a == roles_b:
        return 0.5  # "the consul", "Lithuania's consul"
    if a.code and b.code and (a.code.startswith(b.code) or b.code.startswith(a.code)):
        return 0.5
    return 0.25 if a.person == b.person else -1.0


STATE_ROLES = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG", "DIP"})


def _state_of(code: str | None) -> str | None:
    """The country of a state organ (a bare country or a state role), else None."""
    country = country_of(code)
    if country is None or code is None:
        return None
    return country if len(code) == 3 or code[3:6] in STATE_ROLES else None


def _same_day(a: Told, b: Told) -> bool:
    """Same day, or one of them undated, or one dated by its own publication day a few
    days after the other and published after it (the day it was said, not done)."""
    if not a.day or not b.day or a.day == b.day:
        return True
    early, late = sorted((a, b), key=lambda t: t.day or "")
    if late.day != late.report.published or not early.day or not late.day:
        return False
    if (late.report.published or "") <= (early.report.published or ""):
        return False  # not a later report: two days, two acts
    gap = dt.date.fromisoformat(late.day) - dt.date.fromisoformat(early.day)
    return gap.days <= SLIP_DAYS


# Reports of an act an event is compared with: the founder and the latest ones (an act
# told a thousand times need not be compared a thousand times).
COMPARED = 40


def agreement(act: _Building, told: Told, same: Callable[[str, str], bool]) -> float | None:
    """How well an event agrees with an act, None when it cannot be the same act: it must
    not conflict with the act's founding report nor with most of the reports compared (the
    founder and the latest; one odd coding among many does not keep it out), and must
    name an actor one of them names."""
    dated = act.day
    if dated is not None and not _same_day(told, dated):
        return None  # the act's day is the one most of its reports give
    founder = _pair(act.first, told, same)
    if founder is None:
        return None
    members = act.told[1:][-COMPARED:]
    pairs = [found for member in members
             if (found := _pair(member, told, same, dated=False)) is not None]
    if members and 2 * (len(members) - len(pairs)) > len(members):
        return None
    scored = [founder, *pairs]
    if not any(shared for _, shared in scored):
        return None  # no actor named by both: nothing says it is the same act
    return sum(score for score, _ in scored) / len(scored)


def _pair(first: Told, told: Told, same: Callable[[str, str], bool], *, dated: bool = True
          ) -> tuple[float, bool] | None:
    """(how well two events agree as reports of one act, whether they name a common
    actor); None when they cannot be one act. `dated=False` leaves their days out (the
    act's day is compared once, in `agreement`)."""
    if told.family != first.family:
        return None
    if dated and not _same_day(told, first):
        return None
    if told.place and first.place and _plain(told.place) != _plain(first.place):
        return None
    score, shared = 0.0, False
    for mine, theirs in ((told.source, first.source), (told.target, first.target)):
        agreed = _sides_agree(mine, theirs, same)
        if agreed < 0:
            return None
        score += agreed
        shared = shared or (mine is not None and theirs is not None)
    return score + (0.5 if told.plover == first.plover else 0.0), shared


def merge_acts(incident_id: str, told: list[Told], kb: Any = None) -> tuple[Act, ...]:
    """The acts of one incident from its events in report order, most reported first."""
    spellings = canonical_names(
        [side.name for t in told for side in (t.source, t.target) if side is not None], kb)

    keys = {name: _plain(folded) for name, folded in spellings.items()}

    def same(a: str, b: str) -> bool:
        return keys.get(a, a) == keys.get(b, b)

    acts: list[_Building] = []
    for item in told:
        scored = [(score, n) for n, act in enumerate(acts)
                  if (score := agreement(act, item, same)) is not None]
        if scored:
            _, best = max(scored, key=lambda pair: (pair[0], -pair[1]))
            acts[best].add(item)
        elif item.source is not None or item.target is not None:
            founded = _Building(item)
            founded.add(item)
            acts.append(founded)
    built = [_finish(incident_id, act, spellings) for act in acts]
    built.sort(key=lambda a: (-len(a.documents), -len(a.reports), a.date or "~", a.id))
    return tuple(built)


def _most_common(values: list[Any]) -> Any:
    """The most frequent value; the first given among equals."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    order = {v: n for n, v in reversed(list(enumerate(values)))}
    return max(counts, key=lambda v: (counts[v], -order.get(v, 0)))


def _canonical_side(sides: list[Side | None], spellings: dict[str, str]) -> Named | None:
    """The side most reports name: a proper name before a common noun or a code label."""
    known = [s for s in sides if s is not None]
    if not known:
        return None
    names = [spellings.get(s.name, s.name) for s in known]
    proper = [n for n in names if any(w[:1].isupper() for w in n.split())]
    name = _most_common(proper or names)
    code = _most_common([s.code for s in known if spellings.get(s.name, s.name) == name]) \
        or _most_common([s.code for s in known])
    return Named(name, code)


def _finish(incident_id: str, act: _Building, spellings: dict[str, str]) -> Act:
    told = act.told
    first = act.first.report
    key = f"{incident_id}|{first.document_id}|{first.seq}"
    plover = _most_common([t.plover for t in told])
    same_type = [t for t in told if t.plover == plover]
    cameo = _most_common([t.cameo for t in same_type])
    chosen = next(t for t in same_type if t.cameo == cameo)
    return Act(
        id="act-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12],
        incident_id=incident_id, family=act.first.family, plover=plover, cameo=cameo,
        quad_class=chosen.quad_class, goldstein=chosen.goldstein,
        source=_canonical_side([t.source for t in told], spellings),
        target=_canonical_side([t.target for t in told], spellings),
        date=_most_common([t.day for t in told]) or _most_common([t.date for t in told]),
        place=_most_common([t.place for t in told]),
        reports=tuple(t.report for t in told),
    )


def incident_acts(incident_id: str, analyses: list[Analysis], core: Iterable[tuple[str, int]],
                  kb: Any, outlets: Mapping[str, str | None] | None = None
                  ) -> tuple[Act, ...]:
    """The acts of an incident: its core events (document id, event index) folded by act.

    `outlets` maps document ids to the outlet key shown (the stored outlet otherwise).
    """
    by_document: dict[str, list[int]] = {}
    for document_id, seq in core:
        by_document.setdefault(document_id, []).append(seq)
    told: list[Told] = []
    for analysis in analyses:
        wanted = by_document.get(analysis.document.id)
        if not wanted:
            continue
        outlet = (outlets or {}).get(analysis.document.id, analysis.document.outlet)
        told += told_events(analysis, wanted, ActorNames(analysis, kb), outlet)
    return merge_acts(incident_id, told, kb)
