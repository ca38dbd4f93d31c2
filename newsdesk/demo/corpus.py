"""The bundled Wikinews corpus, read into the shape the demo site is built from.

Slugs are computed over the whole corpus before any `limit` is applied, so an article's page
path is the same in a ten-article demo and in the full one.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from newsdesk.demo.wikitext import has_cut_byline, opening_words, unwiki
from newsdesk.errors import UserError

BUNDLED_CORPUS = "wikinews-en.jsonl.gz"

# Wikinews' thirteen top-level topic categories; the demo makes one feed per topic present.
TOPICS = (
    "Crime and law",
    "Politics and conflicts",
    "Disasters and accidents",
    "Culture and entertainment",
    "Economy and business",
    "Science and technology",
    "Health",
    "Education",
    "Environment",
    "Obituaries",
    "Sports",
    "Weather",
    "Wackynews",
)

# Wiki bookkeeping, not subjects: never shown as an article's categories.
_MAINTENANCE = frozenset({"AutoArchived", "Published", "Archived", "Public domain articles"})
_DATE_CATEGORY = re.compile(
    r"^(January|February|March|April|May|June|July|August|September|October|November|December)"
    r" \d{1,2}, \d{4}$"
)
_SLUG_MAX = 80


@dataclass(frozen=True)
class CorpusArticle:
    """One Wikinews article as the demo publishes it."""

    id: str
    title: str
    paragraphs: tuple[str, ...]
    published: date | None
    url: str
    categories: tuple[str, ...]
    slug: str

    @property
    def topics(self) -> tuple[str, ...]:
        """The article's top-level topics, in the fixed TOPICS order."""
        return tuple(topic for topic in TOPICS if topic in self.categories)


def bundled_corpus_path() -> Path:
    """Where the corpus shipped inside the package lives."""
    return Path(str(resources.files("newsdesk.demo").joinpath("data", BUNDLED_CORPUS)))


def load_corpus(path: Path | None = None) -> list[CorpusArticle]:
    """Read a gzipped (or plain) JSON-lines corpus; rows without title or text are skipped."""
    source = path or bundled_corpus_path()
    rows = [row for row in _read_rows(source) if _usable(row)]
    slugs = _unique_slugs(rows)
    texts = [str(row["text"]) for row in rows]
    # Only a corpus with cut ledes pays for counting its words (wikitext.py).
    words = opening_words(texts) if any(has_cut_byline(t) for t in texts) else Counter[str]()
    return [_to_article(row, slugs[str(row["id"])], words) for row in rows]


def _read_rows(path: Path) -> list[dict[str, object]]:
    try:
        raw = path.read_bytes()
        text = (gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw).decode("utf-8")
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read demo corpus {path}: {exc}") from exc
    rows: list[dict[str, object]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UserError(f"{path}:{number}: not a JSON object ({exc.msg})") from exc
        if isinstance(row, dict):
            rows.append(row)
    return rows


def _usable(row: dict[str, object]) -> bool:
    return all(isinstance(row.get(key), str) and row[key] for key in ("id", "title", "text", "url"))


def _to_article(row: dict[str, object], slug: str, words: Counter[str]) -> CorpusArticle:
    raw_categories = row.get("categories")
    categories = raw_categories if isinstance(raw_categories, list) else []
    return CorpusArticle(
        id=str(row["id"]),
        title=_clean(str(row["title"])),
        paragraphs=split_paragraphs(unwiki(str(row["text"]), words)),
        published=_parse_date(row.get("published")),
        url=str(row["url"]),
        categories=tuple(
            _clean(c) for c in categories if isinstance(c, str) and _is_subject(_clean(c))
        ),
        slug=slug,
    )


def split_paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs are separated by blank lines; a text without any uses its line breaks."""
    blocks = re.split(r"\n\s*\n", text)
    if len(blocks) == 1:
        blocks = text.splitlines()
    return tuple(p for p in (_clean(block) for block in blocks) if p)


# A character reference as wikitext writes one ("&mdash;", "&#160;"): the dump keeps the
# markup, and Wikinews renders it as the character. The semicolon is required, so prose such as
# "AT&T" or "R&D" is never read as one.
_CHAR_REF = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _clean(text: str) -> str:
    """Resolve wikitext's character references (readers saw "&mdash;" otherwise), collapse
    whitespace and drop characters XML 1.0 cannot carry. Pages and feeds escape the result."""
    text = _CHAR_REF.sub(lambda m: html.unescape(m.group()), text)
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]", "", text)
    return " ".join(text.split())


def _is_subject(category: str) -> bool:
    return bool(category) and category not in _MAINTENANCE and not _DATE_CATEGORY.match(category)


def _parse_date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def slugify(title: str) -> str:
    """A lower-case ASCII slug: what news sites put in their URLs."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:_SLUG_MAX].rstrip("-") or "article"


def _unique_slugs(rows: list[dict[str, object]]) -> dict[str, str]:
    """Slug per article id; articles whose slugs clash all get a short id hash appended."""
    by_slug: dict[str, list[str]] = {}
    for row in rows:
        by_slug.setdefault(slugify(str(row["title"])), []).append(str(row["id"]))
    slugs: dict[str, str] = {}
    for slug, ids in by_slug.items():
        for article_id in ids:
            slugs[article_id] = slug if len(ids) == 1 else f"{slug}-{stable_hash(article_id)[:6]}"
    return slugs


def stable_hash(*parts: str) -> str:
    """A hex digest that depends only on its inputs: the demo's only source of 'randomness'."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
