"""Answering a question: understand → retrieve → filter → rank → group → Answer."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from store import disagreement
from store.answer import (
    Answer,
    AnswerEvent,
    AnswerFigure,
    CategorySummary,
    Citation,
    answer_figure,
    most_common,
)
from store.events.gazetteer import gazetteer
from store.events.lead import build_event
from store.extract.lexicon import DEAD_NOUNS
from store.extract.tally import TALLY_SALIENCE
from store.figure import STORED_FIELDS
from store.names import normalise
from store.question import Question, parse_question
from store.vocabulary import PlaceMatch, Vocabulary

# Categories a question asks for also take figures whose counted noun says the same thing:
# "death toll" finds "75 bodies were identified".
_DEAD_CATEGORIES = frozenset({"killed", "bodies"})
# Figures considered per question: for a place, its own articles' first, then the most
# prominent (each article's tallied toll before passing mentions). More than a chat answer can
# show, and it bounds a question's work on a large store: at 100k ingested articles the median
# question took 3.5 ms with 100, 5.5 ms with 200 and 7.3 ms with 300 (docs/benchmark.md); the
# scored answers were the same or better at 100.
MAX_CANDIDATES = 100
# With a date the question is bounded by its day's events: every article they admit is read,
# so no cap drops the asked event (a busy day in a large archive has some hundreds).
MAX_DATED_CANDIDATES = 20000
EVENT_SLACK = dt.timedelta(days=1)
NARROW_WINDOW = dt.timedelta(days=31)
# How long after the asked day an event no article dates may first be reported and still be
# a candidate for it (ranked after the events whose own dates meet the asked day).
UNDATED_REPORTS = dt.timedelta(days=14)
OVERVIEW_ABOVE = 3  # a place with more events than this gets one line per event
# An overview always holds the place's newest events, whatever the ranking's cap kept.
OVERVIEW_NEWEST = 10
DETAILED_EVENTS = 10  # events shown with every casualty figure, not only those asked for
CONTEXT_FIGURES = 200  # at most, read as those events' context


@dataclass(frozen=True, slots=True)
class Understood:
    """A question with its names resolved against the store."""

    question: Question
    places: tuple[PlaceMatch, ...]
    unknown_place: str | None
    sources: frozenset[str]
    perpetrators: frozenset[str]
    topic_terms: tuple[str, ...]


# Candidates are read as plain rows, not ORM objects: building 1,000 (Figure, Sentence,
# Document) identities and their instrumented attributes was most of a broad question's time.
@dataclass(slots=True, eq=False)
class _Doc:
    id: str
    title: str | None
    outlet: str | None
    published: dt.date | None
    url: str | None
    main_place: str | None
    event_id: int | None


@dataclass(slots=True, eq=False)
class _Sent:
    id: int
    start: int
    end: int
    text: str
    part: str = "body"


@dataclass(slots=True, eq=False)
class _Fig:
    """A stored figure: what it says (the statement's fields, in `Statement`'s order; its
    source the source's name), its row id, where it starts in its sentence's part, its
    source's row and its salience. A mutable record of its own, not a frozen `Statement`: one
    is built per candidate row, and a frozen one costs five times as much (see store.figure)."""

    value: float | None
    low: float | None
    high: float | None
    text: str
    qualifier: str | None
    unit: str | None
    counts: str | None
    category: str
    perpetrator: str | None
    place: str | None
    period: str | None
    source: str | None
    id: int
    start: int
    source_id: int | None
    salience: float


@dataclass(slots=True, eq=False)  # compared by identity: field equality is slow and wrong here
class _Hit:
    figure: _Fig
    sentence: _Sent
    document: _Doc
    score: float


def understand(question: Question, vocab: Vocabulary) -> Understood:
    """Resolve place, source and perpetrator phrases; what is left are topic words."""
    used: set[str] = set()
    sources: set[str] = set()
    perpetrators: set[str] = set()
    places: list[PlaceMatch] = []
    unknown_place = None

    if question.perpetrator_phrase:
        perpetrators |= vocab.resolve_perpetrator(question.perpetrator_phrase)
        used |= {w.lower() for w in re.findall(r"[\w'’-]+", question.perpetrator_phrase)}
    if question.source_phrase:
        found, named = vocab.resolve_source_phrase(question.source_phrase)
        if found:
            sources |= found
            used |= {w.lower() for w in re.findall(r"[\w'’-]+", named)}

    for phrase in question.place_phrases:
        parts = [p.strip() for p in phrase.split(",") if p.strip()]
        matched = False
        for part in parts:
            words = {w.lower() for w in re.findall(r"[\w'’-]+", part)}
            if words <= used:
                continue
            match = vocab.resolve_place(part, strict=False)
            if match is not None:
                places.append(match)
                matched = True
                used |= words
            elif part[:1].isupper() and part is parts[0]:
                unknown_place = part
        if matched:
            unknown_place = None if len(places) else unknown_place

    terms = [t for t in question.terms if t.lower() not in used]
    topic: list[str] = []
    i = 0
    while i < len(terms):
        # Try two-word names first ("Deir ez-Zor", "civil war" is not a name).
        word = terms[i]
        pair = f"{word} {terms[i + 1]}" if i + 1 < len(terms) else None
        if pair and word[:1].isupper() and terms[i + 1][:1].isupper():
            found_src = vocab.resolve_source(pair)
            if found_src:
                sources |= found_src
                i += 2
                continue
            match = vocab.resolve_place(pair, strict=True)
            if match is not None and not any(p.norms & match.norms for p in places):
                places.append(match)
                i += 2
                continue
        found_src = vocab.resolve_source(word) if (len(word) > 3 or word.isupper()) else set()
        perp = vocab.perpetrators.resolve(word) if (len(word) > 3 or word.isupper()) else set()
        if found_src:
            sources |= found_src
        elif perp:
            pass  # a perpetrator named without "by" ranks nothing and filters nothing
        else:
            match = (
                vocab.resolve_place(word, strict=True)
                if word[:1].isupper() or len(word) > 5
                else None
            )
            if match is not None:
                if not any(p.norms & match.norms for p in places):
                    places.append(match)
            else:
                topic.append(word)
        i += 1
    if not places:
        # "casualties al karyatayn": the words after the category, as one place, fuzzily.
        for phrase in question.place_candidates:
            words = {w.lower() for w in phrase.split()}
            if words <= {t.lower() for t in topic}:
                match = vocab.resolve_place(phrase, strict=False)
                if match is not None:
                    places.append(match)
                    topic = [t for t in topic if t.lower() not in words]
    return Understood(
        question=question,
        places=tuple(places),
        unknown_place=unknown_place,
        sources=frozenset(sources),
        perpetrators=frozenset(perpetrators),
        topic_terms=tuple(topic),
    )


def _fetch(session: Session, sql: str, params: Sequence[object]) -> list[Any]:
    """Rows straight from the driver's cursor, in the session's transaction.

    SQLAlchemy's result wraps every row in Python (~0.5 us a row); a common place's articles
    are ~30,000 rows at 100k, read on every question about it.
    """
    dbapi = session.connection().connection.dbapi_connection
    assert dbapi is not None
    cursor = dbapi.cursor()
    try:
        cursor.execute(sql, tuple(params))
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _mark(session: Session) -> str:
    """The driver's positional placeholder (sqlite3: qmark; psycopg: format)."""
    return "?" if session.get_bind().dialect.name == "sqlite" else "%s"


def fts_sentence_ids(session: Session, terms: Iterable[str], limit: int = 20000) -> set[int]:
    """Sentences matching any of `terms` by full-text search (each term quoted: user text is
    never FTS syntax)."""
    words = [w for t in terms for w in re.findall(r"\w+", t) if len(w) > 1]
    if not words:
        return set()
    # Up to `limit` ids a question: read from the driver's cursor (see `_fetch`).
    if _mark(session) == "?":
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        sql = "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? LIMIT ?"
        rows = _fetch(session, sql, (match, limit))
    else:
        query = " | ".join(re.sub(r"[^\w]", "", w) for w in words)
        sql = "SELECT id FROM sentences WHERE tsv @@ to_tsquery('english', %s) LIMIT %s"
        rows = _fetch(session, sql, (query, limit))
    return {int(r[0]) for r in rows}


def _category_matches(figure: _Fig, categories: frozenset[str]) -> float:
    if not categories:
        return 1.0
    if figure.category in categories:
        return 2.0
    if categories & _DEAD_CATEGORIES and (figure.counts or "") in DEAD_NOUNS:
        return 1.0
    return 0.0


def _place_ok(
    hit: _Hit,
    places: tuple[PlaceMatch, ...],
    doc_ids_by_place: list[set[str]],
    regional: bool,
    norms: dict[str, str],
) -> float:
    """0 when the figure is about another place; more when it names the asked place itself.

    `norms` memoises `normalise` over one question's candidates, which name few places."""
    if not places:
        return 1.0
    primary = places[0]
    explicit = None
    if hit.figure.place:
        explicit = norms.get(hit.figure.place)
        if explicit is None:
            explicit = norms[hit.figure.place] = normalise(hit.figure.place)
    if explicit:
        if explicit in primary.norms:
            return 2.0
        if any(explicit in p.norms for p in places[1:]) and hit.document.id in doc_ids_by_place[0]:
            return 1.5
        if regional and hit.document.id in doc_ids_by_place[0]:
            return 0.5  # a county or neighbourhood inside the asked city's story
        return 0.0
    if hit.document.id in doc_ids_by_place[0]:
        return 1.0
    if regional:
        # "Homestead, Florida": local news may name only the area ("Florida City", "Miami-Dade"),
        # so an article in the named state still answers, below those naming the city.
        return 0.3 if hit.document.id in doc_ids_by_place[1] else 0.0
    return 0.0


def _document_ids(session: Session, norms: frozenset[str]) -> set[str]:
    """The articles naming any of `norms` (read from the (norm, document_id) index alone)."""
    params: list[object] = []
    sql = "SELECT document_id FROM document_names WHERE " + _in(
        "norm", sorted(norms), _mark(session), params
    )
    return {doc for (doc,) in _fetch(session, sql, params)}


_FROM = (
    "FROM figures JOIN sentences ON figures.sentence_id = sentences.id "
    "JOIN documents ON figures.document_id = documents.id"
)
# The figure's id, what it says (`STORED_FIELDS`, in `_Fig`'s order), the rest of `_Fig`,
# then its sentence and article: `_candidates` and `_hits` read the rows by position.
_COLUMNS = (
    "figures.id, "
    + "".join(f"figures.{name}, " for name in STORED_FIELDS)
    + "figures.start, figures.source_id, figures.salience, "
    'sentences.id, sentences.start, sentences."end", sentences.text, '
    "documents.id, documents.title, documents.outlet, documents.published, documents.url, "
    "documents.main_place, sentences.part, documents.event_id"
)


def _in(column: str, values: Sequence[object], mark: str, params: list[object]) -> str:
    """`column IN (...)` with one placeholder per value, appending the values to `params`."""
    if not values:
        # Matches nothing; on SQLite written as the ORM wrote it (same statement, same plan).
        return f"{column} IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1)" if mark == "?" else "1 != 1"
    params.extend(values)
    return f"{column} IN ({', '.join([mark] * len(values))})"


def _candidates(
    session: Session,
    source_names: dict[int, str],
    cats: frozenset[str],
    place_docs: set[str] | None,
    place_names: list[str],
    source_ids: list[int] | None,
    first_docs: set[str] | None = None,
    limit: int = MAX_CANDIDATES,
) -> list[_Hit]:
    """Up to MAX_CANDIDATES figures that may answer, with their sentence and article.

    The SQL is written out here rather than built by the ORM: a common place name is mentioned
    by tens of thousands of articles at 100k, and SQLAlchemy spent ~5 µs naming each bound value
    of that IN list (0.15 s a question), then more building an ORM object per column set.
    Candidates come in an explicit order (prominence, and for a "City, State" question the
    city's articles first), so which figures pass the cap never depends on the query plan.
    """
    mark = _mark(session)
    params: list[object] = []
    where: list[str] = []
    if cats:
        condition = _in("figures.category", sorted(cats), mark, params)
        if cats & _DEAD_CATEGORIES:
            dead = _in("figures.counts", sorted(DEAD_NOUNS), mark, params)
            condition = f"({condition} OR {dead})"
        where.append(condition)
    if place_docs is not None:
        # Sorted: SQLite builds a temporary index of an IN list, and fills it twice as fast
        # from sorted values (26,000 ids at 100k: 19 ms against 45 ms unsorted).
        docs = _in("figures.document_id", sorted(place_docs), mark, params)
        names = _in("figures.place", place_names, mark, params)
        where.append(f"({docs} OR {names})")
    if source_ids is not None:
        where.append(_in("figures.source_id", source_ids, mark, params))
    # Two steps: pick the ids past the cap from figures alone, then load those rows with their
    # sentences and articles. Ordering a common place's ~60,000 matching figures costs little
    # when each row is an id and a salience, and much when it carries its sentence's text.
    sql = "SELECT figures.id FROM figures"
    if where:
        sql += " \nWHERE " + " AND ".join(where)
    if place_docs is not None:
        # Past the cap keep the asked place's own articles, then the widening region's (a
        # state's many articles must not crowd out the city's), each most prominent first.
        order = ["figures.salience DESC", "figures.id DESC"]
        if first_docs is not None and first_docs != place_docs:
            first = _in("figures.document_id", sorted(first_docs), mark, params)
            order.insert(0, f"CASE WHEN {first} THEN 0 ELSE 1 END")
        sql += " ORDER BY " + ", ".join(order)
    elif source_ids is None:
        # A broad question: past the cap keep what articles lead with, walking the salience
        # index. (With a source the matches are few, and that filter's index is the fast path;
        # ordering by salience there would scan every figure.)
        sql += " ORDER BY figures.salience DESC, figures.id DESC"
    sql += f"\n LIMIT {mark}"
    params.append(limit)
    ids = [row[0] for row in _fetch(session, sql, params)]
    if not ids:
        return []
    load: list[object] = []
    chosen = _in("figures.id", ids, mark, load)
    by_id = {r[0]: r for r in _fetch(session, f"SELECT {_COLUMNS} \n{_FROM} WHERE {chosen}", load)}
    rows = [by_id[i] for i in ids if i in by_id]

    return _hits(rows, source_names)


def _hits(rows: Sequence[Any], source_names: dict[int, str]) -> list[_Hit]:
    """Candidate rows (see `_COLUMNS`) as hits, sharing one object per article and sentence;
    `source_names` names the sources by row id (`Vocabulary.source_rows`)."""
    docs_by_id: dict[str, _Doc] = {}
    sentences: dict[int, _Sent] = {}
    out: list[_Hit] = []
    for r in rows:
        doc = docs_by_id.get(r[19])
        if doc is None:
            published = r[22]
            if isinstance(published, str):  # SQLite keeps dates as ISO text
                published = dt.date.fromisoformat(published)
            doc = docs_by_id[r[19]] = _Doc(r[19], r[20], r[21], published, r[23], r[24], r[26])
        sentence = sentences.get(r[15])
        if sentence is None:
            sentence = sentences[r[15]] = _Sent(r[15], r[16], r[17], r[18], r[25])
        source_id = r[13]
        source = source_names.get(source_id) if source_id else None
        # in `_Fig`'s order: the statement's columns (`STORED_FIELDS`), then its own
        fig = _Fig(
            r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11],
            source, r[0], r[12], source_id, r[14],
        )  # fmt: skip
        out.append(_Hit(fig, sentence, doc, 0.0))
    return out


def answer_question(session: Session, vocab: Vocabulary, raw: str) -> Answer:
    """The full answer to `raw`: every matching figure, grouped and ranked."""
    from store.errors import QuestionError
    from store.notes import (
        NO_EVENTS_ON,
        NO_EVENTS_ON_ANYWHERE,
        NO_FIGURES,
        NO_QUESTION,
        UNKNOWN_PLACE,
    )

    try:
        question = parse_question(raw)
    except QuestionError:
        return Answer(query=raw[:500], note=NO_QUESTION)
    # "bodies were identified": the noun says what is counted, the verb what happened.
    cats = question.categories
    if "bodies" in cats and len(cats - {"bodies", "killed"}) >= 1 and "killed" not in cats:
        cats = cats - {"bodies"}
    understood = understand(question, vocab)
    if understood.unknown_place and not understood.places:
        nearest = vocab.nearest_places(understood.unknown_place)
        return Answer(
            query=question.text,
            note=UNKNOWN_PLACE.format(place=understood.unknown_place),
            suggestions=tuple(nearest),
        )

    if not understood.places and not understood.unknown_place:
        elsewhere = _place_the_store_lacks(question, understood)
        if elsewhere is not None:
            return Answer(
                query=question.text,
                note=UNKNOWN_PLACE.format(place=elsewhere),
                suggestions=tuple(vocab.nearest_places(elsewhere)),
            )
    # "City, State" asks about a city within a region: the region widens retrieval.
    regional = len(understood.places) >= 2 and any("," in p for p in question.place_phrases)
    # Ranking looks at the articles of the first place, and of the region after it: a later
    # place's articles are never used, and a common name has tens of thousands of them.
    doc_ids_by_place = [
        _document_ids(session, p.norms) for p in understood.places[: 2 if regional else 1]
    ]
    place_docs: set[str] | None = None
    place_names: list[str] = []
    if understood.places:
        place_docs = doc_ids_by_place[0] | (doc_ids_by_place[1] if regional else set())
        place_names = sorted({vocab.place_names.get(n, n) for n in understood.places[0].norms})
    source_ids: list[int] | None = None
    if understood.sources:
        source_ids = [
            sid for sid, names in vocab.source_canonical.items() if names & understood.sources
        ]
    window: tuple[dt.date, dt.date] | None = None
    dated_docs: set[str] | None = None
    if question.dates is not None:
        newest = None if question.dates.start is not None else _newest(session)
        window = question.dates.resolve(newest)
    if window is not None:
        dated_docs = _dated_documents(session, window, understood, doc_ids_by_place)
        if not dated_docs:
            where = understood.places[0].phrase if understood.places else None
            return Answer(
                query=question.text,
                note=(NO_EVENTS_ON if where else NO_EVENTS_ON_ANYWHERE).format(
                    date=question.dates.phrase if question.dates else "", place=where
                ),
                suggestions=tuple(_nearest_dates(session, window, understood)),
            )
        place_docs = dated_docs
        place_names = []  # the date bounds the articles: none is taken for its place alone
    topic_ids: set[int] = set()
    if understood.topic_terms:
        topic_ids = fts_sentence_ids(session, understood.topic_terms)
    candidates = _candidates(
        session,
        vocab.source_rows,
        cats,
        place_docs,
        place_names,
        source_ids,
        doc_ids_by_place[0] if understood.places and dated_docs is None else None,
        limit=MAX_DATED_CANDIDATES if _narrow(window) else MAX_CANDIDATES,
    )

    newest_docs: set[str] = set()
    if window is None and understood.places and not understood.sources:
        # A place with many events is answered with an overview, newest first: its newest
        # events are read whatever the prominence cap above kept.
        latest, newest_docs = _newest_events_candidates(session, vocab, cats, understood)
        seen_ids = {h.figure.id for h in candidates}
        candidates += [hit for hit in latest if hit.figure.id not in seen_ids]

    wanted_perpetrators = {normalise(p) for p in understood.perpetrators}
    place_norms: dict[str, str] = {}
    hits: list[_Hit] = []
    for hit in candidates:
        figure, sentence = hit.figure, hit.sentence
        cat_score = _category_matches(figure, cats)
        if cat_score == 0:
            continue
        place_score = _place_ok(hit, understood.places, doc_ids_by_place, regional, place_norms)
        if (dated_docs is not None and hit.document.id in dated_docs) or (
            hit.document.id in newest_docs
        ):
            # The article is about an event at the asked place (and date), through its town's
            # region perhaps, without naming the place itself.
            place_score = max(place_score, 1.0)
        if place_score == 0:
            continue
        if understood.perpetrators:
            perp = normalise(figure.perpetrator or "")
            if not perp or perp not in wanted_perpetrators:
                continue
        topic_score = 1.0 if sentence.id in topic_ids else 0.0
        noun_score = 0.5 if figure.counts and figure.counts in question.count_nouns else 0.0
        hit.score = cat_score + place_score + topic_score + noun_score + figure.salience * 0.5
        if figure.value is not None:
            hit.score += 0.5
        hits.append(hit)
    if understood.topic_terms and any(h.sentence.id in topic_ids for h in hits):
        # Words the question insists on ("dumped in a shaft") filter when they can.
        hits = [h for h in hits if h.sentence.id in topic_ids]

    # With nothing of the asked kind, events at the asked place and date still answer with
    # their casualty figures ("no one was killed; two were wounded").
    events, context = _events(session, hits, cats, window, vocab, dated_docs)
    if not hits and not events:
        note = NO_FIGURES
        suggestions: tuple[str, ...] = ()
        if understood.places:
            suggestions = tuple(vocab.nearest_places(understood.places[0].phrase))
        elif understood.topic_terms:
            suggestions = tuple(vocab.nearest_places(" ".join(understood.topic_terms)))
        return Answer(query=question.text, note=note, suggestions=suggestions)
    # The answer's own figures: each event's that match the question, asked event first (the
    # rest of an event's casualty figures are shown in its `figures` only).
    ranked = [f for e in events for f in e.figures if id(f) not in context]
    rivals = disagreement.rival_groups(ranked, one_place=bool(understood.places))
    overview = window is None and bool(understood.places) and _leads(events) > OVERVIEW_ABOVE
    if overview:
        events = sorted(events, key=lambda e: e.start or _NEVER, reverse=True)
    return Answer(
        query=question.text,
        figures=tuple(ranked),
        summary=_summary(events, ranked, rivals),
        conflicts=tuple(c for e in events for c in e.conflicts),
        events=tuple(events),
        overview=overview,
    )


_NEVER = dt.date(1, 1, 1)


def _place_the_store_lacks(question: Question, understood: Understood) -> str | None:
    """A word of the question that names a real place (a town, region or country by its own
    name) though no article names it: "death toll Aleppo" on a store about another town must
    say so, not answer with the whole store."""
    words = [w for w in understood.topic_terms if w[:1].isupper()]
    for phrase in (*question.place_candidates, *words):
        if not phrase[:1].isupper():
            continue
        place = gazetteer().resolve(phrase)
        if place is not None and normalise(place.name) == normalise(phrase):
            return phrase
    return None


def _narrow(window: tuple[dt.date, dt.date] | None) -> bool:
    """Whether the asked dates are few enough to read every article they admit: a day or a
    few weeks ("on 3 February", "last week"); "this year" is ranked and capped like a question
    with no date."""
    return window is not None and window[1] - window[0] <= NARROW_WINDOW


def _leads(events: Sequence[AnswerEvent]) -> int:
    return sum(1 for e in events if e.lead is not None)


def _summary(
    events: Sequence[AnswerEvent], ranked: list[AnswerFigure], rivals: list[list[AnswerFigure]]
) -> tuple[CategorySummary, ...]:
    """Per category, the first event's lead (best, with the low-high of its rival totals);
    categories no lead covers keep the spread of every figure."""
    out: list[CategorySummary] = []
    led: set[str] = set()
    for event in events[:1]:
        if event.lead is not None:
            figure = event.lead.figure
            out.append(
                CategorySummary(
                    category=figure.category,
                    value=figure.value,
                    low=event.lead.low,
                    high=event.lead.high,
                    sources=event.lead.outlets,
                )
            )
            led.add(figure.category)
    out.extend(s for s in disagreement.summary(ranked, rivals) if s.category not in led)
    return tuple(out)


def _newest(session: Session) -> dt.date | None:
    """The newest article's date: what "last week" in a question is read against."""
    rows = _fetch(session, "SELECT MAX(published) FROM documents", [])
    value = rows[0][0] if rows else None
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return value if isinstance(value, dt.date) else None


def _event_place_clause(understood: Understood, mark: str, params: list[object]) -> str:
    """Events at the asked place, or inside it: its own town, or a town of the asked region."""
    norms = sorted(understood.places[0].norms)
    return (
        "("
        + _in("place_norm", norms, mark, params)
        + " OR "
        + _in("region_norm", norms, mark, params)
        + ")"
    )


def _newest_events_candidates(
    session: Session, vocab: Vocabulary, cats: frozenset[str], understood: Understood
) -> tuple[list[_Hit], set[str]]:
    """Candidates from the asked place's newest events, and those events' articles, when it
    has more than an overview's threshold of them (none otherwise: a place of few events is
    answered by its ranking)."""
    mark = _mark(session)
    params: list[object] = []
    sql = (
        "SELECT id FROM events WHERE "
        + _event_place_clause(understood, mark, params)
        + f" ORDER BY start DESC, id DESC LIMIT {int(OVERVIEW_NEWEST)}"
    )
    event_ids = [row[0] for row in _fetch(session, sql, params)]
    if len(event_ids) <= OVERVIEW_ABOVE:
        return [], set()
    params = []
    sql = "SELECT id FROM documents WHERE " + _in("event_id", event_ids, mark, params)
    docs = {row[0] for row in _fetch(session, sql, params)}
    return _candidates(session, vocab.source_rows, cats, docs, [], None), docs


def _dated_documents(
    session: Session,
    window: tuple[dt.date, dt.date],
    understood: Understood,
    doc_ids_by_place: list[set[str]],
) -> set[str]:
    """The articles of the events that the asked dates (and place) admit, none left out.

    An event is admitted when its span, from its first day to its last report, meets the
    asked days give or take a day (a report dated the day after, a question about the day
    before). At the place: events at the place or in it, and events whose articles name it."""
    mark = _mark(session)
    lo, hi = window[0] - EVENT_SLACK, window[1] + EVENT_SLACK
    params: list[object] = [hi, lo, hi, hi + UNDATED_REPORTS]
    sql = (
        "SELECT documents.id, events.id, events.place_norm, events.region_norm FROM events "
        "JOIN documents ON documents.event_id = events.id "
        f'WHERE (events.start <= {mark} AND COALESCE(events.last_reported, events."end") >= {mark})'
        # an event no article dates, first reported in the days after the asked one
        f" OR (NOT events.dated AND events.start > {mark} AND events.start <= {mark})"
    )
    rows = _fetch(session, sql, params)
    if not understood.places:
        return {r[0] for r in rows}
    norms = understood.places[0].norms
    naming = doc_ids_by_place[0] if doc_ids_by_place else set()
    regions = understood.places[1].norms if len(understood.places) > 1 else None
    in_region = doc_ids_by_place[1] if len(doc_ids_by_place) > 1 else set()
    admitted: set[int] = set()
    elsewhere: dict[int, str] = {}
    for doc, event_id, place_norm, region_norm in rows:
        if place_norm in norms:
            # "Franklin, Indiana": not the Franklin of another state, unless its articles name
            # the asked state (the gazetteer placed a town it had to guess)
            if regions is None or not region_norm or region_norm in regions or doc in in_region:
                admitted.add(event_id)
            else:
                elsewhere[event_id] = region_norm
        elif region_norm in norms or doc in naming:
            admitted.add(event_id)
        elif regions is not None and region_norm in regions:
            # "Gaston, South Carolina": a story of that day in the state that places itself
            # by a suburb or a county, ranked after the ones naming the town.
            admitted.add(event_id)
    unsaid = _regions_unsaid(session, elsewhere.keys() - admitted, elsewhere, rows)
    admitted |= unsaid
    # An event is admitted whole: its other articles answer too, named place or not.
    return {doc for doc, event_id, _p, _r in rows if event_id in admitted}


def _regions_unsaid(
    session: Session, events: set[int], region_of: dict[int, str], rows: Sequence[Any]
) -> set[int]:
    """Those of `events` whose articles never name the region their town was placed in: the
    gazetteer's guess (the one town of that name it knows), not what the reports say, so
    a question about the town in another state still reaches them."""
    if not events:
        return set()
    docs = {doc: event_id for doc, event_id, _p, _r in rows if event_id in events}
    params: list[object] = []
    mark = _mark(session)
    sql = (
        "SELECT document_id, norm FROM document_names WHERE "
        + _in("document_id", sorted(docs), mark, params)
        + " AND "
        + _in("norm", sorted({region_of[e] for e in events}), mark, params)
    )
    said = {docs[doc] for doc, norm in _fetch(session, sql, params) if region_of[docs[doc]] == norm}
    return events - said


def _nearest_dates(
    session: Session, window: tuple[dt.date, dt.date], understood: Understood
) -> list[str]:
    """The dates nearest the asked ones on which the store has events (at the asked place)."""
    mark = _mark(session)
    params: list[object] = []
    sql = "SELECT DISTINCT start FROM events WHERE start IS NOT NULL"
    if understood.places:
        sql += " AND " + _event_place_clause(understood, mark, params)
    days = []
    for (start,) in _fetch(session, sql, params):
        day = dt.date.fromisoformat(start) if isinstance(start, str) else start
        if isinstance(day, dt.date):
            days.append(day)
    middle = window[0] + (window[1] - window[0]) / 2
    days.sort(key=lambda d: abs((d - middle).days))
    return [f"{d.day} {d:%B %Y}" for d in sorted(days[:3])]


_HARMS = frozenset({"killed", "injured", "bodies", "missing"})
# What an event's answer also shows of its articles: every count of people and things they
# give (who was arrested, how many shots), not durations, money or measures.
_CONTEXT = _HARMS | {"detained", "fled", "displaced", "identified", "count"}


def _events(
    session: Session,
    hits: list[_Hit],
    categories: frozenset[str],
    window: tuple[dt.date, dt.date] | None,
    vocab: Vocabulary,
    dated_docs: set[str] | None = None,
) -> tuple[list[AnswerEvent], set[int]]:
    """The hits gathered by event, each event's figures ranked and its lead chosen; the
    events best first (for dated questions those whose own span holds the date first).

    A question about harm also shows each event's other casualty figures (the injured beside
    the killed, a report the question's words did not reach): those are returned by identity
    in the second value, as context rather than answers."""
    by_event: dict[str, list[_Hit]] = defaultdict(list)
    for hit in hits:
        key = str(hit.document.event_id) if hit.document.event_id else f"doc:{hit.document.id}"
        by_event[key].append(hit)
    if dated_docs and categories & _HARMS:
        # Every event the date admits is shown, with its casualty figures, even where none
        # matched the question's words.
        params0: list[object] = []
        sql0 = "SELECT DISTINCT event_id FROM documents WHERE " + _in(
            "id", sorted(dated_docs), _mark(session), params0
        )
        for (event_id,) in _fetch(session, sql0, params0):
            if event_id is not None:
                by_event.setdefault(str(event_id), [])
    ids = [int(k) for k in by_event if not k.startswith("doc:")]
    meta: dict[str, tuple[str | None, dt.date | None, dt.date | None]] = {}
    # The days the event's articles give, shown in its title (the span above matches reports)
    stated: dict[str, tuple[dt.date, dt.date]] = {}
    extra: dict[str, list[_Hit]] = defaultdict(list)
    if ids:
        params: list[object] = []
        mark = _mark(session)
        sql = 'SELECT id, place, start, "end", stated_start, stated_end FROM events WHERE ' + _in(
            "id", ids, mark, params
        )
        for event_id, place, start, end, said_start, said_end in _fetch(session, sql, params):
            meta[str(event_id)] = (place, _as_date(start), _as_date(end))
            said = (_as_date(said_start), _as_date(said_end))
            if said[0] is not None and said[1] is not None:
                stated[str(event_id)] = (said[0], said[1])
        # Context for the leading events only: a broad answer reaches a hundred events, and
        # each one's casualty figures are read again for nothing past what a reader sees.
        order = sorted(
            by_event,
            key=lambda k: _event_rank(by_event[k], meta.get(k), window),
            reverse=True,
        )
        detailed = [int(k) for k in order[:DETAILED_EVENTS] if not k.startswith("doc:")]
        if categories & _HARMS and detailed:
            seen = {h.figure.id for h in hits}
            params = []
            sql = (
                f"SELECT {_COLUMNS} \n{_FROM} WHERE "
                + _in("documents.event_id", detailed, mark, params)
                + " AND "
                + _in("figures.category", sorted(_CONTEXT), mark, params)
                # the most prominent first, a bounded number: an event that drew hundreds of
                # reports shows its leading figures, not all of them, as context
                + f" ORDER BY figures.salience DESC, figures.id DESC LIMIT {int(CONTEXT_FIGURES)}"
            )
            for hit in _hits(_fetch(session, sql, params), vocab.source_rows):
                if hit.figure.id not in seen:
                    hit.score = hit.figure.salience * 0.5
                    extra[str(hit.document.event_id)].append(hit)
    context: set[int] = set()
    scored: list[tuple[tuple[float, ...], AnswerEvent]] = []
    for key, members in by_event.items():
        if not members and not extra.get(key):
            continue
        place, start, end = meta.get(key, (None, None, None))
        if key.startswith("doc:"):
            doc = members[0].document
            place, start, end = doc.main_place, doc.published, doc.published
        ranked = [f for f, _ in _group(members)]
        around = [f for f, _ in _group(extra[key])] if extra.get(key) else []
        context.update(id(f) for f in around)
        shown_start, shown_end = stated.get(key, (start, end))
        event = build_event(
            event_id=key,
            place=place,
            start=shown_start,
            end=shown_end,
            ranked=ranked,
            context=around,
            categories=categories,
        )
        scored.append((_event_rank(members, (place, start, end), window), event))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    return [event for _, event in scored], context


def _event_rank(
    members: list[_Hit],
    meta: tuple[str | None, dt.date | None, dt.date | None] | None,
    window: tuple[dt.date, dt.date] | None,
) -> tuple[float, float]:
    """Events whose own span holds the asked date first, then the best-matching, the more
    articles the better."""
    inside = 0.0
    if window is not None and meta is not None and meta[1] is not None and meta[2] is not None:
        inside = 1.0 if meta[1] <= window[1] and window[0] <= meta[2] else 0.0
    best = max((h.score for h in members), default=0.0)
    articles = len({h.document.id for h in members})
    return inside, best + 0.4 * min(max(articles - 1, 0), 10)


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value if isinstance(value, dt.date) else None


def _common_text(texts: list[str], quotes: list[str]) -> str | None:
    for candidate in sorted(set(texts), key=len):
        if all(candidate in q for q in quotes):
            return candidate
    return None


def _group(hits: list[_Hit]) -> list[tuple[AnswerFigure, float]]:
    """One entry per figure, with a citation for each article (and sentence) reporting it."""
    groups: dict[tuple[object, ...], list[_Hit]] = defaultdict(list)
    for hit in hits:
        f = hit.figure
        key = (f.category, f.value) if f.value is not None else (f.category, None, f.low, f.high)
        # A document's tallied count groups only with other tallies: merged with a passing
        # mention elsewhere, its high score would lift that mention above its own document's tally.
        groups[(*key, f.salience >= TALLY_SALIENCE)].append(hit)
    out: list[tuple[AnswerFigure, float]] = []
    tallied: set[int] = set()
    for group_key, members in groups.items():
        members.sort(
            key=lambda h: (-h.score, h.document.published or _FAR, h.document.id, h.figure.start)
        )
        # Split where no one surface text stands in every quote ("Two hundred" / "about 200").
        remaining = members
        while remaining:
            first = remaining[0]
            bare = re.sub(r"^\D*", "", first.figure.text)
            candidates = [first.figure.text] + ([bare] if bare else [])
            chosen: list[_Hit] = []
            text_used = first.figure.text
            for candidate in sorted(set(candidates), key=len):
                if candidate in first.sentence.text:
                    chosen = [h for h in remaining if candidate in h.sentence.text]
                    text_used = candidate
                    break
            if not chosen:
                chosen, text_used = [first], first.figure.text
            taken = {id(h) for h in chosen}
            remaining = [h for h in remaining if id(h) not in taken]
            out.append(_entry(chosen, text_used))
            if group_key[-1]:
                tallied.add(id(out[-1][0]))

    # A document's tallied count outranks passing mentions however many articles repeat them:
    # in a big city many stories say "a man was shot", and their corroboration bonus would
    # otherwise lift that phrase above the incident's own tally. Among tallies, the one most
    # articles give comes first.
    def rank(pair: tuple[AnswerFigure, float]) -> tuple[bool, int, float]:
        articles = len({c.document for c in pair[0].citations})
        return (id(pair[0]) not in tallied, -articles, -pair[1])

    out.sort(key=rank)
    return out


_FAR = __import__("datetime").date(9999, 1, 1)


def _entry(members: list[_Hit], text_used: str) -> tuple[AnswerFigure, float]:
    seen: set[tuple[str, str]] = set()
    citations: list[Citation] = []
    for h in members:
        key = (h.document.id, h.sentence.text)
        if key in seen:
            continue
        seen.add(key)
        citations.append(
            Citation(
                document=h.document.id,
                title=h.document.title,
                outlet=h.document.outlet,
                published=h.document.published,
                url=h.document.url,
                quote=h.sentence.text,
                start=h.sentence.start,
                end=h.sentence.end,
                part=h.sentence.part,
            )
        )
    best = members[0]
    f = best.figure
    docs = len({c.document for c in citations})
    score = max(h.score for h in members) + 0.4 * (docs - 1)
    # The best report's amount and category; of the words around it, those most reports give.
    return (
        answer_figure(
            f,
            tuple(citations),
            text=text_used,
            counts=most_common([h.figure.counts for h in members]),
            perpetrator=most_common([h.figure.perpetrator for h in members]),
            place=most_common([h.figure.place or h.document.main_place for h in members]),
            period=most_common([h.figure.period for h in members]),
            source=most_common(h.figure.source for h in members),
        ),
        score,
    )
