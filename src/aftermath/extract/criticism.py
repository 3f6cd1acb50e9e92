"""Criticism as blame: someone finding fault with an actor, read off the parse (#17).

Beside "X blamed Y", news reports fault-finding in other shapes, and the analyst should see
each as a blame edge with its evidence status:

- a verb of criticism: "X criticised / condemned / slammed Y" (or Y's plan: the owner is
  criticised);
- a statement that condemns an actor: "X said Y is a liar", "said Y's plan was a
  disaster", "warned that Y cannot be trusted" — the condemning word must be the statement's
  own predicate about Y, not any word somewhere in it, and Y must be an actor;
- "X is critical of Y", "X's criticism of Y";
- branding: "X branded Y reckless", "called Y a liar";
- a demand that an actor cease what it does: "X urged Y to release the journalists",
  "called on Y to stop detaining ...".

Describing a situation ("the flooding was a disaster"), reporting a death ("said the soldier
was killed") or praising someone blames nobody. Each function adds a blame claim through
the claims builder (extract/claims.py), which decides the evidence status.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from aftermath.records import ActorKind, ActorRef, Attribution, ClaimKind

if TYPE_CHECKING:
    from aftermath.extract.claims import _Builder

# Verbs whose object is found at fault. "attack" is criticism only between persons and
# organisations (a state or armed group attacking is an assault, coded as an event).
CRITICISM_VERBS = frozenset({
    "criticise", "criticize", "condemn", "denounce", "slam", "blast", "lambaste", "decry",
    "castigate", "chastise", "rebuke", "berate", "assail", "excoriate", "pillory", "chide",
    "admonish", "reproach", "censure", "vilify", "fault", "scold", "deride", "ridicule",
    "skewer", "disparage", "demonise", "demonize", "malign", "denigrate",
})
VERBAL_ATTACK = "attack"
# Nouns and adjectives of criticism: "her criticism of Ankara", "critical of the ministry".
CRITICISM_NOUNS = frozenset({"criticism", "condemnation", "denunciation", "censure"})
CRITICAL_ADJECTIVES = frozenset({"critical"})
# Nouns of a verbal attack, and the modifiers that make "attack" verbal: "a verbal attack
# on Y", "a broadside against Y" (a plain "attack on the town" is an assault).
ATTACK_NOUNS = frozenset({"broadside", "tirade", "diatribe", "swipe"})
# The verbs and nouns of criticism with "attack" among them, made once (asked per token).
_CRITICISING_VERBS = CRITICISM_VERBS | {VERBAL_ATTACK}
_ATTACKING_NOUNS = ATTACK_NOUNS | {VERBAL_ATTACK}
VERBAL_MODIFIERS = frozenset({"verbal", "personal", "scathing", "blistering", "withering",
                              "rhetorical", "stinging"})
# Verbs by which an actor draws criticism on itself: "Y drew criticism from X".
DRAWING_VERBS = frozenset({"draw", "face", "receive", "attract", "earn", "provoke", "spark",
                           "prompt", "trigger", "incur"})
# Verbs that point criticism at someone: "the criticism was aimed at Y".
AIMING_VERBS = frozenset({"aim", "direct", "level"})
# Reporting verbs of complaint: what the content says its subject did is the fault found
# ("lamented that Britain had not prepared").
COMPLAINT_CUES = frozenset({"lament", "bemoan", "deplore", "complain", "grumble"})
# Phrasal verbs of criticism: "hit out at Y", "lashed out at Y", "railed against Y".
PHRASAL_CRITICISM = {"hit": ("out", "at"), "lash": ("out", "at"), "rail": (None, "against")}
# "named Y as the main backer": naming someone as one of these blames them.
NAMING_VERBS = frozenset({"name", "identify", "single", "finger"})
CULPRIT_NOUNS = frozenset({"culprit", "perpetrator", "mastermind", "backer", "sponsor",
                           "instigator", "organiser", "organizer", "architect", "ringleader"})
# Roles whose "attack" is an armed one, not words.
ARMED_ROLES = frozenset({"MIL", "REB", "COP", "INS", "SPY", "UAF", "SEP"})
# Praise that, negated, condemns: "cannot be trusted", "is not credible".
PRAISE_WORDS = frozenset({"trust", "trustworthy", "credible", "honest", "reliable",
                          "competent", "qualified", "capable", "fit", "good"})
# Branding verbs whose complement labels their object ("branded Y reckless").
BRANDING_VERBS = frozenset({"brand", "call", "label", "dub", "term", "describe"})
# Demands, and the acts whose cessation they ask for (#13's scorer rule, now shown).
DEMAND_VERBS = frozenset({"urge", "call", "demand", "press", "push"})
CEASE_VERBS = frozenset({"stop", "end", "halt", "cease", "lift", "release", "withdraw",
                         "abandon", "scrap", "quit", "refrain", "free"})
# Auxiliaries and heads under which a criticism is only possible, planned or refused.
UNREAL_AUX = frozenset({"may", "might", "could", "would", "will", "wo", "shall", "should",
                        "must", "can", "'ll", "'d"})
UNREAL_HEADS = frozenset({"refuse", "decline", "fail", "plan", "intend", "want", "threaten",
                          "expect", "hope", "try"})
# Punishments a speaker may call for: "said Y should be jailed". Only under an obligation
# ("should", "must", "ought"): "Y will be questioned" reports a procedure, not a judgement.
PUNISH_VERBS = frozenset({"jail", "imprison", "lock", "punish", "prosecute", "fire", "sack",
                          "impeach", "convict", "sanction", "expel", "oust"})
OBLIGATION = frozenset({"should", "must", "ought"})
# Verbs by which an actor brings a bad thing about: "Y created a hostile climate".
CAUSING_VERBS = frozenset({"create", "cause", "make", "foster", "fuel", "sow", "stoke",
                           "spread", "commit"})
# "Y will take the blame": the verbs, with "blame" as their object.
TAKING_VERBS = frozenset({"take", "shoulder", "bear", "get", "deserve"})
# Dependents that carry what a statement says about its subject.
PREDICATES = ("attr", "acomp", "oprd", "xcomp")


def _child(token: Token, *deps: str) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or (c.lower_ in ("never", "no") and c.dep_ in ("neg", "det"))
               for c in token.children)


def _unreal(verb: Token) -> bool:
    """"may condemn", "would criticise", "refused to condemn": no criticism was made."""
    if any(c.dep_ == "aux" and c.lower_ in UNREAL_AUX for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in UNREAL_HEADS


def _prep_object(token: Token, *preps: str) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            return _child(child, "pobj")
    return None


def _accused(builder: _Builder, token: Token | None) -> ActorRef | None:
    """The actor found at fault: the words themselves when they name an actor, else the
    owner or author of what is criticised ("the mayor's budget plan", "the remarks by the
    mayor" → the mayor; never "of": in "the killing of the envoy" the envoy is the victim)."""
    if token is None:
        return None
    index = builder.index
    if index.for_argument(token) is not None:
        return builder.arg(token)
    owner = _child(token, "poss") or _prep_object(token, "by")  # "the remarks by Y"
    if owner is not None and index.for_argument(owner) is not None:
        return builder.arg(owner)
    return None


def _add(builder: _Builder, trigger: Token, claimant: ActorRef | None,
         accused: ActorRef | None, root: Token) -> None:
    if claimant is None or accused is None:
        return
    if claimant.start < accused.end and accused.start < claimant.end:
        return  # self-criticism or one set of words read twice
    if any(c.kind == ClaimKind.BLAME and c.subject is not None and c.claimant is not None
           and c.subject.start == accused.start and c.claimant.start == claimant.start
           for c in builder.claims):
        return  # another rule already made this claim
    builder.add(ClaimKind.BLAME, trigger, claimant=claimant, subject=accused, obj=None,
                content_root=root)


def _condemns(builder: _Builder, predicate: Token) -> bool:
    """Whether the predicate condemns its subject: a word of condemnation not negated
    ("is a liar", "was wrong to", "had failed"), or negated praise ("cannot be trusted")."""
    lemma = predicate.lemma_.lower()
    words = builder.ctx.kb.cues.negative_words
    negated = _negated(predicate) or (
        predicate.dep_ in PREDICATES and _negated(predicate.head))
    if lemma in PRAISE_WORDS or predicate.lower_ in PRAISE_WORDS:
        return negated
    return not negated and (lemma in words or predicate.lower_ in words)


def condemning_statement(builder: _Builder, attribution: Attribution) -> None:
    """"X said Y is a liar", "warned that Y cannot be trusted": X blames Y."""
    doc = builder.ctx.doc
    content = doc.char_span(attribution.content.start, attribution.content.end,
                            alignment_mode="expand")
    if content is None or attribution.speaker is None:
        return
    root = content.root
    if root.pos_ not in ("VERB", "AUX"):
        return
    subject = _child(root, "nsubj", "nsubjpass")
    # "says Y blames Z" reports Y's own accusation; it does not condemn Y.
    speech = builder.ctx.kb.cues.blame_verbs | CRITICISM_VERBS
    predicates = [root] if root.pos_ == "VERB" and root.lemma_.lower() not in speech else []
    predicates += [c for c in root.children if c.dep_ in ("attr", "acomp")]
    if not (any(_condemns(builder, p) for p in predicates) or _calls_for_punishment(root)
            or _brings_about_harm(builder, root)):
        return
    _add(builder, root, attribution.speaker, _accused(builder, subject), root)


def _calls_for_punishment(root: Token) -> bool:
    """"Y should be jailed", "Y must be punished"."""
    return root.lemma_.lower() in PUNISH_VERBS and not _negated(root) and any(
        c.dep_ == "aux" and c.lower_ in OBLIGATION for c in root.children)


def _brings_about_harm(builder: _Builder, root: Token) -> bool:
    """"Y created a hostile climate", "Y caused a disastrous crisis": the bad thing is
    Y's doing. "Y faced a dangerous situation" is no such thing."""
    if root.lemma_.lower() not in CAUSING_VERBS or _negated(root):
        return False
    obj = _child(root, "dobj")
    words = builder.ctx.kb.cues.negative_words
    return obj is not None and any(c.dep_ == "amod" and c.lemma_.lower() in words
                                   for c in obj.children)


def taking_the_blame(builder: _Builder, noun: Token) -> None:
    """"Y will take the blame (for Z)", said by X: X blames Y."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in TAKING_VERBS or _negated(verb):
        return
    accused = _accused(builder, _child(verb, "nsubj"))
    claimant = builder.claimant_of(verb)
    if accused is not None and claimant is None:  # the writer's own statement: no edge
        builder.add(ClaimKind.BLAME, noun, claimant=None, subject=accused, obj=None,
                    content_root=verb)
        return
    _add(builder, noun, claimant, accused, verb)


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or for a participle or conjoined verb without one, its head's
    ("spoke for an hour, attacking Russia": the speaker attacks)."""
    subject = _child(verb, "nsubj")
    if subject is None and verb.dep_ in ("advcl", "conj", "xcomp") and verb.head != verb:
        subject = _child(verb.head, "nsubj")
    return subject


def criticism_verb(builder: _Builder, verb: Token) -> None:
    """"X criticised Y", "slammed Y's plan": X blames Y (or the plan's owner). In the
    passive, "Y was criticised by X", "the Khans, criticised by X"."""
    lemma = verb.lemma_.lower()
    if _negated(verb) or _unreal(verb) or lemma not in _CRITICISING_VERBS:
        return
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is not None:  # passive
        target = _child(verb, "nsubjpass") or (verb.head if verb.dep_ == "acl" else None)
        subject = _child(agent, "pobj")
    else:
        target, subject = _child(verb, "dobj"), _subject(verb)
    if lemma == VERBAL_ATTACK and not _speaker_person(builder, subject):
        return
    claimant = builder.arg(subject) if subject is not None else builder.accuser_of(verb)
    _add(builder, verb, claimant, _accused(builder, target), verb)


def phrasal_criticism(builder: _Builder, verb: Token) -> None:
    """"X hit out at Y", "lashed out at Y", "railed against Y"."""
    particle, preposition = PHRASAL_CRITICISM[verb.lemma_.lower()]
    if particle is not None and not any(c.dep_ == "prt" and c.lower_ == particle
                                        for c in verb.children):
        return
    if _negated(verb) or _unreal(verb):
        return
    subject = _subject(verb)
    claimant = builder.arg(subject) if subject is not None else builder.accuser_of(verb)
    _add(builder, verb, claimant, _accused(builder, _prep_object(verb, preposition)), verb)


def naming_a_culprit(builder: _Builder, verb: Token) -> None:
    """"X named Y as the main backer of the militia": X blames Y."""
    role = _prep_object(verb, "as")
    if role is None or role.lemma_.lower() not in CULPRIT_NOUNS or _negated(verb):
        return
    subject = _subject(verb)
    claimant = builder.arg(subject) if subject is not None else builder.accuser_of(verb)
    _add(builder, verb, claimant, _accused(builder, _child(verb, "dobj")), verb)


def _speaker_person(builder: _Builder, token: Token | None) -> bool:
    """A person who is not armed: when such a one "attacks" someone, it is with words."""
    mention = builder.index.for_argument(token) if token is not None else None
    if mention is None or mention.kind != ActorKind.PERSON:
        return False
    code = mention.code or mention.fallback or ""
    return not any(code[i : i + 3] in ARMED_ROLES for i in range(3, len(code), 3))


def verbal_attack(builder: _Builder, noun: Token) -> None:
    """"launched a verbal attack on Y", "a broadside against Y": X blames Y."""
    lemma = noun.lemma_.lower()
    if lemma == VERBAL_ATTACK and not any(
            c.dep_ == "amod" and c.lemma_.lower() in VERBAL_MODIFIERS for c in noun.children):
        return
    accused = _accused(builder, _prep_object(noun, "on", "against", "at"))
    owner = _child(noun, "poss")
    verb = noun.head
    claimant = builder.arg(owner) if owner is not None else None
    if noun.dep_ == "pobj":  # "turned into a personal attack on Y"
        verb = verb.head
    if claimant is None and noun.dep_ in ("dobj", "pobj") and verb.pos_ == "VERB" and not (
            _negated(verb) or _unreal(verb)):
        claimant = builder.arg(_subject(verb))
    _add(builder, noun, claimant, accused, noun)


def criticism_aimed(builder: _Builder, verb: Token) -> None:
    """"the criticism was aimed at Y": Y is blamed, by whoever the criticism is from."""
    subject = _child(verb, "nsubjpass", "nsubj")
    if subject is None or _negated(verb):
        return
    noun = next((t for t in subject.subtree if t.lemma_.lower() in CRITICISM_NOUNS), None)
    if noun is None:
        return
    accused = _accused(builder, _prep_object(verb, "at"))
    source = next((c for c in noun.children if c.dep_ in ("poss", "amod", "compound")
                   and builder.index.for_argument(c) is not None), None)
    claimant = builder.arg(source) if source is not None else None
    if accused is not None and claimant is None:  # unattributed: a claim, not an edge
        builder.add(ClaimKind.BLAME, noun, claimant=None, subject=accused, obj=None,
                    content_root=verb)
        return
    _add(builder, noun, claimant, accused, verb)


def complaint(builder: _Builder, verb: Token) -> None:
    """"X lamented that Y had not prepared": X finds fault with what Y did."""
    if _negated(verb) or _unreal(verb):
        return
    clause = _child(verb, "ccomp")
    if clause is None:
        return
    _add(builder, verb, builder.arg(_subject(verb)) or builder.accuser_of(verb),
         _accused(builder, _child(clause, "nsubj", "nsubjpass")), verb)


def criticism_drawn(builder: _Builder, noun: Token) -> bool:
    """"Y drew criticism from X", "Y's plan sparked condemnation from X": X blames Y."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in DRAWING_VERBS:
        return False
    if _negated(verb) or _unreal(verb):
        return True
    source = _prep_object(noun, "from") or _prep_object(verb, "from")
    claimant = builder.arg(source) if source is not None else None
    _add(builder, noun, claimant, _accused(builder, _subject(verb)), verb)
    return True


def criticism_word(builder: _Builder, token: Token) -> None:
    """"X is critical of Y", "X's criticism of Y", "repeated her criticism of Y"."""
    if token.pos_ == "NOUN" and criticism_drawn(builder, token):
        return
    accused = _accused(builder, _prep_object(token, "of"))
    if accused is None:
        return
    if token.pos_ == "ADJ":
        verb = token.head
        if _negated(verb) or _negated(token):
            return
        claimant = builder.arg(_child(verb, "nsubj"))
    else:
        owner = _child(token, "poss")
        verb = token.head
        claimant = builder.arg(owner) if owner is not None else None
        if (claimant is None or claimant.code is None) and token.dep_ == "dobj":
            claimant = builder.arg(_child(verb, "nsubj")) or claimant
    _add(builder, token, claimant, accused, token)


def branding(builder: _Builder, verb: Token) -> None:
    """"X branded Y reckless", "called Y a liar": the label condemns Y. The parser hangs
    the label off the verb (Y its object) or makes "Y reckless" a small clause."""
    if _negated(verb):
        return
    obj = _child(verb, "dobj")
    label = _child(verb, "oprd", "xcomp", "acomp", "ccomp")
    if label is None and obj is not None:
        label = _child(obj, "attr", "acomp", "amod", "appos")
    if label is not None and obj is None:
        obj = _child(label, "nsubj")
    if obj is None or label is None or not _condemns(builder, label):
        return
    claimant = builder.arg(_child(verb, "nsubj")) or builder.accuser_of(verb)
    _add(builder, verb, claimant, _accused(builder, obj), verb)


def demand_to_cease(builder: _Builder, verb: Token) -> None:
    """"X urged Y to release the journalists", "called on Y to stop ...": a demand that a
    state or organisation cease what it does finds fault with it. Y must be a coded actor:
    "urged his players to stop worrying" blames nobody."""
    if _negated(verb):
        return
    addressee = _child(verb, "dobj") or _prep_object(verb, "on")
    act = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp", "advcl")), None)
    if act is None and addressee is not None:  # the parser may hang "to stop" off Y
        act = next((c for c in addressee.children if c.dep_ in ("acl", "relcl")), None)
    if act is None or act.lemma_.lower() not in CEASE_VERBS or not any(
            c.lower_ == "to" for c in act.children):
        return
    addressee = addressee or _child(act, "nsubj")
    accused = _accused(builder, addressee)
    if accused is None or not accused.code or accused.code.startswith("-"):
        return
    claimant = builder.arg(_child(verb, "nsubj")) or builder.accuser_of(verb)
    _add(builder, verb, claimant, accused, verb)


def find_criticism(builder: _Builder, attributions: list[Attribution]) -> None:
    """Every criticism in the document, added as blame claims to the builder."""
    for token in builder.ctx.tokens:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in _CRITICISING_VERBS:
            criticism_verb(builder, token)
        elif token.pos_ == "VERB" and lemma in BRANDING_VERBS:
            branding(builder, token)
        if token.pos_ == "VERB" and lemma in DEMAND_VERBS:
            demand_to_cease(builder, token)
        if (token.pos_ == "NOUN" and lemma in CRITICISM_NOUNS) or (
                token.pos_ == "ADJ" and lemma in CRITICAL_ADJECTIVES):
            criticism_word(builder, token)
        elif token.pos_ == "NOUN" and lemma == "blame":
            taking_the_blame(builder, token)
        elif token.pos_ == "NOUN" and lemma in _ATTACKING_NOUNS:
            verbal_attack(builder, token)
        elif token.pos_ == "VERB" and lemma in AIMING_VERBS:
            criticism_aimed(builder, token)
        elif token.pos_ == "VERB" and lemma in COMPLAINT_CUES:
            complaint(builder, token)
        elif token.pos_ == "VERB" and lemma in PHRASAL_CRITICISM:
            phrasal_criticism(builder, token)
        elif token.pos_ == "VERB" and lemma in NAMING_VERBS:
            naming_a_culprit(builder, token)
    for attribution in attributions:
        condemning_statement(builder, attribution)
