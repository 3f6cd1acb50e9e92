"""Names, not mentions: the actor an analyst reads in a row, a ledger or a framing card (#19).

An event's source may be "He", a claim's claimant "they", a proponent a bare "RUSGOV".
Extraction already knows better: the actor records of a document group every mention of
one entity, pronouns included (extract/coreference.py), under the knowledge-base name or
the best mention. These helpers put that name back in place of the words:

1. the actor whose mention is exactly (or, failing that, overlaps) the words' offsets;
2. the knowledge-base person or organisation the words (or that actor's name) name;
3. for a common noun ("police", "officials") or a pronoun, a readable label of the code
   ("Turkish police", "Russian government");
4. nothing, when none of these is known: an unknown actor is left out, never shown as "?".

Across the reports of one incident, `canonical_names` folds the spellings of one person
("Erdogan", "President Recep Tayyip Erdogan", "Tayyip Erdogan") into one name: the
knowledge base's when it knows the person, else by surname containment.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from aftermath.records import Actor, ActorRef, Analysis, Named

PRONOUNS = frozenset([
    "he", "she", "it", "they", "him", "her", "them", "his", "hers", "its", "their", "theirs",
    "who", "whom", "which", "that", "this", "these", "those", "we", "us", "i", "me", "you",
    "one", "someone", "somebody",
])
# How the role part of an actor code reads after a country adjective ("Turkish police").
# Our wording of the CAMEO role codes; the most specific (last) role of a code is read.
ROLE_LABELS = {
    "GOV": "government", "DIP": "diplomats", "MIL": "military", "COP": "police",
    "JUD": "judiciary", "SPY": "intelligence", "OPP": "opposition", "REB": "rebels",
    "IGO": "intergovernmental organisation", "NGO": "non-governmental organisation",
    "MED": "media", "BUS": "business", "CVL": "civilians", "REL": "religious leaders",
    "LEG": "legislature", "EDU": "analysts", "UAF": "armed men", "REF": "refugees",
    "AGR": "farmers", "ISL": "Islamists", "LAB": "labour", "HLH": "health workers",
    "ELI": "elites", "CRM": "criminals", "SEP": "separatists", "INS": "insurgents",
    "RAD": "radicals", "MOD": "moderates", "PTY": "party", "UNO": "United Nations",
    "NAT": "NATO", "EUR": "European Union", "IMG": "armed group",
}
UNKNOWN_COUNTRY = "---"
# Roles that say what, not whose: "the gunman" reads better than its code's label.
UNIDENTIFIED_ROLES = ("UAF", "CVL", "PPL")
# A code: three capitals (or "---") followed by more capitals, nothing else ("RUSGOV").
_CODE = re.compile(r"^(?:-{3}|[A-Z]{3})(?:[A-Z]{3})*$")
# Words before a name that say what the person is, not who ("President Recep Tayyip
# Erdogan" is Recep Tayyip Erdogan).
TITLES = frozenset([
    "president", "prime", "minister", "foreign", "ambassador", "mr", "mrs", "ms", "dr",
    "general", "gen", "spokesman", "spokeswoman", "chancellor", "king", "queen", "prince",
    "sheikh", "senator", "governor", "mayor", "secretary", "deputy", "chief", "colonel",
    "russian", "turkish", "interior", "defence", "defense", "leader", "pope",
])


def is_pronoun(words: str | None) -> bool:
    return bool(words) and " ".join(words.lower().split()) in PRONOUNS  # type: ignore[union-attr]


def looks_like_code(words: str | None) -> bool:
    """Whether `words` is an actor code rather than a name ("RUSGOV", "---EDU")."""
    return bool(words) and all(_CODE.match(part) for part in words.split())  # type: ignore[union-attr]


def code_label(code: str | None, kb: Any) -> str | None:
    """A readable label of an actor code: "RUSGOV" → "Russian government", "TURCOP" →
    "Turkish police", "RUS" → "Russia", "---EDU" → "analysts"; None when unreadable."""
    if not code or len(code) < 3:
        return None
    country, roles = code[:3], code[3:]
    parts = [roles[i:i + 3] for i in range(0, len(roles), 3)]
    role = next((ROLE_LABELS[p] for p in reversed(parts) if p in ROLE_LABELS), None)
    if country == UNKNOWN_COUNTRY:
        return role
    if country in ("IGO", "NGO", "IMG") and not role:
        return ROLE_LABELS[country]
    if country in ("IGO", "NGO", "IMG"):
        return role
    table = getattr(kb, "countries", None)
    if table is None or country not in table.by_code:
        return role
    if not role:
        return str(table.name_of(country))
    return f"{_adjective(table, country)} {role}"


_ADJECTIVES: dict[tuple[int, str], str] = {}


def _adjective(table: Any, iso3: str) -> str:
    """The first demonym the country table lists ("Russian"), else the country's name."""
    key = (id(table), iso3)
    if key not in _ADJECTIVES:
        found = next((word for word, code in table.demonyms.items() if code == iso3), None)
        _ADJECTIVES[key] = found.title() if found else str(table.name_of(iso3))
    return _ADJECTIVES[key]


ARTICLES = frozenset({"the", "a", "an"})


def _generic(name: str) -> bool:
    """A common noun ("police", "officials", "the gunman"): says what, not who."""
    return not any(word[:1].isupper() for word in name.split()
                   if word.lower() not in ARTICLES)


def is_generic(name: str, kb: Any = None) -> bool:
    """Whether a name says what an actor is rather than who: no capitalised word but
    articles and country words ("Russia's ambassador", "Turkish special forces"), or a
    head noun that is a role ("Security forces", "Six people", "A gunman")."""
    if kb is not None and kb.entity(name) is not None and not _role_head(name, kb):
        return False
    words = [w.strip(".,'’") for w in name.split()]
    table = getattr(kb, "countries", None)
    proper = [w for w in words if w[:1].isupper() and w.lower() not in ARTICLES
              and not (table is not None and table.lookup(w.removesuffix("'s")
                                                          .removesuffix("’s")))]
    return not proper or _role_head(name, kb)


def _role_head(name: str, kb: Any) -> bool:
    nouns = getattr(kb, "role_nouns", None) or {}
    words = name.lower().split()
    if not words:
        return False
    head = words[-1]
    return (" ".join(words[-2:]) in nouns or head in nouns
            or (head.endswith("s") and head[:-1] in nouns))


class ActorNames:
    """Resolved names of the actor references of one document (`name_of`)."""

    def __init__(self, analysis: Analysis, kb: Any) -> None:
        self.kb = kb
        self._exact: dict[tuple[int, int], Actor] = {}
        self._spans: list[tuple[int, int, Actor]] = []
        for actor in analysis.actors:
            for span in actor.mentions:
                if span.sentence < 0:
                    continue  # a headline mention: offsets into the title
                self._exact.setdefault((span.start, span.end), actor)
                self._spans.append((span.start, span.end, actor))

    def actor_at(self, ref: ActorRef) -> Actor | None:
        found = self._exact.get((ref.start, ref.end))
        if found is not None:
            return found
        return next((actor for start, end, actor in self._spans
                     if start < ref.end and ref.start < end), None)

    def name_of(self, ref: ActorRef | None) -> Named | None:
        """The name to show for `ref`, with the code beside it; None when nothing is known."""
        if ref is None:
            return None
        actor = self.actor_at(ref)
        code = ref.code or (actor.code if actor else None)
        for words in (ref.text, actor.name if actor else None):
            if not words or _generic(words) or is_pronoun(words):
                continue  # "police" is whichever police the code says, not one in the KB
            entity = self.kb.entity(words) if self.kb is not None else None
            if entity is not None:
                return Named(entity.name, code or getattr(entity, "code", None))
        name = _best_name(actor, ref.text, self.kb)
        if name and _generic(name) and code and not is_pronoun(name) and (
                code[3:6] in UNIDENTIFIED_ROLES or code.startswith(UNKNOWN_COUNTRY)):
            # "gunman" says more than "armed men", "the consul" more than "diplomats"
            return Named(_strip_article(name), code)
        if not name or is_pronoun(name) or looks_like_code(name) or (
                _generic(name) and code_label(code, self.kb)):
            label = code_label(code, self.kb)
            if label is None:
                return None if not name or is_pronoun(name) or looks_like_code(name) \
                    else Named(name, code)
            return Named(label, code)
        return Named(_strip_article(name), code)


def _best_name(actor: Actor | None, words: str, kb: Any) -> str:
    """The actor's name; when that is a description ("Bulgarian police officer"), the
    longest proper name among its mentions ("Stefan Marinov"), the coreference chain's
    best full mention."""
    name = " ".join(((actor.name if actor and actor.name else words) or "").split())
    if actor is None or not is_generic(name, kb):
        return name
    proper = [" ".join(m.text.split()) for m in actor.mentions
              if not is_generic(m.text, kb) and not is_pronoun(m.text)
              and not looks_like_code(m.text)]
    return max(proper, key=len) if proper else name


def display_name(words: str | None, code: str | None, kb: Any) -> str | None:
    """The name to show for words and a code when no document is at hand (blame network,
    stored rows): the knowledge-base name, the code's label for a pronoun or a code."""
    text = " ".join((words or "").split())
    entity = kb.entity(text) if text and kb is not None else None
    if entity is not None:
        return str(entity.name)
    if not text or is_pronoun(text) or looks_like_code(text):
        return code_label(code or (text if looks_like_code(text) else None), kb)
    return _strip_article(text)


def _strip_article(text: str) -> str:
    for article in ("the ", "The ", "a ", "A ", "an ", "An "):
        if text.startswith(article):
            return text[len(article):]
    return text


def _name_words(name: str) -> tuple[str, ...]:
    """The words of a proper name without titles ("President X Y" → ("x", "y"))."""
    words = [w.strip(".,'’").lower() for w in name.split()]
    words = [w.removesuffix("'s").removesuffix("’s") for w in words if w]
    while words and words[0] in TITLES:
        words = words[1:]
    return tuple(words)


def canonical_names(names: Iterable[str], kb: Any = None) -> dict[str, str]:
    """Each spelling of a person or body in one incident → the name to show for all of them.

    The knowledge-base name wins ("Tayyip Erdogan" → "Recep Tayyip Erdogan"); otherwise a
    proper name whose words end another's ("Altintas", "Mevlut Mert Altintas") is that
    longer name, titles set aside. Common nouns and labels stay as they are.
    """
    counts = Counter(n for n in names if n)
    result: dict[str, str] = {}
    for name in counts:
        entity = kb.entity(name) if kb is not None else None
        if entity is None and kb is not None and _name_words(name):
            entity = kb.entity(" ".join(_name_words(name)))
        result[name] = str(entity.name) if entity is not None else name
    proper = [n for n in dict.fromkeys(result.values()) if not _generic(n) and _name_words(n)]
    for name in list(result):
        target = result[name]
        if _generic(target) or not _name_words(target):
            continue
        words = _name_words(target)
        longer = [other for other in proper if other != target
                  and len(_name_words(other)) > len(words)
                  and _name_words(other)[-len(words):] == words]
        if len({_name_words(o) for o in longer}) == 1:  # one person it can be, not two
            result[name] = max(longer, key=lambda o: (counts.get(o, 0), -len(o)))
    return result
