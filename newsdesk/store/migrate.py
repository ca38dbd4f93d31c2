"""Alembic, driven from code so that `newsdesk` applies migrations on start."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at our migrations and at `engine`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the schema up to `revision`; a no-op when it is already there.

    "heads": each stage adds its tables in a migration branching from the one it needs, so
    several heads are normal and all are applied.
    """
    command.upgrade(alembic_config(engine), revision)
