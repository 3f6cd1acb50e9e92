from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftermath.nlp.dates import resolve_date

PUBLISHED = "2016-12-20"  # a Tuesday


@pytest.mark.parametrize(
    ("expression", "value", "granularity"),
    [
        ("today", "2016-12-20", "day"),
        ("on Monday", "2016-12-19", "day"),
        ("Tuesday", "2016-12-20", "day"),
        ("last Tuesday", "2016-12-13", "day"),
        ("yesterday", "2016-12-19", "day"),
        ("last week", "2016-W50", "week"),
        ("in November 2015", "2015-11", "month"),
        ("July", "2016-07", "month"),
        ("December 19", "2016-12-19", "day"),
        ("Nov. 24, 2015", "2015-11-24", "day"),
        ("24 November 2015", "2015-11-24", "day"),
        ("last month", "2016-11", "month"),
        ("two days ago", "2016-12-18", "day"),
        ("2015", "2015", "year"),
    ],
)
def test_resolve_date_relative_to_publication(expression: str, value: str, granularity: str):
    resolved = resolve_date(expression, PUBLISHED)
    assert resolved is not None
    assert (resolved.value, resolved.granularity) == (value, granularity)


def test_resolve_date_bare_month_after_publication_is_last_year():
    assert resolve_date("March", "2017-01-10").value == "2016-03"


def test_resolve_date_day_just_after_new_year_is_next_year():
    assert resolve_date("January 1", "2015-12-14").value == "2016-01-01"


def test_resolve_date_leap_day_without_year_finds_the_leap_year():
    assert resolve_date("February 29", "2016-03-01").value == "2016-02-29"
    assert resolve_date("February 29", "2017-03-01").value == "2016-02-29"


def test_resolve_date_unknown_words_give_none():
    assert resolve_date("the aftermath", PUBLISHED) is None


def test_resolve_date_relative_needs_publication_date():
    assert resolve_date("yesterday", None) is None
    assert resolve_date("November 2015", None).value == "2015-11"


@given(st.text(max_size=40), st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 1, 1)))
def test_resolve_date_never_raises(expression: str, published: dt.date):
    resolved = resolve_date(expression, published)
    assert resolved is None or resolved.value[:4].isdigit()


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 1, 1)),
       st.sampled_from(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                        "sunday"]))
def test_resolve_date_weekday_is_within_the_past_week(published: dt.date, weekday: str):
    resolved = resolve_date(f"on {weekday}", published)
    day = dt.date.fromisoformat(resolved.value)
    assert 0 <= (published - day).days <= 6
    assert day.strftime("%A").lower() == weekday


def test_resolve_date_weekday_looks_ahead_only_when_asked():
    # 2016-12-19 was a Monday: "Tuesday" is the 13th looking back, the 20th looking ahead.
    assert resolve_date("Tuesday", "2016-12-19").value == "2016-12-13"
    assert resolve_date("Tuesday", "2016-12-19", future=True).value == "2016-12-20"
    assert resolve_date("last Tuesday", "2016-12-19", future=True).value == "2016-12-13"
