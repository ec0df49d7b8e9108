"""A faithful local replica of the OSS portal, for the tests, the demo and training.

    with Sandbox(faults="popups", seed=7) as sb:
        sb.urls["login"]      # http://127.0.0.1:<port>
        sb.state.snapshot()   # what was submitted

It listens on 127.0.0.1 only, one port per portal host.
"""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

from oss_assist.sandbox.faults import PROFILES, FaultProfile, Faults
from oss_assist.sandbox.state import Person, PortalState, TrainingAccount

__all__ = ["PROFILES", "FaultProfile", "Faults", "Sandbox", "TrainingAccount"]

HOST = "127.0.0.1"


def _bind(port: int) -> socket.socket:
    # proto=IPPROTO_TCP lets asyncio set TCP_NODELAY on accepted connections; without it,
    # Nagle's algorithm and delayed ACKs add ~40 ms to every keep-alive response.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Connections inherit it: without it, a response written in two parts waits ~40 ms
    # for the client's delayed ACK (asyncio only sets it on sockets it made itself).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((HOST, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


class Sandbox:
    """The sandbox portal's server: start it, read its URLs and state, stop it."""

    def __init__(
        self,
        *,
        port: int = 0,
        faults: str | FaultProfile = "none",
        seed: int = 0,
        population: list[Person] | None = None,
    ) -> None:
        from oss_assist.sandbox.app import ROLES
        from oss_assist.sandbox.population import load_population, load_training_accounts

        self._faults = Faults(faults, seed)
        self.state = PortalState(
            population if population is not None else load_population(),
            load_training_accounts(),
        )
        self._sockets: list[socket.socket] = []
        try:
            for i, _ in enumerate(ROLES):
                self._sockets.append(_bind(port + i if port else 0))
        except OSError:
            for sock in self._sockets:
                sock.close()
            raise
        self.urls = {
            role: f"http://{HOST}:{sock.getsockname()[1]}"
            for role, sock in zip(ROLES, self._sockets, strict=True)
        }
        self._thread: threading.Thread | None = None
        self._server: object | None = None

    @property
    def faults(self) -> Faults:
        """The run's faults (also when switched through ``/__sandbox__/faults``)."""
        if self._server is not None:
            faults: Faults = self.app.ctx.faults
            return faults
        return self._faults

    @property
    def training_accounts(self) -> list[TrainingAccount]:
        """The ready accounts (re-created at every reset), with their sandbox passwords."""
        return [t for t in self.state.training if t.nik in self.state.population]

    @property
    def settings_env(self) -> dict[str, str]:
        """Environment variables that point oss-assist at this sandbox."""
        return {f"OSS_ASSIST_{role.upper()}_URL": url for role, url in self.urls.items()
                if role != "mail"}

    def _make_server(self) -> object:
        import uvicorn

        from oss_assist.sandbox.app import build_app

        app = build_app(self.state, self._faults, self.urls)
        self.app = app
        config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
        return uvicorn.Server(config)

    def set_faults(self, profile: str | FaultProfile = "none", seed: int = 0) -> Faults:
        """Switch the run's faults (and their seed) without restarting."""
        self._faults = Faults(profile, seed)
        if self._server is not None:
            self.app.ctx.faults = self._faults
        return self._faults

    def reset(self) -> None:
        """Forget accounts, sessions, mail and submissions, and start the run's faults over
        (same profile, same seed), exactly as ``POST /__sandbox__/reset`` does."""
        self.state.reset()
        self.faults.reset()

    def start(self) -> Sandbox:
        """Serve in a background thread; return once every port answers and the first
        request to any page will be as fast as the next."""
        import uvicorn

        server = self._make_server()
        assert isinstance(server, uvicorn.Server)
        self._server = server
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": self._sockets}, daemon=True,
            name="oss-sandbox",
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the sandbox portal did not start")
            time.sleep(0.01)
        self.app.warming.join(timeout=10)
        return self

    @property
    def running(self) -> bool:
        """Whether the background server started by ``start()`` is still serving."""
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        import uvicorn

        server = self._server
        if isinstance(server, uvicorn.Server):
            server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        for sock in self._sockets:
            sock.close()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
