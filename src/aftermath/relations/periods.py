"""Periods of a series (day, week, month): which period a stored date falls into, and calendars.

A date falls into a period only when it is at least as fine as the period: a day falls into
its ISO week and its month; an ISO week falls into the month that holds its Thursday (the
ISO rule for which year a week belongs to, applied to months); a month falls into itself.
A month-dated event cannot be put on a day or a week, and a year-dated one on any period:
those are counted as unplaced, never pushed to the first day or to the publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from functools import lru_cache

from aftermath.config import DEFAULT_EARLIEST_YEAR, DEFAULT_LATEST_YEAR
from aftermath.errors import InputError

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class By(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


def _week_key(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _parse_day(value: str) -> dt.date | None:
    match = _DAY.match(value)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _week_thursday(value: str) -> dt.date | None:
    match = _WEEK.match(value)
    if not match:
        return None
    try:
        return dt.date.fromisocalendar(int(match[1]), int(match[2]), 4)
    except ValueError:
        return None


def _day_period(day: dt.date, by: By) -> str:
    if by is By.WEEK:
        return _week_key(day)
    return day.isoformat() if by is By.DAY else day.isoformat()[:7]


def _plausible(value: str) -> bool:
    """A stored date within the years news is dated in (the defaults of the earliest_year
    and latest_year settings). Year 1 or 9999 is a placeholder or a misparse: as a period
    it would stretch a series over thousands of years of empty periods, or past the
    calendar's end (#18). Such dates are left unplaced."""
    year = value[:4]
    return year.isdigit() and DEFAULT_EARLIEST_YEAR <= int(year) <= DEFAULT_LATEST_YEAR


@lru_cache(maxsize=65_536)  # called once per event row; distinct dates are few
def period_of(value: str | None, by: By) -> str | None:
    """The period key (2016-12-19, 2016-W51, 2016-12) of a stored date, or None if coarser
    or outside the plausible years."""
    if not value or not _plausible(value):
        return None
    day = _parse_day(value)
    if day is not None:
        return _day_period(day, by)
    if by is By.DAY:
        return None
    thursday = _week_thursday(value)
    if thursday is not None:
        return value if by is By.WEEK else thursday.isoformat()[:7]
    if by is By.MONTH and _MONTH.match(value) and 1 <= int(value[5:7]) <= 12:
        return value
    return None


@lru_cache(maxsize=65_536)
def period_start(key: str) -> dt.date:
    """First day of a period key."""
    day = _parse_day(key)
    if day is not None:
        return day
    match = _WEEK.match(key)
    if match:
        return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    match = _MONTH.match(key)
    if match:
        return dt.date(int(match[1]), int(match[2]), 1)
    raise InputError(f"{key!r} is not a period (YYYY-MM-DD, YYYY-Www or YYYY-MM)")


def next_period(key: str, by: By) -> str:
    start = period_start(key)
    if by is By.DAY:
        return (start + dt.timedelta(days=1)).isoformat()
    if by is By.WEEK:
        return _week_key(start + dt.timedelta(days=7))
    year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
    return f"{year:04d}-{month:02d}"


def calendar(first: str, last: str, by: By) -> list[str]:
    """Every period key from `first` to `last` inclusive (empty when last < first)."""
    keys: list[str] = []
    key = first
    end = period_start(last)
    while period_start(key) <= end:
        keys.append(key)
        key = next_period(key, by)
    return keys


def bound_day(value: str, *, option: str) -> dt.date:
    """The day a --since/--until value means (a month: its first or last day); clear error."""
    day = _parse_day(value)
    if day is None and _MONTH.match(value) and 1 <= int(value[5:7]) <= 12:
        day = dt.date(int(value[:4]), int(value[5:7]), 1)
        if option == "until":
            day = period_start(next_period(value, By.MONTH)) - dt.timedelta(days=1)
    if day is None:
        raise InputError(f"--{option} {value!r} is not a date (YYYY-MM-DD or YYYY-MM)")
    return day


def bound_period(value: str, by: By, *, option: str) -> str:
    """The period of a --since/--until value (YYYY-MM-DD or YYYY-MM)."""
    return _day_period(bound_day(value, option=option), by)


def first_day(value: str | None) -> dt.date | None:
    """The first day a stored date can mean (a week's Monday, a month's 1st, a year's 1 Jan);
    None for no date, or one outside the plausible years."""
    if not value or not _plausible(value):
        return None
    day = _parse_day(value)
    if day is not None:
        return day
    thursday = _week_thursday(value)
    if thursday is not None:
        return thursday - dt.timedelta(days=3)
    if _MONTH.match(value) and 1 <= int(value[5:7]) <= 12:
        return dt.date(int(value[:4]), int(value[5:7]), 1)
    if re.fullmatch(r"\d{4}", value):
        return dt.date(int(value), 1, 1)
    return None


def period_days(key: str, by: By) -> tuple[dt.date, dt.date]:
    """First and last day of a period."""
    start = period_start(key)
    return start, period_start(next_period(key, by)) - dt.timedelta(days=1)


def coarse_keys(key: str, by: By) -> list[str]:
    """Stored dates coarser than a day that fall into the period (the month, its weeks)."""
    if by is By.DAY:
        return []
    if by is By.WEEK:
        return [key]
    first, last = period_days(key, by)
    weeks = {_week_key(first + dt.timedelta(days=n)) for n in range((last - first).days + 1)}
    return [key, *sorted(w for w in weeks if period_of(w, By.MONTH) == key)]
