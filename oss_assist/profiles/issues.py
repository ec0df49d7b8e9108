"""What a check finds: one issue per problem, each at a field path, and a file's report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from oss_assist.i18n import Lang, Text

if TYPE_CHECKING:
    from oss_assist.profiles.model import Profile
    from oss_assist.profiles.scale import ScaleVerdict

#: ``error``: the data is wrong (the profile is invalid); ``incomplete``: the office's
#: checklist or the consent is not done (the counter officer's "belum lengkap");
#: ``warning``: allowed, but the operator should look (and may accept it).
Severity = Literal["error", "incomplete", "warning"]

_TAGS: dict[Severity, Text] = {
    "error": Text("GALAT", "ERROR"),
    "incomplete": Text("BELUM LENGKAP", "NOT COMPLETE"),
    "warning": Text("PERINGATAN", "WARNING"),
}
_ORDER: dict[Severity, int] = {"error": 0, "incomplete": 1, "warning": 2}


def join(*parts: Text, sep: str = " ") -> Text:
    """Join bilingual texts into one (``Text`` is a tuple, so ``+`` would not do this)."""
    return Text(sep.join(p.id for p in parts), sep.join(p.en for p in parts))


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem: where (a dotted field path, ``""`` for the whole file), how bad, what."""

    path: str
    severity: Severity
    text: Text

    def render(self, lang: Lang = "id") -> str:
        """``identitas.nik: GALAT: NIK harus 16 angka ...``."""
        tag = _TAGS[self.severity].render(lang)
        message = f"{tag}: {self.text.render(lang)}"
        return f"{self.path}: {message}" if self.path else message


def error(path: str, text: Text) -> Issue:
    return Issue(path, "error", text)


def warning(path: str, text: Text) -> Issue:
    return Issue(path, "warning", text)


def incomplete(path: str, text: Text) -> Issue:
    return Issue(path, "incomplete", text)


@dataclass
class Report:
    """Everything the checks found about one profile, and the scale verdicts they reached.

    ``valid``: no errors. ``complete``: the checklist and consent are done. ``ready``:
    valid, complete and without warnings the operator has not accepted: what a flow
    should insist on before it opens the portal.
    """

    profile: Profile | None = None
    issues: list[Issue] = field(default_factory=list)
    scale: list[ScaleVerdict] = field(default_factory=list)

    def of(self, severity: Severity) -> list[Issue]:
        return [i for i in self.issues if i.severity == severity]

    @property
    def errors(self) -> list[Issue]:
        return self.of("error")

    @property
    def warnings(self) -> list[Issue]:
        return self.of("warning")

    @property
    def missing(self) -> list[Issue]:
        """The checklist and consent items not done yet."""
        return self.of("incomplete")

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def ready(self) -> bool:
        return self.valid and self.complete and not self.warnings

    def sorted_issues(self) -> list[Issue]:
        """Errors first, then what is missing, then warnings; file order within each."""
        return sorted(self.issues, key=lambda i: _ORDER[i.severity])
