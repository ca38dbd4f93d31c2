"""Rebuilding the bundled demo corpus from the shared Wikinews corpus."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsdesk.demo.bundle import KEPT_FIELDS, bundle_corpus, main
from newsdesk.demo.corpus import bundled_corpus_path
from newsdesk.errors import UserError

SHARED_CORPUS = Path("/work/shared/data/news-corpus/articles.jsonl")


def bundled_rows() -> list[dict[str, object]]:
    with gzip.open(bundled_corpus_path(), "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


@pytest.fixture
def mixed_source(tmp_path: Path) -> Path:
    """Three real bundled rows as English, one relabelled Italian, with extra fields."""
    rows = bundled_rows()[:4]
    source = tmp_path / "articles.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for number, row in enumerate(rows):
            extra = {"lang": "it" if number == 1 else "en", "origin": "test", "event": None}
            out.write(json.dumps(row | extra) + "\n")
    return source


def test_keeps_only_english_rows_and_the_needed_fields(mixed_source: Path, tmp_path: Path) -> None:
    dest = tmp_path / "out.jsonl.gz"
    assert bundle_corpus(mixed_source, dest) == 3
    with gzip.open(dest, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    expected = [row for number, row in enumerate(bundled_rows()[:4]) if number != 1]
    assert rows == expected
    assert all(tuple(row) == KEPT_FIELDS for row in rows)


def test_same_source_gives_the_same_bytes(mixed_source: Path, tmp_path: Path) -> None:
    bundle_corpus(mixed_source, tmp_path / "a.gz")
    bundle_corpus(mixed_source, tmp_path / "b.gz")
    assert (tmp_path / "a.gz").read_bytes() == (tmp_path / "b.gz").read_bytes()


@pytest.mark.skipif(not SHARED_CORPUS.is_file(), reason="shared corpus not on this machine")
def test_rebuilding_from_the_shared_corpus_reproduces_the_bundled_file(tmp_path: Path) -> None:
    dest = tmp_path / "wikinews-en.jsonl.gz"
    assert main([str(SHARED_CORPUS), str(dest)]) == 0
    assert dest.read_bytes() == bundled_corpus_path().read_bytes()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(None, "cannot read corpus", id="missing-file"),
        pytest.param('{"lang": "en"\n', "not a JSON object", id="broken-json"),
    ],
)
def test_unreadable_source_is_a_user_error(
    tmp_path: Path, content: str | None, message: str
) -> None:
    source = tmp_path / "articles.jsonl"
    if content is not None:
        source.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=message):
        bundle_corpus(source, tmp_path / "out.gz")
