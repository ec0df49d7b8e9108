"""Sandbox hosts 'perizinan' and 'beranda' (being built)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from oss_assist.sandbox.app import Context


def perizinan_routes(ctx: Context) -> list[BaseRoute]:
    del ctx
    return []


def beranda_routes(ctx: Context) -> list[BaseRoute]:
    del ctx
    return []
