"""When an article's event happened, read from its own words against its publication date.

News dates its events relative to the day it appears: "on Saturday", "Monday night",
"yesterday", "on Feb. 3", "on October 1", "last week", "over 20 days". A pattern here finds such
a phrase in the article's lead; dateparser (the field's library) turns it into a date, with the
publication date as the base and past dates preferred. Only the lead is read: later paragraphs
tell of earlier events ("last year, a shooting on the same block ...").
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from functools import lru_cache

from store.events.when import asked_dates
from store.extract.quantities import parse_number

log = logging.getLogger(__name__)

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
# Each alternative is bounded (no nested repeats), so a hostile run of capitals or digits
# costs one pass.
DATE_PHRASE = re.compile(
    rf"\b(?:"
    rf"{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"  # Feb. 3, 2014 / October 24
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"  # 3 February 2014 / 1st of October
    rf"|(?:the\s+)?(?:first|second|third|\d{{1,2}}(?:st|nd|rd|th))\s+of\s+{_MONTH}(?:\s+{_YEAR})?"
    rf"|(?:early\s+|late\s+)?{_WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?"
    rf"|yesterday|last\s+night|this\s+(?:morning|afternoon|evening)|tonight|today"
    rf"|(?:over\s+the|this\s+past|last)\s+weekend"
    rf")\b",
    re.I,
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_RE = re.compile(rf"(?:early\s+|late\s+)?({_WEEKDAY})\b", re.I)
_HAS_YEAR = re.compile(rf"\b{_YEAR}\b")
_WEEKDAY_BEFORE_DATE = re.compile(rf",?[ \t]+(?:{_MONTH}[ \t]+{_DAY}|{_DAY}[ \t]+{_MONTH})\b")
_RELATIVE_DAYS = {
    "last night": 1,
    "yesterday": 1,
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
}
_ORDINAL_WORDS = {"first": "1", "second": "2", "third": "3"}
_SPAN = re.compile(
    # how long the event itself lasted; "in the past two weeks" counts other incidents, not this
    r"\b(?:over|during|for)\s+(?:a\s+period\s+of\s+)?"
    r"(?P<n>\d{1,2}|two|three|four|five|six|seven|ten|twenty)\s+(?P<unit>days|weeks)\b"
    r"|\b(?P<w>two|three|four)-week\s+period\b",
    re.I,
)
LEAD_SENTENCES = 4  # the headline and the first paragraphs tell when; later ones tell history
SPAN_SENTENCES = 12  # how long it lasted ("over 20 days") may come later in the story
MAX_BACK = dt.timedelta(days=60)  # an event older than this is history, not the article's news
# A report the text does not date appears the day of its event or a day or two after.
UNDATED_BEFORE = dt.timedelta(days=2)


@lru_cache(maxsize=4096)
def resolve(phrase: str, base: dt.date) -> dt.date | None:
    """`phrase` ("Saturday night", "Feb. 3") as a date on or before `base`; None if unreadable."""
    import dateparser  # type: ignore[import-untyped]  # imported on first use: it loads its language data

    weekday = _WEEKDAY_RE.match(phrase)
    if weekday:
        # The weekday on or before `base` (dateparser reads a Monday article's "Monday" as the
        # week before).
        back = (base.weekday() - _WEEKDAYS.index(weekday.group(1).lower())) % 7
        return base - dt.timedelta(days=back)
    text = re.sub(r"\b(?:early|late)\s+", "", phrase, flags=re.I)
    text = re.sub(r"\bof\s+", "", text)
    for word, digit in _ORDINAL_WORDS.items():
        text = re.sub(rf"\b(?:the\s+)?{word}\b", digit, text, flags=re.I)
    lowered = text.lower().strip()
    if lowered.endswith("weekend"):
        # the Saturday of the weekend on or before `base`
        return base - dt.timedelta(days=(base.weekday() - 5) % 7)
    if lowered in _RELATIVE_DAYS:
        return base - dt.timedelta(days=_RELATIVE_DAYS[lowered])
    stated = asked_dates(text)
    if stated is not None:
        # The forms news writes ("Feb. 3", "3 February 2014", "October 24, 2017") are read
        # here: dateparser takes some milliseconds a phrase, most of an article's reading.
        span = stated.resolve(base)
        if span is not None:
            return span[0]
    try:
        parsed = dateparser.parse(
            text,
            languages=["en"],
            settings={
                "RELATIVE_BASE": dt.datetime.combine(base, dt.time(12)),
                "PREFER_DATES_FROM": "past",
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
    except Exception:  # dateparser raises assorted errors on odd input; a date is optional
        log.debug("unreadable date phrase %r", phrase)
        return None
    if parsed is None:
        return None
    day: dt.date = parsed.date()
    if day > base:  # "October 24" in an article of 2 January is last October
        try:
            day = day.replace(year=day.year - 1)
        except ValueError:
            return None
    return day


def event_span(
    sentences: list[str], published: dt.date | None
) -> tuple[dt.date | None, dt.date | None, bool]:
    """(start, end, explicit) of the event an article reports, from its lead sentences.

    `explicit` says the text dated it; otherwise the span is the publication day (a report
    usually appears the day of its event or the day after)."""
    if published is None:
        # Undated: only dates the text gives with their year ("the first of October 2017").
        years = [
            day
            for sentence in sentences[:LEAD_SENTENCES]
            for m in DATE_PHRASE.finditer(sentence[:2000])
            if _HAS_YEAR.search(m.group(0))
            and (day := resolve(m.group(0), dt.date(9999, 12, 31))) is not None
        ]
        return (min(years), max(years), True) if years else (None, None, False)
    found: list[dt.date] = []
    days_back = 0
    for sentence in sentences[:LEAD_SENTENCES]:
        for m in DATE_PHRASE.finditer(sentence[:2000]):
            if _WEEKDAY_BEFORE_DATE.match(sentence, m.end()):
                continue  # "Wednesday, May 27": the date that follows says which Wednesday
            day = resolve(m.group(0), published)
            if day is not None and published - MAX_BACK <= day <= published:
                found.append(day)
    for sentence in sentences[:SPAN_SENTENCES]:
        for m in _SPAN.finditer(sentence[:2000]):
            if m.group("w"):
                days_back = max(days_back, 7 * int(parse_number(m.group("w")) or 0))
                continue
            n = m.group("n").lower()
            count = int(parse_number(n) or 0)
            days_back = max(days_back, count * (7 if m.group("unit").lower() == "weeks" else 1))
    # The publication day itself dates what was said more often than what happened ("police
    # said Monday" in a Monday paper): it leaves the event as undated as no date at all.
    found = [day for day in found if day != published]
    if not found:
        if days_back:
            return published - dt.timedelta(days=days_back), published, False
        # Undated by its text: the event was on the publication day or shortly before it.
        return published - UNDATED_BEFORE, published, False
    start, end = min(found), max(found)
    if days_back and days_back <= MAX_BACK.days:
        start = min(start, end - dt.timedelta(days=days_back))
    return start, end, True
