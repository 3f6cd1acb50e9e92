"""The alias index finds what a careful phrase match finds: every occurrence, nested and
overlapping ones too, acronyms and one-word names only as written (#20)."""

from __future__ import annotations

import spacy

from aftermath.extract.aliases import AliasIndex, _filed, alias_index


def _matches(index: AliasIndex, doc) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    return index.matches([t.lower_ for t in doc], [t.text for t in doc])


def _index(folded: list[tuple[str, ...]], exact: list[tuple[str, ...]]) -> AliasIndex:
    return AliasIndex(_filed(folded), _filed(exact))


def test_every_occurrence_nested_and_overlapping() -> None:
    index = _index([("united", "nations"), ("united", "nations", "security", "council"),
                    ("security", "council")], [])
    doc = spacy.blank("en")("The United Nations Security Council met; the united nations ended.")
    assert sorted(_matches(index, doc)) == [(1, 3), (1, 5), (3, 5), (8, 10)]


def test_acronyms_and_one_word_names_only_as_written() -> None:
    index = _index([], [("US",), ("Mattis",), ("MATTIS",)])
    doc = spacy.blank("en")("Mattis told us the US would stay; mattis is not a name, MATTIS is.")
    words = [doc[s:e].text for s, e in _matches(index, doc)]
    assert sorted(words) == ["MATTIS", "Mattis", "US"]


def test_the_knowledge_bases_names_are_filed_once(kb) -> None:  # type: ignore[no-untyped-def]
    index = alias_index(kb)
    assert alias_index(kb) is index
    assert ("vladimir", "putin") in index.folded["vladimir"]
    assert ("NATO",) in index.exact["NATO"]
