"""The search page: full text with highlighted snippets, filters and two orders.

Query-string values come from forms, so an empty field means "no filter" and a malformed one
is the reader's mistake (400 with a message), never a server error. The JSON twin in
`api/v1.py` parses with the same `SearchParams.parse` and queries with the same function.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from newsdesk.store.search import (
    SearchFilters,
    SearchResults,
    Sort,
    search_articles,
)
from newsdesk.store.sourcepages import source_choices
from newsdesk.web.highlight import mark, snippet
from newsdesk.web.render import render, store_of

router = APIRouter(include_in_schema=False)

PER_PAGE = 20
MAX_PAGE = 500
QUERY_CHARS = 1000  # longer queries are cut: the first words are the ones that count


@dataclass(frozen=True)
class SearchParams:
    query: str
    filters: SearchFilters
    sort: Sort
    page: int

    @classmethod
    def parse(
        cls,
        q: str = "",
        source: str = "",
        since: str = "",
        until: str = "",
        sort: str = "",
        page: str = "",
    ) -> SearchParams:
        if sort not in ("", "relevance", "date"):
            raise HTTPException(400, "Sort by relevance or date.")
        number = _int(page, "page") or 1
        if not 1 <= number <= MAX_PAGE:
            raise HTTPException(400, f"Pages run from 1 to {MAX_PAGE}.")
        filters = SearchFilters(
            source_id=_int(source, "source"), since=_date(since, "from"), until=_date(until, "to")
        )
        return cls(
            query=q[:QUERY_CHARS].strip(),
            filters=filters,
            sort="date" if sort == "date" else "relevance",
            page=number,
        )

    def run(self, session: Session) -> SearchResults:
        return search_articles(
            session,
            query=self.query,
            filters=self.filters,
            sort=self.sort,
            page=self.page,
            per_page=PER_PAGE,
        )

    def link(self, page: int) -> str:
        """The URL of another page of the same search."""
        params: dict[str, Any] = {"q": self.query}
        if self.filters.source_id is not None:
            params["source"] = self.filters.source_id
        if self.filters.since:
            params["since"] = self.filters.since.isoformat()
        if self.filters.until:
            params["until"] = self.filters.until.isoformat()
        if self.sort != "relevance":
            params["sort"] = self.sort
        params["page"] = page
        return "/search?" + urlencode(params)


def _int(value: str, name: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise HTTPException(400, f"The {name} must be a whole number.")
    return int(value)


def _date(value: str, name: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]) if len(value) == 10 else date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"The '{name}' date must look like 2024-05-31.") from None


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: str = "",
    source: str = "",
    since: str = "",
    until: str = "",
    sort: str = "",
    page: str = "",
) -> HTMLResponse:
    params = SearchParams.parse(q, source, since, until, sort, page)
    with store_of(request).session() as session:
        results = params.run(session) if params.query else None
        sources = source_choices(session)
    hits = []
    if results is not None:
        hits = [
            (hit.card, mark(hit.card.title, results.terms), snippet(hit.text, results.terms))
            for hit in results.hits
        ]
    return render(
        request,
        "search.html",
        params=params,
        query=params.query,
        results=results,
        hits=hits,
        sources=sources,
        nav="search",
    )
