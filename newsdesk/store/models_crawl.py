"""Tables of polite crawling (migration 0002_crawl_policy): robots.txt as last fetched."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from newsdesk.store.models import Base, IdType


class RobotsTxt(Base):
    """One origin's robots.txt, kept in the database so every worker and every `newsdesk fetch`
    run shares one copy per origin and day (RFC 9309 caching), not one per process."""

    __tablename__ = "robots_txt"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    origin: Mapped[str] = mapped_column(String(400), unique=True)  # scheme://host[:port]
    state: Mapped[str] = mapped_column(String(12))  # rules | allow_all | unreachable
    body: Mapped[str] = mapped_column(Text, default="")  # the rules, for state "rules"
    reason: Mapped[str | None] = mapped_column(Text)  # why allow_all / unreachable
    fetched_at: Mapped[datetime]
    expires_at: Mapped[datetime]
