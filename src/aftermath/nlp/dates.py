"""Resolve date expressions ("on Monday", "in November 2015") against a publication date.

News dates are relative to when the article appeared, so every expression is resolved
against `published`. The result keeps its granularity: "July" is a month, not July 1st.
Weekday names refer to the most recent such day on or before publication, which is how
news reports past events; the caller asks for the future reading (`future=True`) when the
clause looks ahead ("will meet on Tuesday", "are due to meet on Tuesday").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from aftermath.records import Granularity, ResolvedDate

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 3, "few": 3, "a few": 3,
}
# Leading words that carry no date information ("on Monday", "in July", "since 2015").
_FILLER = re.compile(r"^(?:on|in|at|by|since|during|from|until|of|the|early|late|mid-?)\s+", re.I)
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(
    rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?,?(?:\s+(\d{{4}}))?$", re.I
)
_MONTH_DAY_YEAR = re.compile(
    rf"^({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?$", re.I
)
_MONTH_YEAR = re.compile(rf"^({_MONTH_RE})\.?,?(?:\s+(?:of\s+)?(\d{{4}}))?$", re.I)
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_YEAR = re.compile(r"^(\d{4})$")
_AGO = re.compile(r"^(\w+|a few)\s+(day|week|month|year)s?\s+ago$", re.I)


def parse_iso_date(value: str | None) -> date | None:
    """The date part of an ISO date or datetime string, or None if it is not one."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def resolve_date(
    expression: str, published: date | str | None, *, future: bool = False
) -> ResolvedDate | None:
    """Resolve one date expression; None when it names no date we can place. Never raises."""
    anchor = published if isinstance(published, date) else parse_iso_date(published)
    text = re.sub(r"\s+", " ", expression.strip().lower().strip(".,;:"))
    previous = None
    while previous != text:
        previous, text = text, _FILLER.sub("", text)
    try:
        return _absolute(text, anchor) or (
            _relative(text, anchor, future) if anchor else None
        )
    except (ValueError, OverflowError):
        return None


def offset_date(anchor: ResolvedDate, count_words: str, unit: str) -> ResolvedDate | None:
    """`anchor` moved by "four days", "two weeks" (negative counts look back); None when the
    anchor is coarser than a day or the count is not a number we read. Never raises."""
    base = parse_iso_date(anchor.value) if anchor.granularity == Granularity.DAY else None
    words = count_words.lower().strip()
    sign = -1 if words.startswith("-") else 1
    words = words.lstrip("-")
    count = NUMBER_WORDS.get(words) or (int(words) if words.isdigit() else None)
    unit = unit.lower().removesuffix("s")
    if base is None or count is None:
        return None
    try:
        if unit == "week":
            return _day(base + timedelta(weeks=sign * count))
        return _shift(unit, sign * count, base)
    except (ValueError, OverflowError):
        return None


def _day(value: date) -> ResolvedDate:
    return ResolvedDate(value.isoformat(), Granularity.DAY)


def _month(year: int, month: int) -> ResolvedDate:
    return ResolvedDate(f"{year:04d}-{month:02d}", Granularity.MONTH)


def _absolute(text: str, anchor: date | None) -> ResolvedDate | None:
    if match := _ISO.match(text):
        year, month, day = match.groups()
        if day:
            return _day(date(int(year), int(month), int(day)))
        return _month(int(year), int(month))
    if match := _YEAR.match(text):
        return ResolvedDate(match.group(1), Granularity.YEAR)
    if match := _DAY_MONTH_YEAR.match(text):
        day, month_name, year = match.groups()
        return _day_in(int(day), MONTHS[month_name], year, anchor)
    if match := _MONTH_DAY_YEAR.match(text):
        month_name, day, year = match.groups()
        return _day_in(int(day), MONTHS[month_name], year, anchor)
    if match := _MONTH_YEAR.match(text):
        month_name, year = match.groups()
        month = MONTHS[month_name]
        if year:
            return _month(int(year), month)
        if anchor is None:
            return None
        # A bare month is the latest such month not after publication.
        return _month(anchor.year if month <= anchor.month else anchor.year - 1, month)
    return None


def _day_in(day: int, month: int, year: str | None, anchor: date | None) -> ResolvedDate | None:
    if year:
        return _day(date(int(year), month, day))
    if anchor is None:
        return None
    # "December 28" in a January article is last year; "January 1" in a December article is
    # the coming one. A month of look-ahead covers announced plans. Years where the day does
    # not exist (February 29) are skipped.
    horizon = anchor + timedelta(days=31)
    for guess in range(anchor.year + 1, anchor.year - 5, -1):
        candidate = _valid_date(guess, month, day)
        if candidate is not None and candidate <= horizon:
            return _day(candidate)
    return None


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _relative(text: str, anchor: date, future: bool = False) -> ResolvedDate | None:
    simple = {
        "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
        "now": 0, "yesterday": -1, "last night": -1, "tomorrow": 1, "overnight": -1,
        "the day before yesterday": -2,
    }
    if text in simple:
        return _day(anchor + timedelta(days=simple[text]))
    words = text.split()
    if words and words[0] in ("last", "this", "next", "past") and len(words) == 2:
        return _relative_unit(words[0], words[1], anchor)
    if text.startswith("earlier this ") or text.startswith("later this "):
        return _relative_unit("this", words[-1], anchor)
    weekday = words[-1] if words else ""
    if weekday in WEEKDAYS and len(words) == 1 and future:
        return _day(anchor + timedelta(days=(WEEKDAYS[weekday] - anchor.weekday()) % 7))
    if weekday in WEEKDAYS and len(words) <= 2 and (len(words) == 1 or words[0] in ("last",)):
        back = (anchor.weekday() - WEEKDAYS[weekday]) % 7
        if words[0] == "last" and back == 0:
            back = 7
        return _day(anchor - timedelta(days=back))
    if match := _AGO.match(text):
        count = NUMBER_WORDS.get(match.group(1))
        if count is None and match.group(1).isdigit():
            count = int(match.group(1))
        if count is None:
            return None
        return _shift(match.group(2), -count, anchor)
    return None


def _relative_unit(which: str, unit: str, anchor: date) -> ResolvedDate | None:
    step = {"last": -1, "past": -1, "this": 0, "next": 1}[which]
    if unit in WEEKDAYS:
        back = (anchor.weekday() - WEEKDAYS[unit]) % 7
        if which == "next":
            return _day(anchor + timedelta(days=(7 - back) % 7 or 7))
        if which == "last" and back == 0:
            back = 7
        return _day(anchor - timedelta(days=back))
    unit = unit.rstrip("s")
    if unit in ("day", "week", "month", "year"):
        return _shift(unit, step, anchor)
    if unit in MONTHS:
        month = MONTHS[unit]
        year = anchor.year - 1 if which == "last" else anchor.year + (which == "next")
        return _month(year, month)
    return None


def _shift(unit: str, count: int, anchor: date) -> ResolvedDate | None:
    if unit == "day":
        return _day(anchor + timedelta(days=count))
    if unit == "week":
        iso_year, iso_week, _ = (anchor + timedelta(weeks=count)).isocalendar()
        return ResolvedDate(f"{iso_year:04d}-W{iso_week:02d}", Granularity.WEEK)
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + count
        return _month(index // 12, index % 12 + 1)
    if unit == "year":
        return ResolvedDate(f"{anchor.year + count:04d}", Granularity.YEAR)
    return None
