"""Alembic's entry point: migrates the connection the register hands over."""

from __future__ import annotations

from alembic import context

from oss_assist.register.db import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs `alembic` by hand
    raise SystemExit("run migrations through oss-assist: the register opens its database")
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
