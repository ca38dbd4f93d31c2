"""`newsdesk create-admin` makes an admin account, or promotes an existing one."""

from __future__ import annotations

import os
import subprocess
import sys

from newsdesk.config import Settings
from newsdesk.store.accounts import credentials_by_email
from newsdesk.store.engine import Store


def _run(
    settings: Settings, command: str, *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "NEWSDESK_DATA_DIR": str(settings.data_dir),
        "NEWSDESK_DATABASE_URL": settings.database_url,
    }
    return subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", command, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_create_admin_creates_then_promotes_and_refuses_a_short_password(
    settings: Settings, store: Store
) -> None:
    made = _run(
        settings,
        "create-admin",
        "Boss@Example.org",
        "--password-stdin",
        stdin="a long password 1\n",
    )
    again = _run(settings, "create-admin", "boss@example.org")
    short = _run(settings, "create-admin", "x@example.org", "--password-stdin", stdin="short\n")
    assert made.returncode == 0, made.stderr
    assert "created admin boss@example.org" in made.stdout
    assert "is now an admin" in again.stdout
    assert short.returncode == 1
    assert short.stderr.startswith("error: ") and "at least 10 characters" in short.stderr
    with store.session() as session:
        found = credentials_by_email(session, email="boss@example.org")
    assert found and found[0].role == "admin"
    assert "a long password" not in found[1]


def test_set_role_makes_a_moderator_and_refuses_unknown_roles_and_accounts(
    settings: Settings, store: Store
) -> None:
    _run(
        settings, "create-admin", "mod@example.org", "--password-stdin", stdin="a long password 1\n"
    )
    demoted = _run(settings, "set-role", "mod@example.org", "moderator")
    bad_role = _run(settings, "set-role", "mod@example.org", "king")
    nobody = _run(settings, "set-role", "nobody@example.org", "reader")
    assert demoted.returncode == 0 and "is now a moderator" in demoted.stdout
    assert bad_role.returncode == nobody.returncode == 1
    assert "no account for nobody@example.org" in nobody.stderr
    with store.session() as session:
        found = credentials_by_email(session, email="mod@example.org")
    assert found and found[0].role == "moderator"
