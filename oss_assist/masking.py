"""Masking of personal data (NIK, phone, e-mail) for logs and screens, and the rule that
tells which names stand for secrets (a password, an OTP, a session token)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_NIK = re.compile(r"(?<!\d)(\d{6})\d{6}(\d{4})(?!\d)")
_PHONE = re.compile(r"(?<![\d+])(\+?62|0)?(8\d{2})[\d -]{4,9}(\d{3})(?!\d)")
_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*(@[A-Za-z0-9.-]+\.[A-Za-z]{2,})")

#: Keys whose values are personal data wherever they appear in a log event.
PERSONAL_KEYS = frozenset({"nik", "phone", "nomor_hp", "email", "hp"})
#: Keys whose values must never be written at all.
SECRET_KEYS = frozenset({"password", "kata_sandi", "otp", "captcha", "token", "auth_code"})
#: What a secret's value becomes, so the log shows one was offered and withheld.
#: (S105: this is the placeholder that replaces secrets, not a secret.)
SECRET_PLACEHOLDER = "[rahasia]"  # noqa: S105

# Matched as whole words of a snake_cased key: short words would hit harmless names.
_SECRET_WORDS = frozenset(SECRET_KEYS | {"sandi", "passwd", "pwd", "pin", "secret", "cookie"})
# Matched anywhere in a key: long enough not to hit harmless names.
_SECRET_PARTS = ("password", "passwd", "sandi", "captcha", "token", "secret", "cookie")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
# name=value in a URL's query or fragment, wherever a URL stands in a text
_URL_PARAM = re.compile(r"([?&#])([A-Za-z][A-Za-z0-9_.-]*)=([^&#\s\"'<>]*)")


def is_secret_key(name: str) -> bool:
    """Whether a key or field name denotes a secret (password, OTP, CAPTCHA, token...)."""
    snake = _CAMEL.sub("_", name).lower()
    snake = "_" + re.sub(r"[^a-z0-9]+", "_", snake).strip("_") + "_"
    if any(f"_{word}_" in snake for word in _SECRET_WORDS):
        return True
    return any(part in snake for part in _SECRET_PARTS)


def redact_secret_params(text: str) -> str:
    """``…/lokasi-usaha?auth-code=eyJ…`` → ``…?auth-code=[rahasia]``, in any text."""
    return _URL_PARAM.sub(
        lambda m: f"{m.group(1)}{m.group(2)}={SECRET_PLACEHOLDER}"
        if is_secret_key(m.group(2)) else m.group(0),
        text,
    )


def mask_nik(nik: str) -> str:
    """``3508201708850001`` → ``350820******0001`` (region kept, birth date hidden)."""
    digits = nik.strip()
    if len(digits) != 16:
        return "*" * len(digits)
    return digits[:6] + "*" * 6 + digits[12:]


def mask_phone(phone: str) -> str:
    """``81234567890`` → ``812*****890``; the prefix and the last three digits stay."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) <= 6:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 6) + digits[-3:]


def mask_email(email: str) -> str:
    """``siti.aminah@example.com`` → ``s***@example.com``."""
    local, sep, domain = email.partition("@")
    if not sep:
        return "*" * len(email)
    return (local[:1] or "*") + "***@" + domain


def mask_text(text: str) -> str:
    """Mask every NIK, phone number and e-mail address found in free text, and withhold
    the secret parameters of any URL in it (a session token in a page address)."""
    text = redact_secret_params(text)
    text = _EMAIL.sub(lambda m: m.group(1) + "***" + m.group(2), text)
    text = _NIK.sub(lambda m: m.group(1) + "*" * 6 + m.group(2), text)
    return _PHONE.sub(_phone_sub, text)


def _phone_sub(match: re.Match[str]) -> str:
    return (match.group(1) or "") + match.group(2) + "*****" + match.group(3)


def mask_value(key: str, value: Any) -> Any:
    """Mask one value of a log event according to its key."""
    if key in SECRET_KEYS:
        return SECRET_PLACEHOLDER
    if not isinstance(value, str):
        return value
    if key == "nik":
        return mask_nik(value)
    if key in {"phone", "nomor_hp", "hp"}:
        return mask_phone(value)
    if key == "email":
        return mask_email(value)
    return mask_text(value)


def mask_mapping(data: Mapping[str, Any]) -> dict[str, Any]:
    """Mask every value of a mapping, recursing into nested mappings."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, Mapping):
            out[key] = mask_mapping(value)
        else:
            out[key] = mask_value(key, value)
    return out
