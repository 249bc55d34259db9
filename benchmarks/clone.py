"""Growing a store by copying its rows in SQL, for the sizes extraction cannot reach in time.

At 30-90 articles/s, 100k articles take 20-55 minutes to ingest on this 2-core machine; the
question path only needs the rows. Copy k of a base document gets the id `<id>~k`, its main
place renamed (corpus.place_variant) in its text, sentences, figures and names, exactly as the
ingested copies are, so the index holds as many distinct places as an ingested store would.
Sentence start/end offsets are not shifted after a rename (nothing in the question path reads
them for ranking); sentence ids are offset by copy so FTS rowids stay unique.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import text

from benchmarks.corpus import place_variant
from store.factstore import FactStore
from store.names import normalise


def clone_to(store: FactStore, size: int, log: Callable[[str], None]) -> float:
    """Add copies of the base documents (ids without '~') until the store holds `size`."""
    t0 = time.perf_counter()
    with store.engines.write_engine.begin() as conn:
        base = [
            (str(i), (str(p) if p else None))
            for i, p in conn.execute(
                text("SELECT id, main_place FROM documents WHERE id NOT LIKE '%~%' ORDER BY id")
            ).all()
        ]
        have = int(conn.scalar(text("SELECT count(*) FROM documents")) or 0)
        span = int(conn.scalar(text("SELECT max(id) FROM sentences")) or 0) + 1
        conn.execute(text("DROP TABLE IF EXISTS bench_variant"))
        conn.execute(
            text(
                "CREATE TABLE bench_variant (doc_id VARCHAR(512) PRIMARY KEY, "
                "place VARCHAR(200), pnorm VARCHAR(300), variant VARCHAR(300), "
                "vnorm VARCHAR(300))"
            )
        )
    copy = have // len(base)
    done = have
    while done < size:
        wanted = base[done - copy * len(base) : min(len(base), size - copy * len(base))]
        suffix, offset = f"~{copy}", copy * span
        with store.engines.write_engine.begin() as conn:
            conn.execute(text("DELETE FROM bench_variant"))
            conn.execute(
                text("INSERT INTO bench_variant VALUES (:d, :p, :pn, :v, :vn)"),
                [
                    {
                        "d": d,
                        "p": p,
                        "pn": normalise(p) if p else None,
                        "v": place_variant(p, copy) if p else None,
                        "vn": normalise(place_variant(p, copy)) if p else None,
                    }
                    for d, p in wanted
                ],
            )
            renamed = "CASE WHEN v.place IS NULL THEN {c} ELSE replace({c}, v.place, v.variant) END"
            params = {"sfx": suffix, "off": offset}
            conn.execute(
                text(
                    "INSERT INTO documents (id, title, outlet, published, url, content_hash, text, "
                    "main_place, ingested_at) SELECT d.id || :sfx, "
                    + renamed.format(c="d.title")
                    + ", d.outlet, d.published, d.url, d.content_hash, "
                    + renamed.format(c="d.text")
                    + ", coalesce(v.variant, d.main_place), d.ingested_at "
                    "FROM documents d JOIN bench_variant v ON v.doc_id = d.id"
                ),
                params,
            )
            conn.execute(
                text(
                    'INSERT INTO sentences (id, document_id, position, start, "end", text) '
                    'SELECT s.id + :off, s.document_id || :sfx, s.position, s.start, s."end", '
                    + renamed.format(c="s.text")
                    + " FROM sentences s JOIN bench_variant v ON v.doc_id = s.document_id"
                ),
                params,
            )
            conn.execute(
                text(
                    'INSERT INTO figures (document_id, sentence_id, start, "end", text, value, low, '
                    "high, qualifier, unit, counts, category, perpetrator, place, period, source_id, "
                    'salience) SELECT f.document_id || :sfx, f.sentence_id + :off, f.start, f."end", '
                    + renamed.format(c="f.text")
                    + ", f.value, f.low, f.high, f.qualifier, f.unit, "
                    "f.counts, f.category, f.perpetrator, "
                    "CASE WHEN f.place = v.place THEN v.variant ELSE f.place END, f.period, "
                    "f.source_id, f.salience "
                    "FROM figures f JOIN bench_variant v ON v.doc_id = f.document_id"
                ),
                params,
            )
            conn.execute(
                text(
                    "INSERT INTO document_names (document_id, name, norm, mentions) "
                    "SELECT n.document_id || :sfx, "
                    "CASE WHEN n.norm = v.pnorm THEN v.variant ELSE n.name END, "
                    "CASE WHEN n.norm = v.pnorm THEN v.vnorm ELSE n.norm END, n.mentions "
                    "FROM document_names n JOIN bench_variant v ON v.doc_id = n.document_id"
                ),
                params,
            )
            # A renamed place is a name the store knows, as an ingest would have recorded it:
            # without it a question about "East Mt" resolves word by word.
            conn.execute(
                text(
                    "INSERT INTO known_names (norm, name) SELECT v.vnorm, min(v.variant) "
                    "FROM bench_variant v WHERE v.vnorm IS NOT NULL AND v.vnorm NOT IN "
                    "(SELECT norm FROM known_names) GROUP BY v.vnorm"
                )
            )
        done += len(wanted)
        copy += 1
        if copy % 10 == 0 or done >= size:
            log(f"  cloned to {done}/{size} articles ({time.perf_counter() - t0:.0f} s)")
    with store.engines.write_engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS bench_variant"))
        # An ingest this large renews the planner's statistics (store/ingest.py); without
        # that the clone is planned from the first copy's figures and measures plans no
        # ingested store of this size would use.
        conn.execute(text("ANALYZE"))
        if conn.dialect.name == "postgresql":
            # Explicit ids above: move the sequence past them so later ingests do not collide.
            conn.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('sentences', 'id'), "
                    "(SELECT max(id) FROM sentences))"
                )
            )
    store.invalidate()
    return time.perf_counter() - t0
