from pathlib import Path

import pytest

from aftermath.errors import ConfigError
from aftermath.knowledge.outlets import Ownership, domain_of, load_outlets


def test_outlet_found_by_name_alias_and_domain():
    registry = load_outlets()
    assert registry.lookup("TASS").ownership is Ownership.STATE
    assert registry.lookup("ITAR-TASS").key == "tass"
    assert registry.lookup(url="https://www.aa.com.tr/en/turkey/x/123").country == "TUR"
    # a subdomain belongs to its parent's outlet
    assert registry.lookup(url="https://en.tass.com/world/1").key == "tass"
    assert registry.lookup("hurriyetdailynews.com").key == "hurriyet"
    assert registry.lookup("Unknown Gazette", url="https://example.org/a") is None


def test_domain_of_ignores_bad_urls():
    assert domain_of("http://[::1") is None
    assert domain_of("not a url") is None


def test_user_file_adds_and_replaces(tmp_path: Path):
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "- {key: tass, name: TASS, country: RUS, ownership: state, note: replaced}\n"
        "- {key: local, name: Ankara Local, country: TUR, ownership: private,"
        " domains: [ankaralocal.example]}\n"
    )
    registry = load_outlets(extra)
    assert registry.lookup("tass").note == "replaced"
    assert registry.lookup(url="http://ankaralocal.example/x").name == "Ankara Local"


def test_invalid_user_file_is_a_config_error(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {key: x, name: X, country: TUR, ownership: tabloid}\n")
    with pytest.raises(ConfigError, match="outlet #1"):
        load_outlets(bad)


def test_bundled_registry_covers_the_regions_with_unique_domains():
    registry = load_outlets()
    assert len(registry.outlets) >= 80
    countries = {o.country for o in registry.outlets}
    assert {"RUS", "TUR", "USA", "GBR", "CHN", "IRN", "QAT", "ISR", "JPN", "IND"} <= countries
    assert sum(o.ownership is Ownership.THINK_TANK for o in registry.outlets) >= 5
    domains = [d for o in registry.outlets for d in o.domains]
    assert len(domains) == len(set(domains))
    assert all(o.domains for o in registry.outlets)


@pytest.mark.parametrize(("name", "url", "key"), [
    ("Interfax", None, "interfax"), (None, "https://www.sozcu.com.tr/2016/x", "sozcu"),
    ("Xinhua News Agency", None, "xinhua"), (None, "https://english.news.cn/a", "xinhua"),
    ("Unknown", "https://www.bellingcat.com/news/x", "bellingcat")])
def test_registry_resolves_new_entries_by_name_or_domain(name, url, key):
    assert load_outlets().lookup(name=name, url=url).key == key
