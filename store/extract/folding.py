"""The text as a reader sees it, for reading numbers, with a map back to the text as stored.

Invisible characters change what the rules read without changing what a reader sees: a
zero-width space inside "128" would give two figures, 1 and 28, and a right-to-left override
around "821" shows "128". Extraction reads the folded text and maps every offset back, so a
citation is still exactly `text[start:end]` of the text as stored.

Written by hand: Unicode normalisation (NFKC) folds digits but also rewrites what must stay
(superscripts: km² would read km2; ½ would become 1⁄2) and keeps no offsets; the bidi
algorithm's libraries reorder whole lines for display and keep no offsets either.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Zero-width characters: space, non-joiner, joiner, word joiner, byte-order mark.
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# Bidi controls: marks (LRM, RLM, ALM), embeddings and overrides (LRE, RLE, PDF, LRO, RLO),
# isolates (LRI, RLI, FSI, PDI).
_BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_RLO, _PDF = "\u202e", "\u202c"
# Spaces that group digits in print ("128 000"): no-break, figure, thin, narrow no-break.
_GROUP_SPACES = "\u00a0\u2007\u2009\u202f"
_DROPPED = frozenset(_ZERO_WIDTH + _BIDI)

# Anything folding would change: ordinary text has none, and is read as it is.
_NEEDS_FOLDING = re.compile(rf"[{_ZERO_WIDTH}{_BIDI}{_GROUP_SPACES}\uff01-\uff5e]|(?![0-9])\d")
# A group space between a digit and a group of exactly three digits.
_GROUP_SPACE = re.compile(rf"(?<=\d)[{_GROUP_SPACES}](?=\d{{3}}(?!\d))")
# A right-to-left override's span: to its closing PDF, or to the end of the line.
_OVERRIDE = re.compile(rf"{_RLO}[^{_PDF}\n]*")


@dataclass(frozen=True, slots=True)
class Folded:
    """Text for reading, and for each of its characters the offset it came from."""

    text: str
    origin: tuple[int, ...] | None  # None: the text as stored, unchanged
    stored_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the stored text that text[start:end] was read from."""
        if self.origin is None:
            return start, end
        if end <= start:
            at = self.origin[start] if start < len(self.origin) else self.stored_length
            return at, at
        # min/max rather than the ends: an override's span is read in reverse.
        taken = self.origin[start:end]
        return min(taken), max(taken) + 1


def fold(text: str) -> Folded:
    """`text` as a reader sees its numbers: decimal digits of any script and fullwidth forms
    as ASCII, zero-width and bidi controls dropped, a right-to-left override's span in the
    order it is shown, and no-break and thin spaces between digit groups dropped
    ("128 000" is 128000; "12 people" keeps its space)."""
    if not _NEEDS_FOLDING.search(text):
        return Folded(text, None, len(text))
    order = list(range(len(text)))
    for m in _OVERRIDE.finditer(text):
        order[m.start() : m.end()] = reversed(order[m.start() : m.end()])
    kept = [i for i in order if text[i] not in _DROPPED]
    read = "".join(_folded_char(text[i]) for i in kept)
    # Group spaces are found once the controls are gone: "128\u00a0\u200b000" is one number.
    grouped = {m.start() for m in _GROUP_SPACE.finditer(read)}
    if grouped:
        read = "".join(c for k, c in enumerate(read) if k not in grouped)
        kept = [i for k, i in enumerate(kept) if k not in grouped]
    return Folded(read, tuple(kept), len(text))


def _folded_char(char: str) -> str:
    if char.isascii():
        return char
    if "\uff01" <= char <= "\uff5e":  # fullwidth ASCII forms
        return chr(ord(char) - 0xFEE0)
    if char.isdecimal():
        return str(unicodedata.decimal(char))
    return char
