"""``oss-assist web`` on the office network: served over TLS with a certificate, as the
office would run it (the desk's own command in its own process); a browser that trusts the
certificate signs in, the session cookie is sent over TLS only, plain HTTP gets nothing."""

from __future__ import annotations

import http.client
import os
import re
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address
from pathlib import Path
from urllib.parse import urlencode

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from oss_assist.web.auth import COOKIE

PASSWORD = "rahasia-kasi-0001"


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1, as an office would make one for its desk PC."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "meja-layanan.test")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(IPv4Address(
                "127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "desk.crt", folder / "desk.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[tuple[int, ssl.SSLContext]]:
    cert, key = _self_signed(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("OSS_ASSIST_")}
    archive = tmp_path / "arsip"
    env.update(OSS_ASSIST_ARCHIVE_DIR=str(archive),
               OSS_ASSIST_AUDIT_LOG=str(archive / "audit.jsonl"),
               OSS_ASSIST_DATABASE_URL=f"sqlite:///{tmp_path / 'register.sqlite3'}")
    command = [sys.executable, "-m", "oss_assist"]
    added = subprocess.run([*command, "user", "add", "kasi", "--role", "kasi", "--full-name",
                            "Kasi Pelayanan Uji"], input=PASSWORD + "\n", text=True,
                           capture_output=True, env=env, timeout=120, check=False)
    assert added.returncode == 0, added.stderr
    port = _free_port()
    server = subprocess.Popen(
        [*command, "web", "--host", "127.0.0.1", "--port", str(port), "--tls-cert", str(cert),
         "--tls-key", str(key)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    trust = ssl.create_default_context(cafile=str(cert))
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "the desk did not start"
                time.sleep(0.2)
        yield port, trust
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get(port: int, trust: ssl.SSLContext, path: str,
         cookie: str = "") -> http.client.HTTPResponse:
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=trust, timeout=30)
    connection.request("GET", path, headers={"cookie": cookie} if cookie else {})
    return connection.getresponse()


def test_the_desk_serves_tls_and_its_session_cookie_is_secure(
        desk: tuple[int, ssl.SSLContext]) -> None:
    port, trust = desk
    form = _get(port, trust, "/masuk")
    assert form.status == 200
    csrf_cookie = "; ".join(c.split(";")[0] for c in form.headers.get_all("set-cookie") or [])
    token = re.search(r'name="csrf" value="([^"]+)"', form.read().decode())
    assert token is not None
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=trust, timeout=30)
    connection.request("POST", "/masuk", body=urlencode(
        {"csrf": token.group(1), "nama": "kasi", "sandi": PASSWORD}),
        headers={"content-type": "application/x-www-form-urlencoded",
                 "cookie": csrf_cookie})
    signed_in = connection.getresponse()
    assert signed_in.status == 303, signed_in.read()[:300]
    cookies = signed_in.headers.get_all("set-cookie") or []
    session = next(c for c in cookies if c.startswith(f"{COOKIE}="))
    assert "Secure" in session and "HttpOnly" in session
    page = _get(port, trust, "/", cookie=session.split(";")[0])
    assert page.status == 200 and "Kasi Pelayanan Uji" in page.read().decode()


def test_plain_http_and_an_untrusted_certificate_get_nothing(
        desk: tuple[int, ssl.SSLContext]) -> None:
    port, _ = desk
    plain = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        plain.request("GET", "/masuk")
        body = plain.getresponse().read()
    except (http.client.HTTPException, OSError):
        body = b""  # the connection is dropped: no TLS, no conversation
    assert b"sandi" not in body  # never the sign-in form over plain HTTP
    stranger = http.client.HTTPSConnection("127.0.0.1", port,
                                           context=ssl.create_default_context(), timeout=10)
    with pytest.raises(ssl.SSLCertVerificationError):
        stranger.request("GET", "/masuk")
