"""The model's attribute rules (tag → part of speech, morphology, lemma exceptions), applied
by a lookup instead of spaCy's general token matcher (#20).

The small English model maps its fine tags to coarse parts of speech and morphology with an
`attribute_ruler` of about 180 token patterns. spaCy runs them through its Matcher, which
tests every pattern at every token: on Reuters copy that was a seventh of the pipeline's
time, as much as the parser. Nearly all of the patterns look at one token's tag, lower-case
form, dependency label or whitespace flag, so the same answer comes from asking once per
distinct combination of those four and remembering it. The few two-token patterns
("gon na", "there is") are tested where their first token fits.

Same result by construction: patterns are read from the model's own ruler, matched on the
annotations as they stand before any rule applies, and applied in the ruler's order (a
later pattern overrides an earlier one on the same attribute), as spaCy does. A pattern
this module cannot read (another operator or attribute) leaves the model's ruler in place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs
from spacy.vocab import Vocab

RULER = "attribute_ruler"
FACTORY = "aftermath_attribute_rules"

# The token attributes a pattern may test here, read from a token in this order.
KEY_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
Key = tuple[str, str | None, str, bool]
# Token keys remembered; each is a few hundred bytes, and news text meets new words forever.
MAX_KEYS = 200_000
Test = Callable[[Key], bool]


class Unsupported(ValueError):
    """A pattern uses something the lookup does not read."""


def _value_test(position: int, wanted: Any) -> Test:
    if isinstance(wanted, dict):
        if len(wanted) != 1:
            raise Unsupported(f"several predicates: {wanted}")
        ((operator, argument),) = wanted.items()
        if operator == "IN":
            allowed = frozenset(argument)
            return lambda key: key[position] in allowed
        if operator == "NOT_IN":
            refused = frozenset(argument)
            return lambda key: key[position] not in refused
        if operator == "REGEX":
            pattern = re.compile(argument)
            return lambda key: key[position] is not None and bool(
                pattern.search(str(key[position])))
        raise Unsupported(f"operator {operator}")
    if isinstance(wanted, (str, bool)):
        return lambda key: key[position] == wanted
    raise Unsupported(f"value {wanted!r}")


def _token_test(spec: dict[str, Any]) -> Test:
    tests = []
    for attr, wanted in spec.items():
        if attr not in KEY_ATTRS:
            raise Unsupported(f"attribute {attr}")
        tests.append(_value_test(KEY_ATTRS.index(attr), wanted))
    return lambda key: all(test(key) for test in tests)


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern of the ruler: its rank (later ranks override), the tests of its tokens
    (one per token; alternatives are separate rules of the same rank), the token it sets
    and what it sets there."""

    rank: int
    tokens: tuple[Test, ...]
    index: int
    attrs: tuple[tuple[str, Any], ...]
    tag: str | None = None  # the one tag its first token must have, if it names one


def read_rules(patterns: Sequence[dict[str, Any]]) -> list[Rule]:
    """The ruler's patterns as rules, in the ruler's order; Unsupported if any cannot be read."""
    rules = []
    for rank, entry in enumerate(patterns):
        for alternative in entry["patterns"]:
            if not alternative or any(not isinstance(spec, dict) or "OP" in spec
                                      for spec in alternative):
                raise Unsupported(f"pattern {alternative}")
            index = int(entry.get("index", 0))
            if not -len(alternative) <= index < len(alternative):
                raise Unsupported(f"index {index} outside {alternative}")
            tag = alternative[0].get("TAG")
            rules.append(Rule(rank, tuple(_token_test(spec) for spec in alternative),
                              index % len(alternative), tuple(entry["attrs"].items()),
                              tag if isinstance(tag, str) else None))
    return rules


def lower_forms(patterns: Sequence[dict[str, Any]]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Every lower-case form the patterns name, and their lower-case regexes: a word that
    is none of them and matches none answers every pattern as any other such word does."""
    words: set[str] = set()
    regexes: list[str] = []
    for entry in patterns:
        for alternative in entry["patterns"]:
            for spec in alternative:
                wanted = spec.get("LOWER")
                if isinstance(wanted, str):
                    words.add(wanted)
                elif isinstance(wanted, dict):
                    for operator, argument in wanted.items():
                        if operator == "REGEX":
                            regexes.append(argument)
                        else:
                            words.update(argument)
    return frozenset(words), tuple(regexes)


class AttributeRules:
    """The ruler's rules, answering per distinct token key from a memo."""

    def __init__(self, rules: list[Rule], vocab: Vocab,
                 forms: tuple[frozenset[str], tuple[str, ...]] = (frozenset(), ())) -> None:
        self.single = [rule for rule in rules if len(rule.tokens) == 1]
        self.longer = [rule for rule in rules if len(rule.tokens) > 1]
        # Attribute ids and value hashes, as the ruler keeps them (its `normalize`).
        self._set = {rule.rank: normalize_token_attrs(vocab, dict(rule.attrs))
                     for rule in rules}
        self._memo: dict[Key, tuple[tuple[int, dict[int, Any]], ...]] = {}
        self._starts: dict[Key, tuple[Rule, ...]] = {}
        # The single rules a token with a given tag may meet (those naming that tag or
        # none), in rank order: a new key is tested against a few dozen, not all.
        self._by_tag: dict[str, tuple[Rule, ...]] = {}
        # A token's lower-case form counts in its key only when some pattern names it:
        # keys then repeat across documents instead of growing with the vocabulary, and a
        # worker meets almost no new ones (#20).
        self._named, self._regexes = forms[0], tuple(re.compile(r) for r in forms[1])
        self._named_lower: dict[str, str | None] = {}

    def _key(self, token: Token) -> Key:
        lower = token.lower_
        kept = self._named_lower.get(lower, "")
        if kept == "":
            if len(self._named_lower) > MAX_KEYS:
                self._named_lower.clear()
            kept = self._named_lower[lower] = lower if (
                lower in self._named or any(r.search(lower) for r in self._regexes)) else None
        return (token.tag_, kept, token.dep_, token.is_space)

    def _singles(self, key: Key) -> tuple[tuple[int, dict[int, Any]], ...]:
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) > MAX_KEYS:
                self._memo.clear()  # a long run meets ever more words: stay bounded
            found = tuple((rule.rank, self._set[rule.rank]) for rule in self._for_tag(key[0])
                          if rule.tokens[0](key))
            self._memo[key] = found
        return found

    def _for_tag(self, tag: str) -> tuple[Rule, ...]:
        found = self._by_tag.get(tag)
        if found is None:
            found = self._by_tag[tag] = tuple(rule for rule in self.single
                                              if rule.tag is None or rule.tag == tag)
        return found

    def _starting(self, key: Key) -> tuple[Rule, ...]:
        """The longer rules whose first token fits `key`: where a match may start."""
        found = self._starts.get(key)
        if found is None:
            found = self._starts[key] = tuple(rule for rule in self.longer
                                              if rule.tokens[0](key))
        return found

    def __call__(self, doc: Doc) -> Doc:
        keys = [self._key(token) for token in doc]
        extra: dict[int, list[tuple[int, dict[int, Any]]]] = {}
        for start, key in enumerate(keys):
            for rule in self._starting(key):
                rest = keys[start + 1: start + len(rule.tokens)]
                if len(rest) == len(rule.tokens) - 1 and all(
                        test(other) for test, other in zip(rule.tokens[1:], rest, strict=True)):
                    extra.setdefault(start + rule.index, []).append(
                        (rule.rank, self._set[rule.rank]))
        for i, key in enumerate(keys):
            found = self._singles(key)
            if i in extra:
                # Stable: equal ranks keep the order spaCy applies them in (by start).
                found = tuple(sorted((*found, *extra[i]), key=lambda hit: hit[0]))
            if not found:
                continue
            merged: dict[int, Any] = {}
            for _, attrs in found:
                merged.update(attrs)
            set_token_attrs(doc[i], merged)
        return doc


@Language.factory(FACTORY, default_config={"patterns": []})
def make_attribute_rules(nlp: Language, name: str,
                         patterns: list[dict[str, Any]]) -> AttributeRules:
    return AttributeRules(read_rules(patterns), nlp.vocab, lower_forms(patterns))


def use_attribute_rules(nlp: Language) -> bool:
    """Put the lookup in place of the model's attribute ruler when every pattern can be
    read; True when it was replaced."""
    ruler = nlp.get_pipe(RULER) if RULER in nlp.pipe_names else None
    if not isinstance(ruler, AttributeRuler):
        return False
    patterns = list(ruler.patterns)
    try:
        read_rules(patterns)
    except Unsupported:
        return False
    nlp.replace_pipe(RULER, FACTORY, config={"patterns": patterns})
    return True
