"""The office's Ed25519 signing key, with which audit-log checkpoints are signed.

The private key lives in ``<archive_dir>/.office-signing.key`` (PEM, PKCS #8, 0600),
made on first use; back it up with the archive. Its public key is written beside it as
``office-signing.pub`` (PEM, readable by all): give a copy to the Kabupaten, who can then
check the office's checkpoints without trusting the office's own computer.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
from pathlib import Path
from typing import Final

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from oss_assist.errors import ConfigError, InputError
from oss_assist.i18n import Text, os_reason

KEY_FILE: Final = ".office-signing.key"
PUBLIC_KEY_FILE: Final = "office-signing.pub"


def office_key(archive_dir: Path) -> Ed25519PrivateKey:
    """The office's signing key, made on first use (0600, its folder 0700).

    Raises ``InputError`` when the key file cannot be read, or is gone while its public
    key is still there (it was lost: restore it from the archive backup).
    """
    path = archive_dir / KEY_FILE
    key = _read_key(path)
    if key is None:
        if (archive_dir / PUBLIC_KEY_FILE).exists():
            # another process may have just made it: the key is linked before its .pub
            key = _read_key(path)
            if key is None:
                raise InputError(_LOST_KEY, where=str(path))
        else:
            _create_key(path)
            key = _read_key(path)
            if key is None:
                raise InputError(_BAD_KEY, where=str(path))
    _write_public(archive_dir / PUBLIC_KEY_FILE, key.public_key())
    return key


def public_key_fingerprint(public_key: Ed25519PublicKey) -> str:
    """A short name of a public key: the first 16 hex of the SHA-256 of its raw bytes."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_public_key(path: Path) -> Ed25519PublicKey:
    """A public key from a PEM file such as ``office-signing.pub``; ``InputError`` if not."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(_NO_PUBLIC_KEY, where=str(path)) from exc
    except OSError as exc:
        raise InputError(
            _BAD_PUBLIC_KEY.format(err=os_reason(exc)), where=str(path)
        ) from exc
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise InputError(_BAD_PUBLIC_KEY.format(err="PEM"), where=str(path)) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise InputError(_BAD_PUBLIC_KEY.format(err="Ed25519"), where=str(path))
    return key


def _read_key(path: Path) -> Ed25519PrivateKey | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InputError(_BAD_KEY, where=str(path)) from exc
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise InputError(_BAD_KEY, where=str(path)) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError(_BAD_KEY, where=str(path))
    if sys.platform != "win32" and path.stat().st_mode & 0o077:
        # e.g. restored from a backup with the wrong mode
        with contextlib.suppress(OSError):
            path.chmod(0o600)
    return key


def _create_key(path: Path) -> None:
    """Write a new key; if another thread or process got there first, theirs stays."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    from oss_assist.evidence import create_private_file

    create_private_file(path, pem)


def _write_public(path: Path, public_key: Ed25519PublicKey) -> None:
    from oss_assist.evidence import write_private_file

    if path.exists():
        return
    pem = public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    write_private_file(path, pem)
    try:
        path.chmod(0o644)  # the public half is meant to be handed to the Kabupaten
    except OSError as exc:
        raise _unwritable(path, exc) from exc


def _unwritable(path: Path, exc: OSError) -> ConfigError:
    # imported here: evidence imports the audit package, which imports this module
    from oss_assist.evidence import unwritable

    return unwritable(path, exc)


_BAD_KEY = Text(
    "kunci tanda tangan kantor tidak terbaca. Pulihkan berkas ini dari cadangan arsip; "
    "tanpa kunci yang sama, titik periksa baru tidak dapat dicocokkan dengan kunci publik "
    "yang sudah diberikan kepada Kabupaten.",
    "the office's signing key cannot be read. Restore this file from the archive backup; "
    "without the same key, new checkpoints will not match the public key the Kabupaten "
    "already holds.",
)
_LOST_KEY = Text(
    f"kunci tanda tangan kantor hilang, padahal kunci publiknya ({PUBLIC_KEY_FILE}) masih "
    "ada. Pulihkan berkas ini dari cadangan arsip. Jika benar-benar hilang, pindahkan "
    f"{PUBLIC_KEY_FILE} ke tempat lain (simpan: titik periksa lama diperiksa dengannya), "
    "lalu ulangi untuk membuat kunci baru, dan berikan kunci publik barunya kepada Kabupaten.",
    f"the office's signing key is missing while its public key ({PUBLIC_KEY_FILE}) is still "
    "there. Restore this file from the archive backup. If it is truly lost, move "
    f"{PUBLIC_KEY_FILE} elsewhere (keep it: older checkpoints are checked with it), then try "
    "again to make a new key, and give its public key to the Kabupaten.",
)
_NO_PUBLIC_KEY = Text(
    f"kunci publik kantor tidak ditemukan. Berikan berkas {PUBLIC_KEY_FILE} dari arsip "
    "kantor atau salinan Kabupaten (--public-key BERKAS).",
    f"the office's public key was not found. Give the {PUBLIC_KEY_FILE} file from the "
    "office archive or the Kabupaten's copy (--public-key FILE).",
)
_BAD_PUBLIC_KEY = Text(
    "berkas ini bukan kunci publik Ed25519 yang terbaca ({err}). Berikan berkas "
    f"{PUBLIC_KEY_FILE} kantor.",
    "this file is not a readable Ed25519 public key ({err}). Give the office's "
    f"{PUBLIC_KEY_FILE} file.",
)
