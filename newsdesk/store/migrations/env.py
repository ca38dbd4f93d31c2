"""Alembic environment: the engine comes from newsdesk, never from an ini file."""

from __future__ import annotations

from alembic import context

import newsdesk.store.models_community  # noqa: F401  (its tables in the metadata, for autogenerate)
from newsdesk.store.models import Base

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
