"""Plain-text rendering of answers, for terminals and as the chat platforms' fallback text."""

from __future__ import annotations

from bot import messages
from bot.render.chat_pages import lead_lines
from store.answer import Answer, AnswerFigure, CategorySummary, Citation, Conflict
from store.explain import FigureExplanation
from store.factstore import StoreOverview
from store.outlets import without_credentials


def format_number(value: float | None) -> str:
    if value is None:
        return "?"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def summary_line(summary: CategorySummary, category: str) -> str:
    """One category's summary; `category` is the name as the platform marks it up."""
    return messages.SUMMARY_LINE.format(
        category=category,
        value=format_number(summary.value),
        low=format_number(summary.low),
        high=format_number(summary.high),
        sources=summary.sources,
    )


def figure_headline(f: AnswerFigure) -> str:
    """ "at least 128 civilians — killed, by Islamic State (Syrian Observatory for Human Rights)"."""
    amount = f.text
    counts = f" {f.counts}" if f.counts and f.counts not in f.text else ""
    what = f.category
    if f.perpetrator:
        what += f" by {f.perpetrator}"
    if f.place:
        what += f", {f.place}"
    if f.period:
        what += f" ({f.period})"
    said = f.source or "no source named"
    return f"{amount}{counts} — {what} · {said}"


def citation_line(
    outlet: str | None, published: str | None, document: str, url: str | None = None
) -> str:
    """ "VOA · 2017-10-23 · doc-id · https://…": the web address when the article has one."""
    parts = [outlet or messages.UNKNOWN_OUTLET, published or messages.UNDATED, document]
    shown = without_credentials(url) if url else None
    if shown:
        parts.append(shown)
    return " · ".join(parts)


def quote_line(c: Citation) -> str:
    """The quoted sentence, marked when it is the headline's."""
    mark = messages.HEADLINE_QUOTE if c.part == "title" else ""
    return f"{mark}“{c.quote}”"


def render_conflict(c: Conflict) -> str:
    where = f" in {c.place}" if c.place else ""
    head = messages.CONFLICT_HEADER.format(category=c.category, where=where)
    rows = [
        f"  {format_number(e.value) if e.value is not None else e.text} — {e.source or 'no source named'}"
        f" ({e.published.isoformat() if e.published else 'undated'}, {len(e.documents)} article(s))"
        for e in c.figures
    ]
    return "\n".join([head, *rows])


def render_answer(answer: Answer, limit: int | None = None) -> str:
    """A readable answer: each figure, who said it, outlet and date, and the quote."""
    if not answer.figures and not answer.events:
        lines = [answer.note or messages.NO_FIGURES.format(query=answer.query)]
        if answer.suggestions:
            lines.append(messages.DID_YOU_MEAN.format(names=", ".join(answer.suggestions)))
        return "\n".join(lines)
    shown = answer.figures if limit is None else answer.figures[:limit]
    # Event lines lead when the store found events (what a reporter would quote); the
    # per-category summary leads otherwise.
    events, hint = lead_lines(answer)
    lines = [*events, *([hint] if hint else [])]
    if not lines:
        lines = [summary_line(s, s.category) for s in answer.summary]
    # Then the disagreements, then the evidence: what differs is read before the quotes.
    for conflict in answer.conflicts:
        lines.extend(["", render_conflict(conflict)])
    if lines:
        lines.append("")
    for i, f in enumerate(shown, start=1):
        lines.append(f"{i}. {figure_headline(f)}")
        for c in f.citations:
            lines.append(
                "   "
                + citation_line(
                    c.outlet, c.published.isoformat() if c.published else None, c.document, c.url
                )
            )
            lines.append(f"     {quote_line(c)}")
    if limit is not None and len(answer.figures) > limit:
        lines.append(messages.AND_MORE.format(count=len(answer.figures) - limit))
    return "\n".join(lines)


def render_explanation(document: str, figures: list[FigureExplanation]) -> str:
    """`factdesk explain`: each figure, its stage and rule, the words that decided it, its sentence."""
    lines = [messages.EXPLAIN_DOCUMENT.format(document=document, count=len(figures))]
    for i, f in enumerate(figures, start=1):
        lines.append(
            messages.EXPLAIN_FIGURE.format(
                number=i, text=f.text, category=f.category, stage=f.stage, rule=f.rule
            )
        )
        if f.cue:
            lines.append(messages.EXPLAIN_CUE.format(cue=f.cue))
        lines.append(messages.EXPLAIN_QUOTE.format(part=f.part, quote=" ".join(f.quote.split())))
    return "\n".join(lines)


def render_overview(overview: StoreOverview, url: str) -> str:
    """What the store holds; `url` is how the store is named (the CLI shows its URL, chat a
    label)."""
    lines = [
        messages.SOURCES_HEADER.format(
            documents=overview.documents, figures=overview.figures, url=url
        )
    ]
    if overview.outlets:
        lines.append(
            "Outlets: " + ", ".join(f"{o.outlet} ({o.documents})" for o in overview.outlets)
        )
    if overview.sources:
        lines.append("Sources: " + ", ".join(f"{s} ({n} figures)" for s, n in overview.sources))
    if overview.places:
        lines.append("Places: " + ", ".join(f"{p} ({n})" for p, n in overview.places))
    return "\n".join(lines)
