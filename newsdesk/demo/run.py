"""`newsdesk demo`: publish the corpus locally, subscribe through OPML, ingest, serve.

The demo is the pipeline's first real user: nothing here writes articles; the feeds and pages
travel over HTTP through fetch, parse, extract and store like any publisher's. Each publisher
gets its own origin (a port on 127.0.0.1) so the store sees three publishers, not one.
"""

from __future__ import annotations

import asyncio
import ipaddress
from contextlib import ExitStack
from dataclasses import dataclass

from rich.console import Console
from rich.progress import Progress

from newsdesk.config import Settings
from newsdesk.demo.outlets import DEMO_DAILY, SYNDICATE_POST
from newsdesk.demo.server import DemoServer, serve_directory
from newsdesk.demo.site import build_demo_site
from newsdesk.errors import UserError
from newsdesk.ingest.rounds import RoundReport, fetch_round
from newsdesk.ingest.subscribe import import_opml
from newsdesk.jobs import RunStats
from newsdesk.store.engine import Store, open_store
from newsdesk.store.sources import set_source_details

WIKINEWS_NOTICE = (
    "Article from Wikinews (https://www.wikinews.org), CC BY 2.5, "
    "https://creativecommons.org/licenses/by/2.5/ — see the original for its authors."
)
OUTLET_NOTICE = (
    "Demo outlet: a fictional site made by newsdesk's demo that republishes Wikinews articles "
    "under CC BY 2.5; not a real publisher."
)


@dataclass(frozen=True)
class Publisher:
    prefix: str
    name: str
    notice: str


PUBLISHERS = (
    Publisher("/wikinews/", "Wikinews", WIKINEWS_NOTICE),
    Publisher("/demo-daily/", DEMO_DAILY, OUTLET_NOTICE),
    Publisher("/syndicate-post/", SYNDICATE_POST, OUTLET_NOTICE),
)
LOOPBACK = ipaddress.ip_network("127.0.0.1/32")


def demo_settings(settings: Settings) -> Settings:
    """The demo's publishers live on 127.0.0.1, so fetching must be allowed there (only)."""
    if settings.allowed_networks:
        return settings
    return settings.model_copy(update={"allowed_networks": [LOOPBACK]})


def start_publishers(settings: Settings, *, limit: int | None) -> tuple[ExitStack, str]:
    """Build the site and serve it, one port per publisher; returns the stack and OPML path."""
    site_dir = settings.data_dir / "demo-site"
    site_dir.mkdir(parents=True, exist_ok=True)
    origins = {
        p.prefix: f"http://127.0.0.1:{settings.demo_port + i}" for i, p in enumerate(PUBLISHERS)
    }
    site = build_demo_site(site_dir, limit=limit, origins=origins)
    stack = ExitStack()
    for i in range(len(PUBLISHERS)):
        port = settings.demo_port + i
        try:
            server: DemoServer = serve_directory(site.out_dir, port=port)
        except OSError as exc:
            stack.close()
            raise UserError(
                f"cannot serve the demo publishers on 127.0.0.1:{port} ({exc.strerror}); "
                "set NEWSDESK_DEMO_PORT to a free port"
            ) from None
        stack.enter_context(server)
    return stack, str(site.opml_file)


def name_publishers(settings: Settings, store: Store) -> None:
    with store.session() as session:
        for i, publisher in enumerate(PUBLISHERS):
            url = f"http://127.0.0.1:{settings.demo_port + i}{publisher.prefix}"
            set_source_details(session, url=url, name=publisher.name, notice=publisher.notice)


async def ingest_with_progress(settings: Settings, store: Store, console: Console) -> RoundReport:
    with Progress(console=console, transient=True) as progress:
        bar = progress.add_task("ingesting the demo feeds", total=None)

        def update(_name: str, stats: RunStats) -> None:
            progress.update(bar, completed=stats.done + stats.failed, total=stats.queued)

        return await fetch_round(settings, store, progress=update)


def analyze_with_progress(settings: Settings, store: Store, console: Console) -> None:
    """Analyse what the round stored, so the demo site has related articles (and the rest)."""
    from newsdesk.analyze.pipeline import make_context, run_analysis

    with Progress(console=console, transient=True) as progress:
        bar = progress.add_task("analysing the articles", total=None)
        report = run_analysis(
            make_context(settings, store),
            progress=lambda done, total: progress.update(bar, completed=done, total=total),
        )
    counts = ", ".join(f"{n} {status}" for status, n in sorted(report.by_status.items()))
    console.print(f"demo: analysed {report.articles} articles ({counts or 'nothing to do'})")


def run_demo(
    settings: Settings, *, serve_site: bool, limit: int | None, console: Console
) -> RoundReport:
    """Publish, subscribe, ingest; then serve the site (and keep polling) if asked."""
    from pathlib import Path

    settings = demo_settings(settings)
    stack, opml = start_publishers(settings, limit=limit)
    with stack:
        store = open_store(settings)
        name_publishers(settings, store)
        added, existing = import_opml(settings, store, Path(opml).read_bytes())
        console.print(f"demo: subscribed to {added} feeds ({existing} already there)")
        report = asyncio.run(ingest_with_progress(settings, store, console))
        console.print(
            f"demo: polled {report.feeds} feeds, ran {report.tasks} tasks "
            f"({report.failed_tasks} failed); {report.articles_after} articles stored "
            f"({report.new_articles} new)"
        )
        analyze_with_progress(settings, store, console)
        store.close()
        if serve_site:
            from newsdesk.web.serve import serve

            serve(settings, host=settings.host, port=settings.port)
    return report
