"""Placeholder quantity finder (digits and a few number words); replaced by the full normaliser."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORDS = {"two hundred": 200.0, "three": 3.0, "eight": 8.0, "six": 6.0, "ten thousand": 10000.0, "half a million": 500000.0, "dozens": None}
_NUM = re.compile(r"(?i)\b(?:(?P<q>at least|some|about|more than|only)\s+)?(?P<n>\d[\d,]*(?:\.\d+)?|two hundred|ten thousand|half a million|three|eight|six|dozens)\b(?:\s+(?P<u>days?|weeks?|months?|years?|hours?|kilometers|miles)\b)?")


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str | None
    unit: str | None
    kind: str

    @property
    def is_figure(self) -> bool:
        return self.kind not in {"date", "year", "time", "age", "phone", "address", "ordinal", "code"}


def parse_number(words: str) -> float | None:
    w = words.lower().replace(",", "")
    if w in _WORDS:
        return _WORDS[w]
    try:
        return float(w)
    except ValueError:
        return None


def find_quantities(text: str) -> list[Quantity]:
    out = []
    for m in _NUM.finditer(text):
        if m.start() > 0 and text[m.start() - 1].isalnum():
            continue
        value = parse_number(m.group("n"))
        q = (m.group("q") or "").lower() or None
        unit = m.group("u")
        kind = "duration" if unit and unit[0] in "dwmyh" else ("measure" if unit else "count")
        if value is None:
            kind = "vague"
        elif 1900 <= value <= 2100 and "," not in m.group("n") and not unit:
            kind = "year"
        low = value if q != "more than" else value
        high = None if q in ("at least", "more than") else value
        out.append(Quantity(m.start(), m.end(), m.group(0), value, low, high, q, unit, kind))
    return out
