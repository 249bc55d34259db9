"""The dates a question names: "on 16 April 2017", "October 24", "in 2016", "last week".

A date without a year, or relative to now, is read against the newest article the store holds:
an archive's "last week" is the week before its latest news, not before today.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name} | {
    name.lower(): i for i, name in enumerate(calendar.month_abbr) if name
}
_MONTH = r"(?P<m>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*)\.?"
_MONTH2 = _MONTH.replace("?P<m>", "?P<m2>")
_DAY = r"(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_DAY2 = _DAY.replace("?P<d>", "?P<d2>")
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_YEAR2 = _YEAR.replace("?P<y>", "?P<y2>")
_PATTERNS = [
    # 16 April 2017 / 16 April
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b", re.I),
    # April 16, 2017 / April 16
    re.compile(rf"\b{_MONTH2}\s+{_DAY2}(?:,?\s+{_YEAR2})?\b", re.I),
    # April 2017
    re.compile(rf"\b{_MONTH}\s+{_YEAR}\b", re.I),
    # in 2016 (a bare number could be a count: "2000 homes")
    re.compile(rf"\b(?:in|during)\s+{_YEAR}\b", re.I),
    re.compile(
        r"\b(?P<rel>yesterday|today|last\s+(?:week|month|year)|this\s+(?:week|month|year)"
        r"|past\s+(?:week|month))\b",
        re.I,
    ),
]
_RELATIVE_DAYS = {"yesterday": 1, "today": 0, "week": 7, "month": 31, "year": 366}


@dataclass(frozen=True, slots=True)
class AskedDates:
    """The dates a question asks about, and where it says so (to leave those words out of
    full-text search)."""

    phrase: str
    span: tuple[int, int]
    # Either fixed dates, or a month/day/relative phrase read against the newest article.
    start: dt.date | None
    end: dt.date | None
    month: int | None = None
    day: int | None = None
    relative: str | None = None

    def resolve(self, newest: dt.date | None) -> tuple[dt.date, dt.date] | None:
        """The (first, last) day asked about; `newest` is the store's latest article's date."""
        if self.start is not None and self.end is not None:
            return self.start, self.end
        base = newest or dt.date.today()
        if self.relative:
            words = self.relative.lower().split()
            days = _RELATIVE_DAYS[words[-1]]
            if words[0] == "yesterday":
                day = base - dt.timedelta(days=1)
                return day, day
            return base - dt.timedelta(days=days), base
        if self.month is not None and self.day is not None:
            try:
                day = dt.date(base.year, self.month, self.day)
            except ValueError:
                return None
            if day > base:  # "October 24" asked in January means last October
                day = day.replace(year=day.year - 1)
            return day, day
        return None


def asked_dates(text: str) -> AskedDates | None:
    """The first date phrase of a question, if any."""
    for pattern in _PATTERNS:
        m = pattern.search(text)
        if m is None:
            continue
        groups = {k: v for k, v in m.groupdict().items() if v}
        if "rel" in groups:
            return AskedDates(m.group(0), m.span(), None, None, relative=groups["rel"])
        month_word = (groups.get("m") or groups.get("m2") or "").lower().rstrip(".")
        month = _MONTHS.get(month_word) or _MONTHS.get(month_word[:3])
        year_text = groups.get("y") or groups.get("y2")
        year = int(year_text) if year_text else None
        day_text = groups.get("d") or groups.get("d2")
        try:
            if month and day_text and year:
                day = dt.date(year, month, int(day_text))
                return AskedDates(m.group(0), m.span(), day, day)
            if month and day_text:
                return AskedDates(m.group(0), m.span(), None, None, month=month, day=int(day_text))
            if month and year:
                last = calendar.monthrange(year, month)[1]
                return AskedDates(
                    m.group(0), m.span(), dt.date(year, month, 1), dt.date(year, month, last)
                )
            if year and not month_word:
                return AskedDates(m.group(0), m.span(), dt.date(year, 1, 1), dt.date(year, 12, 31))
        except ValueError:
            continue
    return None
