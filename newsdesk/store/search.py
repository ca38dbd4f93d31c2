"""Full-text search over titles and bodies: SQLite FTS5 or PostgreSQL's tsvector column.

A reader's query is never passed to the database's query language: it is cut into plain word
terms (letters and digits only), so quotes, NEAR, `*`, `-`, parentheses and SQL mean nothing
and every query is a plain AND of words, bound as a parameter. Filters are clauses on the
articles row (source, date) applied by `_filtered`; a section or hashtag filter is one more
join there once those tables exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy import Select, column, func, literal_column, select, table
from sqlalchemy.orm import Session

from newsdesk.store.models import Article
from newsdesk.store.reading import ArticleCard, card_from_row, card_query

Sort = Literal["relevance", "date"]
MAX_TERMS = 12
MAX_TERM_CHARS = 64
COUNT_CAP = 1000  # "1,000+ results": an exact count of a common word costs a full scan
HIT_TEXT_CHARS = 20_000  # enough body to find a term for the snippet, not whole books
_WORD = re.compile(r"\w+", re.UNICODE)

_fts = table("articles_fts", column("rowid"))


@dataclass(frozen=True)
class SearchFilters:
    source_id: int | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class SearchHit:
    card: ArticleCard
    text: str  # the start of the body, plain text, for a highlighted snippet


@dataclass(frozen=True)
class SearchResults:
    terms: list[str]
    hits: list[SearchHit]
    total: int  # capped at COUNT_CAP + 1
    page: int
    has_next: bool

    @property
    def total_capped(self) -> bool:
        return self.total > COUNT_CAP


def search_terms(query: str) -> list[str]:
    """The words of a reader's query, lower-cased, de-duplicated, in order; never syntax."""
    terms: list[str] = []
    for word in _WORD.findall(query.lower()):
        word = word.strip("_")
        if word and len(word) <= MAX_TERM_CHARS and word not in terms:
            terms.append(word)
        if len(terms) == MAX_TERMS:
            break
    return terms


def search_articles(
    session: Session,
    *,
    query: str,
    filters: SearchFilters = SearchFilters(),
    sort: Sort = "relevance",
    page: int = 1,
    per_page: int = 20,
) -> SearchResults:
    """One page of articles matching every word of `query`, with a (capped) total."""
    terms = search_terms(query)
    if not terms:
        return SearchResults(terms=[], hits=[], total=0, page=page, has_next=False)
    dialect = session.get_bind().dialect.name
    matched, rank = _match(card_query(), terms, dialect)
    matched = _filtered(matched, filters)
    total = _capped_count(session, matched)
    shown_at = func.coalesce(Article.published_at, Article.first_seen_at)
    first: Any = rank if sort == "relevance" else shown_at.desc()
    rows = session.execute(
        matched.add_columns(func.substr(Article.text, 1, HIT_TEXT_CHARS))
        .order_by(first, Article.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page + 1)
    ).all()
    hits = [SearchHit(card=card_from_row(row), text=row[-1] or "") for row in rows[:per_page]]
    return SearchResults(
        terms=terms, hits=hits, total=total, page=page, has_next=len(rows) > per_page
    )


def _match(query: Select[Any], terms: list[str], dialect: str) -> tuple[Select[Any], Any]:
    """Restrict `query` to articles containing every term; returns it and a rank to order by."""
    if dialect == "sqlite":
        expression = " ".join(f'"{term}"' for term in terms)  # terms hold no quotes: \w only
        matched = query.join(_fts, _fts.c.rowid == Article.id).where(
            literal_column("articles_fts").op("MATCH")(expression)
        )
        # bm25 is smaller for better matches; the title counts five times the body.
        return matched, func.bm25(literal_column("articles_fts"), 5.0, 1.0)
    tsquery = func.plainto_tsquery("simple", " ".join(terms))
    vector: Any = literal_column("articles.search")
    return query.where(vector.op("@@")(tsquery)), func.ts_rank_cd(vector, tsquery).desc()


def _filtered(query: Select[Any], filters: SearchFilters) -> Select[Any]:
    shown_at = func.coalesce(Article.published_at, Article.first_seen_at)
    if filters.source_id is not None:
        query = query.where(Article.source_id == filters.source_id)
    if filters.since is not None:
        query = query.where(shown_at >= datetime.combine(filters.since, time(), UTC))
    if filters.until is not None:
        end = datetime.combine(filters.until + timedelta(days=1), time(), UTC)
        query = query.where(shown_at < end)
    return query


def _capped_count(session: Session, matched: Select[Any]) -> int:
    limited = matched.with_only_columns(Article.id).limit(COUNT_CAP + 1).subquery()
    return int(session.scalar(select(func.count()).select_from(limited)) or 0)
