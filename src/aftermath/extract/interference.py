"""Helping someone win an election is interference, not aid (#17).

"Russia intervened to help Trump win", "Putin directed a campaign to help Trump win the
election": read through the verb dictionary, "help" is AID (070) from the helper to the
candidate, and a relation series of Reuters headlines then made December 2016 (sanctions
and expulsions over exactly this) the most cooperative month of USA–RUS. A foreign state
working to decide another state's election acts against that state: coded as coercion
(CAMEO 170) of the candidate's country. Help to win at home (a party helping its own
candidate) is politics, not an event between states, and is not coded.
"""

from __future__ import annotations

from spacy.tokens import Token

from aftermath.extract.mentions import Mention, MentionIndex
from aftermath.knowledge import KnowledgeBase
from aftermath.records import ActorKind

HELP_LEMMAS = frozenset({"help", "assist", "aid", "boost"})
# What the helped one is to achieve for the help to be about an election.
WINNING_LEMMAS = frozenset({"win", "elect", "beat", "defeat"})
# ... or the same as a noun: "help Trump win" is often parsed with "win" a noun.
WINNING_NOUNS = frozenset({"win", "victory", "election", "reelection", "re-election"})
ELECTION_NOUNS = frozenset({"election", "vote", "presidency", "race", "reelection",
                            "re-election", "primary", "referendum"})
INTERFERENCE_CODE = "170"
# How many words after "help" a headline's "win" (or "in the ... election") may stand
# ("help Trump win", "help Donald J. Trump win", "helped him in the U.S. election").
WIN_WINDOW = 6


def winning_clause(verb: Token) -> Token | None:
    """The "win" the help is for: "help Trump win", "helped him to win", "help elect"."""
    if verb.lemma_.lower() not in HELP_LEMMAS:
        return None
    for child in verb.children:
        if child.dep_ in ("xcomp", "ccomp", "advcl") and child.lemma_.lower() in WINNING_LEMMAS:
            return child
        if child.dep_ == "dobj" and child.lemma_.lower() in WINNING_NOUNS:
            return child
        if child.dep_ == "prep" and child.lower_ in ("in", "during", "with"):
            # "helped him in the U.S. election"
            for obj in child.children:
                if obj.lemma_.lower() in ELECTION_NOUNS:
                    return obj
    # Headlines parse "help Trump win White House" with "win" as a compound: the word
    # itself, close after the verb, says what the help is for.
    for token in verb.doc[verb.i + 1 : min(verb.i + 1 + WIN_WINDOW, verb.sent.end)]:
        if token.lemma_.lower() in WINNING_LEMMAS and token.pos_ in ("VERB", "NOUN"):
            return token
        if token.lemma_.lower() in ELECTION_NOUNS and token.head.lower_ in ("in", "during"):
            return token  # "helped the candidate in the Moldovan election"
    return None


def election_country(clause: Token, kb: KnowledgeBase) -> str | None:
    """The country whose election it is, when the words say: "win the French election"."""
    for token in clause.subtree:
        if token.lemma_.lower() in ELECTION_NOUNS:
            for word in token.subtree:
                code = kb.countries.lookup(word.text)
                if code:
                    return code
    return None


def beneficiaries(verb: Token, clause: Token, index: MentionIndex) -> list[Mention]:
    """Who is helped to win: the help's object or the winning clause's subject."""
    tokens = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    tokens += [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "compound",
                                                        "poss")]
    tokens += [t for t in verb.doc[verb.i + 1 : clause.i] if t.pos_ in ("PROPN", "PRON")]
    found = [index.for_argument(token) for token in tokens]
    return [mention for mention in found if mention is not None and mention.country]


def country_of(mention: Mention, name: str, country: str) -> Mention:
    """The state whose election it is, as the target of interference in it."""
    return Mention(country, name, ActorKind.STATE, country, mention.start_i, mention.end_i,
                   mention.sentence, "state:" + country, None, "interference")
