"""A running site per test, on both databases, with a local SMTP server for its mail."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsdesk.config import Settings
from newsdesk.store.engine import Store
from tests.support.community import Mailbox, smtp_server
from tests.support.webserver import running_site


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture
def community_settings(settings: Settings, mailbox: Mailbox) -> Settings:
    return settings.model_copy(
        update={"smtp_host": mailbox.host, "smtp_port": mailbox.port, "smtp_from": "desk@news.test"}
    )


@pytest.fixture
def site(community_settings: Settings, store: Store) -> Iterator[str]:
    with running_site(community_settings, store) as base:
        yield base
