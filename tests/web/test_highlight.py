from __future__ import annotations

import pytest

from aftermath.web.highlight import Mark, highlight


def _joined(result) -> str:  # type: ignore[no-untyped-def]
    return "\n\n".join("".join(s.text for s in p) for p in result.paragraphs)


@pytest.mark.parametrize("text", ["Putin met Erdogan.\n\nThey agreed.", "no marks at all"])
def test_highlight_segments_cover_text_exactly(text: str):
    marks = [Mark(0, 5, "actor", "a0", "Putin", "Putin")]
    assert _joined(highlight(text, marks if text.startswith("Putin") else [])) == text


def test_highlight_overlapping_marks_tag_shared_segment_with_both():
    text = "The mayor blamed the movement."
    marks = [Mark(0, 9, "actor", "a0", "mayor", "The mayor"),
             Mark(0, 29, "claim", "c0", "blame", text[:29])]
    (paragraph,) = highlight(text, marks).paragraphs
    assert paragraph[0].text == "The mayor"
    assert paragraph[0].kinds == ("actor", "claim")
    assert paragraph[0].anchors == ("a0", "c0")
    assert paragraph[1].kinds == ("claim",) and paragraph[1].anchors == ()


@pytest.mark.parametrize("mark", [
    Mark(5, 3, "actor", "bad", "reversed"),
    Mark(0, 500, "actor", "bad", "past the end"),
    Mark(0, 3, "actor", "bad", "wrong words", "xyz"),
])
def test_highlight_drops_marks_that_do_not_fit(mark: Mark):
    result = highlight("The mayor spoke.", [mark])
    assert result.dropped == 1
    assert all(not s.kinds for p in result.paragraphs for s in p)


def test_highlight_markup_in_text_stays_text():
    text = '<script>x</script> "><img onerror=y>'
    result = highlight(text, [Mark(0, 8, "actor", "a", "tag", "<script>")])
    assert _joined(result) == text
