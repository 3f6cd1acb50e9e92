"""Event tables for analysts who chart elsewhere: GDELT-like and POLECAT-like columns.

- **GDELT-like** (one row per act, asserted and reported only, as in the relation series):
  GDELT 1.0 event-table column names where a column means the same thing, plus `PLOVER`,
  `Status`, `EventDate`, `DateGranularity` and `ActId` because our dates may be a week, a
  month or a year (GDELT's `SQLDATE` is left empty then rather than invented).
  An event of an incident with acts (#19) counts once per act, with the act's resolved
  names; other events fold by same source, target, type, date and place.
  `NumMentions`/`NumArticles`/`NumSources` are the event mentions (sentences), documents
  and outlets that tell it.
- **Acts** (one row per act of an incident, #19): canonical who/what/whom/when/where,
  reports, mentions and outlets, first and last report, and the sentences behind it.
- **POLECAT-like** (one row per stored event, every status, with a `Status` column): PLOVER
  type and mode, actor and recipient with country and sector, place, source and story.
Every code is a string (CAMEO `043` keeps its zero; actor codes stay text).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import Any

from aftermath.records import country_of
from aftermath.relations.periods import first_day

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat",
    "ActionGeo_Long", "DATEADDED", "SOURCEURL",
    "PLOVER", "Status", "EventDate", "DateGranularity", "ActId",
)
# Which columns are strings, integers or floats: Parquet gets a typed schema from this.
GDELT_INTEGERS = frozenset({"GLOBALEVENTID", "Year", "IsRootEvent", "QuadClass", "NumMentions",
                            "NumSources", "NumArticles", "ActionGeo_Type"})
GDELT_FLOATS = frozenset({"FractionDate", "GoldsteinScale", "AvgTone", "ActionGeo_Lat",
                          "ActionGeo_Long"})

ACT_COLUMNS = (
    "ActId", "IncidentId", "Family", "PLOVER", "CAMEO", "QuadClass", "GoldsteinScale",
    "SourceCode", "SourceName", "TargetCode", "TargetName", "Date", "Place",
    "NumArticles", "NumMentions", "NumSources", "Outlets", "FirstReport", "LastReport",
    "Evidence",
)

POLECAT_COLUMNS = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code",
    "CAMEO", "Status", "Actor Name", "Actor Code", "Actor Country", "Actor Sector",
    "Recipient Name", "Recipient Code", "Recipient Country", "Recipient Sector",
    "Placename", "Country", "Latitude", "Longitude",
    "Source", "Publication Date", "Story ID", "Language", "Evidence",
)


def _country(code: str | None) -> str | None:
    return country_of(code)  # "---REB" has no country (#12)


def _sector(code: str | None) -> str | None:
    return code[3:6] if code and len(code) >= 6 else None


def _fraction(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    days = (dt.date(day.year + 1, 1, 1) - start).days
    return round(day.year + (day - start).days / days, 4)


def _name(row: dict[str, Any], role: str) -> str | None:
    """The act's resolved name (#19) when the row stands for an act, else the words."""
    value = row.get(f"act_{role}_name") if row.get("act_id") else row[f"{role}_text"]
    return None if value is None else str(value)


def _code(row: dict[str, Any], role: str) -> str | None:
    value = row.get(f"act_{role}_code") if row.get("act_id") else row[f"{role}_code"]
    return None if value is None else str(value)


def gdelt_row(row: dict[str, Any]) -> dict[str, Any]:
    """One GDELT-like record from a `store.streams.counted_event_rows` row."""
    date, granularity = row["date"], row["date_granularity"]
    day = first_day(date)
    exact = day if granularity == "day" else None
    cameo = str(row["cameo"]) if row["cameo"] is not None else None
    place = row["place_name"]
    source, target = _code(row, "source"), _code(row, "target")
    return {
        "GLOBALEVENTID": row["id"],
        "SQLDATE": exact.strftime("%Y%m%d") if exact else None,
        "MonthYear": day.strftime("%Y%m") if day and granularity in ("day", "month") else None,
        "Year": day.year if day else None,
        "FractionDate": _fraction(exact) if exact else None,
        "Actor1Code": source, "Actor1Name": _name(row, "source"),
        "Actor1CountryCode": _country(source), "Actor1Type1Code": _sector(source),
        "Actor2Code": target, "Actor2Name": _name(row, "target"),
        "Actor2CountryCode": _country(target), "Actor2Type1Code": _sector(target),
        "IsRootEvent": 1 if row["evidence_sentence"] == 0 else 0,
        "EventCode": cameo,
        "EventBaseCode": cameo[:3] if cameo else None,
        "EventRootCode": cameo[:2] if cameo else None,
        "QuadClass": row["quad_class"], "GoldsteinScale": row["goldstein"],
        "NumMentions": row["rows"], "NumSources": row["outlets"],
        "NumArticles": row["documents"], "AvgTone": None,
        # GDELT geo types: 1 country, 4 city/landmark; a named place here is at least a town.
        "ActionGeo_Type": None if place is None else (1 if row["place_lat"] is None else 4),
        "ActionGeo_FullName": place, "ActionGeo_CountryCode": row["place_country"],
        "ActionGeo_Lat": row["place_lat"], "ActionGeo_Long": row["place_lon"],
        "DATEADDED": (row["published"] or "").replace("-", "") or None,
        "SOURCEURL": row["url"],
        "PLOVER": row["plover"], "Status": row["status"],
        "EventDate": date, "DateGranularity": granularity, "ActId": row.get("act_id"),
    }


def polecat_row(row: dict[str, Any]) -> dict[str, Any]:
    """One POLECAT-like record from a `store.streams.event_rows` row."""
    return {
        "Event ID": row["id"], "Event Date": row["date"], "Event Type": row["plover"],
        "Event Mode": row["mode"], "Event Intensity": row["goldstein"],
        "Quad Code": row["quad_class"],
        "CAMEO": str(row["cameo"]) if row["cameo"] is not None else None,
        "Status": row["status"],
        "Actor Name": row["source_text"], "Actor Code": row["source_code"],
        "Actor Country": _country(row["source_code"]), "Actor Sector": _sector(row["source_code"]),
        "Recipient Name": row["target_text"], "Recipient Code": row["target_code"],
        "Recipient Country": _country(row["target_code"]),
        "Recipient Sector": _sector(row["target_code"]),
        "Placename": row["place_name"], "Country": row["place_country"],
        "Latitude": row["place_lat"], "Longitude": row["place_lon"],
        "Source": row["outlet"], "Publication Date": row["published"],
        "Story ID": row["document_id"], "Language": row["language"],
        "Evidence": row["evidence_text"],
    }


def in_range(date: str | None, since: dt.date | None, until: dt.date | None) -> bool:
    """Whether a stored date's first day lies in [since, until] (open ends allowed)."""
    if since is None and until is None:
        return True
    day = first_day(date)
    if day is None:
        return False
    return (since is None or day >= since) and (until is None or day <= until)


def act_records(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """One acts-table record per act from `store.streams.act_rows` (one row per act and
    event, grouped as they stream). `Evidence` lists each sentence as
    `document@start-end: text`, one per line."""
    current: dict[str, Any] | None = None
    for row in rows:
        if current is None or current["ActId"] != row["id"]:
            if current is not None:
                yield current
            current = {
                "ActId": row["id"], "IncidentId": row["incident_id"], "Family": row["family"],
                "PLOVER": row["plover"], "CAMEO": row["cameo"], "QuadClass": row["quad_class"],
                "GoldsteinScale": row["goldstein"], "SourceCode": row["source_code"],
                "SourceName": row["source_name"], "TargetCode": row["target_code"],
                "TargetName": row["target_name"], "Date": row["date"], "Place": row["place"],
                "NumArticles": row["reports"], "NumMentions": row["mentions"],
                "NumSources": len(json.loads(row["outlets"] or "[]")),
                "Outlets": " ".join(json.loads(row["outlets"] or "[]")),
                "FirstReport": row["first_report"], "LastReport": row["last_report"],
                "Evidence": "",
            }
        line = (f"{row['document_id']}@{row['evidence_start']}-{row['evidence_end']}: "
                f"{' '.join((row['evidence_text'] or '').split())}")
        current["Evidence"] = f"{current['Evidence']}\n{line}" if current["Evidence"] else line
    if current is not None:
        yield current
