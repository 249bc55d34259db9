"""Outlet, title and publication date read from an article's own text.

Saved pages and pasted articles often carry these only as page furniture: `date 2017-10-23`,
`October 24, 2017 at 4:01 pm`, `23:38 23.10.2017`, a byline `Sputnik/ Name`, `told VOA`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from store.names import curated_aliases, normalise
from store.outlets import outlet_from_tagline

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DATE_PATTERNS = [
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b"),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>(?:19|20)\d\d)\b"),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?P<year>(?:19|20)\d\d)\b"),
]
HEADER_CHARS = 600  # page furniture sits above the story


@dataclass(frozen=True, slots=True)
class TextMetadata:
    title: str | None
    outlet: str | None
    published: dt.date | None


def find_dates(text: str) -> list[tuple[int, dt.date]]:
    """Every full calendar date in `text`, with its offset."""
    out: list[tuple[int, dt.date]] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            parts = m.groupdict()
            month = int(parts["mnum"]) if parts.get("mnum") else _MONTHS[parts["month"].lower()]
            try:
                out.append((m.start(), dt.date(int(parts["year"]), month, int(parts["day"]))))
            except ValueError:
                continue
    return sorted(out)


def published_date(text: str) -> dt.date | None:
    """The publication date from the header: the earliest full date there.

    A header often shows several (published, updated, printed); the first publication is the
    earliest of them.
    """
    dates = find_dates(text[:HEADER_CHARS])
    return min(d for _, d in dates) if dates else None


@lru_cache(maxsize=1)
def _outlet_patterns() -> tuple[tuple[str, bool, str, re.Pattern[str], re.Pattern[str]], ...]:
    """Per outlet alias: its name as the patterns match it (a cheap substring gate: lowercase,
    or as written for the case-sensitive short names), whether that is case-sensitive, the
    canonical name, the attribution patterns and the bare-name pattern. Compiled once: ingest
    calls this per article."""
    out = []
    for entry in curated_aliases().entries("outlets"):
        if len(entry.norm) <= 3 and entry.name.upper() != entry.name:
            continue
        flags = 0 if len(entry.norm) <= 4 else re.IGNORECASE
        name = re.escape(entry.name)
        attributed = re.compile(
            rf"(?P<a>\btold\s+{name}\b)|(?P<b>\b{name}(?:'s|’s))|(?P<c>(?:^|\n)\s*{name}\s*/)"
            rf"|(?P<d>\b{name}\s+(?:reported|reports|has learned|understands)\b)",
            flags,
        )
        # Short names match in their own case only, so their gate must too: lowercase "ap" and
        # "rt" are in nearly every article ("happened", "part"), "AP" and "RT" seldom.
        exact = not flags
        needle = entry.name if exact else entry.name.lower()
        out.append((needle, exact, entry.canonical, attributed, re.compile(rf"\b{name}\b", flags)))
    return tuple(out)


def find_outlet(text: str) -> str | None:
    """The publisher, named in the text as a byline, a `told X` or an `X's reporter`."""
    header = text[:HEADER_CHARS]
    lower = text.lower()
    candidates: list[tuple[int, str]] = []
    for needle, exact, canonical, attributed, bare in _outlet_patterns():
        if needle not in (text if exact else lower):
            continue  # no pattern can match without the name itself
        # The earliest kind of attribution in pattern order wins, as each kind is tried in turn.
        found: dict[str, int] = {}
        for m in attributed.finditer(text):
            kind = m.lastgroup or ""
            found.setdefault(kind, m.start())
        if found:
            candidates.append((found[min(found)], canonical))
            continue
        in_header = bare.search(header)
        if in_header:
            candidates.append((in_header.start() + len(text), canonical))
    return min(candidates)[1] if candidates else None


_FURNITURE = re.compile(
    r"^(?:clear|menu|home|share|print|related posts?|read:.*|advertisement)$", re.I
)


def _headline_like(line: str) -> bool:
    words = line.split()
    return (
        3 <= len(words) <= 25
        and not line.endswith((".", ":", ",", '"', "”"))
        and not _FURNITURE.match(line)
        and not find_dates(line)
        and not re.search(r"\d\d:\d\d", line)
    )


def find_title(text: str) -> str | None:
    """A headline above the story: preferably the line just above the dateline.

    Only the lines before the first paragraph of prose are considered.
    """
    lines: list[str] = []
    for raw in text[:HEADER_CHARS].splitlines():
        line = raw.strip()
        if not line:
            continue
        if len(line.split()) > 25 or line.endswith("."):
            break
        lines.append(line)
    masthead = masthead_outlet(text)
    if masthead is not None:
        # The publisher's own name or slogan heads the page, not the story.
        lines = [line for line in lines if not _is_masthead(line, masthead)]
    for line, following in pairwise(lines):
        if _headline_like(line) and (find_dates(following) or re.search(r"\d\d:\d\d", following)):
            return line
    return next((line for line in lines if _headline_like(line)), None)


def _is_masthead(line: str, publisher: str) -> bool:
    return (
        _known_publisher(line) == publisher
        or outlet_from_tagline(line) == publisher
        or line.removeprefix("The ").strip() == publisher
    )


def _header_lines(text: str) -> list[str]:
    """The lines above the first paragraph of prose, page furniture left out."""
    lines: list[str] = []
    for raw in text[:HEADER_CHARS].splitlines():
        line = raw.strip()
        if not line or _FURNITURE.match(line):
            continue
        if len(line.split()) > 25 or line.endswith("."):
            break
        lines.append(line)
    return lines


# A publication's name ends in one of these ("The Riverside Herald", "Valley News").
_MASTHEAD_NOUN = re.compile(
    r"\b(?:News|Times|Post|Herald|Tribune|Journal|Gazette|Observer|Monitor|Chronicle|Daily|"
    r"Telegraph|Express|Press|Courier|Dispatch|Register|Bulletin|Sentinel|Observatory|Agency)$"
)
_MASTHEAD_WORD = re.compile(r"(?:The|of|for|and|[A-Z][\w&'’.-]*)")
MASTHEAD_LINES = 3  # a masthead stands among the first lines of the page


@lru_cache(maxsize=1)
def _publisher_names() -> dict[str, str]:
    """Normalised name -> canonical name of the known outlets and source organisations whose
    names are several capitalised words (a one-word name alone on a line is too often
    something else). Built once: ingest reads a masthead per article."""
    out: dict[str, str] = {}
    for kind in ("outlets", "sources"):
        for entry in curated_aliases().entries(kind):
            if entry.name[:1].isupper() and " " in entry.name:
                out.setdefault(entry.norm, entry.canonical)
    return out


def _known_publisher(line: str) -> str | None:
    """The canonical name of a known outlet or source organisation that `line` is, whole."""
    return _publisher_names().get(normalise(line))


def masthead_outlet(text: str) -> str | None:
    """The publisher named on a masthead line at the top of the page.

    A masthead is one of the first lines above the story, before the headline: a known
    outlet or organisation named alone on its line ("The Syrian Observatory For Human
    Rights"), a known outlet's slogan, or a short title-case name ending as publications' do
    ("The Riverside Herald") with a headline still below it. A headline that merely ends in
    such a word ("Storm Hits the Evening News") has no headline below it, so is not one."""
    lines = _header_lines(text)
    for i, line in enumerate(lines[:MASTHEAD_LINES]):
        known = _known_publisher(line) or outlet_from_tagline(line)
        if known:
            return known
        words = line.split()
        if (
            len(words) <= 5
            and all(_MASTHEAD_WORD.fullmatch(w) for w in words)
            and _MASTHEAD_NOUN.search(line)
            and any(_headline_like(rest) for rest in lines[i + 1 :])
        ):
            return line.removeprefix("The ").strip() if line.startswith("The ") else line
    return None


def read_metadata(text: str) -> TextMetadata:
    """Title, outlet and date found in the text (each None when not found)."""
    return TextMetadata(
        find_title(text), masthead_outlet(text) or find_outlet(text), published_date(text)
    )
