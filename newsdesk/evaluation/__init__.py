"""`newsdesk eval KIND FILE.jsonl`: score the real analysis on labelled articles.

The framework (load.py, run.py) loads the file into a throwaway SQLite database through the
store's real write path, runs the real analysis runner, then hands what was stored to the
kind's scorer: a module `newsdesk/evaluation/<kind>.py` with

    def score(rows: list[dict[str, Any]], ids: dict[str, int], session: Session)
        -> dict[str, float]

where `rows` are the file's lines, `ids` maps each line's `id` to its stored article id (two
lines whose texts the store folded into one article share an id), and the session reads what
the analysis stored. scoring.py holds the shared measures (B-cubed, pairwise).
"""
