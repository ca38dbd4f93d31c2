"""Run one eval: throwaway database, real load, real analysis, the kind's scorer, timing."""

from __future__ import annotations

import importlib
import pkgutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import newsdesk.evaluation
from newsdesk.config import Settings
from newsdesk.errors import UserError
from newsdesk.evaluation.load import load_rows, read_rows
from newsdesk.store.engine import Store, open_store

FRAMEWORK = frozenset({"load", "run", "scoring"})


def kinds() -> list[str]:
    """Every kind: each module of this package that is not the framework itself."""
    return sorted(
        m.name
        for m in pkgutil.iter_modules(newsdesk.evaluation.__path__)
        if m.name not in FRAMEWORK and not m.name.startswith("_")
    )


def kind_module(kind: str) -> ModuleType:
    if kind not in kinds():
        raise UserError(f"no eval kind {kind!r}; known: {', '.join(kinds())}")
    module = importlib.import_module(f"newsdesk.evaluation.{kind}")
    if not callable(getattr(module, "score", None)):
        raise UserError(f"eval kind {kind!r} has no score function")
    return module


@contextmanager
def analysed(
    settings: Settings, rows: list[dict[str, Any]]
) -> Iterator[tuple[Store, dict[str, int]]]:
    """The rows loaded into a throwaway SQLite database and analysed by the real pipeline:
    (store, row id → article id), the database gone when the block ends."""
    from newsdesk.analyze.pipeline import make_context, run_analysis

    with tempfile.TemporaryDirectory(prefix="newsdesk-eval-") as tmp:
        scratch = settings.model_copy(
            update={"data_dir": Path(tmp), "database_url": f"sqlite:///{tmp}/eval.db"}
        )
        store = open_store(scratch)
        try:
            ids = load_rows(store, rows)
            run_analysis(make_context(scratch, store))
            yield store, ids
        finally:
            store.close()


def run_eval(settings: Settings, kind: str, path: Path) -> dict[str, float]:
    """Scores of `kind` on the labelled file, plus `n` (lines) and `seconds` (wall time)."""
    module = kind_module(kind)
    rows = read_rows(path)
    started = time.perf_counter()
    with analysed(settings, rows) as (store, ids), store.session() as session:
        scores = dict(module.score(rows, ids, session))
    scores["n"] = len(rows)
    scores["seconds"] = round(time.perf_counter() - started, 3)
    return scores
