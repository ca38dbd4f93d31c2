"""Schemathesis against the whole app's /openapi.json on a real server: no 500s, and every
response matches its schema. Calls carry a reader's API token so the signed-in paths run
too; the number of examples is bounded so the test stays short."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from newsdesk.config import Settings
from newsdesk.store.engine import open_store
from tests.support.community import Browser, comment_id_of, make_article
from tests.support.webserver import running_site

MAX_EXAMPLES = 40


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(base URL, API token) of a site with an article, a comment and a reply."""
    tmp: Path = tmp_path_factory.mktemp("schemathesis")
    config = Settings(data_dir=tmp, database_url=f"sqlite:///{tmp / 'newsdesk.db'}")
    config = config.model_copy(update={"limit_comments_per_account": 100_000})
    store = open_store(config)
    article = make_article(store)
    with running_site(config, store) as site, Browser(site) as b:
        b.sign_up("fuzz@example.org", "Fuzz")
        first = comment_id_of(b.comment(article, "first"))
        b.comment(article, "reply", parent_id=first)
        page = b.submit("/account/tokens", {"label": "fuzz"}, page="/account").text
        token = page.split('class="api-token">', 1)[1].split("<", 1)[0]
        yield site, token
    store.close()


def test_api_answers_every_generated_request_without_500_and_to_its_schema(
    served: tuple[str, str],
) -> None:
    site, token = served
    schema = schemathesis.openapi.from_url(site + "/openapi.json")
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert any("/comments" in op.path for op in operations)  # the community API is in the spec

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            case.call_and_validate(
                headers={"Authorization": f"Bearer {token}"},
                checks=[not_a_server_error, response_schema_conformance],
            )

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {str(exc)[:1500]}")
    assert failures == [], "\n\n".join(failures)
