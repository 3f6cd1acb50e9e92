"""Phoenix dictionaries in actor and event coding, and user dictionaries (#12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aftermath.extract.actors import find_mentions
from aftermath.extract.context import DocContext
from aftermath.extract.phoenix_verbs import phoenix_code, phoenix_pattern
from aftermath.knowledge import KnowledgeBase, load_kb
from aftermath.pipeline import analyze_document
from aftermath.records import Document, country_of


def _analysis(text: str, nlp, kb: KnowledgeBase, published: str | None = "2005-06-01"):  # type: ignore[no-untyped-def]
    return analyze_document(Document(id="t", text=text, published=published), nlp, kb)


def _codes(text: str, nlp, kb: KnowledgeBase, published: str | None = "2005-06-01"):  # type: ignore[no-untyped-def]
    doc = nlp(text)
    ctx = DocContext(doc, Document(id="t", text=text, published=published), kb)
    return {doc[m.start_i : m.end_i].text: m.code or m.fallback
            for m in find_mentions(ctx).mentions}


@pytest.mark.issue(12)
@pytest.mark.parametrize(("text", "words", "code"), [
    ("The Basque Fatherland and Liberty bombed a station.", "Basque Fatherland and Liberty",
     "ESPREB"),
    ("Amnesty International accused the army of torture.", "Amnesty International",
     "NGOHRIAMN"),
])
def test_phoenix_actor_names_code_organisations(nlp, kb, text, words, code) -> None:  # type: ignore[no-untyped-def]
    assert _codes(text, nlp, kb)[words] == code


@pytest.mark.issue(12)
@pytest.mark.parametrize(("published", "code"), [
    ("1979-10-01", "AFGGOV"),   # [AFGGOV 790916-791227]
    ("1975-10-01", "AFGELI"),   # [AFGELI 470101-790327]
    ("1985-10-01", None),       # no code covers the date, and none is undated
])
def test_phoenix_dated_name_codes_only_inside_its_range(nlp, kb, published, code) -> None:  # type: ignore[no-untyped-def]
    # Only Phoenix knows Hafizullah Amin (Phoenix.Countries.actors.txt).
    found = _codes("Hafizullah Amin met the envoy.", nlp, kb, published)
    assert found.get("Hafizullah Amin") == code


@pytest.mark.issue(12)
def test_phoenix_our_entry_wins_for_the_same_name(nlp, kb) -> None:  # type: ignore[no-untyped-def]
    # Both dictionaries know the UN; organisations.yaml codes it and its entry is used.
    doc = nlp("The United Nations condemned the attack.")
    ctx = DocContext(doc, Document(id="t", text=doc.text, published="2016-12-19"), kb)
    mention = find_mentions(ctx).mentions[0]
    assert mention.key.startswith("org:")


@pytest.mark.issue(12)
@pytest.mark.parametrize(("text", "words", "code"), [
    ("Rebels attacked a convoy near the border.", "Rebels", "---REB"),
    ("The ambassador denounced the sanctions.", "The ambassador", "---GOVDIP"),
])
def test_phoenix_unknown_country_carries_its_role(nlp, kb, text, words, code) -> None:  # type: ignore[no-untyped-def]
    analysis = _analysis(text, nlp, kb, published=None)
    actor = next(a for a in analysis.actors if a.name == words)
    assert (actor.code, actor.country) == (code, None)
    assert analysis.events[0].source is not None and analysis.events[0].source.code == code


@pytest.mark.parametrize(("code", "country"), [("---REB", None), ("TURCOP", "TUR"),
                                               ("IGOUNO", "IGO"), (None, None), ("US", None)])
def test_records_country_of_treats_dashes_as_unknown(code, country) -> None:  # type: ignore[no-untyped-def]
    assert country_of(code) == country


@pytest.mark.issue(12)
def test_phoenix_agents_extend_roles_but_ours_win(kb) -> None:  # type: ignore[no-untyped-def]
    assert kb.role_nouns["police"].code == "COP"  # roles.tsv
    assert kb.role_nouns["fighters"].code == "REB"  # roles.tsv's exact form, not Phoenix
    assert kb.role_nouns["sharecropper"].code == "AGR"  # only Phoenix has it


@pytest.mark.issue(12)
@pytest.mark.parametrize(("text", "lemma", "code"), [
    ("Iran rushed aid to Syria.", "rush", "070"),
    ("Thousands were converging for a rally.", "converge", "141"),
])
def test_phoenix_verb_patterns_code_a_verb(nlp, kb, text, lemma, code) -> None:  # type: ignore[no-untyped-def]
    verb = next(t for t in nlp(text) if t.lemma_ == lemma)
    assert phoenix_code(verb, kb) == code


@pytest.mark.issue(12)
def test_phoenix_verb_fallback_leaves_framing_verbs_to_their_complement(nlp, kb) -> None:  # type: ignore[no-untyped-def]
    verb = next(t for t in nlp("The court decided to allow the candidate.") if
                t.lemma_ == "decide")
    assert phoenix_pattern(verb, kb, bundled=True) is None


@pytest.mark.issue(12)
def test_phoenix_bundled_verbs_are_not_the_coders_fallback(nlp, kb) -> None:  # type: ignore[no-untyped-def]
    verb = next(t for t in nlp("Iran rushed aid to Syria.") if t.lemma_ == "rush")
    assert phoenix_pattern(verb, kb) is None  # measured worse on held-out PLOVER
    assert phoenix_pattern(verb, kb, bundled=True) is not None


USER_VERBS = "---  SERENADE   [051]  ---\nSERENADE\n- * (WITH +) [050]\n"


@pytest.mark.issue(12)
def test_phoenix_user_verb_file_codes_a_verb_ours_lacks(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mine.verbs.txt"
    path.write_text(USER_VERBS, encoding="utf-8")
    analysis = _analysis("Turkey serenaded Russia on Monday.", nlp, load_kb([path]))
    assert [(e.cameo, e.source.code if e.source else None) for e in analysis.events] == [
        ("051", "TUR")]


USER_ACTORS = "# my own actors\nARNOR_ [ARN]\n+KINGDOM_OF_ARNOR_\n"


@pytest.fixture()
def user_dictionary(tmp_path: Path) -> Path:
    path = tmp_path / "middle-earth.actors.txt"
    path.write_text(USER_ACTORS, encoding="utf-8")
    return path


@pytest.mark.issue(12)
def test_phoenix_user_dictionary_adds_an_actor(nlp, user_dictionary: Path) -> None:  # type: ignore[no-untyped-def]
    kb = load_kb([user_dictionary])
    analysis = _analysis("Arnor attacked Gondor on Monday.", nlp, kb)
    assert [e.source.code for e in analysis.events if e.source] == ["ARN"]


@pytest.mark.issue(12)
def test_cli_analyze_dictionary_option_adds_an_actor(user_dictionary: Path,
                                                     tmp_path: Path) -> None:
    from aftermath.cli import app

    article = tmp_path / "a.txt"
    article.write_text("Arnor attacked Gondor on Monday.", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(article), "--json", "--dictionary",
                                      str(user_dictionary)])
    assert result.exit_code == 0, result.output
    codes = [a["code"] for a in json.loads(result.stdout)["actors"]]
    assert "ARN" in codes


@pytest.mark.issue(12)
def test_cli_analyze_unreadable_dictionary_is_one_line_error(tmp_path: Path) -> None:
    from aftermath.cli import app

    article = tmp_path / "a.txt"
    article.write_text("Arnor attacked Gondor.", encoding="utf-8")
    missing = tmp_path / "missing.actors.txt"
    result = CliRunner().invoke(app, ["analyze", str(article), "--dictionary", str(missing)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"aftermath: {missing}: cannot read dictionary "
                                     "(No such file or directory)")


@pytest.mark.issue(12)
def test_settings_knowledge_dictionaries_from_toml(tmp_path: Path, user_dictionary: Path) -> None:
    from aftermath.config import load_settings

    toml = tmp_path / "aftermath.toml"
    toml.write_text(f'[knowledge]\ndictionaries = ["{user_dictionary}"]\n', encoding="utf-8")
    assert load_settings(config_path=toml).knowledge.dictionaries == [user_dictionary]


@pytest.mark.issue(12)
def test_phoenix_name_never_cuts_a_longer_entity(nlp, kb) -> None:  # type: ignore[no-untyped-def]
    # Phoenix knows "Abu Musab" (IMGSEAMUSASF); here it is part of another man's name.
    doc = nlp("Abu Musab al-Zarqawi claimed the attack.")
    assert any(ent.text.startswith("Abu Musab") and len(ent) > 2 for ent in doc.ents)
    assert _codes(doc.text, nlp, kb).get("Abu Musab") is None


@pytest.mark.issue(12)
def test_phoenix_user_agents_file_adds_a_role_noun(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "shire.agents.txt"
    path.write_text("HOBBIT [~CVL]\nPOLICE [~MIL]  # ours (roles.tsv) wins\n", encoding="utf-8")
    kb = load_kb([path])
    assert (kb.role_nouns["hobbit"].code, kb.role_nouns["police"].code) == ("CVL", "COP")
    assert _codes("Turkish hobbits protested.", nlp, kb)["Turkish hobbits"] == "TURCVL"
