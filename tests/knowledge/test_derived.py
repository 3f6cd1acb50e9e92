"""Indexes derived from knowledge tables: built once per table, never shared between two."""

from __future__ import annotations

from aftermath.knowledge.derived import derived, last_words


def test_an_index_is_built_once_per_table() -> None:
    calls: list[int] = []

    def build(table: dict[str, int]) -> int:
        calls.append(1)
        return sum(table.values())

    table = {"a": 1, "b": 2}
    assert derived(table, "total", build) == derived(table, "total", build) == 3
    assert len(calls) == 1
    other = {"a": 1, "b": 2, "c": 4}
    assert derived(other, "total", build) == 7  # another table: its own index
    assert len(calls) == 2


def test_last_words_of_phrases() -> None:
    assert last_words({"hunger strike": 1, "strike": 2, "air raid": 3}) == {"strike", "raid"}
