"""Flow files as strict models: a flow is a list of steps, one small class per action.

A step says what to do (``action``), where (a ``Target``: role and accessible name,
label, placeholder, test id, text or a documented CSS hook) and with which value (a
``Value``: a path into the profile, a derived value, a case fact or a literal). Steps
that make a legally binding click carry ``binding: true``: the engine never performs
them; it stops at a checkpoint and the operator acts.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Target(Strict):
    """Where on the page: exactly one way of locating, optionally narrowed. Its texts (and
    a CSS hook) may hold ``{fact.NAME}``, filled from the case's facts when the step runs
    (e.g. ``#sector-select-{fact.id_izin}``)."""

    role: str | None = None
    name: str | None = Field(None, description="accessible name, with role")
    exact: bool = False
    label: str | None = None
    placeholder: str | None = None
    testid: str | None = None
    text: str | None = None
    css: str | None = Field(None, description="only the portal's documented CSS hooks")
    has_text: list[str] = Field(
        default_factory=list, description="only elements containing each of these texts "
        "(may hold '{value}' or '{item.FIELD}')",
    )
    nth: int | None = Field(None, ge=-1)
    within: Target | None = Field(None, description="look only inside this element")
    fallbacks: list[Target] = Field(
        default_factory=list, description="other locators of the same element, in order of "
        "preference, tried when this one finds nothing (a portal release renamed a label)",
    )

    @model_validator(mode="after")
    def _one_way(self) -> Target:
        ways = [w for w in ("role", "label", "placeholder", "testid", "text", "css")
                if getattr(self, w) is not None]
        if len(ways) != 1:
            raise ValueError(
                "a target needs exactly one of role, label, placeholder, testid, text, css"
                f" (found: {', '.join(ways) or 'none'})"
            )
        if self.name is not None and self.role is None:
            raise ValueError("'name' goes with 'role'")
        if any(f.fallbacks for f in self.fallbacks):
            raise ValueError("a fallback cannot have fallbacks of its own: list them all, in "
                             "order, under the first locator's 'fallbacks'")
        if self.within is not None and self.within.fallbacks:
            raise ValueError("'within' cannot have fallbacks; give the whole target as a "
                             "fallback instead")
        if any(f == self.model_copy(update={"fallbacks": []}) for f in self.fallbacks):
            raise ValueError("a fallback repeats the first locator")
        return self

    def ranked(self) -> list[Target]:
        """The locators to try, in order: this one (without its fallbacks), then each
        fallback."""
        if not self.fallbacks:
            return [self]
        return [self.model_copy(update={"fallbacks": []}), *self.fallbacks]

    def describe(self) -> str:
        """A short readable form, for messages and the audit log."""
        if self.role:
            what = f"{self.role} '{self.name}'" if self.name else self.role
        elif self.label:
            what = f"label '{self.label}'"
        elif self.placeholder:
            what = f"placeholder '{self.placeholder}'"
        elif self.testid:
            what = f"test id '{self.testid}'"
        elif self.text:
            what = f"text '{self.text}'"
        else:
            what = f"css '{self.css}'"
        if self.has_text:
            what += " with " + " and ".join(f"'{t}'" for t in self.has_text)
        if self.nth is not None:
            what += f" #{self.nth}"
        return f"{self.within.describe()} > {what}" if self.within else what


class Value(Strict):
    """Where a value comes from: exactly one of the four."""

    path: str | None = Field(None, description="dotted path into the profile")
    derived: str | None = Field(None, description="name of a derived value")
    fact: str | None = Field(None, description="a fact recorded in the case")
    literal: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Value:
        sources = [s for s in ("path", "derived", "fact", "literal")
                   if getattr(self, s) is not None]
        if len(sources) != 1:
            raise ValueError("a value needs exactly one of path, derived, fact, literal")
        return self


class Landmark(Strict):
    """What shows that the page is the expected one."""

    heading: str | None = None
    text: str | None = None
    target: Target | None = None
    url: str | None = Field(None, description="a substring of the URL")

    @model_validator(mode="after")
    def _something(self) -> Landmark:
        if not any((self.heading, self.text, self.target, self.url)):
            raise ValueError("a landmark needs a heading, text, target or url")
        return self


class Capture(Strict):
    """Record a value from the portal's answer to the step's request, as a case fact."""

    response: str = Field(description="substring of the request's URL")
    key: str = Field(description="dotted path into the JSON answer, e.g. data.id_proyek")
    fact: str


class BaseStep(Strict):
    id: str
    title: str = Field(description="what the step does, in words for the operator")
    title_en: str | None = Field(None, description="the title in English (the operator "
                                 "is shown it in the panel, the terminal and `flow show`)")
    expect: Landmark | None = Field(None, description="checked before the step acts")
    screenshot: bool = Field(False, description="evidence after the step")
    when: str | None = Field(
        None, description="run only when this profile path (or 'fact:NAME') is truthy; "
        "'not:' in front inverts"
    )
    optional: bool = Field(False, description="skip, not fail, when the target is absent")
    if_visible: Target | None = Field(
        None, description="run only when the page, once loaded, shows this (a CAPTCHA, an "
        "interstitial); looked for at once, or for if_visible_wait_ms"
    )
    if_visible_wait_ms: int = Field(0, ge=0, le=10_000)
    probe: bool = Field(
        True, description="false: the target appears only after an earlier step acts (a list "
        "opened, a form shown), so `flow probe` cannot look for it on the page as loaded",
    )

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("id must be lower-case letters, digits and dashes")
        return v


class Goto(BaseStep):
    action: Literal["goto"]
    host: Literal["portal", "login", "perizinan", "beranda", "amdalnet"]
    path: str = Field("/", description="may hold {fact.NAME} and {auth}")


class Fill(BaseStep):
    action: Literal["fill"]
    target: Target
    value: Value
    field: str = Field(description="the field's name for the audit log and read-back")
    press: str | None = Field(None, description="a key to press after typing, e.g. Enter")


class Choose(BaseStep):
    """Pick an option of an autocomplete or select: type, wait for the option, click it."""

    action: Literal["choose"]
    target: Target
    value: Value
    field: str
    search: Literal["none", "first-word", "full", "code"] = "full"
    wait_for: str | None = Field(None, description="a request URL substring the choice causes")
    match: Literal["exact", "starts", "contains", "first"] = Field(
        "exact", description="'first': the first option offered (a list the profile does not "
        "name, such as geocoder results); the read-back shows what was chosen",
    )


class PickDate(BaseStep):
    """A click-only date picker: year, then month, then day."""

    action: Literal["pick_date"]
    target: Target = Field(description="what opens the picker; the picker is _portal.yaml's")
    value: Value
    field: str
    month_only: bool = False


class Check(BaseStep):
    """Tick a checkbox or choose a radio, by clicking its label as a person would."""

    action: Literal["check"]
    target: Target
    value: Value | None = Field(
        None, description="fills '{value}' in the target's name (radios named by value)"
    )
    field: str = ""
    binding: bool = False


class Click(BaseStep):
    action: Literal["click"]
    target: Target
    binding: bool = False
    capture: Capture | None = None
    wait_for: str | None = Field(None, description="a request URL substring to wait for")
    navigates: bool = Field(False, description="the click loads another page: wait for it")
    new_page: bool = Field(False, description="the click opens a new tab; continue there")
    url_facts: dict[str, str] = Field(
        default_factory=dict, description="new_page: query parameters of the opened tab's "
        "address to record as case facts, e.g. {id_izin: id_izin}; targets of later steps "
        "may then say {fact.id_izin}",
    )
    done_when: Landmark | None = Field(
        None, description="binding: what the page shows once the operator has clicked "
        "(when the click sends no request to wait for)",
    )

    @model_validator(mode="after")
    def _binding_is_seen(self) -> Click:
        if self.binding and not (self.wait_for or self.capture or self.done_when):
            raise ValueError("a binding click needs wait_for, capture or done_when: the runner "
                             "must see that the operator has made it")
        if self.binding and (self.navigates or self.new_page):
            raise ValueError("a binding click cannot navigate or open a tab; use done_when")
        if self.url_facts and not self.new_page:
            raise ValueError("url_facts goes with new_page: the facts come from the new tab")
        return self


class Upload(BaseStep):
    action: Literal["upload"]
    target: Target
    value: Value
    field: str


class WaitFor(BaseStep):
    action: Literal["wait"]
    text: str | None = None
    target: Target | None = None
    gone: Target | None = Field(None, description="wait until this disappears")
    timeout_s: float = Field(30.0, gt=0)

    @model_validator(mode="after")
    def _something(self) -> WaitFor:
        if not any((self.text, self.target, self.gone)):
            raise ValueError("wait needs text, target or gone")
        return self


class Read(BaseStep):
    """Read a value from the page into a case fact (e.g. the issued NIB)."""

    action: Literal["read"]
    target: Target
    fact: str
    pattern: str = Field(r"(.+)", description="regular expression; group 1 is kept")
    value: Value | None = Field(
        None, description="fills '{value}' in the target's name, text or has_text"
    )


class Download(BaseStep):
    """Click a link that downloads a document and keep it as evidence."""

    action: Literal["download"]
    target: Target
    document: str = Field(description="file name in the case folder, e.g. nib.pdf")
    fact: str | None = Field(None, description="record the file name under this fact")


class CloseTab(BaseStep):
    """Close the tab a click opened (e.g. Amdalnet) and carry on in the one before it."""

    action: Literal["close_tab"]


class Screenshot(BaseStep):
    action: Literal["screenshot"]
    screenshot: bool = True


Compare = Literal["exact", "digits", "casefold", "number"]


class ReadItem(Strict):
    label: str = Field(description="the label the portal shows beside the value")
    value: Value | None = Field(
        None, description="what the profile says; none: a value the portal chose or worked "
        "out (risk, KBLI 2025), shown for the applicant to confirm, not compared",
    )
    field: str
    compare: Compare = "casefold"
    when: str | None = Field(None, description="only when this profile path is truthy "
                             "('not:' in front inverts)")


class ReadColumn(Strict):
    header: str = Field(description="the column's heading in the portal's table")
    value: Value = Field(description="usually item.FIELD of the list's item")
    compare: Compare = "casefold"


class ReadTable(Strict):
    """A table the portal shows one row per item of a profile list (the products)."""

    label: str
    within: Target = Field(description="the table")
    over: str = Field(description="profile path of the list, e.g. kegiatan.produk")
    columns: list[ReadColumn] = Field(min_length=1)


class ReadBack(BaseStep):
    """Read every value the portal holds and show it beside the profile's, for review."""

    action: Literal["read_back"]
    within: Target
    items: list[ReadItem] = Field(min_length=1)
    tables: list[ReadTable] = Field(default_factory=list)


CheckpointKind = Literal["otp", "password", "captcha", "review", "binding", "info"]


class Checkpoint(BaseStep):
    """Pause for the operator: say what to do in Bahasa Indonesia, wait for Lanjut/Batal."""

    action: Literal["checkpoint"]
    kind: CheckpointKind
    instruction: str
    instruction_en: str = ""
    done_when: Landmark | None = Field(None, description="the page shows this when done")
    target: Target | None = Field(None, description="what the operator must act on")
    value: Value | None = Field(None, description="for the sandbox's scripted operator")

    @model_validator(mode="after")
    def _typed_somewhere(self) -> Checkpoint:
        if self.kind in ("otp", "password", "captcha") and self.target is None:
            raise ValueError(f"a {self.kind} checkpoint needs the target where it is typed")
        return self


class Repeat(BaseStep):
    """Run the nested steps once per item of a list in the profile."""

    action: Literal["repeat"]
    over: str = Field(description="profile path of a list, e.g. kegiatan.produk")
    steps: list[Step]
    skip_item_if: Target | None = Field(
        None, description="an item the page already shows is not added again; "
        "'{item.FIELD}' in the name or text is the item's value",
    )


Step = Annotated[
    Goto | Fill | Choose | PickDate | Check | Click | Upload | WaitFor | Read | Download
    | CloseTab | Screenshot | ReadBack | Checkpoint | Repeat,
    Field(discriminator="action"),
]
Repeat.model_rebuild()


class Section(Strict):
    """A resumable part of a flow: done as a whole, or redone from its start."""

    id: str
    title: str
    title_en: str | None = Field(None, description="the title in English")
    steps: list[Step] = Field(min_length=1)
    skip_if_fact: str | None = Field(None, description="skip when the case has this fact")
    done_fact: str | None = Field(None, description="record this fact when done")
    already_done_text: str | None = Field(
        None, description="the portal says the work was done before (e.g. 'NIK sudah "
        "terdaftar'): record already_done_fact and end the flow without submitting again"
    )
    already_done_fact: str | None = None
    recover: list[Step] = Field(
        default_factory=list,
        description="when a run stopped after this section sent its data but before the "
        "portal's answer was recorded: steps that find what the portal saved and record "
        "skip_if_fact from it, so the data is never sent twice",
    )

    @model_validator(mode="after")
    def _recover_records_the_fact(self) -> Section:
        if self.recover and not self.skip_if_fact:
            raise ValueError("recover needs skip_if_fact: the fact it finds on the portal")
        return self


class Flow(Strict):
    name: str
    title: str = Field(description="the title shown to the operator, in Indonesian")
    title_en: str | None = Field(None, description="the title in English")
    description: str = Field("", description="what the flow does, in Indonesian")
    description_en: str = Field("", description="what the flow does, in English")
    requires: list[str] = Field(default_factory=list, description="flows that come first")
    per_activity: bool = Field(False, description="run once per kegiatan of the profile")
    session: bool = Field(
        False, description="a log-in flow: run in every new browser, never skipped as done"
    )
    sections: list[Section] = Field(min_length=1)
    #: line of each section and step in the file (``"lokasi"``, ``"lokasi/simpan-lokasi"``),
    #: filled by the loader so that later checks can name the line too
    _lines: dict[str, int] = PrivateAttr(default_factory=dict)

    def line_of(self, key: str) -> int | None:
        return self._lines.get(key)

    @model_validator(mode="after")
    def _unique_ids(self) -> Flow:
        seen: set[str] = set()
        for section in self.sections:
            for step in iter_steps([*section.recover, *section.steps]):
                key = f"{section.id}/{step.id}"
                if key in seen:
                    raise ValueError(f"step id '{key}' is used twice")
                seen.add(key)
        return self


def iter_steps(steps: list[Step]) -> list[Step]:
    """Every step, nested ones included, in order."""
    out: list[Step] = []
    for step in steps:
        out.append(step)
        if isinstance(step, Repeat):
            out.extend(iter_steps(step.steps))
    return out


PortalErrors = list[str]


class DatePicker(Strict):
    """The portal's click-only date picker (oss-portal.md §14 #14)."""

    popup: Target = Field(description="the open picker")
    year_button: Target = Field(description="inside the picker: switches to the years")
    months: list[str] = Field(min_length=12, max_length=12,
                              description="the month buttons' names, January first")


class PortalRules(Strict):
    """What the engine must know of the portal in general, kept in ``flows/_portal.yaml``."""

    popup_buttons: list[Target] = Field(
        min_length=1, description="buttons that close information pop-ups")
    popup_container: Target = Field(description="where pop-ups appear")
    transient_errors: PortalErrors = Field(description="texts of errors worth retrying")
    fatal_errors: PortalErrors = Field(
        default_factory=list, description="texts that mean the data must be corrected first"
    )
    session_expired: Landmark = Field(description="what the page shows when logged out")
    busy: list[Target] = Field(default_factory=list, description="spinners to wait out")
    covering: list[str] = Field(
        default_factory=list, description="CSS of what may cover the form on an evidence "
        "screenshot (toasts): hidden for the shot at once and named in the manifest")
    cover_wait_s: float = Field(
        3.0, ge=0, le=30, description="how long a screenshot waits for a spinner to go "
        "(one that stays is hidden for the shot and named in the manifest)")
    secret_fields: list[Target] = Field(
        min_length=1, description="fields masked in every screenshot: what a person types "
        "there (password, OTP, CAPTCHA) is secret",
    )
    date_picker: DatePicker | None = None
