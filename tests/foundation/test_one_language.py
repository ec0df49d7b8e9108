"""One language at a time: every ``--help`` and the main outputs, in Indonesian and in
English, hold no word of the other language (names and codes allowed)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from oss_assist.cli import build_parser, main
from oss_assist.cli.parser import pick_lang, speaking
from oss_assist.i18n import Lang

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "profiles" / "siti-aminah-warung.yaml"

#: Common words of each language that never appear in the other's output (lower case:
#: names and headings in capitals, such as "Desa Jenggrong" or a KBLI title, are allowed).
INDONESIAN = {"berkas", "tidak", "dan", "untuk", "periksa", "kasus", "bawaan", "pilihan",
              "tampilkan", "bantuan", "perintah", "yang", "dengan", "sudah", "jalankan",
              "pemakaian", "argumen", "bila", "atau", "langkah", "bagian", "perempuan",
              "keluar", "lalu", "ini", "satu", "pemohon", "gangguan", "galat", "tahap"}
ENGLISH = {"the", "and", "this", "file", "help", "options", "usage", "arguments",
           "exit", "error", "with", "steps", "sections", "when", "not", "default",
           "message", "positional", "required", "following", "invalid", "choose", "female",
           "of", "or", "to", "for", "applicant", "faults"}
# command names (run, check, show, ...) are codes, and so not in the lists
FOREIGN = {"id": ENGLISH, "en": INDONESIAN}


def foreign_words(text: str, lang: Lang) -> set[str]:
    """Words of the other language in ``text``, leaving out options, settings and paths."""
    text = re.sub(r"(?<![\w])--?[\w-]+", " ", text)  # options: --help, -o
    text = re.sub(r'"[^"\n]*"', " ", text)  # the portal's own words, quoted
    text = re.sub(r"\S*_\S*", " ", text)  # settings and their keys: http_error_paths
    text = re.sub(r"\b[A-Z][A-Z0-9]+\b", " ", text)  # metavars: FILE, COMMAND
    text = re.sub(r"\S*[/\\]\S*", " ", text)  # paths and "a/b" codes
    words = set(re.findall(r"[a-z][a-z'-]*", text))
    return words & FOREIGN[lang]


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
             ) -> Iterator[tuple[str, ...]]:
    """Every command path: the top, each group, each subcommand."""
    yield path
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from commands(sub, (*path, name))


with speaking("id"):
    ALL_COMMANDS = sorted(set(commands(build_parser())))


def test_every_group_and_subcommand_is_walked() -> None:
    for expected in [("case", "receive"), ("case", "receipt"), ("recap",), ("audit", "verify"),
                     ("profile", "new"), ("flow", "show"), ("sandbox",), ("doctor",)]:
        assert expected in ALL_COMMANDS


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda p: " ".join(p) or "top")
def test_help_is_in_one_language(path: tuple[str, ...], lang: Lang,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--lang", lang, *path, "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.strip()
    assert not foreign_words(out, lang), out


@pytest.mark.parametrize("lang", ["id", "en"])
def test_argparse_refusal_is_in_one_language(lang: Lang,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--lang", lang, "case", "receive"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert ("argumen berikut wajib diisi" if lang == "id"
            else "the following arguments are required") in err
    assert not foreign_words(err, lang), err


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("argv", [
    ["profile", "check", str(EXAMPLE)],
    ["profile", "check", "--ketat", str(EXAMPLE)],
    ["profile", "show", str(EXAMPLE)],
    ["profile", "check", "no-such-profile.yaml"],
    ["flow", "check"],
    ["sandbox", "--list-faults"],
], ids=lambda a: " ".join(a[:2]) if isinstance(a, list) else a)
def test_main_outputs_are_in_one_language(argv: list[str], lang: Lang,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    main(["--lang", lang, *argv])
    out = capsys.readouterr()
    text = out.out + out.err
    assert text.strip()
    assert not foreign_words(text, lang), text


def test_value_words_follow_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--lang", "en", "profile", "show", str(EXAMPLE)])
    shown = capsys.readouterr().out
    assert "Female" in shown and "Perempuan" not in shown
    main(["--lang", "id", "profile", "show", str(EXAMPLE)])
    assert "Perempuan" in capsys.readouterr().out


@pytest.mark.parametrize("lang", ["id", "en"])
def test_flow_show_titles_and_flags_in_one_language(lang: Lang,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    main(["--lang", lang, "flow", "show", "nib-umk"])
    out = capsys.readouterr().out
    # targets are the portal's own words; the flow's title, description, section and step
    # titles and the flags around them are ours
    ours = [line for line in out.splitlines() if not line.startswith("  ")]
    ours += re.findall(r"  \(([^()]*)\)$", out, re.M)
    if lang == "en":  # a step's title, between its action and its target
        ours += [m.strip() for m in re.findall(r"^\s+\S+\s+\S+\s+([^\[\n]+?)\s*(?:\[|$)",
                                                 out, re.M)]
    assert len(ours) > 20
    assert not foreign_words("\n".join(ours), lang), "\n".join(ours)
    assert ("MENGIKAT" if lang == "id" else "BINDING") in out


def test_language_is_chosen_before_the_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OSS_ASSIST_LANG", "en")
    assert pick_lang([]) == "en"
    assert pick_lang(["profile", "check", "--lang", "id", "x"]) == "id"
    assert pick_lang(["--lang=id"]) == "id"
    monkeypatch.setenv("OSS_ASSIST_LANG", "")
    monkeypatch.chdir(ROOT / "tests")  # no .env here
    assert pick_lang([]) == "id"


def test_bundled_flows_say_what_the_operator_sees_in_both_languages() -> None:
    from oss_assist.flows.loader import load_flow
    from oss_assist.flows.model import iter_steps

    for name in ("registrasi", "masuk", "nib-umk"):
        flow = load_flow(ROOT / "flows" / f"{name}.yaml")
        assert flow.title_en and flow.description and flow.description_en, name
        assert not foreign_words(flow.description, "id"), flow.description
        assert not foreign_words(flow.description_en, "en"), flow.description_en
        for section in flow.sections:
            assert section.title_en, f"{name}/{section.id}"
            for step in iter_steps([*section.recover, *section.steps]):
                assert step.title_en, f"{name}/{section.id}/{step.id}"


def test_every_refusal_starts_with_a_capital_letter() -> None:
    from oss_assist.errors import InputError
    from oss_assist.i18n import Text

    error = InputError(Text("berkas tidak ada. Periksa namanya.",
                            "the file does not exist. Check its name."), where="x.yaml")
    assert error.render("id") == "x.yaml: Berkas tidak ada. Periksa namanya."
    assert error.render("en") == "x.yaml: The file does not exist. Check its name."
