"""Which ports ``oss-assist sandbox`` listens on: the same from one start to the next, so
that the ``.env`` lines it printed stay valid, unless told otherwise."""

from __future__ import annotations

import contextlib
import random
import socket
from pathlib import Path

#: The file, in the archive folder, that remembers the first port of the last start.
PORT_FILE = ".sandbox-port"
#: One port per portal host.
BLOCK = 6
FIRST_PORT, LAST_PORT = 20000, 60000


def remembered(path: Path) -> int | None:
    """The first port of the last start, when it was remembered and still makes sense."""
    try:
        port = int(path.read_text().strip())
    except (OSError, ValueError):
        return None
    return port if 1 <= port <= 65535 - BLOCK else None


def remember(path: Path, port: int) -> None:
    """Keep ``port`` for the next start (a failure to write only costs the memory)."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{port}\n")


def block_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether ``port`` to ``port + BLOCK - 1`` can all be listened on now."""
    socks: list[socket.socket] = []
    try:
        for i in range(BLOCK):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            socks.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port + i))
        return True
    except OSError:
        return False
    finally:
        for sock in socks:
            sock.close()


def free_block(rng: random.Random | None = None, tries: int = 200) -> int:
    """The first port of a block of free consecutive ports."""
    pick = rng or random.Random()
    for _ in range(tries):
        port = pick.randrange(FIRST_PORT, LAST_PORT - BLOCK)
        if block_is_free(port):
            return port
    raise OSError("no block of free ports was found")
