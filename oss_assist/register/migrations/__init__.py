"""Alembic migrations of the register's schema; ``HEAD`` is the newest revision."""

HEAD = "0002"
