"""The answers gold set through the real eval (throwaway database, real analysis, real answers).

Gated a little below the level measured (0.71 / 0.92 with answer-2, see README's performance
table). The answerer's weights were fitted on this file's first 236 rows, so these figures are
in-sample for them; scripts/fit_answer.py prints the cross-validated and held-out figures. The
issue's cites target (0.80) is not reached yet; this gate stops a regression.
"""

from __future__ import annotations

from pathlib import Path

from newsdesk.config import Settings
from newsdesk.evaluation.run import run_eval

GOLD = Path(__file__).parents[1] / "data/eval/answers.jsonl"


def test_answers_gold_set_holds_its_level(tmp_path: Path) -> None:
    scores = run_eval(Settings(data_dir=tmp_path), "answers", GOLD)
    assert scores["answerable"] >= 100 and scores["unanswerable"] >= 40
    assert scores["answer_cites_gold"] >= 0.69
    assert scores["does_not_say"] >= 0.88
