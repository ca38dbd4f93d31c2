"""`newsdesk analyze` and `reanalyze`, run as real processes on a real database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from newsdesk.analyze.pipeline import available_steps
from newsdesk.config import Settings
from newsdesk.evaluation.load import load_rows
from newsdesk.store.engine import open_store
from tests.analyze.conftest import corpus_rows


def newsdesk(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSDESK_DATA_DIR": str(tmp_path), "COLUMNS": "200"}
    env.pop("NEWSDESK_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_analyze_then_reanalyze_since_a_date(tmp_path: Path) -> None:
    store = open_store(Settings(data_dir=tmp_path))
    rows = corpus_rows(6)
    load_rows(store, rows)
    first = newsdesk(tmp_path, "analyze")
    assert first.returncode == 0 and "analysed 6 articles" in first.stdout
    again = newsdesk(tmp_path, "analyze")
    assert "analysed 0 articles" in again.stdout
    newest = max(r["published"] for r in rows)
    redo = newsdesk(tmp_path, "reanalyze", "--since", newest)
    assert redo.returncode == 0 and "analysed 1 articles" in redo.stdout
    with store.session() as session:
        steps = session.execute(text("SELECT count(*) FROM article_analysis")).scalar_one()
    assert steps == 6 * len(available_steps("any"))  # each step once per article
    store.close()


def test_a_bad_date_is_one_error_line(tmp_path: Path) -> None:
    done = newsdesk(tmp_path, "reanalyze", "--since", "last tuesday")
    assert done.returncode == 1 and done.stderr.startswith("error: not a date")
