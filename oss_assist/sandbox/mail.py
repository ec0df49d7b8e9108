"""Sandbox host 'mail' (being built)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from oss_assist.sandbox.app import Context


def routes(ctx: Context) -> list[BaseRoute]:
    del ctx
    return []
