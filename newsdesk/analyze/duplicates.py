"""The duplicates step: fold near copies of one article into a group with one original.

Exact copies were folded at ingest (one article, several sightings). What reaches this step
are articles that arrived separately but are the same text with another frame: edited
boilerplate, a rewritten headline, a trimmed ending, an added credit line. Each article gets a
MinHash signature (stored, and indexed by LSH in this process); its LSH candidates are checked
on their text (analyze/syndication.py); matches join one group whose original is the article
the others credit, else the earliest. Re-running on unchanged articles writes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from threading import Lock
from typing import Protocol

import numpy as np
from sqlalchemy.orm import Session

from newsdesk.analyze import minhash
from newsdesk.analyze.lsh import LshIndex
from newsdesk.analyze.syndication import MIN_SHINGLES, Doc, Match, choose_original, judge
from newsdesk.store import copies, signatures
from newsdesk.store.articles import articles_by_ids
from newsdesk.store.engine import Store
from newsdesk.store.models import Article, Source
from newsdesk.store.sources import host_key, sources_by_ids

STEP_VERSION = "1"
_BATCH = 200

log = logging.getLogger(__name__)


class _Context(Protocol):
    """The part of analyze.context.AnalyzeContext this step uses."""

    @property
    def store(self) -> Store: ...


def analyze_duplicates(ctx: _Context, article_ids: Sequence[int]) -> None:
    """Sign the articles and record which of them copy another (or are copied)."""
    ids = sorted(set(article_ids))
    index = _index_for(ctx.store)
    for start in range(0, len(ids), _BATCH):
        with ctx.store.session() as session:
            index.refresh(session)
            _analyze_batch(session, index, ids[start : start + _BATCH])


@dataclass
class _Index:
    """One process's LSH index over one database, brought up to date before each batch."""

    lsh: LshIndex = field(default_factory=LshIndex)
    watermark: datetime | None = None
    at_watermark: set[int] = field(default_factory=set)
    added_here: set[int] = field(default_factory=set)
    lock: Lock = field(default_factory=Lock)

    def refresh(self, session: Session) -> None:
        """Add the signatures stored since the last look (by any process)."""
        with self.lock:
            ids: list[int] = []
            sigs: list[np.ndarray] = []
            ledes: list[int] = []
            for row in signatures.signatures_since(session, since=self.watermark):
                if row.computed_at == self.watermark and row.article_id in self.at_watermark:
                    continue
                if row.computed_at != self.watermark:
                    self.watermark, self.at_watermark = row.computed_at, set()
                self.at_watermark.add(row.article_id)
                if row.article_id in self.added_here:
                    continue
                ids.append(row.article_id)
                sigs.append(minhash.from_bytes(row.signature))
                ledes.append(row.lede_key)
            self.added_here.clear()
            if ids:
                self.lsh.add_many(np.array(ids), np.stack(sigs), np.array(ledes))

    def add(self, article_id: int, signature: np.ndarray, lede_key: int) -> None:
        """Index a signature this process just stored (the next refresh will not add it again)."""
        with self.lock:
            self.lsh.add(article_id, signature, lede_key)
            self.added_here.add(article_id)


_INDEXES: dict[str, _Index] = {}
_INDEXES_LOCK = Lock()


def _index_for(store: Store) -> _Index:
    key = store.engine.url.render_as_string(hide_password=False)
    with _INDEXES_LOCK:
        return _INDEXES.setdefault(key, _Index())


def _analyze_batch(session: Session, index: _Index, ids: list[int]) -> None:
    states = signatures.signature_states(session, article_ids=ids)
    articles = [
        a
        for a in articles_by_ids(session, article_ids=ids)
        if states.get(a.id) != (a.content_hash, STEP_VERSION)
    ]
    if not articles:
        return
    docs = _Docs(session)
    docs.load([a.id for a in articles])
    fresh: list[tuple[Doc, np.ndarray, int]] = []
    for article in articles:
        signed = _sign(session, docs.get(article.id), article)
        if signed is not None:
            fresh.append(signed)
    fresh.sort(key=lambda item: (item[0].date, item[0].first_seen, item[0].id))
    for doc, sig, lede_key in fresh:
        found = index.lsh.candidates(sig, lede_key) - {doc.id}
        index.add(doc.id, sig, lede_key)
        _fold(session, docs, doc, found)


def _sign(
    session: Session, doc: Doc | None, article: Article
) -> tuple[Doc, np.ndarray, int] | None:
    """Record the article's signature, or why it has none; what folding needs when it has one."""
    sig, reason = None, _unusable(article, doc)
    if doc is not None and reason is None:
        try:
            sig = minhash.signature(doc.text.shingles)
        except Exception as exc:  # one bad article never stops the others
            log.exception("duplicates: article %s failed", article.id)
            reason = f"failed: {type(exc).__name__}: {exc}"[:500]
    signatures.save_signature(
        session,
        article_id=article.id,
        content_hash=article.content_hash,
        step_version=STEP_VERSION,
        signature=minhash.to_bytes(sig) if sig is not None else None,
        lede_key=doc.text.lede_key if doc is not None and sig is not None else None,
        shingles=len(doc.text.shingles) if doc is not None else 0,
        reason=reason,
    )
    if doc is None or sig is None or doc.text.lede_key is None:
        copies.forget_copy(session, article_id=article.id)
        return None
    return doc, sig, doc.text.lede_key


def _unusable(article: Article, doc: Doc | None) -> str | None:
    if not article.text.strip():
        return "empty text"
    if doc is None:
        return "failed: could not read the text"
    if doc.text.words == 0:
        return "only boilerplate"
    if len(doc.text.shingles) < MIN_SHINGLES:
        return f"too short to compare ({doc.text.words} words)"
    return None


def _fold(session: Session, docs: _Docs, doc: Doc, candidates: set[int]) -> None:
    """Join `doc` to the groups of the candidates it matches, and record the group's original."""
    matches: dict[int, Match] = {}
    for other in docs.load(sorted(candidates)):
        match = judge(doc, other)
        if match is not None:
            matches[other.id] = match
    if not matches:
        copies.forget_copy(session, article_id=doc.id)
        return
    roots = {copies.original_of(session, article_id=i) for i in (*matches, doc.id)}
    grouped = copies.copies_of(session, original_ids=sorted(roots))
    member_ids = set(roots) | {i for ids in grouped.values() for i in ids} | {doc.id}
    members = [doc, *docs.load(sorted(member_ids - {doc.id}))]
    original = choose_original(members)
    best = max(matches.items(), key=lambda item: item[1].score)
    for member in members:
        if member.id == original.id:
            copies.forget_copy(session, article_id=member.id)
            continue
        method, score = _finding(session, doc, member, original, matches, best)
        copies.record_copy(
            session, copy_id=member.id, original_id=original.id, method=method, score=score
        )


def _finding(
    session: Session,
    doc: Doc,
    member: Doc,
    original: Doc,
    matches: dict[int, Match],
    best: tuple[int, Match],
) -> tuple[str, float]:
    """Why `member` is in the group: its own earlier finding, or how it matched `doc`."""
    if member.id == doc.id:
        own = matches.get(original.id) or best[1]
        return own.method, own.score
    if member.id in matches and original.id == doc.id:
        return matches[member.id].method, matches[member.id].score
    earlier = copies.copy_finding(session, article_id=member.id)
    if earlier is not None:
        return earlier
    match = matches.get(member.id) or best[1]
    return match.method, match.score


class _Docs:
    """Articles as `Doc`s, shingled once per batch however many times they are compared."""

    def __init__(self, session: Session):
        self._session = session
        self._docs: dict[int, Doc] = {}
        self._sources: dict[int, Source] = {}

    def get(self, article_id: int) -> Doc | None:
        return self._docs.get(article_id)

    def load(self, article_ids: list[int]) -> list[Doc]:
        missing = [i for i in article_ids if i not in self._docs]
        if missing:
            found = articles_by_ids(self._session, article_ids=missing)
            wanted = {a.source_id for a in found if a.source_id is not None} - set(self._sources)
            self._sources.update(sources_by_ids(self._session, source_ids=sorted(wanted)))
            for article in found:
                try:
                    self._docs[article.id] = _doc(
                        article, self._sources.get(article.source_id or 0)
                    )
                except Exception:  # recorded by _sign as a failure to read the text
                    log.exception("duplicates: cannot read article %s", article.id)
        return [self._docs[i] for i in article_ids if i in self._docs]


def _doc(article: Article, source: Source | None) -> Doc:
    return Doc(
        id=article.id,
        source_id=article.source_id,
        source_name=source.name if source else None,
        source_host=source.host if source else None,
        canonical_host=host_key(article.canonical_url) if article.canonical_url else None,
        authors=tuple(sorted(a.strip().casefold() for a in article.authors or [] if a.strip())),
        attribution=article.attribution,
        date=article.published_at or article.first_seen_at,
        first_seen=article.first_seen_at,
        text=minhash.shingle(article.text or "", article.attribution),
    )
