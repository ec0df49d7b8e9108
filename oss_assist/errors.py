"""The package's exceptions; the CLI maps them to exit codes.

    OssAssistError                 what failed, where, and what to do next (``text``)
    ├── ConfigError                a setting is missing or wrong
    ├── InputError                 a file given by the user cannot be read (exit 2)
    ├── ProfileInvalid             a profile was read but breaks the rules (exit 1)
    ├── FlowError                  a flow file is malformed or names what does not exist
    ├── BrowserError               no browser found, or it does not start
    ├── PortalError                the portal did something the flow did not expect
    │   ├── PageMismatch           the page is not the one the step expects
    │   │   └── TargetMissing      no locator of a step finds its element
    │   └── PortalUnavailable      a transient outage that outlived its retries
    ├── Cancelled                  the operator chose Batal at a checkpoint
    ├── AlreadyDone                the case record says this was already submitted
    └── TamperedError              the audit log or the evidence does not verify

Foreign exceptions (Playwright, pydantic, YAML, OS) are translated where they enter:
``raise PortalError(...) from exc``.
"""

from __future__ import annotations

from oss_assist.i18n import Lang, Text


class OssAssistError(Exception):
    """Base of every error the package raises on purpose."""

    exit_code = 1

    def __init__(self, text: Text, *, where: str = "") -> None:
        self.text = text
        self.where = where
        super().__init__(self.render("en"))

    def render(self, lang: Lang = "id") -> str:
        """``where: Message``: the message always starts with a capital letter."""
        message = self.text.render(lang)
        message = message[:1].upper() + message[1:]
        return f"{self.where}: {message}" if self.where else message


class ConfigError(OssAssistError):
    exit_code = 2


class InputError(OssAssistError):
    exit_code = 2


class ProfileInvalid(OssAssistError):
    exit_code = 1


class FlowError(OssAssistError):
    exit_code = 2


class BrowserError(OssAssistError):
    exit_code = 3


class PortalError(OssAssistError):
    exit_code = 4


class PageMismatch(PortalError):
    pass


class TargetMissing(PageMismatch):
    """No locator of a step (its first one, nor any fallback) finds its element."""


class PortalUnavailable(PortalError):
    pass


class Cancelled(OssAssistError):
    exit_code = 5


class AlreadyDone(OssAssistError):
    exit_code = 0


class TamperedError(OssAssistError):
    exit_code = 1
