"""Serving the web desk: on 127.0.0.1 by default; on the office network only over TLS, or
with a flag that says plainly that passwords then cross the network unencrypted."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from oss_assist.errors import ConfigError
from oss_assist.i18n import Text

if TYPE_CHECKING:
    from oss_assist.settings import Settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8780


@dataclass(frozen=True)
class Listen:
    """Where and how the desk listens."""

    host: str
    port: int
    tls_cert: Path | None = None
    tls_key: Path | None = None

    @property
    def tls(self) -> bool:
        return self.tls_cert is not None

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}/"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def plan(host: str, port: int, *, tls_cert: Path | None, tls_key: Path | None,
         plaintext_ok: bool) -> Listen:
    """Check the choice of address and certificate; refuse an unsafe one, saying why."""
    if (tls_cert is None) != (tls_key is None):
        raise ConfigError(Text("--tls-cert dan --tls-key harus diberikan berdua.",
                               "--tls-cert and --tls-key go together."))
    for path in (tls_cert, tls_key):
        if path is not None and not path.is_file():
            raise ConfigError(Text("berkas sertifikat/kunci TLS tidak ditemukan.",
                                   "the TLS certificate/key file was not found."),
                              where=str(path))
    if not is_loopback(host) and tls_cert is None and not plaintext_ok:
        raise ConfigError(Text(
            f"meja layanan hanya dibuka di jaringan kantor ({host}) dengan sertifikat: "
            "--tls-cert BERKAS --tls-key BERKAS. Tanpa itu kata sandi petugas lewat "
            "jaringan tanpa enkripsi; bila tetap dikehendaki, tambahkan "
            "--kata-sandi-tanpa-enkripsi.",
            f"the desk is served on the office network ({host}) only with a certificate: "
            "--tls-cert FILE --tls-key FILE. Without one, staff passwords cross the "
            "network unencrypted; to do so anyway, add --passwords-unencrypted."))
    return Listen(host, port, tls_cert, tls_key)


def serve(settings: Settings, listen: Listen) -> None:
    """Serve until stopped (Ctrl+C). No access log: a URL may name a case."""
    import uvicorn

    from oss_assist.web.app import build_app

    app = build_app(settings, secure=listen.tls)
    uvicorn.run(app, host=listen.host, port=listen.port, log_level="warning",
                access_log=False, lifespan="off", server_header=False,
                ssl_certfile=str(listen.tls_cert) if listen.tls_cert else None,
                ssl_keyfile=str(listen.tls_key) if listen.tls_key else None)
