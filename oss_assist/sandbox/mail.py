"""Sandbox host 'mail': the applicants' mailboxes, read as on a phone (the OTP e-mails).

    GET /                    every address that received mail, with counts
    GET /inbox?to=<email>    that address's e-mails, newest first; an OTP shows large
                             ("Kode OTP Anda: 123456", data-testid="otp-code")
    GET /api/inbox?to=<email>  the same as JSON, newest first (the page polls it)
"""

from __future__ import annotations

import time

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from oss_assist.sandbox.app import Context
from oss_assist.sandbox.state import Mail

SENDER = "Lembaga OSS <noreply@oss.go.id>"


def _as_row(mail: Mail) -> dict[str, object]:
    otp_line = f"Kode OTP Anda: {mail.code}"
    rest = mail.body
    if mail.code and rest.startswith(otp_line):
        rest = rest[len(otp_line) :].lstrip("\n")
    return {
        "rest": rest,
        "to": mail.to,
        "from": SENDER,
        "subject": mail.subject,
        "body": mail.body,
        "code": mail.code,
        "sent_at": mail.sent_at,
        "sent": time.strftime("%d/%m/%Y %H:%M:%S", time.localtime(mail.sent_at)),
    }


def routes(ctx: Context) -> list[BaseRoute]:
    state = ctx.state

    async def index(request: Request) -> Response:
        with state.lock:
            boxes: dict[str, list[Mail]] = {}
            for mail in state.mails:
                boxes.setdefault(mail.to.lower(), []).append(mail)
        rows = [
            {"to": to, "count": len(mails), "latest": _as_row(mails[-1])}
            for to, mails in sorted(boxes.items(), key=lambda kv: -kv[1][-1].sent_at)
        ]
        return ctx.render(
            request, "mail/index.html", boxes=rows, popups=0, stuck_spinner=False,
            import_licence_popup=False,
        )

    async def inbox(request: Request) -> Response:
        to = request.query_params.get("to", "").strip()
        mails = [_as_row(m) for m in reversed(state.mailbox(to))] if to else []
        return ctx.render(
            request, "mail/inbox.html", to=to, mails=mails, popups=0, stuck_spinner=False,
            import_licence_popup=False,
        )

    async def inbox_api(request: Request) -> Response:
        to = request.query_params.get("to", "").strip()
        return JSONResponse([_as_row(m) for m in reversed(state.mailbox(to))])

    return [
        Route("/", index),
        Route("/inbox", inbox),
        Route("/api/inbox", inbox_api),
    ]
