"""The inspection API (/__sandbox__/...) tells the truth about what the sandbox was sent."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from oss_assist.sandbox import Sandbox

SITI_NIK = "3508205204820001"
SECRET = "Rahasia#123"


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client() as c:
        yield c


def requests_since(client: httpx.Client, sb: Sandbox, since: int = 0) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = client.get(
        sb.urls["mail"] + f"/__sandbox__/requests?since={since}"
    ).json()
    return rows


def test_requests_are_listed_in_order_with_host_method_path_body_and_status(
    client: httpx.Client, sandbox: Sandbox
) -> None:
    login = sandbox.urls["login"]
    client.get(sandbox.urls["portal"] + "/kbli?q=warung")
    client.post(login + "/api/register/check-nik", json={"nik": SITI_NIK})
    client.post(login + "/api/register/check-email", json={"email": "siti@contoh.test"})
    client.get(sandbox.urls["beranda"] + "/api/v1/ref/region/list/kota?parent=35")
    rows = requests_since(client, sandbox)
    assert [(r["host"], r["method"], r["path"], r["status"]) for r in rows] == [
        ("portal", "GET", "/kbli", 200),
        ("login", "POST", "/api/register/check-nik", 200),
        ("login", "POST", "/api/register/check-email", 200),
        ("beranda", "GET", "/api/v1/ref/region/list/kota", 200),
    ]
    assert rows[0]["query"] == "q=warung"
    assert rows[1]["body"] == {"nik": SITI_NIK}
    seqs = [r["seq"] for r in rows]
    assert seqs == sorted(seqs)
    assert requests_since(client, sandbox, int(str(seqs[1]))) == rows[2:]


def test_static_files_and_the_inspection_api_are_not_logged(
    client: httpx.Client, sandbox: Sandbox
) -> None:
    assert client.get(sandbox.urls["login"] + "/static/portal.js").status_code == 200
    client.get(sandbox.urls["login"] + "/__sandbox__/state")
    assert requests_since(client, sandbox) == []


def test_secrets_are_redacted_from_the_log_and_never_kept_in_clear(
    client: httpx.Client, sandbox: Sandbox
) -> None:
    login = sandbox.urls["login"]
    r = client.post(login + "/api/register/send-otp", json={
        "jenis_pelaku_usaha": "02", "nik": SITI_NIK, "email": "siti@contoh.test"})
    rid = r.json()["registration_id"]
    code = sandbox.state.mails[-1].code
    client.post(login + "/api/register/verify-otp", json={"registration_id": rid, "otp": code})
    client.post(login + "/api/register/set-password", json={
        "registration_id": rid, "password": SECRET, "password_confirmation": SECRET})
    r = client.post(login + "/login", data={"username": "dewi.lestari@contoh.test",
                                            "password": "Latihan#2026"})
    token = r.headers["location"].split("auth-code=", 1)[1]
    client.get(sandbox.urls["beranda"] + f"/api/v1/ref/region/list/provinsi?auth-code={token}")
    rows = requests_since(client, sandbox)
    bodies = {str(r["path"]): r["body"] for r in rows}
    assert bodies["/api/register/verify-otp"] == {"registration_id": rid, "otp": "[rahasia]"}
    assert bodies["/api/register/set-password"] == {
        "registration_id": rid, "password": "[rahasia]", "password_confirmation": "[rahasia]"}
    assert bodies["/login"] == {"username": "dewi.lestari@contoh.test", "password": "[rahasia]"}
    assert rows[-1]["query"] == "auth-code=[rahasia]"
    logged = json.dumps(rows)
    for secret in (SECRET, "Latihan#2026", token):
        assert secret not in logged
    state = client.get(sandbox.urls["login"] + "/__sandbox__/state").text
    assert SECRET not in state and "Latihan#2026" not in state and "password_hash" not in state


def test_requests_made_in_a_session_name_the_account(client: httpx.Client,
                                                     sandbox: Sandbox) -> None:
    client.post(sandbox.urls["login"] + "/login",
                data={"username": "budi.santoso@contoh.test", "password": "Latihan#2026"})
    client.get(sandbox.urls["login"] + "/renew-email")
    rows = requests_since(client, sandbox)
    budi = sandbox.state.account_by_login("budi.santoso@contoh.test")
    assert budi is not None
    assert [(r["path"], r["account_id"]) for r in rows] == [
        ("/login", None), ("/renew-email", budi.id)]


def test_marks_sit_between_the_requests_they_name(client: httpx.Client,
                                                 sandbox: Sandbox) -> None:
    portal = sandbox.urls["portal"]
    client.get(portal + "/")
    seq = client.post(portal + "/__sandbox__/mark",
                      json={"actor": "operator-skrip", "note": "klik Daftar"}).json()["seq"]
    client.get(portal + "/faq")
    rows = requests_since(client, sandbox)
    assert rows[0]["seq"] < seq < rows[1]["seq"]
    marks = client.get(portal + "/__sandbox__/state").json()["marks"]
    assert [(m["seq"], m["actor"], m["note"]) for m in marks] == [
        (seq, "operator-skrip", "klik Daftar")]


def test_state_reports_accounts_sessions_and_mail(client: httpx.Client, sandbox: Sandbox) -> None:
    state = client.get(sandbox.urls["login"] + "/__sandbox__/state").json()
    assert sorted(a["email"] for a in state["accounts"]) == [
        "budi.santoso@contoh.test", "dewi.lestari@contoh.test", "joko.prasetyo@contoh.test"]
    assert all(a["training"] and a["status"] == "active" for a in state["accounts"])
    assert (state["sessions"], state["mails"], state["marks"]) == (0, [], [])


def test_reset_forgets_everything_but_the_register_and_the_training_accounts(
    client: httpx.Client, sandbox: Sandbox
) -> None:
    login = sandbox.urls["login"]
    client.post(login + "/api/register/send-otp", json={
        "jenis_pelaku_usaha": "02", "nik": SITI_NIK, "email": "siti@contoh.test"})
    client.post(login + "/login", data={"username": "dewi.lestari@contoh.test",
                                        "password": "Latihan#2026"})
    assert client.post(login + "/__sandbox__/reset").json() == {"ok": True}
    state = client.get(login + "/__sandbox__/state").json()
    assert (state["sessions"], state["mails"], len(state["accounts"])) == (0, [], 3)
    assert requests_since(client, sandbox) == []
    assert len(sandbox.state.population) == 14


def test_faults_can_be_read_and_switched_over_http(client: httpx.Client,
                                                  sandbox: Sandbox) -> None:
    url = sandbox.urls["portal"] + "/__sandbox__/faults"
    assert client.get(url).json()["profile"] == "none"
    r = client.post(url, json={"profile": "errors", "seed": 9,
                               "overrides": {"http_error_probability": 1}})
    assert (r.json()["profile"], r.json()["seed"]) == ("errors", 9)
    assert r.json()["settings"]["http_error_probability"] == 1
    assert sandbox.faults.profile.http_error_probability == 1
    assert client.post(url, json={"profile": "nope"}).status_code == 400
    assert client.post(url, json={"profile": "none", "overrides": {"latency_ms": -1}}
                       ).status_code == 400
    assert client.get(url).json()["profile"] == "errors"


def test_the_mailbox_api_reads_an_applicants_mail(client: httpx.Client, sandbox: Sandbox) -> None:
    client.post(sandbox.urls["login"] + "/api/register/send-otp", json={
        "jenis_pelaku_usaha": "02", "nik": SITI_NIK, "email": "Siti@Contoh.test"})
    mails = client.get(sandbox.urls["portal"] + "/__sandbox__/mailbox?to=siti@contoh.test").json()
    assert [m["subject"] for m in mails] == ["Kode OTP Pendaftaran Akun OSS"]
    assert mails[0]["code"] == sandbox.state.mails[0].code
