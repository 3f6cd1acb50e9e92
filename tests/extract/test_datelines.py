"""Datelines and agency credits (#17): the opening a wire service puts before the story."""

from __future__ import annotations

import pytest

from aftermath.extract.datelines import dateline_end


@pytest.mark.parametrize(("text", "opening"), [
    ("HARARE (Reuters) - Police fired tear gas.", "HARARE (Reuters) - "),
    ("ST. PAUL, Minn. (Reuters) - The governor vetoed it.", "ST. PAUL, Minn. (Reuters) - "),
    ("(Reuters) - Shares fell.", "(Reuters) - "),
    ("KIEV, March 3 (Reuters) - Ukraine said.", "KIEV, March 3 (Reuters) - "),
    ("AP — The senator resigned.", "AP — "),
    ("NAIROBI — Kenya's court ruled.", "NAIROBI — "),
])
def test_dateline_end_covers_the_opening(text: str, opening: str) -> None:
    assert text[: dateline_end(text)] == opening


@pytest.mark.parametrize("text", [
    "Russia vetoed the draft on Friday.",
    "NATO - members met in Brussels.",
    "UN - The council met.",
    "In another setback, the governors broke ranks.",
])
def test_dateline_end_leaves_ordinary_openings(text: str) -> None:
    assert dateline_end(text) == 0
