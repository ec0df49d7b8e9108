"""Per kind of step, what a hand-off to the operator needs: the element it accepts when
pointed at, the step's action there, and the check of what was done by hand.

What each kind of step accepts when the operator points (``_KIND_JS`` names the kinds):

    fill, choose     a field
    pick_date        a field (the date field) or a button (its calendar icon): the tool
                     drives the portal's picker from there
    check            a checkbox or radio
    upload           a file field
    click            a button or link
    download         a button or link: the tool clicks it and keeps the download
    read             any element showing text but a form control (a field, a checkbox,
                     a file field): a field shows what someone typed, not what the
                     portal says; the step's pattern must then match the element's text

Whatever a hand-off reads or downloads lands as the normal step's would: the case fact,
the evidence manifest, the audit log's ``value_read`` / ``document_saved``.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator

from oss_assist.audit import Event
from oss_assist.errors import FlowError, PortalError
from oss_assist.flows import values
from oss_assist.flows.model import (
    Check,
    Choose,
    Click,
    Download,
    Fill,
    PickDate,
    Read,
    Upload,
)
from oss_assist.i18n import Text
from oss_assist.runner import act, actions

if TYPE_CHECKING:
    from oss_assist.runner.engine import Engine

#: Steps an operator may finish by hand (binding steps are always his already).
HandStep = Fill | Choose | PickDate | Check | Click | Upload | Read | Download

#: What kind of element the picked one is: field, choice (checkbox/radio), file, button.
_KIND_JS = """e => {
  const tag = e.tagName.toLowerCase(), type = (e.getAttribute('type') || '').toLowerCase();
  const role = (e.getAttribute('role') || '').toLowerCase();
  if (tag === 'label') return 'label';
  if (tag === 'input' && type === 'file') return 'file';
  if (tag === 'input' && ['checkbox', 'radio'].includes(type)) return 'choice';
  if (['checkbox', 'radio', 'switch'].includes(role)) return 'choice';
  if (tag === 'button' || tag === 'a' || role === 'button' || role === 'link' ||
      (tag === 'input' && ['button', 'submit'].includes(type))) return 'button';
  if (tag === 'textarea' || tag === 'select' || e.isContentEditable ||
      ['textbox', 'combobox', 'searchbox', 'spinbutton'].includes(role) ||
      (tag === 'input' &&
       !['hidden', 'checkbox', 'radio', 'file', 'button', 'submit'].includes(type)))
    return 'field';
  return 'other';
}"""
_KIND_WORDS = {"field": ("kolom isian", "a field"), "choice": ("kotak centang/pilihan",
               "a checkbox or radio"), "file": ("kolom unggah berkas", "a file field"),
               "button": ("tombol", "a button"), "label": ("label (tulisan) sebuah kolom",
               "a field's label"), "other": ("bagian halaman biasa", "plain page content")}
#: Per kind of step: the element kinds it accepts, what it needs in words, and what was
#: not done when the element is refused.
_WANTED: dict[type, tuple[frozenset[str], tuple[str, str], tuple[str, str]]] = {
    Fill: (frozenset({"field"}), _KIND_WORDS["field"], ("diketik", "typed")),
    Choose: (frozenset({"field"}), _KIND_WORDS["field"], ("diketik", "typed")),
    PickDate: (frozenset({"field", "button"}),
               ("kolom tanggal (atau tombol kalendernya)", "a date field (or its calendar "
                "button)"), ("dipilih", "picked")),
    Check: (frozenset({"choice"}), _KIND_WORDS["choice"], ("dicentang", "ticked")),
    Upload: (frozenset({"file"}), _KIND_WORDS["file"], ("diunggah", "uploaded")),
    Click: (frozenset({"button"}), _KIND_WORDS["button"], ("diklik", "clicked")),
    Download: (frozenset({"button"}), ("tautan atau tombol unduh", "a download link or "
               "button"), ("diunduh", "downloaded")),
    Read: (frozenset({"other", "label", "button"}),
           ("teks yang menampilkan nilainya (bukan kolom isian)", "the text that shows the "
            "value (not a form field)"), ("dibaca", "read")),
}
_HOLDS_VALUE_JS = """text => [...document.querySelectorAll('input, textarea')].some(
  i => i.type !== 'hidden' && i.value.trim().toLowerCase().includes(text.trim().toLowerCase()))"""
_SHOWS_ONE_OF_JS = """texts => [...document.querySelectorAll('input, textarea')].some(
  i => i.type !== 'hidden' && texts.includes(i.value.trim()))"""
_HAS_FILE_JS = "() => [...document.querySelectorAll('input[type=file]')].some(i => i.files.length)"


@dataclass
class Seen:
    """What the page did while the operator had the step: the answers to the request the
    step waits for (``part`` of its URL), and the downloads."""

    part: str | None
    answers: list[Any] = field(default_factory=list)
    downloads: list[Any] = field(default_factory=list)

    def on_response(self, response: Any) -> None:
        if self.part and self.part in response.url:
            self.answers.append(response)

    def on_download(self, download: Any) -> None:
        self.downloads.append(download)


def selector_of(picked: Locator) -> str:
    """The selector Playwright built for the element the operator pointed at."""
    found = re.search(r"selector='(.*)'>?$", repr(picked))
    return found.group(1) if found else repr(picked)


def applicant_strings(scope: values.Scope) -> list[str]:
    """The applicant's own data (4 characters or more): never kept in a flow file."""
    out: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list | tuple):
            for x in v:
                walk(x)
        elif isinstance(v, str | int) and not isinstance(v, bool) and len(str(v)) >= 4:
            out.append(str(v).casefold())

    walk(scope.profile.model_dump())
    return out


def problem_with(picked: Locator, step: HandStep, scope: values.Scope) -> Text | None:
    """Why the pointed-at element cannot be used for the step (None: it can)."""
    try:
        if picked.count() != 1:
            return Text("Yang ditunjuk bukan satu elemen; tunjuk tepat pada elemennya.",
                        "What was pointed at is not one element; point right at it.")
        kind: str = picked.evaluate(_KIND_JS)
    except PlaywrightError:
        return Text("Elemen yang ditunjuk tidak dapat dibaca; coba lagi.",
                    "The element pointed at cannot be read; try again.")
    accepted, want, undone = _WANTED[type(step)]
    if kind not in accepted:
        got = _KIND_WORDS[kind]
        return Text(f"Yang ditunjuk adalah {got[0]}, padahal langkah ini memerlukan "
                    f"{want[0]}; tidak ada yang {undone[0]}. Tunjuk lagi.",
                    f"What was pointed at is {got[1]}, but this step needs {want[1]}; nothing "
                    f"was {undone[1]}. Point again.")
    selector = selector_of(picked).casefold()
    if any(s in selector for s in applicant_strings(scope)):
        return Text("Lokator elemen itu memuat data pemohon (isinya, bukan namanya), jadi tidak "
                    "dapat dicatat; tunjuk kolom yang masih kosong, atau kerjakan dengan tangan.",
                    "That element's locator holds the applicant's data (its content, not its "
                    "name), so it cannot be recorded; point at the field while empty, or do it "
                    "by hand.")
    return None


def _shown_dates(when: date, month_only: bool) -> list[str]:
    """How a date field may show the date: the portal's DD/MM/YYYY (MM/YYYY) first."""
    if month_only:
        return [f"{when.month:02d}/{when.year}", f"{when.month}/{when.year}",
                f"{when.year}-{when.month:02d}"]
    return [when.strftime("%d/%m/%Y"), f"{when.day}/{when.month}/{when.year}",
            when.isoformat(), when.strftime("%d-%m-%Y")]


def value_of(engine: Engine, step: HandStep) -> str:
    """The step's value as the operator is shown it ('' for a step without one)."""
    if isinstance(step, PickDate):
        return _shown_dates(act.when_of(engine, step), step.month_only)[0]
    value = getattr(step, "value", None)
    if value is None or isinstance(step, Check | Read):  # their value only names the target
        return ""
    return values.as_text(values.resolve(value, engine.ctx.scope))


def first_group(pattern: str) -> str | None:
    """The source of the pattern's group 1 (the part a read step keeps), or None."""
    depth, start, in_class, i = 0, -1, False, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(" and start < 0:
            if not pattern.startswith("(?", i):
                start, depth = i + 1, 1
        elif c == "(":
            depth += 1
        elif c == ")" and start >= 0:
            depth -= 1
            if depth == 0:
                return pattern[start:i]
        i += 1
    return None


def typed_value(step: Read, typed: str) -> str | None:
    """The value the operator typed for a read step, when it is what the step keeps (the
    whole of its pattern's group 1: a longer number holding one is not it)."""
    group = first_group(step.pattern)
    text = typed.strip()
    if group is None or not text:
        return None
    try:
        return text if re.fullmatch(group, text) else None
    except re.error:
        return None


def finish(engine: Engine, step: HandStep, decision: Any, value: str,
           seen: Seen) -> Text | None:
    """Do the step at the pointed-at element, or check what the operator did by hand; what
    is wrong, or None when the step's outcome is there (and has landed, for a read or a
    download)."""
    ctx = engine.ctx
    picked = decision.picked
    try:
        if picked is not None:
            problem = problem_with(picked, step, ctx.scope)
            if problem is not None:
                return problem
            if isinstance(step, Read):
                return _read_at(engine, step, picked)
            if isinstance(step, Download):
                seen.downloads.clear()  # the one its click starts
            _act_at(engine, step, picked, value)
        elif isinstance(step, Read):
            return _typed(engine, step, decision.typed)
        return _outcome(engine, step, value, seen)
    except PortalError as exc:
        return Text("Langkah belum berhasil: {e}", "The step did not work: {e}").format(
            e=exc.text)
    except PlaywrightError as exc:
        return Text("Langkah belum berhasil: {e}", "The step did not work: {e}").format(
            e=str(exc).splitlines()[0][:160])


def _act_at(engine: Engine, step: HandStep, picked: Locator, value: str) -> None:
    """The step's action at the element the operator pointed at."""
    page, ctx = engine.page, engine.ctx
    if isinstance(step, Fill):
        picked.fill(value)
        if step.press:
            picked.press(step.press)
    elif isinstance(step, Choose):
        actions.choose(page, picked, value, search=step.search, match=step.match,
                       wait_for=step.wait_for, timeout_ms=ctx.timeout_ms)
    elif isinstance(step, PickDate):
        if ctx.rules.date_picker is None:
            raise FlowError(Text(
                "langkah '{s}' memilih tanggal, tetapi _portal.yaml tidak menjelaskan "
                "date_picker", "step '{s}' picks a date, but _portal.yaml has no "
                "date_picker").format(s=step.id))
        actions.pick_date(page, picked, act.when_of(engine, step), month_only=step.month_only,
                          picker=ctx.rules.date_picker)
    elif isinstance(step, Check):
        actions.check(page, picked)
    elif isinstance(step, Upload):
        picked.set_input_files(str(ctx.scope.base_dir / value))
    elif isinstance(step, Click | Download):
        picked.click()


def _outcome(engine: Engine, step: HandStep, value: str, seen: Seen) -> Text | None:
    """Whether the step's outcome is on the page (what the portal answered, kept)."""
    page = engine.page
    if isinstance(step, Download):
        return _keep_download(engine, step, seen)
    if seen.part:
        if not _wait_for(engine, seen.answers):
            return Text("Portal belum menerima klik itu; klik lagi, lalu Lanjut.",
                        "The portal has not received that click; click again, then Lanjut.")
        for key, fact in actions.answer_facts(seen.answers[-1], getattr(step, "capture", None),
                                              seen.part).items():
            engine.set_fact(key, fact)
    elif isinstance(step, Fill | Choose) and value and not page.evaluate(_HOLDS_VALUE_JS,
                                                                         value):
        return Text("Belum ada kolom yang berisi '{v}'; isi dulu, lalu Lanjut.",
                    "No field holds '{v}' yet; fill it in, then Lanjut.").format(v=value)
    elif isinstance(step, PickDate) and not page.evaluate(
            _SHOWS_ONE_OF_JS, _shown_dates(act.when_of(engine, step), step.month_only)):
        return Text("Belum ada kolom yang menampilkan tanggal {v}; pilih tanggal itu di "
                    "kalender portal, lalu Lanjut.",
                    "No field shows the date {v} yet; pick that date in the portal's "
                    "calendar, then Lanjut.").format(v=value)
    elif isinstance(step, Upload) and not page.evaluate(_HAS_FILE_JS):
        return Text("Belum ada berkas yang dipilih; pilih berkasnya, lalu Lanjut.",
                    "No file is chosen yet; choose the file, then Lanjut.")
    return None


def _wait_for(engine: Engine, events: list[Any]) -> bool:
    """Wait up to the step timeout for the page to report an event into the list."""
    deadline = time.monotonic() + engine.ctx.timeout_s
    while not events and time.monotonic() < deadline:
        engine.page.wait_for_timeout(50)
    return bool(events)


def _keep_download(engine: Engine, step: Download, seen: Seen) -> Text | None:
    """The document downloaded (by the tool's click or the operator's), kept as the
    download step keeps it."""
    if not _wait_for(engine, seen.downloads):
        return Text("Belum ada dokumen yang diunduh; klik tautan unduhnya di halaman, lalu "
                    "Lanjut.", "No document has been downloaded yet; click the download "
                    "link in the page, then Lanjut.")
    download = seen.downloads[-1]
    failure = download.failure()
    if failure:
        return Text("Unduhan gagal ({e}); klik tautan unduhnya lagi, lalu Lanjut.",
                    "The download failed ({e}); click the download link again, then "
                    "Lanjut.").format(e=failure)
    act.download(engine, step, data=Path(download.path()).read_bytes())
    return None


def _read_at(engine: Engine, step: Read, picked: Locator) -> Text | None:
    """Read the pointed-at element's text with the step's pattern."""
    try:
        found = actions.read_text(engine.page, picked, step.pattern, required=False)
    except PlaywrightError as exc:
        return Text("Elemen yang ditunjuk tidak dapat dibaca ({e}); tunjuk lagi.",
                    "The element pointed at cannot be read ({e}); point again.").format(
            e=str(exc).splitlines()[0][:120])
    if found is None:
        text = " ".join(picked.inner_text().split())[:60]
        return Text("Teks yang ditunjuk ('{t}') tidak sesuai dengan yang dicari langkah ini "
                    "(pola {p}); tidak ada yang dicatat. Tunjuk elemen yang menampilkan "
                    "nilainya.", "The text pointed at ('{t}') is not what this step looks "
                    "for (pattern {p}); nothing was recorded. Point at the element that "
                    "shows the value.").format(t=text, p=step.pattern)
    _keep_read(engine, step, found, how=Text("dibaca dari elemen yang ditunjuk",
                                             "read from the element pointed at"))
    return None


def _typed(engine: Engine, step: Read, typed: str) -> Text | None:
    """The value the operator typed for a read step, kept when it fits the step."""
    value = typed_value(step, typed)
    if value is None:
        return Text("Ketik nilainya persis seperti di halaman (yang dicari: pola {p}), lalu "
                    "Lanjut; atau tunjuk elemennya.",
                    "Type the value exactly as the page shows it (looked for: pattern {p}), "
                    "then Lanjut; or point at its element.").format(p=step.pattern)
    _keep_read(engine, step, value, how=Text("diketik operator", "typed by the operator"))
    return None


def _keep_read(engine: Engine, step: Read, value: str, how: Text) -> None:
    """Record the value as the read step records it, and show it to the operator."""
    engine.set_fact(step.fact, value)
    engine.ctx.audit.info(Event.VALUE_READ, flow=engine.flow_name, step=step.id,
                          **{step.fact: value})
    engine.say(Text("catatan: langkah '{s}' mencatat {f} = '{v}' ({h})",
                     "note: step '{s}' recorded {f} = '{v}' ({h})")
                .format(s=f"{engine.flow_name}/{step.id}", f=step.fact, v=value, h=how))
