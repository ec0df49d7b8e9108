"""The office's web desk ("Meja Layanan"): the register in the browsers of the counter,
the section head, the operator, the secretariat and the head of office.

    app = build_app(load_settings())      # a Starlette app; ``oss-assist web`` serves it

One module per kind of page (``login``, ``cases``, ``case``, ``evidence``, ``intake``,
``recap``, ``audit``, ``survey``), one template per page; ``permissions.may`` is the one
place that decides what a role may do, and every view asks it through ``auth.require``.
``build_app`` is imported on first use: the command line reads this package's light
modules (``serve``) without loading Starlette and the register.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from oss_assist.web.app import build_app

__all__ = ["build_app"]


def __getattr__(name: str) -> Any:
    if name == "build_app":
        from oss_assist.web.app import build_app

        return build_app
    raise AttributeError(name)
