"""Dates and times as printed in programmes (en/fr/es), including false positives."""
from __future__ import annotations

import pytest

from extractors.dates import find_dates, find_time_range, find_time_ranges, parse_date_range, parse_time, to_24h


@pytest.mark.parametrize(
    "text, expected",
    [
        ("9:30", "09:30"),
        ("09.30", "09:30"),
        ("9h30", "09:30"),
        ("9h", "09:00"),
        ("14h10", "14:10"),
        ("9 h 30", "09:30"),
        ("2.00 pm", "14:00"),
        ("2 pm", "14:00"),
        ("10:00 am", "10:00"),
        ("10 a.m.", "10:00"),
        ("12:00 pm", "12:00"),
        ("12 am", "00:00"),
        ("4-45 pm", "16:45"),
        ("noon", "12:00"),
        ("12 noon", "12:00"),
        ("10:00 hrs", "10:00"),
        ("Session 2", None),
        ("93/1", None),
        ("2014", None),
        ("25:00", None),
        ("9:75", None),
        ("13 pm", None),
        ("9-10 am", None),
    ],
)
def test_parse_time(text: str, expected: str | None) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text, start, end, span_text",
    [
        ("9.30–10.15 Welcome", "09:30", "10:15", "9.30–10.15"),
        ("09:30 - 10:15 Talk", "09:30", "10:15", "09:30 - 10:15"),
        ("14.10-15.00 -- **Workshop introduction**", "14:10", "15:00", "14.10-15.00"),
        ("10:00 am - 12:00 pm ET", "10:00", "12:00", "10:00 am - 12:00 pm ET"),
        ("4-45 pm --- 5-15 pm", "16:45", "17:15", "4-45 pm --- 5-15 pm"),
        ("15:50 - 18:20 UTC, Tuesday 20 March 2018", "15:50", "18:20", "15:50 - 18:20 UTC"),
        ("9h40 NOM Prénom", "09:40", None, "9h40"),
        ("9h à 12h30", "09:00", "12:30", "9h à 12h30"),
        ("2.00 Presentations", "02:00", None, "2.00"),
        ("10 - 11 am", "10:00", "11:00", "10 - 11 am"),
        ("11 - 1 pm", "11:00", "13:00", "11 - 1 pm"),
        ("9-10 am coffee", "09:00", "10:00", "9-10 am"),
        ("08:00&-09:00", "08:00", None, "08:00"),
    ],
)
def test_find_time_range_anchored(text: str, start: str, end: str | None, span_text: str) -> None:
    match = find_time_range(text, anchored=True)
    assert match is not None
    assert (match.start, match.end) == (start, end)
    assert text[match.span[0] : match.span[1]] == span_text


@pytest.mark.parametrize(
    "text",
    ["Session 2 – 9:30", "Room 5", "2018-03-20", "20/03/2018 opening", "version 10.0.0.1", "93/1 report", "2014 review"],
)
def test_find_time_range_anchored_rejects(text: str) -> None:
    assert find_time_range(text, anchored=True) is None


def test_find_time_range_anywhere() -> None:
    match = find_time_range("Session – II : 2.30 pm - 4.30 pm")
    assert match is not None and (match.start, match.end) == ("14:30", "16:30")
    assert find_time_range("2018-03-20 and 93/1") is None
    found = find_time_ranges("9:00 Welcome, 9:30-10:00 Talk, noon Lunch")
    assert [(m.start, m.end) for m in found] == [("09:00", None), ("09:30", "10:00"), ("12:00", None)]


def test_to_24h() -> None:
    assert to_24h(["09:00", "10:30", "12:00", "01:30", "02:00"]) == ["09:00", "10:30", "12:00", "13:30", "14:00"]
    assert to_24h(["09:00", None, "11:00", "03:15"]) == ["09:00", None, "11:00", "15:15"]
    assert to_24h(["14:00", "15:00"]) == ["14:00", "15:00"]
    assert to_24h(["08:00", "09:00", "08:30"]) == ["08:00", "09:00", "08:30"]  # morning: left alone


@pytest.mark.parametrize(
    "text, default_year, isos",
    [
        ("Tuesday 20 March 2018", None, ["2018-03-20"]),
        ("20 March 2018", None, ["2018-03-20"]),
        ("March 20, 2018", None, ["2018-03-20"]),
        ("Thursday, September 2nd, 2021", None, ["2021-09-02"]),
        ("2018-03-20", None, ["2018-03-20"]),
        ("20/03/2018", None, ["2018-03-20"]),
        ("12/25/2020", None, ["2020-12-25"]),
        ("25-26 January 2016", None, ["2016-01-25", "2016-01-26"]),
        ("25 and 26 January", 2016, ["2016-01-25", "2016-01-26"]),
        ("11 mai 2026", None, ["2026-05-11"]),
        ("1er mai 2026", None, ["2026-05-01"]),
        ("lunes 25 de enero de 2016", None, ["2016-01-25"]),
        ("DIA 25 de Enero 2016", None, ["2016-01-25"]),
        ("Day 1 – Tuesday 24 March", 2026, ["2026-03-24"]),
        ("30 September – 2 October 2020", None, ["2020-09-30", "2020-10-02"]),
        ("Sept. 3rd, 2021", None, ["2021-09-03"]),
        ("Session 2", None, []),
        ("93/1", None, []),
        ("2014", None, []),
        ("March 2018", None, []),
        ("We may 5 things", 2020, []),
        ("Session 2 March 2018", None, []),
        ("31 April 2020", None, []),
        ("14.10-15.00", None, []),
    ],
)
def test_find_dates(text: str, default_year: int | None, isos: list[str]) -> None:
    assert [d.iso for d in find_dates(text, default_year)] == isos


def test_find_dates_without_year_or_month() -> None:
    (date,) = find_dates("jeudi 23")
    assert (date.iso, date.day, date.weekday, date.month) == (None, 23, 3, None)
    (date,) = find_dates("jeudi 23", 2013, default_month=5)
    assert date.iso == "2013-05-23"
    (date,) = find_dates("20 March")
    assert (date.iso, date.month, date.day) == (None, 3, 20)


def test_find_dates_spans_and_roles() -> None:
    text = "Meeting, 25-26 January 2016, Santiago"
    first, second = find_dates(text)
    assert text[first.span[0] : first.span[1]] == "25-26 January 2016"
    assert (first.role, second.role) == ("start", "end")


@pytest.mark.parametrize(
    "text, default_year, expected",
    [
        ("25-26 January 2016", None, ("2016-01-25", "2016-01-26")),
        ("25 and 26 January", 2016, ("2016-01-25", "2016-01-26")),
        ("Tuesday 20 March 2018", None, ("2018-03-20", None)),
        ("no date here", None, (None, None)),
    ],
)
def test_parse_date_range(text: str, default_year: int | None, expected: tuple) -> None:
    assert parse_date_range(text, default_year) == expected
