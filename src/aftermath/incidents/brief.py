"""The analyst's brief of one incident: what happened, competing explanations, framing (#6).

`build_brief` is a pure function of the incident and its documents' records;
`incident_brief` reads them from the store and picks the incident by id or search phrase.
"""

from __future__ import annotations

import re
from typing import Any

from aftermath.errors import NotFoundError
from aftermath.incidents.act_merge import incident_acts
from aftermath.incidents.clustering import IncidentState
from aftermath.incidents.features import (
    DocumentFeatures,
    key_events,
    parse_day,
    person_index,
)
from aftermath.incidents.framing import build_framing
from aftermath.incidents.hypotheses import Source, build_ledger, kb_resolver
from aftermath.incidents.lexicon import load_lexicon
from aftermath.incidents.model import Brief, EventLine, Incident
from aftermath.incidents.names import ActorNames
from aftermath.incidents.people import (
    claimant_names,
    named_proponents,
    speaker_names,
    with_claimant_name,
)
from aftermath.knowledge.outlets import OutletRegistry, load_outlets
from aftermath.records import Analysis


def document_sources(analyses: list[Analysis], registry: OutletRegistry) -> dict[str, Source]:
    sources = {}
    for analysis in analyses:
        document = analysis.document
        outlet = registry.lookup(name=document.outlet, url=document.url)
        if outlet is None:
            name = document.outlet or "unknown"
            sources[document.id] = Source(name, name, "?", "other", document.published)
        else:
            sources[document.id] = Source(outlet.key, outlet.name, outlet.country,
                                          str(outlet.ownership), document.published)
    return sources


def core_refs(analyses: list[Analysis], person_names: dict[str, str]
              ) -> list[tuple[str, int]]:
    """(document id, event index) of the events that describe the incident itself
    (compatible with its anchor), in report order. `person_names` is `person_index(kb)`:
    storage.py passes the one it built once, not one per incident (#20).

    Only the key events decide the core, so the reports' words are not computed."""
    state = IncidentState("brief")
    for analysis in analyses:
        document = analysis.document
        state.add(DocumentFeatures(
            document_id=document.id, outlet=document.outlet,
            published=parse_day(document.published), title=document.title,
            events=key_events(analysis, person_names).events, words=frozenset()))
    wanted = {(e.document_id, e.seq) for e in state.core}
    return [(analysis.document.id, seq) for analysis in analyses
            for seq in range(len(analysis.events)) if (analysis.document.id, seq) in wanted]


def core_events(analyses: list[Analysis], kb: Any) -> tuple[EventLine, ...]:
    """The events that describe the incident itself (`core_refs`), with their actors'
    resolved names (names.py)."""
    wanted = set(core_refs(analyses, person_index(kb)))
    lines = []
    for analysis in analyses:
        resolver = ActorNames(analysis, kb)
        for seq, event in enumerate(analysis.events):
            if (analysis.document.id, seq) not in wanted:
                continue
            source, target = resolver.name_of(event.source), resolver.name_of(event.target)
            lines.append(EventLine(
                document_id=analysis.document.id, seq=seq, plover=event.plover,
                cameo=event.cameo,
                source=event.source.text if event.source else None,
                target=event.target.text if event.target else None,
                date=event.date.value if event.date else None,
                place=event.place.name if event.place else None,
                status=str(event.status), text=event.evidence.text,
                source_name=source.name if source else None,
                target_name=target.name if target else None,
                source_code=source.code if source else None,
                target_code=target.code if target else None,
            ))
    return tuple(lines)


def build_brief(incident: Incident, analyses: list[Analysis], kb: Any,
                registry: OutletRegistry | None = None) -> Brief:
    """The brief of one incident from its documents' analyses (texts are not needed)."""
    registry = registry or load_outlets()
    lexicon = load_lexicon(kb)
    sources = document_sources(analyses, registry)
    hypotheses, unattached = build_ledger(analyses, sources, lexicon, kb_resolver(kb))
    claimants = claimant_names(analyses, kb)
    hypotheses = named_proponents(hypotheses, claimants, sources)
    framing, groups = build_framing(analyses, sources, hypotheses, lexicon,
                                    speaker_names(analyses, kb))
    events = core_events(analyses, kb)
    acts = incident_acts(incident.id, analyses, [(e.document_id, e.seq) for e in events], kb,
                         {doc: source.outlet for doc, source in sources.items()})
    return Brief(incident=incident, events=events, hypotheses=hypotheses,
                 unattached=tuple(with_claimant_name(r, claimants) for r in unattached),
                 framing=framing, framing_groups=groups, acts=acts)


def search_incident(incidents: list[Incident], phrase: str,
                    titles: dict[str, list[str]] | None = None) -> Incident:
    """The incident with this id, else the one whose label and titles best match the phrase.

    A word of the phrase in the label counts twice as much as one in a document title.
    """
    for incident in incidents:
        if incident.id == phrase:
            return incident
    wanted = {w for w in re.findall(r"\w+", phrase.lower()) if len(w) > 2}
    if not wanted:
        raise NotFoundError(f"no incident with id {phrase!r}")
    titles = titles or {}

    def score(incident: Incident) -> tuple[int, int]:
        label = set(re.findall(r"\w+", incident.label.lower()))
        heads = set(re.findall(r"\w+", " ".join(titles.get(incident.id, ())).lower()))
        return (2 * len(wanted & label) + len(wanted & heads), len(incident.documents))

    best = max(incidents, key=score, default=None)
    if best is None or score(best)[0] == 0:
        raise NotFoundError(f"no incident matches {phrase!r} (try `aftermath incidents`)")
    return best


NEARBY_DAYS = 7


def nearby_incidents(incidents: list[Incident], incident: Incident) -> list[Incident]:
    """Other incidents first reported within a week of this one, in date order: the
    same-day attacks and next-day talks an analyst must not confuse with it."""
    day = parse_day(incident.first_report)
    if day is None:
        return []
    found = []
    for other in incidents:
        when = parse_day(other.first_report)
        if other.id != incident.id and when and abs((when - day).days) <= NEARBY_DAYS:
            found.append(other)
    return sorted(found, key=lambda i: (i.first_report or "", i.id))
