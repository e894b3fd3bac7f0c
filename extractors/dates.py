"""Dates and times as printed in programmes (English, French, Spanish).

Times:
    parse_time("9h30") → "09:30"; parse_time("2.00 pm") → "14:00"; parse_time("noon") → "12:00"
    find_time_range("14.10-15.00 -- Title", anchored=True) → TimeMatch(start="14:10", end="15:00", ...)
    to_24h(["09:00", "12:00", "01:30"]) → ["09:00", "12:00", "13:30"]  (a day's 12-hour times)

Dates:
    find_dates("Tuesday 20 March 2018") → [DateMatch(iso="2018-03-20", ...)]
    find_dates("25-26 January 2016") → two matches (role "start" and "end")
    parse_date_range("25 and 26 January", default_year=2016) → ("2016-01-25", "2016-01-26")

Names of months and weekdays are data (`MONTHS`, `WEEKDAYS`). English month names must be
capitalised ("May", "MAY", not "may"), French and Spanish ones may be lower case. A year
alone ("2014"), numbers such as "Session 2" or "93/1" are never dates; a day without a
month ("jeudi 23") is returned with `iso=None` unless `default_month` is given.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Optional, Sequence

# --- names as data ------------------------------------------------------------------------

# month name → month number; English-only names are in ENGLISH_MONTHS (must be capitalised).
ENGLISH_MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
FRENCH_MONTHS: dict[str, int] = {
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "mars": 3, "avril": 4,
    "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9,
    "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12, "déc": 12,
}
SPANISH_MONTHS: dict[str, int] = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "ene": 1, "abr": 4, "ago": 8, "dic": 12,
}
MONTHS: dict[str, int] = {**ENGLISH_MONTHS, **FRENCH_MONTHS, **SPANISH_MONTHS}
# Names that may appear in lower case (French and Spanish write months in lower case).
LOWERCASE_OK = frozenset(FRENCH_MONTHS) | frozenset(SPANISH_MONTHS)

# weekday name → 0 (Monday) … 6 (Sunday)
WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3, "viernes": 4,
    "sábado": 5, "sabado": 5, "domingo": 6,
}

# Words joining two days of one range: "25-26", "25 and 26", "25 au 26", "25 y 26", "25 al 26".
DAY_RANGE_WORDS = ("-", "–", "—", "to", "and", "&", "au", "et", "y", "al", "a")
# Words between two times of one range.
TIME_RANGE_WORDS = ("-", "--", "---", "–", "—", "−", "~", "to", "till", "until", "à", "a", "au", "al", "hasta", "bis")
# Time zones and suffixes allowed after a time or time range (kept inside the match's span).
TIME_SUFFIXES = (
    "UTC", "GMT", "CEST", "CET", "BST", "EEST", "EET", "WEST", "WET", "EST", "EDT", "CST", "CDT",
    "MST", "MDT", "PST", "PDT", "AEST", "AEDT", "JST", "IST", "SAST", "WAT", "EAT", "ET", "CT",
    "MT", "PT", "hrs", "hr", "h", "Uhr", "horas", "hs",
)
NOON_WORDS = {"noon": "12:00", "midday": "12:00", "midi": "12:00", "mediodía": "12:00", "mediodia": "12:00",
              "midnight": "00:00", "minuit": "00:00", "medianoche": "00:00"}

# --- times --------------------------------------------------------------------------------


def _alternation(words: Sequence[str]) -> str:
    """A regex alternation of `words`, longest first."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_TIME_TOKEN = re.compile(
    r"(?<![\w.:/])(?:"
    r"(?P<word>" + _alternation(list(NOON_WORDS)) + r")\b"
    r"|(?P<h>\d{1,2})"
    r"(?:[ ]?(?P<sep>[:.])[ ]?(?P<m>\d{2})"
    r"|[ ]?(?P<hsep>[hH])(?:[ ]?(?P<hm>\d{2}))?(?![^\W\d_])"
    r"|-(?P<dm>\d{2})(?=\s*[aApP]\.?\s?[mM]\b))?"
    r"(?:\s*(?P<ampm>[aApP])\.?\s?[mM]\b\.?)?"
    r"(?:\s*(?P<noon>noon)\b)?"
    r")(?!\d)(?![.:]\d)",
    re.IGNORECASE,
)
_TIME_RANGE_SEP = re.compile(r"\s*(?:" + _alternation(TIME_RANGE_WORDS) + r")\s*", re.IGNORECASE)
_TIME_SUFFIX = re.compile(r"\s*\(?(?:" + _alternation(TIME_SUFFIXES) + r")(?:\s?[+\-−]\s?\d{1,2}(?::?\d{2})?)?\)?(?![\w])")
_NUMERIC_DATE_MASK = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|(?<![\d.:])\d{1,2}([/.\-])\d{1,2}\1\d{2,4}(?![\d.:])")
# A bare hour before a range separator and a time with am/pm: "10 - 11 am", "9-10 am".
_BARE_HOUR_BEFORE = re.compile(r"(?<![\w.:/])(\d{1,2})" + r"\s*(?:-|–|—|to)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class _Time:
    """One time token: minutes since midnight, its am/pm mark, and its span."""

    minutes: int
    meridiem: Optional[str]  # "am" | "pm" | None
    start: int
    end: int
    hour_text: int  # the hour as printed (before am/pm)


@dataclass(frozen=True)
class TimeMatch:
    """A time or time range found in a string: "HH:MM" strings and the (start, end) span."""

    start: str
    end: Optional[str]
    span: tuple[int, int]
    meridiem: Optional[str] = None  # "am"/"pm" when printed (on either time)
    timezone: Optional[str] = None


def _fmt(minutes: int) -> str:
    """'HH:MM' for minutes since midnight."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _apply_meridiem(hour: int, meridiem: Optional[str]) -> Optional[int]:
    """24-hour hour for a printed hour and am/pm (None when impossible, e.g. '13 pm')."""
    if meridiem is None:
        return hour if 0 <= hour <= 23 else None
    if not 1 <= hour <= 12:
        return None
    if meridiem == "am":
        return 0 if hour == 12 else hour
    return 12 if hour == 12 else hour + 12


def _token_time(match: re.Match[str]) -> Optional[_Time]:
    """Validate a `_TIME_TOKEN` match → `_Time`, or None for bare numbers and impossible times."""
    if match.group("word"):
        value = NOON_WORDS[match.group("word").lower()]
        return _Time(int(value[:2]) * 60, None, match.start(), match.end(), int(value[:2]))
    hour = int(match.group("h"))
    minute_text = match.group("m") or match.group("hm") or match.group("dm")
    meridiem = match.group("ampm").lower() + "m" if match.group("ampm") else None
    if match.group("noon"):
        if hour != 12 or minute_text or meridiem:
            return None
        return _Time(12 * 60, None, match.start(), match.end(), 12)
    has_separator = bool(match.group("sep") or match.group("hsep") or match.group("dm"))
    if not has_separator and not meridiem:
        return None  # a bare number is not a time
    if match.group("dm"):
        # "4-45 pm" is 4:45 pm, but "9-10 am" is a range of hours.
        if not (minute_text.startswith("0") or int(minute_text) > 12):
            return None
    minute = int(minute_text) if minute_text else 0
    if minute > 59:
        return None
    hour24 = _apply_meridiem(hour, meridiem)
    if hour24 is None:
        return None
    return _Time(hour24 * 60 + minute, meridiem, match.start(), match.end(), hour)


def _mask_numeric_dates(s: str) -> str:
    """Replace numeric dates (2018-03-20, 20/03/2018) with spaces so they are not read as times."""
    return _NUMERIC_DATE_MASK.sub(lambda m: " " * len(m.group(0)), s)


def _time_tokens(s: str) -> list[_Time]:
    """All valid time tokens in `s`, in order."""
    masked = _mask_numeric_dates(s)
    tokens = []
    pos = 0
    while True:
        match = _TIME_TOKEN.search(masked, pos)
        if match is None:
            return tokens
        token = _token_time(match)
        if token is not None:
            tokens.append(token)
            pos = match.end()
        else:  # retry after the number: "9-10 am" is not 9:10 but holds "10 am"
            pos = match.end("h") if match.group("h") else match.end()


def parse_time(s: str) -> Optional[str]:
    """'HH:MM' for a string that is one time ("9:30", "09.30", "9h30", "2 pm", "4-45 pm", "noon"), else None."""
    text = s.strip()
    match = _TIME_TOKEN.fullmatch(text)
    if not match:
        suffix = _TIME_SUFFIX.search(text)
        if suffix and suffix.end() == len(text) and suffix.start() > 0:
            match = _TIME_TOKEN.fullmatch(text[: suffix.start()].strip())
    if not match:
        return None
    token = _token_time(match)
    return _fmt(token.minutes) if token else None


def _range_start(start: _Time, end: _Time) -> int:
    """Start minutes of a range whose end has am/pm and start has none ("10 - 11 am", "11 - 1 pm")."""
    if start.meridiem or not end.meridiem or not 1 <= start.hour_text <= 12:
        return start.minutes
    same = _apply_meridiem(start.hour_text, end.meridiem)
    if same is not None and same * 60 + start.minutes % 60 <= end.minutes:
        return same * 60 + start.minutes % 60
    return (_apply_meridiem(start.hour_text, "am") or 0) * 60 + start.minutes % 60


def find_time_range(s: str, anchored: bool = False) -> Optional[TimeMatch]:
    """The first time or time range in `s` (with `anchored`, only at its start, after spaces).

    Recognises "9.30–10.15", "09:30 - 10:15", "10:00 am - 12:00 pm ET", "4-45 pm --- 5-15 pm",
    "15:50 - 18:20 UTC", "9h40", "2.00". A time zone or "hrs" after the times is in the span.
    """
    tokens = _time_tokens(s)
    if not tokens:
        return None
    first = tokens[0]
    bare = _BARE_HOUR_BEFORE.search(s[: first.start]) if first.meridiem else None
    if bare and 1 <= int(bare.group(1)) <= 12:
        hour = int(bare.group(1))
        tokens = [_Time(hour * 60, None, bare.start(), bare.end(1), hour)] + tokens
        first = tokens[0]
    if anchored and s[: first.start].strip():
        return None
    end: Optional[_Time] = None
    if len(tokens) > 1 and _TIME_RANGE_SEP.fullmatch(s[first.end : tokens[1].start]):
        end = tokens[1]
    last_end = end.end if end else first.end
    timezone = None
    suffix = _TIME_SUFFIX.match(s, last_end)
    if suffix:
        timezone = suffix.group(0).strip(" ()") or None
        last_end = suffix.end()
    start_minutes = _range_start(first, end) if end else first.minutes
    meridiem = first.meridiem or (end.meridiem if end else None)
    return TimeMatch(
        start=_fmt(start_minutes), end=_fmt(end.minutes) if end else None, span=(first.start, last_end),
        meridiem=meridiem, timezone=timezone,
    )


def find_time_ranges(s: str) -> list[TimeMatch]:
    """Every time or time range in `s`, in order, not overlapping."""
    found: list[TimeMatch] = []
    pos = 0
    while pos < len(s):
        match = find_time_range(s[pos:])
        if match is None:
            break
        found.append(TimeMatch(match.start, match.end, (match.span[0] + pos, match.span[1] + pos), match.meridiem, match.timezone))
        pos += max(match.span[1], 1)
    return found


def to_24h(times: Sequence[Optional[str]]) -> list[Optional[str]]:
    """A day's times printed on a 12-hour clock without am/pm → 24-hour times.

    A time that goes backwards after noon gets 12 hours added when that makes the sequence
    increase again: 9.00, 10.30, 12.00, 1.30, 2.00 → 09:00, 10:30, 12:00, 13:30, 14:00.
    `None` entries are kept and skipped.
    """
    out: list[Optional[str]] = []
    previous: Optional[int] = None
    for value in times:
        if value is None:
            out.append(None)
            continue
        hours, minutes = int(value[:2]), int(value[3:5])
        total = hours * 60 + minutes
        if previous is not None and total < previous and 1 <= hours <= 11 and previous >= 12 * 60 - 60:
            if total + 12 * 60 >= previous:
                total += 12 * 60
        out.append(_fmt(total))
        previous = total
    return out


# --- dates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateMatch:
    """A date found in a string. `iso` is None when the year (or month) is unknown."""

    iso: Optional[str]
    span: tuple[int, int]
    year: Optional[int] = None
    month: Optional[int] = None
    day: Optional[int] = None
    weekday: Optional[int] = None  # 0 = Monday
    role: str = "single"  # "single" | "start" | "end" (the two ends of a printed range)


_MONTH_NAMES = _alternation(list(MONTHS))
_WEEKDAY_NAMES = _alternation(list(WEEKDAYS))
_ORDINAL = r"(?:st|nd|rd|th|er|ère|e|º|°|o)?"
_DAY_SEP = r"\s*(?:" + _alternation(DAY_RANGE_WORDS) + r")\s*"
_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"

_ISO_DATE = re.compile(r"(?<![\d/.-])(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\d-])")
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(?P<a>\d{1,2})(?P<s>[/.\-])(?P<b>\d{1,2})(?P=s)(?P<year>(?:19|20)?\d{2})(?![\d/.-])")
_DAY_MONTH = re.compile(
    r"(?<![\w])(?:(?P<weekday>" + _WEEKDAY_NAMES + r")\.?,?\s+(?:the\s+)?)?"
    r"(?P<day>\d{1,2})" + _ORDINAL +
    r"(?:" + _DAY_SEP + r"(?:(?P<weekday2>" + _WEEKDAY_NAMES + r")\.?,?\s+)?(?P<day2>\d{1,2})" + _ORDINAL + r")?"
    r"\s+(?:de\s+|of\s+)?(?P<month>" + _MONTH_NAMES + r")(?![^\W\d_])\.?"
    r"(?:,?\s+(?:de\s+|del\s+)?" + _YEAR + r")?",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    r"(?<![\w])(?:(?P<weekday>" + _WEEKDAY_NAMES + r")\.?,?\s+)?"
    r"(?P<month>" + _MONTH_NAMES + r")(?![^\W\d_])\.?\s+(?P<day>\d{1,2})" + _ORDINAL + r"(?!\d)"
    r"(?:" + _DAY_SEP + r"(?P<day2>\d{1,2})" + _ORDINAL + r"(?!\d))?"
    r"(?:,?\s+" + _YEAR + r")?(?![:.]\d)",
    re.IGNORECASE,
)
_WEEKDAY_DAY = re.compile(
    r"(?<![\w])(?P<weekday>" + _WEEKDAY_NAMES + r")\.?,?\s+(?:the\s+)?(?P<day>\d{1,2})" + _ORDINAL + r"(?![\d:.h])(?![^\W\d_])",
    re.IGNORECASE,
)
# A second date of a range printed in full after a first one without its year: "30 September – 2 October 2020".
_RANGE_BETWEEN = re.compile(r"^\s*(?:-|–|—|to|au|al|a|until|till|through|hasta|jusqu'au)\s*$", re.IGNORECASE)


def _month_ok(name: str) -> bool:
    """English month names must be capitalised (so that the verb 'may' is not a month)."""
    return name[:1].isupper() or name.lower() in LOWERCASE_OK


def _year_of(text: Optional[str], default_year: Optional[int]) -> Optional[int]:
    """A 4-digit year, a 2-digit one (→ 20xx), or the default."""
    if not text:
        return default_year
    year = int(text)
    return 2000 + year if year < 100 else year


def _make(year: Optional[int], month: Optional[int], day: int, span: tuple[int, int], weekday: Optional[int], role: str = "single") -> Optional[DateMatch]:
    """A `DateMatch`, or None when the day cannot exist (31 April, 30 February)."""
    if month is not None and not 1 <= month <= 12:
        return None
    if not 1 <= day <= 31:
        return None
    iso = None
    if year is not None and month is not None:
        try:
            iso = _dt.date(year, month, day).isoformat()
        except ValueError:
            return None
    elif month is not None:
        try:
            _dt.date(2000, month, day)  # a leap year: 29 February is possible
        except ValueError:
            return None
    return DateMatch(iso, span, year, month, day, weekday, role)


def _weekday(name: Optional[str]) -> Optional[int]:
    """0 (Monday) … 6 for a weekday name, None when absent."""
    return WEEKDAYS.get(name.lower().rstrip(".")) if name else None


def _iso_dates(s: str) -> list[DateMatch]:
    """2018-03-20."""
    found = []
    for m in _ISO_DATE.finditer(s):
        date = _make(int(m.group("year")), int(m.group("month")), int(m.group("day")), m.span(), None)
        if date:
            found.append(date)
    return found


def _numeric_dates(s: str, dayfirst: bool) -> list[DateMatch]:
    """dd/mm/yyyy (or mm/dd/yyyy when the day must come second, or `dayfirst=False`)."""
    found = []
    for m in _NUMERIC_DATE.finditer(s):
        a, b = int(m.group("a")), int(m.group("b"))
        if m.group("s") == "." and len(m.group("year")) == 2:
            continue  # "1.30.45" is not a date
        day, month = (a, b) if dayfirst else (b, a)
        if month > 12 and day <= 12:
            day, month = month, day
        date = _make(_year_of(m.group("year"), None), month, day, m.span(), None)
        if date:
            found.append(date)
    return found


# Words before a number that make it a counter, not a day ("Day 1 – Tuesday 24 March").
COUNTER_WORDS = frozenset({
    "session", "sesión", "sesion", "séance", "seance", "room", "salle",
    "sala", "part", "partie", "track", "panel", "no", "n°", "nº", "#", "item", "point", "page", "week",
    "semaine", "semana", "module", "lab", "workshop", "atelier", "taller",
})
# "Día 25 de enero" is a date, but "Day 1 – Tuesday 24 March" is not a range 1-24 March.
WEAK_COUNTER_WORDS = frozenset({"day", "jour", "día", "dia"})
_WORD_BEFORE = re.compile(r"([#\w°º]+)\.?\s*$")


def _after_counter_word(s: str, pos: int, words: frozenset[str] = COUNTER_WORDS) -> bool:
    """True when the number at `pos` follows a counter word such as "Session" or "Room"."""
    match = _WORD_BEFORE.search(s[max(0, pos - 20) : pos])
    return bool(match and match.group(1).lower() in words)


def _named_dates(s: str, pattern: re.Pattern[str], default_year: Optional[int]) -> list[DateMatch]:
    """Dates with a month name (day-month or month-day order), ranges giving two matches."""
    found = []
    pos = 0
    while True:
        m = pattern.search(s, pos)
        if m is None:
            break
        pos = m.end()
        if not m.group("weekday") and pattern is _DAY_MONTH and (
            _after_counter_word(s, m.start("day"))
            or (m.group("day2") and _after_counter_word(s, m.start("day"), WEAK_COUNTER_WORDS))
        ):
            pos = m.end("day")
            continue
        month_name = m.group("month")
        if not _month_ok(month_name):
            continue
        month = MONTHS[month_name.lower().rstrip(".")]
        year = _year_of(m.group("year"), default_year)
        weekday = _weekday(m.group("weekday"))
        day2 = m.groupdict().get("day2")
        if day2:
            first = _make(year, month, int(m.group("day")), m.span(), weekday, "start")
            second = _make(year, month, int(day2), m.span(), _weekday(m.groupdict().get("weekday2")), "end")
            if first and second and first.day < second.day:
                found.extend([first, second])
                continue
        date = _make(year, month, int(m.group("day")), m.span(), weekday)
        if date:
            found.append(date)
    return found


def _weekday_days(s: str, default_year: Optional[int], default_month: Optional[int]) -> list[DateMatch]:
    """'jeudi 23', 'Tuesday 24th' without a month: iso only with a default month and year."""
    found = []
    for m in _WEEKDAY_DAY.finditer(s):
        date = _make(default_year if default_month else None, default_month, int(m.group("day")), m.span(), _weekday(m.group("weekday")))
        if date:
            found.append(date)
    return found


def _borrow_years(s: str, dates: list[DateMatch]) -> list[DateMatch]:
    """'30 September – 2 October 2020': the first date of a printed range takes the second's year."""
    out = list(dates)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        if first.year is None and second.year is not None and first.month and _RANGE_BETWEEN.match(s[first.span[1] : second.span[0]]):
            fixed = _make(second.year, first.month, first.day or 1, first.span, first.weekday, "start")
            if fixed:
                out[i] = fixed
                out[i + 1] = DateMatch(second.iso, second.span, second.year, second.month, second.day, second.weekday, "end")
    return out


def find_dates(s: str, default_year: Optional[int] = None, *, default_month: Optional[int] = None, dayfirst: bool = True) -> list[DateMatch]:
    """All dates in `s`, in order of position (see the module docstring for the forms read)."""
    candidates: list[list[DateMatch]] = [
        _iso_dates(s),
        _numeric_dates(s, dayfirst),
        _named_dates(s, _DAY_MONTH, default_year),
        _named_dates(s, _MONTH_DAY, default_year),
        _weekday_days(s, default_year, default_month),
    ]
    taken: list[tuple[int, int]] = []
    chosen: list[DateMatch] = []
    for group in candidates:  # earlier groups win overlaps
        accepted_spans = []
        for date in group:
            if any(date.span[0] < end and start < date.span[1] for start, end in taken):
                continue
            chosen.append(date)
            accepted_spans.append(date.span)
        taken.extend(accepted_spans)
    chosen.sort(key=lambda d: (d.span[0], d.role != "start"))
    return _borrow_years(s, chosen)


def parse_date_range(s: str, default_year: Optional[int] = None) -> tuple[Optional[str], Optional[str]]:
    """(start, end) ISO dates printed in `s`; end is None for a single day; (None, None) when none."""
    dates = [d.iso for d in find_dates(s, default_year) if d.iso]
    if not dates:
        return None, None
    start, end = min(dates), max(dates)
    return start, (end if end != start else None)


_WEEKDAY_WORD = re.compile(r"(?<![\w])(?:" + _WEEKDAY_NAMES + r")(?![^\W\d_])\.?", re.IGNORECASE)
_SCHEDULE_FILLER = re.compile(r"^[\s,.;:()\[\]/|–—\-]*(?:(?:at|from|on|le|el|am|um|à|a|de)\b[\s,.;:()\[\]/|–—\-]*)*$", re.IGNORECASE)


def is_schedule(s: str) -> bool:
    """True when `s` says only when something happens: weekdays, dates, times and the small
    words and punctuation between them ("Thursday, 4:15pm.", "Fri 12 May, 9:00-10:30")."""
    spans = [t.span for t in find_time_ranges(s)] + [d.span for d in find_dates(s)]
    spans += [m.span() for m in _WEEKDAY_WORD.finditer(s)]
    if not spans:
        return False
    rest, pos = [], 0
    for start, end in sorted(spans):
        rest.append(s[pos:start] if start > pos else "")
        pos = max(pos, end)
    rest.append(s[pos:])
    return all(_SCHEDULE_FILLER.match(piece) for piece in rest)
