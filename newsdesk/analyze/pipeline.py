"""The analysis runner: every step, in order, over the articles whose analysis is stale.

An article's analysis is stale for a step when the article changed (its content_hash) or the
step did (its STEP_VERSION, or the embedding model). Steps run one after the other over the
whole batch of stale articles, so `related` sees every vector `embed` just stored. Screening
comes first (analyze/screen.py): an empty, non-English or boilerplate-only article is
recorded as skipped by every step with the reason. A step that raises on a chunk is re-run
article by article, and the articles it still fails on are recorded as failed with the error:
nothing raised by a step stops the run.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import ModuleType

from newsdesk.analyze.context import AnalyzeContext
from newsdesk.analyze.embed import get_embedder
from newsdesk.analyze.screen import screen
from newsdesk.config import Settings
from newsdesk.jobs.context import JobContext
from newsdesk.jobs.registry import task
from newsdesk.store.analysis import (
    StepResult,
    article_inputs,
    pending_article_ids,
    record_results,
    stale_for_step,
)
from newsdesk.store.engine import Store

log = logging.getLogger(__name__)
CHUNK = 256

# ---------------------------------------------------------------------------------------------
# THE STEPS, in the order they run: (step name, module, function). Each module defines
# STEP_VERSION and `def analyze_<step>(ctx: AnalyzeContext, article_ids: Sequence[int])`.
# A module that is not installed in this build is left out (the other engineers' steps plug
# in here simply by existing); a module that exists but lacks its function is an error.
STEPS: tuple[tuple[str, str, str], ...] = (
    ("embed", "newsdesk.analyze.vectors", "analyze_embed"),
    ("duplicates", "newsdesk.analyze.duplicates", "analyze_duplicates"),
    ("sections", "newsdesk.analyze.sections", "analyze_sections"),
    ("tags", "newsdesk.analyze.tags", "analyze_tags"),  # entities + hashtags
    ("stories", "newsdesk.analyze.stories", "analyze_stories"),
    ("related", "newsdesk.analyze.related", "analyze_related"),
)
# ---------------------------------------------------------------------------------------------

StepFn = Callable[[AnalyzeContext, Sequence[int]], None]
Progress = Callable[[int, int], None]  # (done, total) in article-steps


@dataclass(frozen=True)
class Step:
    name: str
    version: str
    run: StepFn


@dataclass
class AnalyzeReport:
    articles: int = 0
    by_status: dict[str, int] = field(default_factory=dict)

    def count(self, status: str, n: int = 1) -> None:
        self.by_status[status] = self.by_status.get(status, 0) + n


def available_steps(embedder_name: str) -> list[Step]:
    steps = []
    for name, module_name, function in STEPS:
        module = _import(module_name)
        if module is None:
            continue
        version = f"{module.STEP_VERSION}+{embedder_name}"
        steps.append(Step(name, version, getattr(module, function)))
    return steps


def _import(module_name: str) -> ModuleType | None:
    if importlib.util.find_spec(module_name) is None:
        return None
    return importlib.import_module(module_name)


def make_context(settings: Settings, store: Store) -> AnalyzeContext:
    return AnalyzeContext(settings=settings, store=store, embedder=get_embedder(settings))


def run_analysis(
    ctx: AnalyzeContext,
    *,
    article_ids: Sequence[int] | None = None,
    since: datetime | None = None,
    everything: bool = False,
    progress: Progress | None = None,
) -> AnalyzeReport:
    """Analyse the stale articles (or, with `everything`, all of them, or those given)."""
    steps = available_steps(ctx.embedder.name)
    versions = {step.name: step.version for step in steps}
    ids = (
        list(article_ids) if article_ids is not None else _pending(ctx, versions, since, everything)
    )
    report = AnalyzeReport(articles=len(ids))
    total, done = len(ids) * len(steps), 0
    verdicts = _screen(ctx, ids)
    for step in steps:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            if not everything:
                with ctx.store.session() as session:
                    chunk = stale_for_step(
                        session, step=step.name, version=step.version, article_ids=chunk
                    )
            _run_step(ctx, step, chunk, verdicts, report)
            done += len(ids[start : start + CHUNK])
            if progress is not None:
                progress(done, total)
    return report


def _pending(
    ctx: AnalyzeContext, versions: dict[str, str], since: datetime | None, everything: bool
) -> list[int]:
    ids: list[int] = []
    with ctx.store.session() as session:
        while True:
            page = pending_article_ids(
                session,
                versions=versions,
                after_id=ids[-1] if ids else 0,
                limit=5000,
                since=since,
                everything=everything,
            )
            if not page:
                return ids
            ids.extend(page)


def _screen(ctx: AnalyzeContext, ids: list[int]) -> dict[int, tuple[bool, str | None]]:
    verdicts: dict[int, tuple[bool, str | None]] = {}
    for start in range(0, len(ids), CHUNK):
        with ctx.store.session() as session:
            for article in article_inputs(session, article_ids=ids[start : start + CHUNK]):
                verdict = screen(article)
                verdicts[article.id] = (verdict.ok, verdict.reason)
    return verdicts


def _run_step(
    ctx: AnalyzeContext,
    step: Step,
    chunk: Sequence[int],
    verdicts: dict[int, tuple[bool, str | None]],
    report: AnalyzeReport,
) -> None:
    results = [
        StepResult(i, "skipped", verdicts[i][1])
        for i in chunk
        if i in verdicts and not verdicts[i][0]
    ]
    todo = [i for i in chunk if verdicts.get(i, (False, None))[0]]
    failed = _call(ctx, step, todo)
    for article_id in todo:
        if article_id in failed:
            results.append(StepResult(article_id, "failed", failed[article_id]))
        elif article_id in ctx.skipped:
            results.append(StepResult(article_id, "skipped", ctx.skipped[article_id]))
        else:
            results.append(StepResult(article_id, "ok", verdicts[article_id][1]))
    ctx.skipped.clear()
    for result in results:
        report.count(result.status)
    with ctx.store.session() as session:
        record_results(session, step=step.name, version=step.version, results=results)


def _call(ctx: AnalyzeContext, step: Step, ids: list[int]) -> dict[int, str]:
    """Run the step on `ids`; on an error, one by one. Returns the ids that failed, and why."""
    if not ids:
        return {}
    try:
        step.run(ctx, ids)
        return {}
    except Exception as exc:
        if len(ids) == 1:
            log.exception("step %s failed on article %d", step.name, ids[0])
            return {ids[0]: _one_line(exc)}
        log.warning("step %s failed on a chunk of %d; retrying one by one", step.name, len(ids))
    failed: dict[int, str] = {}
    for article_id in ids:
        try:
            step.run(ctx, [article_id])
        except Exception as exc:
            log.exception("step %s failed on article %d", step.name, article_id)
            failed[article_id] = _one_line(exc)
    return failed


def _one_line(exc: Exception) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:300]


def analyze_pending(settings: Settings, store: Store) -> AnalyzeReport:
    """Analyse whatever is stale: the call made after each fetch round."""
    return run_analysis(make_context(settings, store))


@task("analyze_articles")
async def analyze_articles(ctx: JobContext, *, article_ids: list[int] | None = None) -> None:
    """The job form of the runner: stale articles, or the ones named (in a worker thread)."""
    analysis = make_context(ctx.settings, ctx.store)
    await asyncio.to_thread(run_analysis, analysis, article_ids=article_ids)
