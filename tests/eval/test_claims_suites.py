"""The attribution, blame and hedge suites (#4): gold parsing, matching, scoring, CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from aftermath.cli import app
from aftermath.eval.attributions import (
    AttributionReport,
    GoldAttribution,
    Predicted,
    parse_ann,
    predictions,
    score_attributions,
)
from aftermath.eval.blame import P_TO_Q, Q_TO_P, parse_line, score_blame
from aftermath.eval.hedges import load_wiki, score_hedges
from aftermath.eval.spans import overlaps_enough
from aftermath.extract.hedges import compile_lexicon, find_hedge_cues
from aftermath.records import ActorRef, Attribution, Span

# A brat file in PolNeAR's shape, written for this test: one split content, one without source.
ANN = (
    "T1\tSource 0 5\tNadia\n"
    "T2\tCue 7 11\tsaid\n"
    "T3\tContent 13 20;30 40\tpieces\n"
    "T4\tAttribution 7 11\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tCue 50 55\tnoted\n"
    "T6\tContent 56 70\tsomething\n"
    "T7\tAttribution-no-source 50 55\tnoted\n"
    "E2\tAttribution-no-source:T7 Cue:T5 Content:T6\n"
    "T8\tDiscard 80 90\tx\n"
)


def test_parse_ann_reads_discontinuous_content_and_missing_source():
    gold = parse_ann(ANN)
    assert gold[0] == GoldAttribution(((7, 11),), ((0, 5),), ((13, 20), (30, 40)))
    assert gold[1].source is None and gold[1].cue == ((50, 55),)
    assert len(gold) == 2


def test_overlap_needs_half_of_the_shorter_span():
    assert overlaps_enough(((0, 10),), ((5, 40),))
    assert not overlaps_enough(((0, 10),), ((6, 40),))
    assert not overlaps_enough(((0, 10),), None)


def _attribution(cue: tuple[int, int], content: tuple[int, int],
                 speaker: tuple[int, int] | None) -> Attribution:
    ref = ActorRef(None, "x", *speaker) if speaker else None
    return Attribution(speaker=ref, cue=Span("c", *cue, 0), content=Span("t", *content, 0),
                       direct=True, evidence=Span("e", 0, 1, 0))


def test_split_quote_records_merge_into_one_prediction():
    merged = predictions((_attribution((7, 11), (13, 20), (0, 5)),
                          _attribution((7, 11), (30, 40), None)))
    assert merged == [Predicted(((7, 11),), ((0, 5),), ((13, 20), (30, 40)))]


def test_report_counts_cue_source_content_and_whole():
    report = AttributionReport()
    ours = [Predicted(((7, 11),), ((0, 5),), ((13, 20), (30, 40))),  # all right
            Predicted(((50, 55),), ((44, 48),), ((56, 70),)),  # source given, gold has none
            Predicted(((100, 104),), None, ((105, 120),))]  # no gold cue there
    report.add(parse_ann(ANN), ours)
    figures = {part: (t.hits_gold, t.predicted, t.gold) for part, t in report.tallies.items()
               if not part.startswith("strict")}
    assert figures == {"cue": (2, 3, 2), "source": (1, 3, 2), "content": (2, 3, 2),
                       "whole": (1, 3, 2)}


# Our own sentence for the strict match (#17): gold cue "told reporters", head "told";
# gold source "The minister of trade", head "minister"; gold content after "that".
STRICT_TEXT = "The minister of trade told reporters that the tariffs would rise next year."
STRICT_ANN = (
    "T1\tSource 0 21\tThe minister of trade\n"
    "T2\tCue 22 36\ttold reporters\n"
    "T3\tContent 42 73\tthe tariffs would rise next year\n"
    "T4\tAttribution 22 36\ttold reporters\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
)


def test_strict_match_needs_heads_and_half_the_gold_content(nlp):
    doc = nlp(STRICT_TEXT)
    gold = parse_ann(STRICT_ANN)

    def strict(ours: list[Predicted]) -> tuple[int, ...]:
        report = AttributionReport()
        report.add(gold, ours, doc)
        return tuple(report.tallies[f"strict_{p}"].hits_gold
                     for p in ("cue", "source", "content", "whole"))

    right = Predicted(((22, 26),), ((4, 21),), ((42, 73),))
    assert strict([right]) == (1, 1, 1, 1)
    # A cue on "reporters" overlaps the gold cue (lenient) but misses its head "told".
    assert strict([Predicted(((27, 36),), ((4, 21),), ((42, 73),))]) == (0, 0, 0, 0)
    # A source "The minister of trade told" has its head, "told", outside the gold source.
    assert strict([Predicted(((22, 26),), ((0, 26),), ((42, 73),))])[1] == 0
    # Content covering only "the tariffs" is under half of the gold content.
    assert strict([Predicted(((22, 26),), ((4, 21),), ((42, 53),))])[2] == 0


def test_parse_line_strips_brackets_and_keeps_offsets():
    sentence = parse_line("[Ankara] condemned the remarks by [Moscow]'s envoy.\tAnkara\tMoscow\t3")
    assert sentence is not None
    assert sentence.text == "Ankara condemned the remarks by Moscow's envoy."
    assert sentence.text[slice(*sentence.p)] == "Ankara"
    assert sentence.text[slice(*sentence.q)] == "Moscow"
    assert sentence.label == P_TO_Q != Q_TO_P


def test_parse_line_rejects_malformed_lines():
    assert parse_line("no tabs here") is None
    assert parse_line("[A] met B.\tA\tB\t0") is None  # B is not bracketed


def test_hedge_finder_uses_tags_phrases_and_forms(nlp, kb):
    lexicon = compile_lexicon(kb.cues.hedge_cues)
    doc = nlp("In May the group may have been considering whether or not the plan was "
              "possibly flawed.")
    cues = [doc[first : last + 1].text for first, last in find_hedge_cues(doc, lexicon)]
    assert cues == ["may", "whether or not", "possibly"]


def test_wiki_loader_keeps_text_sentences_and_cue_offsets(tmp_path: Path):
    folder = tmp_path / "szeged_uncertainty_wiki"
    folder.mkdir()
    (folder / "wiki.xml").write_text(
        '<Annotation><DocumentSet><Document><DocumentPart type="Title"><Sentence id="1">'
        'A title</Sentence></DocumentPart><DocumentPart type="Text"><Sentence id="2">It '
        '<ccue type="speculation_modal_probable_">may</ccue> rain, <ccue type="x">some '
        "say</ccue>.</Sentence></DocumentPart></Document></DocumentSet></Annotation>",
        encoding="utf-8")
    [sentence] = load_wiki(tmp_path)
    assert sentence.text == "It may rain, some say."
    assert [sentence.text[s:e] for s, e in sentence.cues] == ["may", "some say"]


@pytest.mark.parametrize("suite", ["attributions", "blame", "hedges"])
def test_eval_command_without_data_is_a_usage_error(suite: str, tmp_path: Path):
    result = CliRunner().invoke(app, ["eval", suite, "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.startswith("aftermath: ") and result.output.count("\n") == 1


@pytest.mark.shared_data
@pytest.mark.slow
def test_attributions_suite_scores_dev_articles(shared_data, nlp, kb):
    report = score_attributions(shared_data / "polnear", nlp, kb, limit=5)
    assert report.articles == 5
    cue, whole = report.tallies["cue"], report.tallies["whole"]
    assert cue.gold > 0 and cue.predicted > 0
    assert whole.hits_gold <= cue.hits_gold <= min(cue.gold, cue.predicted)
    assert set(report.figures()) == {"cue_f1", "source_f1", "content_f1", "whole_f1",
                                     "strict_cue_f1", "strict_source_f1",
                                     "strict_content_f1", "strict_whole_f1"}
    strict = report.tallies["strict_whole"]
    # The strict match is stricter: it can never find more than the lenient one.
    assert strict.hits_gold <= whole.hits_gold and strict.gold == whole.gold


@pytest.mark.shared_data
@pytest.mark.slow
def test_blame_suite_reads_every_valid_line(shared_data, nlp, kb):
    report = score_blame(shared_data / "blame", nlp, kb)
    shown = report.tallies["shown"]
    assert report.sentences > 1400 and shown.gold > 300
    assert report.tallies["claims_only"].hits_gold <= shown.hits_gold
    assert shown.hits_gold <= report.tallies["with_scorer_rules"].hits_gold
    # The headline counts only what the blame network shows; diagnostics are not pinned.
    assert set(report.figures()) == {"shown_f1", "shown_precision", "shown_recall"}


@pytest.mark.shared_data
@pytest.mark.slow
def test_hedge_suite_sample_is_held_out(shared_data, nlp, kb):
    report = score_hedges(shared_data / "hedging", nlp, kb)
    assert report.tallies["tune"].gold == 0 and report.tallies["heldout"].gold > 500
    assert 0.0 < report.figures()["cue_f1"] <= 1.0


@pytest.mark.parametrize("name", ["blame", "attributions"])
def test_claims_suites_are_split_into_dev_and_heldout(name: str):
    from aftermath.eval.suite import discover

    assert discover()[name].split


@pytest.mark.shared_data
def test_blame_loader_keeps_one_part_by_line_id(shared_data):
    from aftermath.eval.blame import load_valid
    from aftermath.eval.split import keeper

    every = load_valid(shared_data / "blame")
    dev = load_valid(shared_data / "blame", keep=keeper("dev", salt="blame"))
    held = load_valid(shared_data / "blame", keep=keeper("heldout", salt="blame"))
    assert len(dev) + len(held) == len(every)
    assert {s.id for s in dev}.isdisjoint({s.id for s in held})
    assert all(s.id.startswith("valid-") for s in every)
