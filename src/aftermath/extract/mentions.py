"""Mentions: the places in a document that refer to an actor, and their index by token.

Internal to extraction (`Actor` is the record); kept apart from `actors` so the coreference
module and the argument finders can use them without importing the actor rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from aftermath.records import ActorKind, ActorRef

# "a group of Moroccan diplomats": the argument is the group's members.
PARTITIVE_HEADS = frozenset(
    {"one", "some", "all", "member", "part", "group", "delegation", "team", "number",
     "contingent", "unit", "batch", "patch", "detachment", "leader", "representative",
     "deployment", "wave", "column", "convoy", "force", "band", "faction", "wing", "most",
     "many", "dozen", "hundred", "thousand", "majority", "minority", "head", "chief"}
)


@dataclass(slots=True)
class Mention:
    """One place in the document that refers to an actor (internal; `Actor` is the record)."""

    code: str | None
    name: str
    kind: ActorKind
    country: str | None
    start_i: int
    end_i: int
    sentence: int
    key: str
    role: str | None = None
    source: str = "ner"
    fallback: str | None = None  # "---REB": the role when the country is unknown (#12)


@dataclass(slots=True)
class MentionIndex:
    mentions: list[Mention]
    by_token: dict[int, Mention]
    home_country: str | None

    def at(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)

    def for_argument(self, token: Token) -> Mention | None:
        """The mention a syntactic argument refers to: itself, or its apposition/compound."""
        mention = self.at(token)
        if mention is not None:
            return mention
        for child in token.children:
            if child.dep_ in ("appos", "compound", "poss", "amod") and child.i in self.by_token:
                return self.by_token[child.i]
        if token.dep_ == "pobj" or token.lemma_.lower() in PARTITIVE_HEADS:
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for grandchild in child.children:
                        if grandchild.i in self.by_token:
                            return self.by_token[grandchild.i]
        return None

    def ref(self, doc: Doc, mention: Mention) -> ActorRef:
        span = doc[mention.start_i : mention.end_i]
        code = mention.code or mention.fallback
        return ActorRef(code, span.text, span.start_char, span.end_char)


