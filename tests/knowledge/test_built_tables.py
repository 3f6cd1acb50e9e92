"""Knowledge tables kept between runs (#20): read back equal to a build, rebuilt when the
file is damaged or its sources change, never fatal when the folder cannot be written."""

from __future__ import annotations

import pickle
from pathlib import Path

import pycountry
import pytest

from aftermath.knowledge import cache
from aftermath.knowledge._files import _parse_yaml, data_text, read_yaml
from aftermath.knowledge.cache import CACHE_ENV, cached, table_path
from aftermath.knowledge.places import cached_gazetteer, load_gazetteer


def _counting_build(calls: list[int], value: object):
    def build() -> object:
        calls.append(1)
        return value
    return build


def test_a_table_is_built_once_then_read(tmp_path: Path) -> None:
    calls: list[int] = []
    path = table_path("numbers", "a" * 20, tmp_path)
    first = cached(path, _counting_build(calls, {"one": 1}), valid=lambda f: True)
    again = cached(path, _counting_build(calls, {"one": 2}), valid=lambda f: True)
    assert first == again == {"one": 1}
    assert len(calls) == 1


def test_a_damaged_or_invalid_file_is_rebuilt_and_replaced(tmp_path: Path) -> None:
    calls: list[int] = []
    path = table_path("numbers", "b" * 20, tmp_path)
    path.write_bytes(b"\x80\x05 not a pickle")
    assert cached(path, _counting_build(calls, [1, 2]), valid=lambda f: True) == [1, 2]
    path.write_bytes(pickle.dumps("wrong shape"))
    assert cached(path, _counting_build(calls, [1, 2]),
                  valid=lambda f: isinstance(f, list)) == [1, 2]
    assert len(calls) == 2
    assert pickle.loads(path.read_bytes()) == [1, 2]


def test_a_new_digest_drops_the_same_tables_older_copies_only(tmp_path: Path) -> None:
    old = table_path("gazetteer", "0" * 20, tmp_path)
    other = table_path("gazetteer_extra", "0" * 20, tmp_path)
    for path in (old, other):
        path.write_bytes(pickle.dumps("old"))
    new = table_path("gazetteer", "1" * 20, tmp_path)
    assert cached(new, lambda: "new", valid=lambda f: True) == "new"
    assert new.exists() and other.exists()
    assert not old.exists()


def test_an_unwritable_folder_only_costs_the_build(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    path = blocked / "numbers-" / "t.pickle"
    assert cached(path, lambda: 7, valid=lambda f: True) == 7


def test_the_environment_names_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    assert cache.cache_folder() == tmp_path
    assert table_path("t", "c" * 20).parent == tmp_path


def test_the_cached_gazetteer_equals_a_build(tmp_path: Path) -> None:
    iso = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    built = load_gazetteer(iso)
    first = cached_gazetteer(iso, cache_dir=tmp_path)
    assert list(tmp_path.glob("gazetteer-*.pickle"))
    assert cached_gazetteer(iso, cache_dir=tmp_path) == first == built
    # Another code mapping is another source: its own file, not the first one's.
    cached_gazetteer({**iso, "XK": "XKX"}, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("gazetteer-*.pickle"))) == 1


def test_yaml_read_through_the_cache_equals_a_parse(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    parsed = _parse_yaml("cues.yaml", data_text("cues.yaml"))
    assert read_yaml("cues.yaml") == parsed
    assert list(tmp_path.glob("yaml-cues_yaml-*.pickle"))
    assert read_yaml("cues.yaml") == parsed


def test_the_language_identifier_is_kept_unpacked(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from aftermath.nlp.language import _identifier

    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    built = _identifier.__wrapped__()
    assert list(tmp_path.glob("langid-*.pickle"))
    again = _identifier.__wrapped__()
    text = "Die Minister trafen sich am Montag in Ankara und sprachen über die Leitung."
    assert again.classify(text)[0] == built.classify(text)[0] == "de"


def test_the_alias_index_read_back_equals_a_build(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from aftermath.extract.aliases import _aliases, _stored_alias_index, build_alias_index
    from aftermath.knowledge import load_kb

    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    kb = load_kb()
    built = build_alias_index(_aliases(kb))
    assert _stored_alias_index(kb) == built
    assert len(list(tmp_path.glob("alias-index-*.pickle"))) == 1
    assert _stored_alias_index(kb) == built  # now read from the file
    # A knowledge base with other aliases (user dictionaries) is another source.
    assert build_alias_index(["Quxland Defence Ministry"]) != built


def test_phoenix_agents_and_verbs_read_back_equal_a_parse(tmp_path: Path) -> None:
    from aftermath.knowledge.phoenix.loader import (
        _parse_bundled_agents_and_verbs,
        load_bundled,
    )

    agents, verbs = _parse_bundled_agents_and_verbs()
    first = load_bundled(cache_dir=tmp_path)
    assert list(tmp_path.glob("phoenix-verbs-*.pickle"))
    again = load_bundled(cache_dir=tmp_path)
    assert first.verbs == again.verbs == verbs
    assert first.agents == again.agents == agents.agents
    assert first.warnings == again.warnings
