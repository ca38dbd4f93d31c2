"""The answers gold sets through the real eval (throwaway database, real analysis, real answers).

Gated a little below the levels measured with answer-3: answers.jsonl 0.78 / 0.93 (in-sample:
the weights are fitted on all of it), answers_heldout.jsonl 0.60 / 0.93 (its second half never
trained on; scripts/fit_answer.py prints that half and the cross-validated figures). The
issue's cites target (0.80) is not reached on reader-worded questions; these gates stop a
regression.
"""

from __future__ import annotations

from pathlib import Path

from newsdesk.config import Settings
from newsdesk.evaluation.run import run_eval

GOLD = Path(__file__).parents[1] / "data/eval/answers.jsonl"
HELD_OUT = Path(__file__).parents[1] / "data/eval/answers_heldout.jsonl"


def test_answers_gold_set_holds_its_level(tmp_path: Path) -> None:
    scores = run_eval(Settings(data_dir=tmp_path), "answers", GOLD)
    assert scores["answerable"] >= 100 and scores["unanswerable"] >= 40
    assert scores["answer_cites_gold"] >= 0.75
    assert scores["does_not_say"] >= 0.90


def test_reader_worded_held_out_set_holds_its_level(tmp_path: Path) -> None:
    scores = run_eval(Settings(data_dir=tmp_path), "answers", HELD_OUT)
    assert scores["answerable"] >= 40 and scores["unanswerable"] >= 20
    assert scores["answer_cites_gold"] >= 0.56
    assert scores["does_not_say"] >= 0.88
