"""Full-text search and case-insensitive sorting, in the SQL of each dialect Kaizen runs on.

SQLite: FTS5 external-content tables (``suggestions_fts``, ``waste_observations_fts``) index the
text columns of their table by rowid and are kept in step by triggers (migration 0002). A search
becomes ``id IN (SELECT rowid FROM <table>_fts WHERE <table>_fts MATCH :q)``.

PostgreSQL: a GIN index on ``to_tsvector('kaizen_search', col1 || ' ' || col2 ...)`` and the very
same expression ``@@ to_tsquery('kaizen_search', :q)`` in the query (``kaizen_search``: the
``simple`` configuration with accents removed, migration 0004). PostgreSQL only uses an
expression index for an identical expression, so :func:`pg_document` is the one place that
builds it.

What a user types never reaches either query language as syntax. It is cut into words (runs of
letters and digits, as FTS5's ``unicode61`` tokenizer cuts text); each word is quoted for FTS5
and is plain letters and digits for ``to_tsquery``; the words are AND-ed, and the last word
matches as a prefix while the user is still typing it (no space or punctuation after it yet, and
at least two letters typed).
Quotes, ``*``, ``-``, ``NEAR(``, ``OR``, brackets and the like are separators, so no input can
raise a syntax error; an input without any word is no search at all.

These objects are not in ``Base.metadata`` (a model cannot describe a virtual table or an index
on an expression that differs by dialect). :func:`is_unmapped_schema_name` tells Alembic's
autogenerate (migrations/env.py) and the model/migration comparison test to leave them alone.

Segment merging: FTS5 writes each transaction's words as a new small segment and merges
segments as it goes ("automerge"): every 64 leaf pages written, the save that crosses the mark
merges 64 pages per level of the index, about 20 ms of CPU on the large set's ideas, once in 64
saves. :func:`merge_step` does a little of that work at a time; the database's background worker
(kaizen/db/wal_worker.py) runs it when saves pause, so the merges a save would pay for are mostly
done already (all of them but the rare crisis merge, with ``automerge`` off since revision
0005: see :data:`FTS_TUNING`).

A later migration that rebuilds ``suggestions`` or ``waste_observations`` in batch mode (copy,
drop, rename) drops their triggers with the old table, and must create them again (copy them
from revision 0002); tests/db/test_search_migration.py fails at head while they are missing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    String,
    and_,
    bindparam,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlalchemy.sql.expression import ColumnClause

# More words than this add nothing a person means; the rest are ignored.
MAX_SEARCH_WORDS = 32
# A one-letter prefix matches nearly every row and merges thousands of index terms: the last word
# becomes a prefix from its second letter (the FTS5 tables keep 2- and 3-letter prefix indexes).
MIN_PREFIX = 2
# Runs of letters and digits: what FTS5's unicode61 tokenizer (categories L* N*) calls a token.
_WORD = re.compile(r"[^\W_]+")

# The text search configuration on PostgreSQL (migration 0004): ``simple`` (no stemming, no stop
# words) with accents removed by ``unaccent``, like FTS5's unicode61 with remove_diacritics here.
PG_TEXT_CONFIG = "kaizen_search"


@dataclass(frozen=True, slots=True)
class TextIndex:
    """One table's searchable text columns."""

    table: str
    columns: tuple[str, ...]

    @property
    def fts_table(self) -> str:
        """The SQLite FTS5 table over this table."""
        return f"{self.table}_fts"

    @property
    def pg_index(self) -> str:
        """The PostgreSQL GIN index over this table."""
        return f"ix_{self.table}_search"


SUGGESTIONS_TEXT = TextIndex("suggestions", ("title", "problem", "proposal"))
OBSERVATIONS_TEXT = TextIndex("waste_observations", ("description",))
TEXT_INDEXES = (SUGGESTIONS_TEXT, OBSERVATIONS_TEXT)

# Pages of merged output per step of :func:`merge_step` (a step of 16 takes 2 to 10 ms here):
# a save that arrives during a step waits for it, so steps stay short.
MERGE_PAGES = 16
# The settings of each FTS5 table, written by revision 0005 with the special INSERT
# ``INSERT INTO t(t, rank) VALUES(name, value)``: no merge work inside a save, and the small
# segments of single saves merged in one go only once 64 of them pile up on one level (about
# 5 ms), the rest by merge_step while saves pause. Measured on the large set: save CPU max
# 42 -> 5 ms, p99 under 20 ms.
FTS_TUNING = (("automerge", 0), ("crisismerge", 64))

# Case-insensitive sort indexes (index name -> table, column): ``col COLLATE NOCASE`` on SQLite,
# ``lower(col)`` on PostgreSQL, matching :func:`casefold`.
CASEFOLD_INDEXES: dict[str, tuple[str, str]] = {
    "ix_suggestions_title_ci": ("suggestions", "title"),
    "ix_areas_name_ci": ("areas", "name"),
    "ix_people_name_ci": ("people", "name"),
}

# FTS5 keeps each virtual table's data in shadow tables named after it.
_FTS5_SHADOW_SUFFIXES = ("_data", "_idx", "_docsize", "_config", "_content")


def is_unmapped_schema_name(name: str | None, type_: str) -> bool:
    """True for the tables and indexes of this module, which migrations make by hand.

    Shaped for Alembic's ``include_name`` hook (``type_`` is "table", "index", ...).
    """
    if name is None:
        return False
    if type_ == "table":
        return any(
            name == index.fts_table
            or any(name == index.fts_table + suffix for suffix in _FTS5_SHADOW_SUFFIXES)
            for index in TEXT_INDEXES
        )
    if type_ == "index":
        return name in CASEFOLD_INDEXES or any(name == i.pg_index for i in TEXT_INDEXES)
    return False


@dataclass(frozen=True, slots=True)
class SearchTerms:
    """The words of a search, AND-ed; the last one matches as a prefix when ``prefix_last``."""

    words: tuple[str, ...]
    prefix_last: bool


def parse_search(text: str | None) -> SearchTerms | None:
    """Cut what the user typed into words; None when there is no word to search for."""
    if not text:
        return None
    normal = unicodedata.normalize("NFKC", text)
    matches = list(_WORD.finditer(normal))
    if not matches:
        return None
    words = tuple(m.group() for m in matches[:MAX_SEARCH_WORDS])
    # Still typing the last word when nothing follows it; "torque " means the whole word.
    prefix_last = (len(matches) <= MAX_SEARCH_WORDS and matches[-1].end() == len(normal)
                   and len(words[-1]) >= MIN_PREFIX)
    return SearchTerms(words=words, prefix_last=prefix_last)


def fts5_query(terms: SearchTerms) -> str:
    """An FTS5 MATCH string: each word a quoted string (words hold no quote), implicit AND."""
    parts = [f'"{word}"' for word in terms.words]
    if terms.prefix_last:
        parts[-1] += "*"
    return " ".join(parts)


def tsquery(terms: SearchTerms) -> str:
    """A ``to_tsquery`` string: words are letters and digits only, so none is an operator."""
    parts = list(terms.words)
    if terms.prefix_last:
        parts[-1] += ":*"
    return " & ".join(parts)


def pg_document(index: TextIndex, table: Any) -> ColumnElement[Any]:
    """``to_tsvector('kaizen_search', t.c1 || ' ' || t.c2 ...)``: the GIN index's expression.

    Written out as SQL text, flat, exactly as migration 0004 wrote the index (the names are
    constants of this module, never user input); the configuration too is a literal, as a bound
    parameter would not match the index.
    """
    columns = " || ' ' || ".join(f"{table.name}.{name}" for name in index.columns)
    return literal_column(f"to_tsvector('{PG_TEXT_CONFIG}', {columns})")


def text_match(dialect: str, index: TextIndex, table: Any,
               text: str | None) -> ColumnElement[bool] | None:
    """A WHERE clause keeping the rows of ``table`` whose text matches ``text``, or None when
    ``text`` holds no word. ``table`` is the Core table (or ORM class) of ``index``."""
    terms = parse_search(text)
    if terms is None:
        return None
    if dialect == "sqlite":
        fts = sql_table(index.fts_table, sql_column("rowid"))
        match = literal_column(index.fts_table).op("MATCH")(
            bindparam("fts_query", fts5_query(terms), type_=String)
        )
        ids: ColumnElement[Any] = table.c.id
        return ids.in_(select(fts.c.rowid).where(match))
    if dialect == "postgresql":
        query = func.to_tsquery(
            literal_column(f"'{PG_TEXT_CONFIG}'"), bindparam("ts_query", tsquery(terms),
                                                             type_=String)
        )
        return pg_document(index, table).op("@@")(query)
    # Any other database: a substring LIKE per word and column (broader than a word match, and
    # not fast, but correct enough to keep the app usable). Words hold no % or _.
    columns: list[ColumnClause[Any]] = [table.c[name] for name in index.columns]
    return and_(*(or_(*(col.ilike(f"%{word}%") for col in columns)) for word in terms.words))


def casefold(dialect: str, column: Any) -> ColumnElement[Any]:
    """A sort key that ignores case, served by the indexes of :data:`CASEFOLD_INDEXES`."""
    if dialect == "sqlite":
        nocase: ColumnElement[Any] = column.collate("NOCASE")
        return nocase
    return func.lower(column)


@contextmanager
def fts_triggers_suspended(connection: Connection) -> Iterator[None]:
    """Load many rows without per-row full-text indexing, then rebuild the index once.

    Per-row FTS5 triggers cost two thirds of a bulk insert of ideas; one 'rebuild' afterwards
    (and an 'optimize', which leaves the index in one segment) costs a fraction of that. The
    insert triggers are dropped and re-created from their own stored
    SQL inside the caller's transaction, so a failure rolls back to the triggers as they were.
    Does nothing on databases other than SQLite.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    saved = connection.exec_driver_sql(
        "SELECT name, tbl_name, sql FROM sqlite_master "
        "WHERE type = 'trigger' AND name LIKE '%\\_fts\\_insert' ESCAPE '\\'"
    ).all()
    for name, _table, _sql in saved:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    yield
    for name, _table, sql in saved:
        connection.exec_driver_sql(sql)
        fts = name.removesuffix("_insert")
        connection.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        # With automerge off (revision 0005) a rebuild leaves its output in many small
        # segments; the save that made them 64 would merge them all in one go (2.5 s on the
        # ten-year set). Merged into one here, at a bulk load's pace (2.3 s for 200,000 ideas).
        connection.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")


def merge_step(connection: Any, pages: int = MERGE_PAGES) -> bool:
    """One short step of segment merging on every full-text table, inside the caller's write
    transaction on a plain ``sqlite3`` connection; True when it merged anything.

    FTS5's 'merge' command with a positive page count merges only where a level holds enough
    segments to be worth it (or a merge is under way); it changes nothing the search returns.
    """
    worked = False
    for index in TEXT_INDEXES:
        before = connection.total_changes
        connection.execute(
            f"INSERT INTO {index.fts_table}({index.fts_table}, rank) VALUES ('merge', ?)",
            (int(pages),),
        )
        # FTS5's documented test: a delta under two means there was nothing left to merge.
        worked = worked or connection.total_changes - before >= 2
    return worked


# Words that say nothing about what an idea is about ("similar ideas" ignores them; a search the
# person types keeps every word). English, as the app's texts are.
SIMILAR_STOP_WORDS = frozenset({
    "the", "and", "for", "with", "from", "into", "onto", "that", "this", "these", "those",
    "are", "was", "were", "has", "have", "not", "all", "any", "each", "our", "per", "out",
    "off", "too", "very", "more", "less", "use", "new", "get", "put", "via", "than", "then",
})


def similar_ids(session: Any, index: TextIndex, table: Any, text: str | None,
                limit: int) -> list[int]:
    """The ids of at most ``limit`` rows whose text shares words with ``text``, the most
    relevant first: any of its words of three letters or more (not stop words) will do, the
    last one as a prefix while it is being typed. FTS5 ranks by BM25; PostgreSQL by
    ``ts_rank`` over the same GIN-indexed document as :func:`text_match`."""
    terms = parse_search(text)
    if terms is None:
        return []
    keep = [(n, w) for n, w in enumerate(terms.words)
            if len(w) >= 3 and w.casefold() not in SIMILAR_STOP_WORDS]
    if not keep:
        return []
    last = len(terms.words) - 1
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        parts = [f'"{w}"' + ("*" if n == last and terms.prefix_last else "") for n, w in keep]
        rows = session.execute(
            select(literal_column("rowid")).select_from(sql_table(index.fts_table))
            .where(literal_column(index.fts_table).op("MATCH")(
                bindparam("fts_query", " OR ".join(parts), type_=String)))
            .order_by(literal_column("rank")).limit(limit))
        return [int(r[0]) for r in rows]
    if dialect == "postgresql":
        parts = [w + (":*" if n == last and terms.prefix_last else "") for n, w in keep]
        query = func.to_tsquery(literal_column(f"'{PG_TEXT_CONFIG}'"),
                                bindparam("ts_query", " | ".join(parts), type_=String))
        document = pg_document(index, table)
        rows = session.execute(
            select(table.c.id).where(document.op("@@")(query))
            .order_by(func.ts_rank(document, query).desc(), table.c.id.desc()).limit(limit))
        return [int(r[0]) for r in rows]
    columns = [table.c[name] for name in index.columns]
    rows = session.execute(select(table.c.id).where(or_(*(
        col.ilike(f"%{w}%") for _n, w in keep for col in columns))).limit(limit))
    return [int(r[0]) for r in rows]
