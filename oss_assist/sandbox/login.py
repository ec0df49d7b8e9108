"""Sandbox host 'login' (ui-login.oss.go.id): registration, login, the e-mail interstitial.

Pages
    GET  /register            the registration SPA page (steps: identity → OTP → password
                              → profile → done), driven by the XHRs below
    GET  /login               "Masuk" (``?expired=1``: the session-expired toast).
                              ``?next=<URL>`` (single sign-on): when this host's own cookie
                              holds a live session, 303 straight back to ``next`` with
                              ``auth-code=<token>``; else the page, carrying ``next`` on.
                              ``next`` must be a page of perizinan, beranda or amdalnet
                              (any other is ignored: no open redirect)
    POST /login               username, password[, captcha, captcha_id, next] → 303 to
                              ``next`` with ``auth-code=<token>``, or else to
                              ``{perizinan}/#/?auth-code=<token>``; cookie ``oss_token_login``
    POST /login/takeover      ticket[, next] → ends the account's other session, logs in
    GET  /renew-email         "Perbarui Email Anda" (accounts flagged ``renew_email``)
    POST /renew-email         email[, next] → "Email Berhasil Disimpan" + "Menuju Dashboard"
    GET  /logout              ends the session everywhere (every host's token is that
                              session's), clears this host's cookie, back to /login
    GET  /verify/<token>      the public check behind an NIB's QR code (404 when unknown)

Registration XHRs (JSON in, JSON out; secrets never logged, see ``state.SECRET_FIELDS``)
    POST /api/register/check-nik     {nik}                → {status, message}
    POST /api/register/check-email   {email}              → {status, message}
    POST /api/register/send-otp      {jenis_pelaku_usaha, nik, email}
                                     → {status, registration_id, email_masked, resend_after}
    POST /api/register/resend-otp    {registration_id}    → {status, resend_after} | 429
    POST /api/register/verify-otp    {registration_id, otp} → {status} | 400
    POST /api/register/set-password  {registration_id, password, password_confirmation}
    POST /api/register/submit        {registration_id, phone, name, gender, birth_date,
                                      address, provinsi, kota, kecamatan, kelurahan, agree}
                                     → {status, message} | 422 (errors / "Data tidak sesuai
                                     KTP") | 503 ("Gagal tersambung ke sistem dukcapil")
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from oss_assist import refdata
from oss_assist.sandbox.app import EXPIRED_TEXT, Context, session_cookie, with_auth_code
from oss_assist.sandbox.population import dukcapil_check, parse_ddmmyyyy
from oss_assist.sandbox.state import Account, PortalState, Session, hash_password

# The portal's texts (oss-portal.md §3, §4, §14).
NIK_REGISTERED = "NIK sudah terdaftar"
EMAIL_REGISTERED = "Email sudah terdaftar"
PHONE_REGISTERED = "Nomor HP sudah terdaftar"
NIK_FORMAT = "NIK harus 16 digit angka"
NIK_INVALID = "NIK tidak valid"
EMAIL_INVALID = "Format email tidak valid"
OTP_WRONG = "Kode OTP salah atau tidak valid"
OTP_EXPIRED = "Kode OTP sudah tidak berlaku (expired). Silakan kirim ulang kode."
OTP_LOCKED = "Kode OTP salah 5 kali. Silakan kirim ulang kode."
OTP_NOT_YET = "Kode OTP belum dapat dikirim ulang. Tunggu {s} detik."
PASSWORD_RULES = "Kata sandi belum memenuhi ketentuan"  # noqa: S105 (a message, not a password)
PASSWORD_MISMATCH = "Konfirmasi kata sandi tidak sama"  # noqa: S105 (a message)
REQUIRED = "Wajib diisi"
PHONE_INVALID = "Nomor HP tidak valid. Tulis tanpa 0 atau 62 di depan, contoh: 81234567890"
DATE_INVALID = "Format tanggal harus dd/mm/yyyy"
REGION_INVALID = "Wilayah tidak valid"
TERMS_REQUIRED = "Anda harus menyetujui Syarat dan Ketentuan"
CHECK_AGAIN = "Periksa kembali data yang Anda isi"
DUKCAPIL_DOWN = "Gagal tersambung ke sistem dukcapil"
DUKCAPIL_MISMATCH = "Data tidak sesuai KTP"
REGISTERED = "Registrasi berhasil. Silakan masuk dengan akun Anda."
REGISTRATION_GONE = "Sesi pendaftaran telah berakhir. Silakan ulangi pendaftaran."
LOGIN_FAILED = "Kombinasi akun dan kata sandi tidak sesuai"
CAPTCHA_WRONG = "Kode Captcha tidak sesuai"
CAPTCHA_NEEDED = "Masukkan kode Captcha"
SESSION_CONFLICT = "Akun sedang digunakan pada sesi lain"
TICKET_GONE = "Waktu konfirmasi habis. Silakan masuk kembali."
EMAIL_SAVED = "Email Berhasil Disimpan"

OTP_TTL_S = 300.0
OTP_RESEND_S = 60
OTP_MAX_ATTEMPTS = 5
TICKET_TTL_S = 120.0
JENIS_PELAKU_USAHA = {
    "01": "Badan Usaha",
    "02": "Orang Perseorangan",
    "03": "Kantor Perwakilan",
    "04": "Badan Usaha Luar Negeri",
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_PHONE = re.compile(r"^8[1-9][0-9]{6,10}$")
_SPECIAL = "!@#$%^&*_-"


# -- pure checks -----------------------------------------------------------------------


def nik_problem(nik: str) -> str | None:
    """Why a NIK cannot be right (format and structure), or None."""
    if not re.fullmatch(r"[0-9]{16}", nik):
        return NIK_FORMAT
    day, month, serial = int(nik[6:8]), int(nik[8:10]), nik[12:]
    if nik[0] == "0" or refdata.region(nik[:2]) is None:
        return NIK_INVALID
    if not (1 <= day <= 31 or 41 <= day <= 71) or not 1 <= month <= 12 or serial == "0000":
        return NIK_INVALID
    return None


def email_problem(email: str) -> str | None:
    return None if _EMAIL.match(email.strip()) else EMAIL_INVALID


def password_problems(password: str) -> list[str]:
    """The checklist items the password does not meet yet."""
    rules = {
        "Minimal 8 karakter": len(password) >= 8,
        "Menggunakan huruf besar dan huruf kecil": bool(
            re.search("[a-z]", password) and re.search("[A-Z]", password)
        ),
        "Menggunakan angka": bool(re.search("[0-9]", password)),
        f"Menggunakan karakter spesial ({_SPECIAL})": any(c in _SPECIAL for c in password),
    }
    return [rule for rule, ok in rules.items() if not ok]


def phone_digits(phone: str) -> str:
    """The number as typed after the +62 prefix, spaces and dashes dropped."""
    return re.sub(r"[\s-]", "", phone)


def mask_email(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:1]}{'*' * max(len(name) - 1, 3)}@{domain}"


LOGIN_COOKIE = session_cookie("login")


def _login_key(login: str) -> str:
    """The typed login, normalised (e-mail lower-cased; a phone number as 8…)."""
    value = login.strip().lower()
    if "@" in value:
        return value
    digits = re.sub(r"\D", "", value)
    for prefix in ("62", "0"):
        if digits.startswith(prefix):
            return digits[len(prefix) :]
    return digits or value


# -- the host ----------------------------------------------------------------------------


def routes(ctx: Context) -> list[BaseRoute]:
    state = ctx.state
    return [
        Route("/", lambda request: RedirectResponse("/login", status_code=303)),
        Route("/register", _register_page(ctx)),
        Route("/api/register/check-nik", _check_nik(state), methods=["POST"]),
        Route("/api/register/check-email", _check_email(state), methods=["POST"]),
        Route("/api/register/send-otp", _send_otp(ctx), methods=["POST"]),
        Route("/api/register/resend-otp", _resend_otp(ctx), methods=["POST"]),
        Route("/api/register/verify-otp", _verify_otp(state), methods=["POST"]),
        Route("/api/register/set-password", _set_password(state), methods=["POST"]),
        Route("/api/register/submit", _submit(ctx), methods=["POST"]),
        Route("/login", _login_page(ctx), methods=["GET"]),
        Route("/login", _login_post(ctx), methods=["POST"]),
        Route("/login/takeover", _takeover(ctx), methods=["POST"]),
        Route("/renew-email", _renew_email(ctx), methods=["GET", "POST"]),
        Route("/logout", _logout(ctx), methods=["GET", "POST"]),
        Route("/verify/{token}", _verify_document(ctx)),
    ]


def _verify_document(ctx: Context) -> Any:
    from oss_assist.sandbox import issuance

    async def page(request: Request) -> Response:
        state = ctx.state
        with state.lock:
            nib = issuance.nib_by_verify_token(state, request.path_params["token"])
            if nib is None:
                response = ctx.render(request, "login/verify.html", nib=None, popups=0,
                                      stuck_spinner=False)
                response.status_code = 404
                return response
            account = state.accounts[nib.account_id]
            activities = issuance.activities_of(state, nib)
        from oss_assist.sandbox import nib_pdf

        return ctx.render(
            request, "login/verify.html", nib=nib.nib, holder=account.name,
            issued=nib_pdf.tanggal(datetime.fromtimestamp(nib.issued_at)),
            activities=activities, popups=0, stuck_spinner=False,
        )

    return page


async def _json(request: Request) -> dict[str, Any]:
    try:
        data = await request.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _fail(message: str, status: int = 400, **extra: Any) -> JSONResponse:
    return JSONResponse({"status": False, "message": message, **extra}, status_code=status)


# -- registration --------------------------------------------------------------------------


def _register_page(ctx: Context) -> Any:
    async def page(request: Request) -> Response:
        return ctx.render(
            request,
            "login/register.html",
            jenis=list(JENIS_PELAKU_USAHA.values()),
            resend_after=OTP_RESEND_S,
        )

    return page


def _check_nik(state: PortalState) -> Any:
    async def check(request: Request) -> Response:
        nik = str((await _json(request)).get("nik", "")).strip()
        problem = nik_problem(nik)
        if problem is None and state.account_by_nik(nik) is not None:
            problem = NIK_REGISTERED
        return JSONResponse({"status": problem is None, "message": problem or ""})

    return check


def _check_email(state: PortalState) -> Any:
    async def check(request: Request) -> Response:
        email = str((await _json(request)).get("email", "")).strip()
        problem = email_problem(email)
        if problem is None and state.account_by_email(email) is not None:
            problem = EMAIL_REGISTERED
        return JSONResponse({"status": problem is None, "message": problem or ""})

    return check


def _otp_mail(ctx: Context, pending: dict[str, Any]) -> None:
    """Draw a fresh code, keep only its hash, and e-mail it to the applicant."""
    state = ctx.state
    code = f"{secrets.randbelow(1_000_000):06d}"
    now = state.now()
    pending.update(
        otp_hash=hash_password(code, state.salt + pending["id"]),
        otp_sent_at=now,
        otp_expires_at=now + OTP_TTL_S,
        otp_attempts=0,
    )
    state.send_mail(
        pending["email"],
        "Kode OTP Pendaftaran Akun OSS",
        f"Kode OTP Anda: {code}\n\n"
        "Masukkan kode ini pada halaman pendaftaran OSS. Kode berlaku 5 menit.\n"
        "JANGAN berikan kode ini kepada siapa pun, termasuk petugas.\n\n"
        "Lembaga OSS - Kementerian Investasi dan Hilirisasi/BKPM",
        code=code,
    )


def _send_otp(ctx: Context) -> Any:
    state = ctx.state

    async def send(request: Request) -> Response:
        data = await _json(request)
        jenis = str(data.get("jenis_pelaku_usaha", ""))
        nik = str(data.get("nik", "")).strip()
        email = str(data.get("email", "")).strip()
        if jenis != "02":
            return _fail("Pilih jenis pelaku usaha Orang Perseorangan", 422)
        with state.lock:
            problem = nik_problem(nik) or email_problem(email)
            if problem is None and state.account_by_nik(nik) is not None:
                problem = NIK_REGISTERED
            if problem is None and state.account_by_email(email) is not None:
                problem = EMAIL_REGISTERED
            if problem is not None:
                return _fail(problem, 422)
            rid = secrets.token_hex(12)
            pending: dict[str, Any] = {
                "id": rid,
                "account_id": state.new_id("P02-"),
                "jenis_pelaku_usaha": jenis,
                "nik": nik,
                "email": email,
                "otp_verified": False,
                "password_hash": "",
                "created_at": state.now(),
            }
            _otp_mail(ctx, pending)
            state.pending[rid] = pending
        return JSONResponse(
            {
                "status": True,
                "registration_id": rid,
                "email_masked": mask_email(email),
                "resend_after": OTP_RESEND_S,
            }
        )

    return send


def _pending(state: PortalState, data: dict[str, Any]) -> dict[str, Any] | None:
    return state.pending.get(str(data.get("registration_id", "")))


def _resend_otp(ctx: Context) -> Any:
    state = ctx.state

    async def resend(request: Request) -> Response:
        with state.lock:
            pending = _pending(state, await _json(request))
            if pending is None:
                return _fail(REGISTRATION_GONE, 410)
            wait = int(pending["otp_sent_at"] + OTP_RESEND_S - state.now() + 0.999)
            if wait > 0:
                return _fail(OTP_NOT_YET.format(s=wait), 429, resend_after=wait)
            _otp_mail(ctx, pending)
        return JSONResponse({"status": True, "resend_after": OTP_RESEND_S})

    return resend


def _verify_otp(state: PortalState) -> Any:
    async def verify(request: Request) -> Response:
        data = await _json(request)
        code = str(data.get("otp", "")).strip()
        with state.lock:
            pending = _pending(state, data)
            if pending is None:
                return _fail(REGISTRATION_GONE, 410)
            if pending["otp_attempts"] >= OTP_MAX_ATTEMPTS:
                return _fail(OTP_LOCKED, 400)
            if state.now() > pending["otp_expires_at"]:
                return _fail(OTP_EXPIRED, 400)
            expected = pending["otp_hash"]
            given = hash_password(code, state.salt + pending["id"])
            if not secrets.compare_digest(expected, given):
                pending["otp_attempts"] += 1
                return _fail(OTP_WRONG, 400)
            pending["otp_verified"] = True
        return JSONResponse({"status": True})

    return verify


def _set_password(state: PortalState) -> Any:
    async def set_password(request: Request) -> Response:
        data = await _json(request)
        password = str(data.get("password", ""))
        confirmation = str(data.get("password_confirmation", ""))
        with state.lock:
            pending = _pending(state, data)
            if pending is None or not pending["otp_verified"]:
                return _fail(REGISTRATION_GONE, 410)
            missing = password_problems(password)
            if missing:
                return _fail(PASSWORD_RULES, 422, rules=missing)
            if password != confirmation:
                return _fail(PASSWORD_MISMATCH, 422)
            pending["password_hash"] = hash_password(password, state.salt + pending["account_id"])
        return JSONResponse({"status": True})

    return set_password


def _profile_errors(state: PortalState, data: dict[str, Any]) -> dict[str, str]:
    """Field → message for the profile form, as the portal validates it before Dukcapil."""
    errors: dict[str, str] = {}
    fields = ("phone", "name", "gender", "birth_date", "address")
    regions = ("provinsi", "kota", "kecamatan", "kelurahan")
    for name in (*fields, *regions):
        if not str(data.get(name, "")).strip():
            errors[name] = REQUIRED
    phone = phone_digits(str(data.get("phone", "")))
    if phone and not _PHONE.match(phone):
        errors["phone"] = PHONE_INVALID
    elif phone and any(a.phone == phone for a in state.accounts.values()):
        errors["phone"] = PHONE_REGISTERED
    if data.get("gender") and data.get("gender") not in ("Laki-laki", "Perempuan"):
        errors["gender"] = REQUIRED
    birth = str(data.get("birth_date", "")).strip()
    if birth and parse_ddmmyyyy(birth) is None:
        errors["birth_date"] = DATE_INVALID
    chain = [str(data.get(name, "")) for name in regions]
    if all(chain):
        parent = ""
        for name, code in zip(regions, chain, strict=True):
            place = refdata.region(code)
            if place is None or (place.parent_code or "") != parent:
                errors[name] = REGION_INVALID
                break
            parent = code
    if not data.get("agree"):
        errors["agree"] = TERMS_REQUIRED
    return errors


def _submit(ctx: Context) -> Any:
    state = ctx.state

    async def submit(request: Request) -> Response:
        data = await _json(request)
        with state.lock:
            pending = _pending(state, data)
            if pending is None:
                account = None
                nik = str(data.get("nik", ""))
                if nik:
                    account = state.account_by_nik(nik)
                return _fail(NIK_REGISTERED if account else REGISTRATION_GONE, 410)
            if not pending["otp_verified"] or not pending["password_hash"]:
                return _fail(REGISTRATION_GONE, 410)
            errors = _profile_errors(state, data)
            if errors:
                return _fail(CHECK_AGAIN, 422, errors=errors)
        if ctx.faults.dukcapil_down():
            return _fail(DUKCAPIL_DOWN, 503, code="DUKCAPIL_UNAVAILABLE")
        name = " ".join(str(data["name"]).split())
        verdict = dukcapil_check(
            state.population, pending["nik"], name, str(data["birth_date"]), str(data["gender"])
        )
        if verdict != "ok":
            return _fail(DUKCAPIL_MISMATCH, 422, code="DUKCAPIL_MISMATCH")
        with state.lock:
            if state.account_by_nik(pending["nik"]) is not None:
                state.pending.pop(pending["id"], None)
                return _fail(NIK_REGISTERED, 409)
            if state.account_by_email(pending["email"]) is not None:
                state.pending.pop(pending["id"], None)
                return _fail(EMAIL_REGISTERED, 409)
            account = Account(
                id=pending["account_id"],
                nik=pending["nik"],
                email=pending["email"],
                phone=phone_digits(str(data["phone"])),
                name=name.upper(),
                gender=str(data["gender"]),
                birth_date=str(data["birth_date"]).strip(),
                address=str(data["address"]).strip(),
                daerah_id=str(data["kelurahan"]),
                password_hash=pending["password_hash"],
                status="active",
            )
            state.accounts[account.id] = account
            state.pending.pop(pending["id"], None)
        state.send_mail(
            account.email,
            "Pendaftaran Hak Akses OSS Berhasil",
            f"Yth. {account.name},\n\nAkun OSS Anda telah aktif. Silakan masuk di "
            f"{ctx.urls['login']}/login dengan email atau nomor HP Anda.\n\n"
            "Lembaga OSS - Kementerian Investasi dan Hilirisasi/BKPM",
        )
        return JSONResponse({"status": True, "message": REGISTERED, "login_url": "/login"})

    return submit


# -- login -----------------------------------------------------------------------------------


def _new_captcha(state: PortalState) -> tuple[str, str]:
    a, b = 2 + secrets.randbelow(8), 1 + secrets.randbelow(9)
    cid = secrets.token_hex(8)
    with state.lock:
        state.captchas[cid] = str(a + b)
    return cid, f"{a} + {b} = ?"


def _failure_key(state: PortalState, login: str) -> str:
    """Whose failed logins count towards the CAPTCHA: the account's when the typed login
    names one (by e-mail or by phone, so switching between them does not start over),
    else the typed text's."""
    account = state.account_by_login(login) if login.strip() else None
    return f"account:{account.id}" if account else f"login:{_login_key(login)}"


def _next(ctx: Context, value: Any) -> str:
    """The ``next`` page to return to after logging in, if it is one of the sandbox's."""
    return ctx.safe_next(str(value or "")) or ""


def _render_login(
    ctx: Context,
    request: Request,
    *,
    username: str = "",
    error: str = "",
    captcha: bool = False,
    ticket: str = "",
    next_url: str = "",
    status_code: int = 200,
) -> Response:
    captcha_id, question = _new_captcha(ctx.state) if captcha else ("", "")
    toast = None
    if request.query_params.get("expired") == "1" and request.method == "GET":
        toast = {"text": EXPIRED_TEXT, "type": "info"}
    response = ctx.render(
        request,
        "login/login.html",
        username=username,
        error=error,
        captcha_id=captcha_id,
        captcha_question=question,
        ticket=ticket,
        conflict_text=SESSION_CONFLICT,
        toast=toast,
        next=next_url,
        cancel_url="/login" + ("?" + urlencode({"next": next_url}) if next_url else ""),
    )
    response.status_code = status_code
    return response


def _login_page(ctx: Context) -> Any:
    async def page(request: Request) -> Response:
        next_url = _next(ctx, request.query_params.get("next"))
        if next_url:
            # Single sign-on: this host's own session, if live, goes back at once.
            session = ctx.live_session(request.cookies.get(LOGIN_COOKIE, ""))
            if session is not None:
                return RedirectResponse(with_auth_code(next_url, session.token),
                                        status_code=303)
        return _render_login(ctx, request, captcha=ctx.faults.login_captcha(0),
                             next_url=next_url)

    return page


def _live_sessions(ctx: Context, account_id: str) -> list[Session]:
    """The account's sessions that have not idled out (idle ones are ended here)."""
    state, idle = ctx.state, ctx.faults.profile.session_idle_s
    now = state.now()
    live = []
    with state.lock:
        for session in state.sessions_of(account_id):
            if now - session.last_seen > idle:
                state.end_session(session.token)
            else:
                live.append(session)
    return live


def _after_login(ctx: Context, token: str, next_url: str) -> str:
    """Where a logged-in user goes: ``next`` with the auth-code, else the dashboard."""
    if next_url:
        return with_auth_code(next_url, token)
    return f"{ctx.urls['perizinan']}/#/?auth-code={token}"


def _complete_login(ctx: Context, account: Account, next_url: str = "") -> Response:
    session = ctx.state.open_session(account.id)
    if account.renew_email:
        target = "/renew-email" + ("?" + urlencode({"next": next_url}) if next_url else "")
    else:
        target = _after_login(ctx, session.token, next_url)
    response = RedirectResponse(target, status_code=303)
    ctx.remember("login", response, session.token)
    return response


def _login_post(ctx: Context) -> Any:
    state = ctx.state

    async def login(request: Request) -> Response:
        form = await request.form()
        username = str(form.get("username", "")).strip()
        password = str(form.get("password", ""))
        next_url = _next(ctx, form.get("next") or request.query_params.get("next"))
        with state.lock:
            key = _failure_key(state, username)
            failures = state.login_failures.get(key, 0)
        if ctx.faults.login_captcha(failures):
            cid = str(form.get("captcha_id", ""))
            answer = str(form.get("captcha", "")).strip()
            with state.lock:
                expected = state.captchas.pop(cid, None)
            if not answer or expected is None:
                return _render_login(
                    ctx, request, username=username, error=CAPTCHA_NEEDED, captcha=True,
                    next_url=next_url, status_code=400,
                )
            if answer != expected:
                return _render_login(
                    ctx, request, username=username, error=CAPTCHA_WRONG, captcha=True,
                    next_url=next_url, status_code=400,
                )
        account = state.account_by_login(username) if username else None
        if (
            account is None
            or account.status != "active"
            or not state.check_password(account, password)
        ):
            with state.lock:
                state.login_failures[key] = state.login_failures.get(key, 0) + 1
                failures = state.login_failures[key]
                if account is not None:
                    account.failed_logins += 1
            return _render_login(
                ctx,
                request,
                username=username,
                error=LOGIN_FAILED,
                captcha=ctx.faults.login_captcha(failures),
                next_url=next_url,
                status_code=401,
            )
        with state.lock:
            state.login_failures.pop(key, None)
            account.failed_logins = 0
        own = request.cookies.get(LOGIN_COOKIE, "")
        others = [s for s in _live_sessions(ctx, account.id) if s.token != own]
        if own and state.sessions.get(own) and state.sessions[own].account_id == account.id:
            state.end_session(own)  # the same browser logging in again
        if others:
            ticket = secrets.token_urlsafe(16)
            with state.lock:
                state.login_tickets[ticket] = (account.id, state.now())
            return _render_login(
                ctx, request, username=username, ticket=ticket, next_url=next_url,
                status_code=409,
            )
        return _complete_login(ctx, account, next_url)

    return login


def _takeover(ctx: Context) -> Any:
    state = ctx.state

    async def takeover(request: Request) -> Response:
        form = await request.form()
        next_url = _next(ctx, form.get("next"))
        with state.lock:
            entry = state.login_tickets.pop(str(form.get("ticket", "")), None)
        if entry is None or state.now() - entry[1] > TICKET_TTL_S:
            return _render_login(ctx, request, error=TICKET_GONE, next_url=next_url,
                                 status_code=400)
        account = state.accounts.get(entry[0])
        if account is None:
            return _render_login(ctx, request, error=LOGIN_FAILED, next_url=next_url,
                                 status_code=400)
        for session in state.sessions_of(account.id):
            state.end_session(session.token)
        return _complete_login(ctx, account, next_url)

    return takeover


def _renew_email(ctx: Context) -> Any:
    state = ctx.state

    async def renew(request: Request) -> Response:
        form: Mapping[str, Any] = await request.form() if request.method == "POST" else {}
        next_url = _next(ctx, form.get("next") or request.query_params.get("next"))
        session = ctx.session(request)
        account = state.accounts.get(session.account_id) if session else None
        if session is None or account is None:
            return ctx.to_login(request, next_url=next_url)
        dashboard = _after_login(ctx, session.token, next_url)
        if request.method == "GET":
            if not account.renew_email:
                return RedirectResponse(dashboard, status_code=303)
            return ctx.render(request, "login/renew_email.html", email="", error="",
                              saved=False, dashboard=dashboard, next=next_url)
        email = str(form.get("email", "")).strip()
        problem = REQUIRED if not email else email_problem(email)
        other = state.account_by_email(email) if problem is None else None
        if other is not None and other.id != account.id:
            problem = EMAIL_REGISTERED
        if problem is not None:
            response = ctx.render(request, "login/renew_email.html", email=email, error=problem,
                                  saved=False, dashboard=dashboard, next=next_url)
            response.status_code = 422
            return response
        with state.lock:
            account.email = email
            account.renew_email = False
        return ctx.render(request, "login/renew_email.html", email=email, error="", saved=True,
                          dashboard=dashboard, saved_text=EMAIL_SAVED)

    return renew


def _logout(ctx: Context) -> Any:
    async def logout(request: Request) -> Response:
        # Sessions are server-side: ending them here kills the token every host keeps.
        # Both the login host's own and the page's (``?auth-code=`` on "Keluar") count.
        state = ctx.state
        tokens = {request.cookies.get(LOGIN_COOKIE, ""),
                  request.query_params.get("auth-code", "")} - {""}
        with state.lock:
            accounts = {s.account_id for t in tokens if (s := state.sessions.get(t))}
            for account_id in accounts:
                for session in state.sessions_of(account_id):
                    state.end_session(session.token)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(LOGIN_COOKIE, path="/")
        return response

    return logout
