"""Group documents into incidents by their key events, incrementally (#6).

A document joins the incident whose key events best match its own: the same or a
compatible event type, shared actors (codes and resolved persons), the same place and a
close date, plus word overlap of titles and lead sentences. Events in different places, or
days apart, never match, so a truck attack in Berlin and a shooting in Ankara on the same
evening stay apart, as do talks in Moscow the next day. Position weights make a document
join on what it leads with, not on what it mentions in passing.

Coding errors are survived with text evidence (#13): IDF word overlap with the closest
member or the incident's centroid, shared names, places and countries; reports whose lead
could not be coded, and reactions, join by words. A different act between the same actors
stays apart by rule: another act family (acts.py), a report dating its own act from the
incident's ("a day after the ambassador was killed, ministers met ..."), other places, or
events that do not match. See docs/incidents.md for the rules and thresholds.

Documents are taken in publication order, each compared with the incidents formed so far,
which is exactly what happens when documents arrive one batch at a time. A merge pass then
joins two incidents when the founder of one matches the other as it now stands: a wire
brief with no coded event founds an incident by its words, and the fuller reports that
follow it can only be recognised as the same act once they have gathered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from aftermath.incidents.acts import different_acts
from aftermath.incidents.features import STATEMENTS, DocumentFeatures, KeyEvent
from aftermath.incidents.overlap import (
    MEMBERS_COMPARED,
    _cosine,
    _top_weight,
    member_overlap,
    overlap_below,
    shared_names,
    text_overlap,
)
from aftermath.incidents.overlap import (
    word_weights as word_weights,  # storage.py takes it from here
)

DATE_WINDOW = 3  # days between two reports' dates of one event (relative dates slip)
REPORT_WINDOW = 30  # days after an incident's first report that a document may still join
JOIN_SCORE = 2.2  # set on the dev part of eval/gold/incidents (see docs/incidents.md)
TEXT_WEIGHT = 3.0  # word overlap (cosine of word sets, 0..1) counts up to this much
TEXT_ONLY = 0.2  # word overlap a report without a material lead event needs to join by words
# A report's background clause ("a week after a water cannon attack at ...") names this
# incident when one of its events scores this much with a core event, or its words
# overlap a member's this much (#13).
REFERS_EVENT = 1.5
RETELLS_EVENT = 2.5  # a report's own lead event is the incident's act (same type and victim)
REFERS_WORDS = 0.2
DYAD_BONUS = 0.5  # same countries, same act family, same day (same_dyad_same_day)
NAME_BONUS = 0.5  # counts when all of a report's shared names are the incident's
MERGE_TEXT = 0.3  # word overlap an uncoded founder needs with another incident to merge
# A report whose anchors (places, victims, sites: features.py) other reports also name,
# this share of them (IDF mass) named by an incident's members, follows that incident's
# story however its act is called, or if it is called nothing yet (#19).
STORY_SHARE = 0.5


@dataclass(slots=True)
class IncidentState:
    """An incident while it is being built: its members and their key events."""

    id: str
    documents: list[str] = field(default_factory=list)
    events: list[KeyEvent] = field(default_factory=list)
    words: list[frozenset[str]] = field(default_factory=list)
    first_report: dt.date | None = None
    last_report: dt.date | None = None
    anchor: KeyEvent | None = None
    core: list[KeyEvent] = field(default_factory=list)
    acts: frozenset[str] = frozenset()  # act families of the first member naming any
    members: list[DocumentFeatures] = field(default_factory=list)
    term_counts: dict[str, int] = field(default_factory=dict)  # members using each word
    places: set[str] = field(default_factory=set)  # places its members name (not capitals)
    countries: set[str] = field(default_factory=set)  # countries its members name
    anchors: dict[str, int] = field(default_factory=dict)  # members naming each anchor
    # The core events by PLOVER type and by quad class: only events sharing one of them
    # can match (pair_score), so a report's events are compared with those alone (#20).
    core_types: dict[str, list[KeyEvent]] = field(default_factory=dict)
    core_quads: dict[int, list[KeyEvent]] = field(default_factory=dict)
    # matchable()'s answer per (PLOVER type, quad class), until a member is added.
    matchable: dict[tuple[str, int], list[KeyEvent]] = field(default_factory=dict)
    # The centroid's squared norm per weights dict (overlap.centroid_overlap, #20).
    masses: dict[int, tuple[dict[str, float], int, float]] = field(default_factory=dict)

    def add(self, features: DocumentFeatures) -> None:
        self.documents.append(features.document_id)
        self.members.append(features)
        if not self.acts:
            self.acts = features.acts
        self.events.extend(features.events)
        best = max(features.events, key=lambda e: e.salience, default=None)
        if best is not None and (self.anchor is None or best.salience > self.anchor.salience):
            self.anchor = best
            self.core = [e for e in self.events if compatible(e, best)]
            self.core_types, self.core_quads = {}, {}
            added = self.core
        else:
            added = [e for e in features.events if compatible(e, self.anchor)]
            self.core.extend(added)
        for event in added:
            self.core_types.setdefault(event.plover, []).append(event)
            self.core_quads.setdefault(event.quad_class, []).append(event)
        if added:
            self.matchable = {}
        self.words.append(features.words)
        for word in features.words:
            self.term_counts[word] = self.term_counts.get(word, 0) + 1
        self.places |= features.places
        self.countries |= features.countries
        for anchor in features.anchors:
            self.anchors[anchor] = self.anchors.get(anchor, 0) + 1
        day = features.published
        if day is not None:
            self.first_report = min(filter(None, (self.first_report, day)))
            self.last_report = max(filter(None, (self.last_report, day)))


def matchable(event: KeyEvent, state: IncidentState) -> list[KeyEvent]:
    """The incident's core events that may score with `event` (pair_score is 0 unless
    their PLOVER types or quad classes are the same), each once, in no set order."""
    kind = (event.plover, event.quad_class)
    found = state.matchable.get(kind)
    if found is None:
        same_quad = state.core_quads.get(event.quad_class, [])
        other = [e for e in state.core_types.get(event.plover, ())
                 if e.quad_class != event.quad_class]
        found = state.matchable[kind] = [*same_quad, *other]
    return found


def compatible(event: KeyEvent, anchor: KeyEvent | None) -> bool:
    """Whether an event may describe the same occurrence as the incident's anchor.

    Only these "core" events are matched against newcomers: talks in Moscow mentioned at
    the end of a report on a shooting must not pull a report on the talks into it.
    """
    return anchor is not None and (event is anchor or pair_score(event, anchor) > 0)


def incident_id(founding_document: str) -> str:
    return "inc-" + hashlib.sha256(founding_document.encode("utf-8")).hexdigest()[:10]


def _words(text: str) -> str:
    return " ".join(w for w in text.lower().split() if w not in ("the", "a", "an"))


def _same_place(a: KeyEvent, b: KeyEvent) -> bool | None:
    if a.place is None or b.place is None:
        return None
    return a.place == b.place


STATE_ROLES = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG", "DIP"})


def _state_of(code: str | None) -> str | None:
    """The country of a state actor (a bare country code or a state role), else None:
    rebels and opposition coded under a country ("TURREB") are not that state."""
    if not code or len(code) < 3:
        return None
    return code[:3] if len(code) == 3 or code[3:6] in STATE_ROLES else None


def pair_score(a: KeyEvent, b: KeyEvent, *, dated: bool = True) -> float:
    """How likely two key events are the same occurrence, before position weights.

    `dated=False` leaves dates out (a background clause's "a week after ..." event is
    often dated with the report).
    """
    if dated and a.date and b.date and abs((a.date - b.date).days) > DATE_WINDOW:
        return 0.0
    place = _same_place(a, b)
    if place is False:
        return 0.0
    if a.plover == b.plover:
        score = 1.0
    elif a.quad_class == b.quad_class:
        score = 0.5
    else:
        return 0.0
    if a.target and a.target == b.target:
        score += 1.0 if len(a.target) > 3 else 0.5
    elif a.target and b.target and a.target[:3] != b.target[:3]:
        score -= 1.0  # different victims or counterparts: a different occurrence
    elif not a.target and not b.target and a.target_text and b.target_text and (
            _words(a.target_text) == _words(b.target_text)):
        score += 0.5  # uncoded but worded alike ("people", "worshippers")
    if a.source and a.source == b.source:
        score += 0.5
    elif (state := _state_of(a.source)) and state == _state_of(b.source):
        score += 0.25  # "Iran" and "Iran's Revolutionary Guards": one state acting (#13)
    if a.persons & b.persons:
        score += 1.0
    if place:
        score += 0.5
    if dated and a.date and a.date == b.date:
        score += 0.5
    return score


def match_score(features: DocumentFeatures, state: IncidentState,
                idf: dict[str, float] | None = None) -> float:
    """The best weighted event match plus word overlap with the closest member; 0 for a
    report on an act of another family."""
    if different_acts(features.acts, state.acts):
        return 0.0
    if features.published and state.first_report and (
        (features.published - state.first_report).days > REPORT_WINDOW
        or (state.first_report - features.published).days > DATE_WINDOW
    ):
        return 0.0
    # Dates first, the costlier references to other acts after: each says 0 (#20).
    if reported_before(features, state) or dated_apart(features, state, idf):
        return 0.0
    best = 0.0
    for mine in features.events:
        for theirs in matchable(mine, state):  # the others score 0 (#20)
            score = pair_score(mine, theirs)
            if score > 0:
                best = max(best, score * mine.weight * theirs.weight)
    if not _coded(features) or state.anchor is None:
        # A report whose lead could not be coded (a wire brief, a headline), or an
        # incident known only by words (no event of its founder could be coded): no event
        # to contradict the other's, words decide, taken against the centroid too, unless
        # the two name different places (#13).
        story = story_score(features, state, idf)  # weighs places apart itself
        if places_apart(features, state):
            return story
        if overlap_below(features.words, state, idf, TEXT_ONLY):
            return max(0.0, story)  # no words to join by (#20: the overlap not computed)
        overlap = text_overlap(features.words, state, idf)
        worded = JOIN_SCORE * overlap / TEXT_ONLY if overlap >= TEXT_ONLY else 0.0
        return max(worded, story)
    # A reaction ("Gulen condemns the killing") is a statement about an act: it may join
    # by its words whatever its own events matched. A report leading with an act of its
    # own (an attack, a meeting) joins by its events or not at all.
    story = max(story_score(features, state, idf), dyad_reference(features, state),
                same_dispute(features, state, idf))
    # A coded act whose report names no kind of act (a trade curb, a decree: no attack,
    # meeting or disaster in its title or lead) is no act of force or diplomacy that must
    # match by events: its words may decide, as a reaction's do (#19).
    by_events_only = bool((_own_act(features) and features.acts) or places_apart(
        features, state) or key_name_missing(features, state, idf))
    matched = 0.0
    if best == 0.0 and (by_events_only or overlap_below(features.words, state, idf, TEXT_ONLY)):
        return max(matched, story)  # the word overlap would count for nothing (#20)
    overlap = member_overlap(features.words, state, idf)
    if best > 0.0:
        matched = (best + TEXT_WEIGHT * overlap + NAME_BONUS * name_share(features, state, idf)
                   + (DYAD_BONUS if same_dyad_same_day(features, state) else 0.0))
    if by_events_only:
        return max(matched, story)
    worded = JOIN_SCORE * overlap / TEXT_ONLY if overlap >= TEXT_ONLY else 0.0
    return max(matched, worded, story)


def story_score(features: DocumentFeatures, state: IncidentState,
                idf: dict[str, float] | None = None) -> float:
    """A join by the story's anchors, not its events (#19): at the join bar (plus the
    anchors' share, to rank incidents) when the report shares an anchor with the incident,
    nothing says another occurrence, and either the report names its act as one already
    known ("the attack", "over Rotterdam stabbing") or most of its shared anchors are the
    incident's and it shares two of them or came out within a day of the first report.
    An anchor only one report names says nothing. A report of a new act in the same city a
    week later ("a petrol bomb thrown at the consulate in Izmir") shares one anchor and
    refers to no known act: it stays apart.

    A story whose act is named late or never ("nine people hurt at the bus terminal",
    then "a bomb caused the terminal explosion", then "minister blames rebels for the
    bombing") holds together by its places, victims and sites, not by coded events of one
    family. What says another occurrence: places apart, or a lead act of the same type as
    one of the incident's acts that matches none of them (another day, place or victim);
    act families and dates relative to another act are checked before (match_score).
    """
    weights = idf or {}
    unique = _top_weight(weights, 0.0)
    mine = [a for a in features.anchors if weights.get(a, unique) < unique]
    shared = [a for a in mine if a in state.anchors]
    if not shared or _other_occurrence(features, state):
        return 0.0
    # Places apart keep a report out unless it shares a name that is no gazetteer place of
    # either side ("al-Fashaga", a victim): each side may name its own town nearby.
    place_words = {w for place in (*features.places, *state.places) for w in place.split()}
    names = [a for a in shared if a[1:] not in place_words]
    if places_apart(features, state) and not names:
        return 0.0
    share = sum(weights[a] for a in shared) / sum(weights[a] for a in mine)
    first_days = features.published is not None and state.first_report is not None and abs(
        (features.published - state.first_report).days) <= 1
    # A report of an act of its own that matched none of the incident's events needs more
    # than one shared place: two anchors, or its act named as a known one.
    soon = first_days and not (_coded(features) and _own_act(features))
    if features.refers_back or (share >= STORY_SHARE and (len(shared) >= 2 or soon)):
        return JOIN_SCORE + share
    return 0.0


def same_dispute(features: DocumentFeatures, state: IncidentState,
                 idf: dict[str, float] | None = None) -> float:
    """A row between two countries that is no act of force, diplomacy or disaster (a trade
    curb, a ban): a report naming no kind of act, the same two or more countries as the
    incident, within days of its last report, and half the words a reaction needs (#19)."""
    if features.acts or len(features.countries) < 2 or not (
            features.countries <= state.countries):
        return 0.0
    if features.published is None or state.last_report is None or abs(
            (features.published - state.last_report).days) > DATE_WINDOW:
        return 0.0
    overlap = text_overlap(features.words, state, idf)
    return JOIN_SCORE if overlap >= TEXT_ONLY / 2 else 0.0


def dyad_reference(features: DocumentFeatures, state: IncidentState) -> float:
    """A statement by one of the two sides naming "the fighting" the day after, with no
    place or name in common: each side tells its own account of where it happened (#19)."""
    if features.refers_back and not _own_act(features) and same_dyad_same_day(features, state):
        return JOIN_SCORE
    return 0.0


def _other_occurrence(features: DocumentFeatures, state: IncidentState) -> bool:
    """Whether a lead act of the report has the type of an incident's act but matches
    none of the incident's acts of that type. Dates are left out when the report names
    its act as a known one ("over Monday's shooting"): such an act is often dated with
    the report."""
    for mine in features.events:
        if mine.weight < 0.7 or mine.plover in STATEMENTS:
            continue
        same_type = [theirs for theirs in state.core if theirs.plover == mine.plover]
        if same_type and all(pair_score(mine, theirs, dated=not features.refers_back) <= 0
                             for theirs in same_type):
            return True
    return False


def _refers(behind: tuple[KeyEvent, ...], behind_words: frozenset[str],
            events: Iterable[KeyEvent], words: Iterable[frozenset[str]],
            idf: dict[str, float] | None) -> bool:
    """Whether background events or words name the act of these events or words."""
    events = list(events)
    if any(pair_score(mine, theirs, dated=False) >= REFERS_EVENT
           for mine in behind for theirs in events):
        return True
    return bool(behind_words) and any(_cosine(behind_words, w, idf) >= REFERS_WORDS
                                      for w in words)


def same_dyad_same_day(features: DocumentFeatures, state: IncidentState) -> bool:
    """Whether the report names two or more countries, all of them the incident's, names
    the same act family and comes out within a day of the incident's first report:
    "Deadly shooting on Armenia-Azerbaijan border" the day of a clash near Sotk (#13).
    Talks between the same countries that day are another family and never join."""
    return (len(features.countries) >= 2 and features.countries <= state.countries
            and bool(features.acts) and features.acts == state.acts
            and features.published is not None and state.first_report is not None
            and abs((features.published - state.first_report).days) <= 1)


def places_apart(features: DocumentFeatures, state: IncidentState) -> bool:
    """Whether the report and the incident both name places (capitals aside: governments
    speak from them) and share none: a report joining by its words alone must not be
    about a blast in Gaziantep when the incident is a shelling in Kilis (#13)."""
    return bool(features.places) and bool(state.places) and not (features.places & state.places)


def _shared_names(features: DocumentFeatures, idf: dict[str, float] | None) -> list[str]:
    """The report's names that another report also uses (a name only it uses says
    nothing about which incident it belongs to)."""
    return shared_names(features.words, idf)


def name_share(features: DocumentFeatures, state: IncidentState,
               idf: dict[str, float] | None = None) -> float:
    """Share (IDF mass) of the report's shared names that the incident's members use."""
    names = _shared_names(features, idf)
    if not names:
        return 0.0
    weights = idf or {}
    total = sum(weights[w] for w in names)
    return sum(weights[w] for w in names if w in state.term_counts) / total


def key_name_missing(features: DocumentFeatures, state: IncidentState,
                     idf: dict[str, float] | None = None) -> bool:
    """Whether a coded report whose events matched nothing here names something specific
    (its key name) that the incident's members do not: "Chinese ship blocks Philippine
    vessel at Sabina Shoal" coded as a rejection must not join a water cannon attack
    reported without that shoal's name (#13)."""
    key = key_name(features, idf)
    return key is not None and key not in state.term_counts


def key_name(features: DocumentFeatures, idf: dict[str, float] | None = None) -> str | None:
    """The report's most specific name that another report also uses, if any."""
    shared = _shared_names(features, idf)
    return max(shared, key=lambda w: ((idf or {})[w], w)) if shared else None


def reported_before(features: DocumentFeatures, state: IncidentState) -> bool:
    """Whether the report was published before the incident's act happened (a day of
    slack for time zones and relative dates): it cannot be about that act (#13)."""
    act = state.anchor.date if state.anchor is not None else None
    return bool(features.published and act and (act - features.published).days > 1)


def _own_act(features: DocumentFeatures) -> bool:
    """Whether the report leads with an act of its own, not a statement about one (blame,
    denial, protest, demand)."""
    return any(e.plover not in STATEMENTS and e.weight >= 0.7 for e in features.events)


def _retells(features: DocumentFeatures, state: IncidentState) -> bool:
    """Whether one of the report's own lead events is the incident's act itself ("three
    days after the killing, ... the gunman shot Karlov on Monday at an exhibition")."""
    return any(pair_score(mine, theirs) >= RETELLS_EVENT for mine in features.events
               if mine.weight >= 0.7 for theirs in matchable(mine, state))


def dated_apart(features: DocumentFeatures, state: IncidentState,
                idf: dict[str, float] | None = None) -> bool:
    """Whether the report dates its own act from this incident's act, or a member dates
    its act from the report's: "a week after a water cannon attack at Second Thomas Shoal,
    a Chinese ship blocked ..." is a new act, not the attack (#13, acts.py).

    Statements do not count as acts here: "hours after the ambassador was shot dead,
    officials began to point fingers" is about the killing.
    """
    # A report with no background clause refers to no act: asked first, as most have none.
    if (features.background or features.background_words) and _own_act(features) and (
            not _retells(features, state)) and _refers(
            features.background, features.background_words, state.core,
            state.words[-MEMBERS_COMPARED:], idf):
        return True
    if not state.members:
        return False
    founder = state.members[0]  # its act is the incident's; a follow-up's may be dated too
    return bool(founder.background or founder.background_words) and _own_act(founder) and (
        _refers(founder.background, founder.background_words, features.events,
                [features.words], idf))


def assign(features: DocumentFeatures, states: list[IncidentState],
           *, threshold: float = JOIN_SCORE, idf: dict[str, float] | None = None
           ) -> tuple[IncidentState, float]:
    """Add one document to the best-matching incident, or found a new one.

    Returns the incident and the score (0 when the document founded it). A document with
    no key events can still join by its words, or found an incident known by its title.
    """
    scored = [(match_score(features, state, idf), state) for state in states]
    score, best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    if best is None or score < threshold:
        best = IncidentState(incident_id(features.document_id))
        states.append(best)
        score = 0.0
    best.add(features)
    return best, score


def order_key(features: DocumentFeatures) -> tuple[dt.date, str]:
    return (features.published or dt.date.max, features.document_id)


def cluster_documents(items: Iterable[DocumentFeatures], states: list[IncidentState] | None = None,
                      *, threshold: float = JOIN_SCORE) -> list[IncidentState]:
    """Cluster documents (taken in publication order) into new or the given incidents."""
    result = list(states or [])
    ordered = sorted(items, key=order_key)
    idf = word_weights(ordered)
    for features in ordered:
        assign(features, result, threshold=threshold, idf=idf)
    merge_incidents(result, threshold=threshold, idf=idf)
    return result


def rebuilt(incident: str, members: Iterable[DocumentFeatures]) -> IncidentState:
    """An incident with this id made anew from its members, in publication order."""
    state = IncidentState(incident)
    for features in sorted(members, key=order_key):
        state.add(features)
    return state


def _coded(features: DocumentFeatures) -> bool:
    return any(e.weight >= 0.7 for e in features.events)


def _dates_itself_from(state: IncidentState, other: IncidentState,
                       idf: dict[str, float] | None) -> bool:
    """Whether a member of `state` dates its own act from `other`'s act and not from its
    own incident's: "hours after an attack in Hakkari killed three soldiers, jets struck
    PKK positions in Iraq" keeps the strikes apart from the attack however the rest of
    their reports compare."""
    members = state.members[:MEMBERS_COMPARED]
    members += state.members[MEMBERS_COMPARED:][-MEMBERS_COMPARED:]
    for member in members:
        if not (member.background or member.background_words) or not _own_act(member):
            continue
        if _refers(member.background, member.background_words, other.core,
                   other.words[-MEMBERS_COMPARED:], idf) and not _refers(
                member.background, member.background_words, state.core,
                state.words[-MEMBERS_COMPARED:], idf):
            return True
    return False


def merge_score(a: IncidentState, b: IncidentState,
                idf: dict[str, float] | None = None) -> float:
    """How strongly two incidents' evidence says they are one.

    Only an incident founded by a report with no act of its own is provisional: a wire
    brief or headline whose lead could not be coded, or a reaction (blame, a protest, a
    demand) that arrived before the reports of the act it is about. Its founder is matched
    against the other incident as it now stands; an uncoded founder, judged by words
    alone, needs the higher overlap `MERGE_TEXT` (the join bar when it names the same
    countries and act family on the same day). Incidents founded by reports of acts
    are never merged: each act was compared with the other when it arrived.
    """
    if not a.members or not b.members or different_acts(a.acts, b.acts):
        return 0.0
    # Founded by acts that name no known act, both: nothing below can score, so the costly
    # check of dates relative to other acts is skipped (#20: most pairs of a fold).
    provisional = [(founder, other) for founder, other in ((a.members[0], b), (b.members[0], a))
                   if founder.refers_back or not (_coded(founder) and _own_act(founder))]
    if not provisional or _dates_itself_from(a, b, idf) or _dates_itself_from(b, a, idf):
        return 0.0
    best = 0.0
    for founder, other in provisional:
        if _coded(founder) and _own_act(founder):
            # "summons envoy over the seizure": a known act (refers_back)
            best = max(best, story_score(founder, other, idf))
            continue  # an act was compared with the other incident when it arrived
        score = match_score(founder, other, idf)
        if score and not _coded(founder):
            overlap = text_overlap(founder.words, other, idf)
            bar = TEXT_ONLY if same_dyad_same_day(founder, other) else MERGE_TEXT
            score = JOIN_SCORE * overlap / bar if overlap >= bar else 0.0
            score = max(score, story_score(founder, other, idf))
        best = max(best, score)
    return best


def merge_incidents(states: list[IncidentState], *, threshold: float = JOIN_SCORE,
                    idf: dict[str, float] | None = None,
                    touched: set[str] | None = None) -> list[tuple[str, str]]:
    """Merge, in place, incidents whose evidence says they are one; returns (kept,
    absorbed) id pairs. The earlier-founded incident keeps its id. With `touched`, only
    pairs with at least one touched incident are compared (an incremental update), and
    merged incidents are added to it.
    """
    merged: list[tuple[str, str]] = []
    # Scores of pairs already compared: each merge starts the search again from the first
    # pair, and states it did not change need no second look (#18: on a large store most
    # of an update went into comparing the same pairs again after every merge). A merged
    # state is a new object; the pair is kept with its score, so an id is never reused.
    scores: dict[tuple[int, int], tuple[IncidentState, IncidentState, float]] = {}
    while True:
        ordered = sorted((s for s in states if s.members), key=lambda s: order_key(s.members[0]))
        pair = _first_mergeable(ordered, threshold, idf, touched, scores)
        if pair is None:
            return merged
        a, b = pair
        states[states.index(a)] = rebuilt(a.id, [*a.members, *b.members])
        states.remove(b)
        merged.append((a.id, b.id))
        if touched is not None:
            touched.add(a.id)


def _first_mergeable(ordered: list[IncidentState], threshold: float,
                     idf: dict[str, float] | None, touched: set[str] | None,
                     scores: dict[tuple[int, int], tuple[IncidentState, IncidentState, float]]
                     ) -> tuple[IncidentState, IncidentState] | None:
    for i, a in enumerate(ordered):
        first = a.members[0].published
        for b in ordered[i + 1:]:
            later = b.members[0].published
            if first and later and (later - first).days > REPORT_WINDOW:
                break
            if touched is not None and a.id not in touched and b.id not in touched:
                continue
            known = scores.get((id(a), id(b)))
            if known is None or known[0] is not a or known[1] is not b:
                known = scores[(id(a), id(b))] = (a, b, merge_score(a, b, idf))
            if known[2] >= threshold:
                return a, b
    return None
