"""SQL for the sources table: publishers, keyed by web host."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk.store.models import Source

DEFAULT_PORTS = {"http": 80, "https": 443}


def host_key(url: str) -> str:
    """The publisher key of a URL: lower-cased host without "www.", plus a non-default port.

    Two ports on one host are two origins (and, in the demo, two publishers), so the port
    counts; the scheme does not, so http and https pages of one site are one publisher.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    if port and port != DEFAULT_PORTS.get(parts.scheme.lower()):
        return f"{host}:{port}"
    return host


def get_or_create_source(session: Session, *, url: str, name: str | None = None) -> Source:
    """The source for `url`'s host, created on first sight (concurrent creators agree)."""
    key = host_key(url)
    found = session.scalar(select(Source).where(Source.host == key))
    if found is not None:
        if name and found.name == found.host:
            found.name = name
        return found
    source = Source(host=key, name=name or key, site_url=url)
    try:
        with session.begin_nested():
            session.add(source)
    except IntegrityError:
        found = session.scalar(select(Source).where(Source.host == key))
        assert found is not None
        return found
    return source


def set_source_details(
    session: Session, *, url: str, name: str | None = None, notice: str | None = None
) -> Source:
    """Name a publisher and give it a credit line (the demo uses it for Wikinews' licence)."""
    source = get_or_create_source(session, url=url, name=name)
    if name:
        source.name = name
    if notice is not None:
        source.notice = notice
    return source


def sources_by_ids(session: Session, *, source_ids: list[int]) -> dict[int, Source]:
    """source id → source, for the ids that exist."""
    ids = sorted(set(source_ids))
    if not ids:
        return {}
    return {s.id: s for s in session.scalars(select(Source).where(Source.id.in_(ids)))}
