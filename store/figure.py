"""The one figure type: what a figure says, from extraction to answer, defined once here.

`Amount` is a number as an article writes it; `Statement` is an amount with a meaning: what it
counts, which harm, by whose hand, where, over what period, and who said it. Every record of a
figure is a `Statement` with what its stage adds:

- `store.extract.document.ExtractedFigure`: + offsets, sentence, salience, rule, cue, stage
- `store.answer.AnswerFigure`: + citations (every article reporting it)
- `store.query._Fig`: a candidate row being ranked, with the statement's fields first and
  its row id, offset, source id and salience: a mutable slots record, not a `Statement`,
  because a frozen one costs five times as much to build and a dated question reads up to
  20,000 rows (tests/test_figure.py holds its fields to the statement's)
- `store.explain.FigureExplanation`: + stage, rule, the deciding words, the quote
- `store.models.Figure`: the ORM row, which stores the statement's fields as columns of
  their own (the source as `source_id`); `row_values` and `from_row` convert

Each conversion is written once: `row_values` (a record to a row's columns, at ingest),
`from_row` (a row to a `Statement`, `FactStore.document_figures`; `store.query` reads its
candidates as plain rows, in `STORED_FIELDS` order), `store.answer.answer_figure` (any record
to an `AnswerFigure`: the query's groups, an event's merged claims, `extract --json`) and
`store.answer.figure_json` (an `AnswerFigure` to the contract's JSON).

A `store.extract.quantities.Quantity` is an `Amount`, not a `Statement`: a number before it
has a meaning (dates, ages and ids among them), which extraction reads before it knows what
the number counts; it shares the amount's fields and adds its offsets and kind.

The records extend these classes rather than holding one as a field: every stage reads and
replaces a figure's fields directly (`fig.value`, `dataclasses.replace(fig, value=...,
rule=...)` in the tally).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from store.models import Figure as FigureRow

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Amount:
    """A number as written: its value (None for a vague or open amount), the range it spans,
    its surface text, a qualifier ("at least") and a unit ("$", "km")."""

    value: float | None
    low: float | None
    high: float | None
    text: str
    qualifier: str | None
    unit: str | None


@dataclass(frozen=True, slots=True)
class Statement(Amount):
    """What a figure says: an amount, the noun it counts, its category ("killed",
    "injured", "count", ...), by whose hand, where, over what period, and its source (the
    words naming who said it at extraction; the canonical source name once resolved)."""

    counts: str | None
    category: str
    perpetrator: str | None
    place: str | None
    period: str | None
    source: str | None


class SaysFigure(Protocol):
    """Any record with a statement's fields, read-only: a `Statement`, or the query's
    candidate row (`store.query._Fig`), which is a mutable record of its own for speed."""

    @property
    def value(self) -> float | None: ...
    @property
    def low(self) -> float | None: ...
    @property
    def high(self) -> float | None: ...
    @property
    def text(self) -> str: ...
    @property
    def qualifier(self) -> str | None: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def counts(self) -> str | None: ...
    @property
    def category(self) -> str: ...
    @property
    def perpetrator(self) -> str | None: ...
    @property
    def place(self) -> str | None: ...
    @property
    def period(self) -> str | None: ...
    @property
    def source(self) -> str | None: ...


STATEMENT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Statement))
_SAID = attrgetter(*STATEMENT_FIELDS)
# The statement's fields that are columns of the figures table as they are (the source is
# stored as `source_id`, a row of its own table), in the order of `Statement`.
STORED_FIELDS: tuple[str, ...] = tuple(f for f in STATEMENT_FIELDS if f != "source")

# Column widths the figures table gives the statement's free-text fields (`models.Figure`):
# longer values are cut, and empty ones stored as NULL.
_WIDTHS = {"unit": 80, "counts": 120, "perpetrator": 200, "place": 200, "period": 120}


def statement_values(figure: SaysFigure) -> dict[str, Any]:
    """The statement's fields of any figure record, by name, in order (to build another
    record)."""
    return dict(zip(STATEMENT_FIELDS, _SAID(figure), strict=True))


def row_values(figure: Statement) -> dict[str, Any]:
    """The columns of a figures row that hold what `figure` says (all but its source, which
    is stored as `source_id`), each cut to its column's width."""
    values: dict[str, Any] = {name: getattr(figure, name) for name in STORED_FIELDS}
    for name, width in _WIDTHS.items():
        value = values[name]
        values[name] = (value or None) and value[:width]
    return values


def from_row(row: FigureRow, source: str | None) -> Statement:
    """What a stored figures row says, with its source's name (read from the sources table)."""
    return Statement(**{name: getattr(row, name) for name in STORED_FIELDS}, source=source)


def positional(cls: type[_T]) -> Callable[..., _T]:
    """A constructor of `cls`, a frozen slots dataclass, from every field's value in order,
    for a hot path (`store.query` builds one record per candidate row).

    A frozen dataclass's `__init__` sets each field through `object.__setattr__`, about seven
    times the cost of a mutable one's; this sets each slot through its own descriptor, about
    half the frozen cost (tests/test_figure.py holds it to the `__init__`'s result). It takes
    no defaults and runs no `__post_init__`: every value is given."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    env: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    for i, name in enumerate(names):
        owner = next(k for k in cls.__mro__ if name in vars(k))
        env[f"_set{i}"] = vars(owner)[name].__set__
    args = ", ".join(f"v{i}" for i in range(len(names)))
    body = "".join(f"    _set{i}(obj, v{i})\n" for i in range(len(names)))
    # Generated like the dataclass's own `__init__`: one call per slot, no loop.
    exec(f"def make({args}):\n    obj = _new(_cls)\n{body}    return obj\n", env)
    make: Callable[..., _T] = env["make"]
    return make
