"""When an event happened: its own date expression, a background clause, or publication.

Dates attached to the trigger win; a background clause ("four days after X", "since X")
is dated from the main clause or left undated; weekdays read forward in future clauses;
otherwise the publication date, which is what news means by an undated verb.
"""

from __future__ import annotations

from spacy.tokens import Token

from aftermath.extract.context import DocContext
from aftermath.extract.speech_acts import FUTURE_AUX
from aftermath.nlp.dates import offset_date, resolve_date
from aftermath.records import Granularity, ResolvedDate

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
# Nouns whose "for"/"to" object is an earlier act answered by the main clause's.
RESPONSE_NOUNS = frozenset({"revenge", "retaliation", "response", "reprisal", "retribution",
                            "vengeance", "punishment"})
DURATION_UNITS = frozenset({"day", "week", "month", "year"})
NOUN_MODIFIER_DEPS = frozenset({"poss", "nummod", "compound", "amod"})


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
        if node.dep_ in ("pcomp", "pobj") and node.head.lower_ in ("for", "to") and (
            node.head.head.lemma_.lower() in RESPONSE_NOUNS
        ):
            return node.head  # "in revenge for Russia's bombing": the bombing came first
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
    anchor = event_date(main, ctx, depth + 1)
    if count is None or anchor is None:
        return None
    sign = "-" if link.lower_ in ("after", "following") else ""
    return offset_date(anchor, sign + count, duration.lemma_)


def event_date(trigger: Token, ctx: DocContext, depth: int = 0) -> ResolvedDate | None:
    sent = ctx.sent_of(trigger)
    future = _looks_ahead(trigger)
    # "July's failed coup", "the 2016 election": a date that modifies a noun dates that
    # noun, never another clause's act ("sanctions Russia for meddling in the 2016
    # election" is not a 2016 sanction; #17).
    dates = [e for e in ctx.ents_starting(sent.start, sent.end) if e.label_ == "DATE"
             and not (e.root.dep_ in NOUN_MODIFIER_DEPS and e.root.head != trigger
                      and e.root.head.ent_type_ not in ("DATE", "TIME"))]  # "Monday evening"
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
