"""Fixtures shared by every test: real databases and real HTTP servers."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from newsdesk.config import Settings
from newsdesk.store.engine import Store, open_store

if TYPE_CHECKING:
    from tests.support.postgres import PostgresServer

pytest_plugins = ["tests.support.postgres"]
if importlib.util.find_spec("tests.support.httpserver") is not None:
    pytest_plugins.append("tests.support.httpserver")

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """Settings for a fresh database of each kind; fetching may reach 127.0.0.1 only, unpaced."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'newsdesk.db'}"
    else:
        server: PostgresServer = request.getfixturevalue("postgres_server")
        url = server.url(server.create_database())
    yield Settings(
        data_dir=tmp_path,
        database_url=url,
        allowed_networks=["127.0.0.1/32"],  # type: ignore[list-item]
        total_timeout=10,
        connect_timeout=5,
        # Every test server is one host (127.0.0.1): pace nothing, as bench/ingest.py does;
        # tests/ingest/test_pacing.py proves the pacing with its own settings.
        per_host_concurrency=20,
        per_host_delay_seconds=0,
    )


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    opened = open_store(settings)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small build of the demo site (real Wikinews articles), root-relative links."""
    from newsdesk.demo.site import build_demo_site

    out = tmp_path_factory.mktemp("demo-site")
    build_demo_site(out, limit=40)
    return out
