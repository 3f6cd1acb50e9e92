from __future__ import annotations

from aftermath.ingest.dedupe import NearDuplicateIndex, content_key, normalise_text, signature

STORY = ("Russia and Turkey agreed on Tuesday to open talks on a ceasefire in northern Syria, "
         "the two foreign ministers said after meeting in Moscow for several hours. Officials "
         "in Ankara welcomed the step and said the details of the monitoring mission would be "
         "settled next week, while Iran said it was ready to join as a third guarantor.")


def test_content_key_ignores_case_punctuation_and_layout():
    assert content_key(STORY) == content_key("  " + STORY.upper().replace(", ", " ,\n") + " ")
    assert content_key(STORY) != content_key(STORY.replace("Tuesday", "Monday"))


def test_normalise_text_keeps_non_latin_words():
    assert normalise_text("Эрдоган, Путин!") == "эрдоган путин"


def test_near_duplicate_found_and_unrelated_text_is_not():
    index = NearDuplicateIndex()
    index.add("wire", signature(STORY))
    edited = STORY.replace("several hours", "six hours") + " Reporting by a correspondent."
    match = index.best_match(signature(edited))
    assert match is not None and match[0] == "wire" and match[1] >= 0.8
    other = "Floods closed roads across the region as rivers burst their banks after storms."
    assert index.best_match(signature(other)) is None


def test_near_duplicate_index_excludes_the_document_itself_and_replaces_on_add():
    index = NearDuplicateIndex()
    index.add("a", signature(STORY))
    index.add("a", signature(STORY))  # re-adding the same id must not fail
    assert len(index) == 1
    assert index.best_match(signature(STORY), exclude="a") is None
