"""`newsdesk eval` end to end, as a real process, on a small labelled file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.evaluation.run import kinds

SMALL = Path(__file__).parents[1] / "data" / "eval" / "framework" / "stories-small.jsonl"


def newsdesk(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSDESK_DATA_DIR": str(tmp_path), "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_eval_stories_prints_every_score_with_n_and_seconds(tmp_path: Path) -> None:
    done = newsdesk("eval", "stories", str(SMALL), "--json", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    scores = json.loads(done.stdout)
    assert set(scores) == {
        "bcubed_precision",
        "bcubed_recall",
        "bcubed_f1",
        "pairwise_precision",
        "pairwise_recall",
        "n",
        "seconds",
    }
    assert scores["n"] == 60
    assert all(0.0 <= scores[k] <= 1.0 for k in scores if k not in ("n", "seconds"))
    assert not list(tmp_path.iterdir())  # the throwaway database is gone, ours untouched


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["eval", "nonsense", str(SMALL)], "no eval kind", id="unknown-kind"),
        pytest.param(["eval", "stories", "/nonexistent.jsonl"], "cannot read", id="missing-file"),
    ],
)
def test_mistakes_are_one_error_line(tmp_path: Path, args: list[str], message: str) -> None:
    done = newsdesk(*args, tmp_path=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("error:") and message in done.stderr


def test_a_line_that_is_not_an_object_is_refused_with_its_number(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "title": "x"}\n[1, 2]\n', encoding="utf-8")
    done = newsdesk("eval", "stories", str(bad), tmp_path=tmp_path)
    assert done.returncode == 1 and f"{bad}:2:" in done.stderr


def test_stories_is_a_registered_kind() -> None:
    assert "stories" in kinds()
