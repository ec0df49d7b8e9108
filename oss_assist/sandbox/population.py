"""The sandbox's population register (its Dukcapil) and training accounts, from population.yaml.

``load_population()`` gives the synthetic people; ``load_training_accounts()`` the ready
accounts made from some of them at every reset. ``dukcapil_check`` is the check the
registration's "Daftar" runs: the NIK must be known and name, birth date and gender must
agree with the register.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from importlib.resources import files
from typing import Any, Literal

import yaml

from oss_assist.sandbox.state import Gender, Person, TrainingAccount

DATA_FILE = "population.yaml"
DukcapilResult = Literal["ok", "mismatch"]


@cache
def _data() -> dict[str, Any]:
    text = files("oss_assist.sandbox").joinpath(DATA_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _gender(value: str) -> Gender:
    if value == "Laki-laki":
        return "Laki-laki"
    if value == "Perempuan":
        return "Perempuan"
    raise ValueError(f"{DATA_FILE}: gender must be Laki-laki or Perempuan, not {value!r}")


def load_population() -> list[Person]:
    """The people of the register, as listed in the data file."""
    people = []
    for row in _data()["people"]:
        born = row["birth_date"]
        if not isinstance(born, date):
            born = date.fromisoformat(str(born))
        people.append(Person(str(row["nik"]), str(row["name"]), born, _gender(row["gender"])))
    return people


def load_training_accounts() -> list[TrainingAccount]:
    """The ready accounts the sandbox creates at start (and after every reset)."""
    return [
        TrainingAccount(
            nik=str(row["nik"]),
            email=str(row["email"]),
            phone=str(row["phone"]),
            password=str(row["password"]),
            address=str(row.get("address", "")),
            daerah_id=str(row.get("daerah_id", "")),
            renew_email=bool(row.get("renew_email", False)),
        )
        for row in _data().get("training_accounts", [])
    ]


def _norm_name(name: str) -> str:
    return " ".join(name.replace(".", " ").replace(",", " ").split()).upper()


def parse_ddmmyyyy(text: str) -> date | None:
    """``12/04/1982`` → a date, or None when it is not a real dd/mm/yyyy date."""
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


def dukcapil_check(
    register: dict[str, Person], nik: str, name: str, birth_date: str, gender: str
) -> DukcapilResult:
    """Whether the typed identity agrees with the register (case and spaces ignored)."""
    person = register.get(nik.strip())
    if person is None:
        return "mismatch"
    if _norm_name(name) != _norm_name(person.name):
        return "mismatch"
    if parse_ddmmyyyy(birth_date) != person.birth_date:
        return "mismatch"
    if gender != person.gender:
        return "mismatch"
    return "ok"
