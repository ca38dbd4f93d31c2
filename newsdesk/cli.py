"""The `newsdesk` command: thin, it parses arguments and calls services.

Every NewsdeskError becomes one line on stderr and exit status 1; nothing a person types can
produce a traceback.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsdesk.config import Settings, get_settings
from newsdesk.errors import NewsdeskError, UserError
from newsdesk.store.engine import Store, open_store

if TYPE_CHECKING:
    from newsdesk.ingest.rounds import RoundReport

app = typer.Typer(
    help="newsdesk: a self-hosted, AI-assisted news platform.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)

FullTextOption = Annotated[
    str | None,
    typer.Option(help="Fetch each entry's page: auto (teasers only), always or never."),
]


def _store(settings: Settings | None = None) -> Store:
    return open_store(settings or get_settings())


@app.command("add-feed")
def add_feed_cmd(
    url: str,
    category: Annotated[str | None, typer.Option(help="Category (folder) for the feed.")] = None,
    full_text: FullTextOption = None,
    no_check: Annotated[
        bool, typer.Option("--no-check", help="Subscribe without fetching.")
    ] = False,
) -> None:
    """Subscribe to a feed (a web page's advertised feed is found automatically)."""
    from newsdesk.ingest.subscribe import subscribe

    if full_text not in (None, "auto", "always", "never"):
        raise UserError("--full-text must be auto, always or never")
    settings = get_settings()
    store = _store(settings)
    sub = asyncio.run(
        subscribe(settings, store, url, category=category, full_text=full_text, check=not no_check)
    )
    verb = "added" if sub.created else "already subscribed:"
    out.print(f"{verb} feed {sub.feed_id} {sub.url}" + (f" ({sub.title})" if sub.title else ""))


@app.command("import-opml")
def import_opml_cmd(path: Path) -> None:
    """Subscribe to every feed in an OPML file; folders become categories."""
    from newsdesk.ingest.subscribe import import_opml

    body = _read_file(path)
    settings = get_settings()
    added, existing = import_opml(settings, _store(settings), body)
    out.print(f"imported {added} feeds ({existing} already subscribed)")


@app.command("export-opml")
def export_opml_cmd(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to a file.")] = None,
) -> None:
    """Print (or write) the subscriptions as OPML."""
    from newsdesk.ingest.subscribe import export_opml

    body = export_opml(_store())
    if output is None:
        sys.stdout.buffer.write(body)
    else:
        output.write_bytes(body)


@app.command("feeds")
def feeds_cmd(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """The health table: last fetch, status, error and next poll of every feed."""
    from newsdesk.store.feeds import feed_health

    with _store().session() as session:
        rows = feed_health(session)
    if as_json:
        print(json.dumps([row.as_json() for row in rows], indent=2, ensure_ascii=False))
        return
    table = Table("id", "feed", "status", "articles", "last fetch", "next poll", "error")
    table.columns[1].overflow = "fold"
    table.columns[6].overflow = "fold"
    for row in rows:
        table.add_row(
            str(row.id),
            f"{escape(row.title)}\n[dim]{escape(row.url)}[/dim]" if row.title else escape(row.url),
            row.status,
            str(row.articles),
            _when(row.last_fetched_at),
            _when(row.next_poll_at),
            escape(row.last_error or ""),
        )
    out.print(table)


@app.command("fetch")
def fetch_cmd(
    feed: Annotated[list[int] | None, typer.Option(help="Only these feed ids.")] = None,
) -> None:
    """Run one round: poll every due feed and store what it brings."""
    settings = get_settings()
    report = asyncio.run(_with_progress(settings, _store(settings), feed))
    out.print(
        f"polled {report.feeds} feeds, ran {report.tasks} tasks "
        f"({report.failed_tasks} failed), {report.new_articles} new articles"
    )


async def _with_progress(
    settings: Settings, store: Store, feed_ids: list[int] | None
) -> RoundReport:
    from rich.progress import Progress

    from newsdesk.ingest.rounds import fetch_round
    from newsdesk.jobs import RunStats

    with Progress(console=err, transient=True) as progress:
        bar = progress.add_task("fetching", total=None)

        def update(_name: str, stats: RunStats) -> None:
            progress.update(bar, completed=stats.done + stats.failed, total=stats.queued)

        return await fetch_round(settings, store, feed_ids=feed_ids, progress=update)


@app.command("purge")
def purge_cmd(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only say what would be deleted.")
    ] = False,
) -> None:
    """Delete articles beyond NEWSDESK_KEEP_DAYS / NEWSDESK_KEEP_PER_FEED (never starred or
    commented ones)."""
    from newsdesk.store.retention import purge_articles
    from newsdesk.store.types import utcnow

    settings = get_settings()
    if not settings.keep_days and not settings.keep_per_feed:
        out.print("nothing to purge: NEWSDESK_KEEP_DAYS and NEWSDESK_KEEP_PER_FEED are both 0")
        return
    report = purge_articles(
        _store(settings),
        keep_days=settings.keep_days,
        keep_per_feed=settings.keep_per_feed,
        now=utcnow(),
        dry_run=dry_run,
    )
    verb = "would delete" if dry_run else "deleted"
    count = report.to_delete if dry_run else report.deleted
    out.print(
        f"{verb} {count} articles ({report.old} past keep_days, {report.beyond_count} past "
        f"keep_per_feed, {report.protected} of them kept as starred or commented)"
    )


@app.command("source-policy")
def source_policy_cmd(
    host: Annotated[str, typer.Argument(help="The publisher's host (or any URL on it).")],
    policy: Annotated[
        str | None, typer.Argument(help="full, or excerpt: show an excerpt and link out.")
    ] = None,
) -> None:
    """Show or set how much of a publisher's articles the site shows: full or excerpt."""
    from newsdesk.store.sources import DISPLAY_POLICIES, set_display_policy

    if policy is not None and policy not in DISPLAY_POLICIES:
        raise UserError("the policy must be full or excerpt")
    with _store().session() as session:
        source = set_display_policy(session, host=host, policy=policy)
        out.print(f"{source.host}: {source.display_policy}")


@app.command("extract")
def extract_cmd(
    sources: Annotated[list[str], typer.Argument(help="URLs or HTML files.")],
    url: Annotated[str | None, typer.Option(help="The page's URL, for a file.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per page.")] = False,
) -> None:
    """Show what the pipeline makes of a page (metadata and main text)."""
    from newsdesk.ingest.inspect import inspect_sources

    failures = 0
    for result in inspect_sources(get_settings(), sources, url=url):
        failures += result.error is not None
        if as_json:
            print(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            out.print(result.as_text())
    if failures:
        raise typer.Exit(1)


@app.command("serve")
def serve_cmd(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Serve the site (and poll feeds in the background)."""
    from newsdesk.web.serve import serve

    settings = get_settings()
    serve(settings, host=host or settings.host, port=port or settings.port)


@app.command("demo")
def demo_cmd(
    serve_site: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve afterwards.")
    ] = True,
    limit: Annotated[int | None, typer.Option(help="Use only this many articles.")] = None,
) -> None:
    """Publish the bundled Wikinews corpus as local feeds, ingest them, and serve the site."""
    from newsdesk.demo.run import run_demo

    run_demo(get_settings(), serve_site=serve_site, limit=limit, console=err)


models_app = typer.Typer(help="The embedding model: prepare it once per machine.")
app.add_typer(models_app, name="models")


@models_app.command("prepare")
def models_prepare_cmd() -> None:
    """Export the packaged all-MiniLM-L6-v2 to ONNX and verify it (does nothing if done)."""
    from newsdesk.analyze.models import prepare, read_manifest

    settings = get_settings()
    if settings.embeddings_url:
        out.print(f"embeddings come from {settings.embeddings_url}: nothing to prepare")
        return
    path, made = prepare(settings)
    diff = read_manifest(path).get("max_abs_diff", 0.0)
    verb = "prepared" if made else "already prepared:"
    out.print(f"{verb} {escape(str(path))} (max difference from sentence-transformers {diff:.1e})")


@app.command("analyze")
def analyze_cmd() -> None:
    """Analyse the articles whose analysis is missing or stale (embed, related, ...)."""
    _analyze(everything=False, since=None)


@app.command("reanalyze")
def reanalyze_cmd(
    since: Annotated[
        str | None, typer.Option(help="Only articles published or seen since this date.")
    ] = None,
) -> None:
    """Run every analysis step again over all articles (or those since a date)."""
    _analyze(everything=True, since=_date(since) if since else None)


def _analyze(*, everything: bool, since: datetime | None) -> None:
    from rich.progress import Progress

    from newsdesk.analyze.pipeline import make_context, run_analysis

    settings = get_settings()
    context = make_context(settings, _store(settings))
    with Progress(console=err, transient=True) as progress:
        bar = progress.add_task("analysing", total=None)
        report = run_analysis(
            context,
            since=since,
            everything=everything,
            progress=lambda done, total: progress.update(bar, completed=done, total=total),
        )
    counts = ", ".join(f"{n} {status}" for status, n in sorted(report.by_status.items()))
    out.print(
        f"analysed {report.articles} articles" + (f" (article-steps: {counts})" if counts else "")
    )


@app.command("regenerate")
def regenerate_cmd(
    since: Annotated[
        str | None, typer.Option(help="Only articles first seen since this date.")
    ] = None,
) -> None:
    """Make the stale summaries (and sentence vectors) and story summaries ahead of readers."""
    from rich.progress import Progress

    from newsdesk.generate.panel import regenerate

    settings = get_settings()
    with Progress(console=err, transient=True) as progress:
        bar = progress.add_task("summarising", total=None)
        counts = regenerate(
            settings,
            _store(settings),
            since=_date(since) if since else None,
            progress=lambda n: progress.advance(bar, n),
        )
    out.print(
        f"summaries: {counts['made']} made, {counts['fresh']} already fresh, "
        f"{counts['skipped']} skipped (no usable English text); story summaries: "
        f"{counts['stories_made']} made, {counts['stories_fresh']} already fresh"
    )


def _date(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise UserError(f"not a date: {value!r} (use YYYY-MM-DD)") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@app.command("eval")
def eval_cmd(
    kind: Annotated[str, typer.Argument(help="What to score: stories, sections, ...")],
    path: Annotated[Path, typer.Argument(help="A JSON Lines file of labelled articles.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Load a labelled file into a throwaway database, analyse it, and score one task."""
    from newsdesk.evaluation.run import run_eval

    scores = run_eval(get_settings(), kind, path)
    if as_json:
        print(json.dumps(scores, sort_keys=True))
        return
    table = Table("metric", "value")
    for key, value in sorted(scores.items()):
        table.add_row(key, f"{value:.4f}" if isinstance(value, float) else str(value))
    out.print(table)


@app.command("create-admin")
def create_admin_cmd(
    email: str,
    name: Annotated[str, typer.Option(help="Name shown with their comments.")] = "",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Make EMAIL an admin: promote its account, or create one (asks for a password)."""
    from newsdesk.community.accounts import create_admin
    from newsdesk.store import accounts as accounts_db

    store = _store()
    with store.session() as session:
        exists = accounts_db.credentials_by_email(session, email=email.strip().lower()) is not None
    password = None
    if not exists:
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    out.print(create_admin(store, email=email, password=password, name=name))


@app.command("set-role")
def set_role_cmd(email: str, role: str) -> None:
    """Give EMAIL's account the role reader, moderator or admin."""
    from newsdesk.store import accounts as accounts_db

    if role not in accounts_db.ROLES:
        raise UserError("role must be reader, moderator or admin")
    with _store().session() as session:
        found = accounts_db.credentials_by_email(session, email=email.strip().lower())
        if found is None:
            raise UserError(f"no account for {email}")
        accounts_db.set_role(session, account_id=found[0].id, role=role)
    out.print(f"{email.strip().lower()} is now a {role}")


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None


def _when(value: object) -> str:
    from datetime import datetime

    if not isinstance(value, datetime):
        return "never"
    return value.strftime("%Y-%m-%d %H:%M UTC")


def main() -> None:
    """Entry point: run the app, turning our errors into one line and a non-zero exit."""
    from newsdesk.jobs.runner import quiet_libraries

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    quiet_libraries()
    try:
        app()
    except NewsdeskError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(1)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        err.print(f"error: setting {where}: {first['msg']}", markup=False, highlight=False)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
