"""The answers gold set through the real eval (throwaway database, real analysis, real answers).

Gated at the level measured when the set was written (see README's performance table); the
issue's targets (0.80 / 0.90) are not reached yet, and this gate stops a regression.
"""

from __future__ import annotations

from pathlib import Path

from newsdesk.config import Settings
from newsdesk.evaluation.run import run_eval

GOLD = Path(__file__).parents[1] / "data/eval/answers.jsonl"


def test_answers_gold_set_holds_its_level(tmp_path: Path) -> None:
    scores = run_eval(Settings(data_dir=tmp_path), "answers", GOLD)
    assert scores["answerable"] >= 100 and scores["unanswerable"] >= 40
    assert scores["answer_cites_gold"] >= 0.75
    assert scores["does_not_say"] >= 0.78
