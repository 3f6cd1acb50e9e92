"""Which speech-act frame the parse puts around an event, and the event recoded in it.

`extract.frames` maps codes (what "will give aid" becomes in CAMEO); this module reads the
parse: a future auxiliary, a commissive or refusal head ("vowed to", "refused to"), a
readiness adjective ("is ready to"), "must" under someone else's reporting verb, a
cessation head ("stopped striking"); and whose statement it is (the actor's own, its side's,
or a forecaster's prediction).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from aftermath.extract.context import DocContext
from aftermath.extract.frames import Frame, framed_code, is_conflictual
from aftermath.extract.mentions import Mention
from aftermath.knowledge.events import EventPattern
from aftermath.records import EventStatus

REPORTING_HEADS = frozenset(
    {"say", "tell", "claim", "allege", "report", "state", "announce", "confirm", "add",
     "believe", "think", "suggest", "insist", "write", "note", "argue", "accuse",
     "declare", "warn", "stress"}
)
FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "wo", "'d"})
OBLIGATION_AUX = frozenset({"must", "should"})
# Heads whose complement is the actor's own intent: "vowed to retaliate".
COMMISSIVE_HEADS = frozenset(
    {"vow", "pledge", "promise", "offer", "plan", "intend", "threaten", "swear", "want",
     "agree"}
)
READINESS_ADJECTIVES = frozenset({"willing", "ready", "prepared", "determined", "eager",
                                  "poised"})
REFUSAL_HEADS = frozenset({"refuse", "decline", "fail"})
CESSATION_HEADS = frozenset({"stop", "cease", "halt", "end", "suspend", "pause", "quit"})
FRAME_HEADS = COMMISSIVE_HEADS | REFUSAL_HEADS | CESSATION_HEADS


def frame_of(verb: Token) -> Frame | None:
    """Which speech-act frame, if any, the parse puts around the event verb."""
    auxes = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    negated = any(c.dep_ == "neg" for c in verb.children)
    if auxes & FUTURE_AUX:
        return Frame.REFUSAL if negated else Frame.INTENT
    if auxes & OBLIGATION_AUX and not negated:
        return Frame.DEMAND
    if verb.dep_ != "xcomp":
        return None
    head = verb.head
    lemma = head.lemma_.lower()
    head_negated = any(c.dep_ == "neg" for c in head.children)
    if lemma in REFUSAL_HEADS:
        return None if head_negated else Frame.REFUSAL
    if lemma in CESSATION_HEADS:
        return None if head_negated else Frame.CESSATION
    if lemma in COMMISSIVE_HEADS or (
        head.dep_ == "acomp" and lemma in READINESS_ADJECTIVES
    ) or (lemma == "be" and head.lower_ in READINESS_ADJECTIVES):
        return Frame.REFUSAL if head_negated else Frame.INTENT
    return None


FORECASTER_ROLES = frozenset({"EDU", "MED"})
# Verbal acts an actor performs by announcing them: a demand, criticism or rejection the
# actor says it will make is made in the saying.
SAID_IS_DONE = frozenset({"10", "11", "12"})


def _forecaster(speaker: Mention) -> bool:
    """Analysts, experts, think tanks and the press: their "will" is a forecast."""
    code = speaker.code or speaker.fallback or ""  # "---GOV": a minister, country unknown
    return code[3:6] in FORECASTER_ROLES or (not code and speaker.role is not None)


def same_side(actor: Mention, speaker: Mention) -> bool:
    """Whether `speaker` speaks for `actor`: the same actor, the same code, or a state and
    its government ("Russia agreed ..., the Defence Ministry said")."""
    if actor.key == speaker.key:
        return True
    a, b = actor.code or "", speaker.code or ""
    if not a or not b or a[:3] != b[:3]:
        return False
    return a == b or len(a) == 3 or len(b) == 3 or ("GOV" in a and "GOV" in b)


def reporting_subject(verb: Token) -> Token | None:
    """The subject of the reporting verb the event is said under, if there is one."""
    node = verb
    for _ in range(4):
        if node.dep_ not in ("xcomp", "ccomp", "conj") or node.head == node:
            return None
        head = node.head
        if node.dep_ == "ccomp" and head.lemma_.lower() in REPORTING_HEADS:
            return next((c for c in head.children if c.dep_ == "nsubj"), None)
        node = head
    return None


def apply_frame(
    ctx: DocContext, verb: Token, pattern: EventPattern, sources: list[Mention | None],
    targets: list[Mention | None], status: EventStatus, reporter: Mention | None,
) -> tuple[
    EventPattern, list[Mention | None], list[Mention | None], EventStatus, Mention | None
]:
    """Recode an embedded act as the intent, threat, refusal or demand it is part of."""
    frame = frame_of(verb)
    if frame is None:
        return pattern, sources, targets, status, reporter
    speaker = reporting_subject(verb)
    said_by = ctx.outputs["mentions"].for_argument(speaker) if speaker is not None else None
    # The actor's own commitment, announced by itself, its side ("the Kremlin said Putin
    # will ...") or reported by anyone else ("..., the Albanian embassy said") — unless the
    # speaker is a forecaster: "analysts said Turkey will withdraw" is a prediction.
    own_side = said_by is not None and any(
        s is not None and same_side(s, said_by) for s in sources
    )
    own = speaker is None or said_by is None or own_side or not _forecaster(said_by)
    if frame is Frame.DEMAND:
        if said_by is None or own_side:
            return pattern, sources, targets, status, reporter
        # "Russia said Sudan must return the helicopter": Russia demands, of Sudan.
        sources, targets = [said_by], [s for s in sources if s is not None]
    elif not own and verb.dep_ != "xcomp":
        # "Analysts said Turkey will withdraw": someone else's prediction, not an intent.
        # ("vowed to", "refused to", "stopped" are the actor's own acts whoever reports.)
        return pattern, sources, targets, status, reporter
    embedded = ctx.kb.cameo[pattern.cameo]
    if frame is Frame.INTENT and is_conflictual(embedded.quad_class):
        frame = Frame.THREAT
    code = framed_code(frame, pattern.cameo, ctx.kb.cameo.keys())
    if code is None and frame is Frame.THREAT and pattern.cameo[:2] in SAID_IS_DONE:
        code = pattern.cameo  # "will keep up pressure on Pyongyang": saying so presses (#17)
    if code is None:
        return pattern, sources, targets, status, reporter
    row = ctx.kb.cameo[code]
    pattern = replace(pattern, cameo=code, plover=row.plover, mode=row.mode or None)
    reporter = said_by or reporter
    status = EventStatus.REPORTED if reporter is not None else EventStatus.ASSERTED
    return pattern, sources, targets, status, reporter
