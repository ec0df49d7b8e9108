"""The one way a profile file is read: file → YAML → :class:`Profile`, or why not.

Two kinds of failure, kept apart because the CLI gives them different exit codes:

- the file cannot be read as a profile at all (missing, empty, too big, binary, not
  YAML, not a mapping): :class:`~oss_assist.errors.InputError`;
- it is read, but its keys or types are wrong: a list of issues, one per problem, each at
  its field path, in words an operator understands.

The YAML dialect is YAML 1.2's core schema rather than PyYAML's 1.1 defaults, so that
``kbli: 01411`` stays ``"01411"`` (not the octal number 777), ``rt: 003`` stays
``"003"``, ``yes``/``no`` are words, and ``10:30`` is not a number of minutes.
"""

from __future__ import annotations

import difflib
import re
import stat
import types
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from oss_assist.errors import InputError
from oss_assist.i18n import Text, os_reason
from oss_assist.profiles.issues import Issue, error
from oss_assist.profiles.model import ERROR_TYPE, Profile

#: Files larger than this are refused before being read: a profile is a few kilobytes.
MAX_PROFILE_BYTES = 1_000_000
#: Values in one file, aliases counted each time they are used (refuses "YAML bombs").
MAX_VALUES = 20_000

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loading, YAML 1.2 core scalars, duplicate keys refused."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[tuple[str, str], int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                key = (key_node.tag, key_node.value)
                line = key_node.start_mark.line + 1
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        f"duplicate key {key_node.value!r} (first on line {seen[key]})",
                        key_node.start_mark,
                    )
                seen[key] = line
        result: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return result


def _core_schema_resolvers() -> None:
    # Timestamps too: a date stays text until the model reads it, so that an impossible
    # one (1982-02-30) is refused at its field instead of breaking the YAML reader.
    dropped = {
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:timestamp",
    }
    _Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in dropped]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:int", re.compile(r"^-?(?:0|[1-9][0-9]*)$"), list("-0123456789")
    )
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
        list("-0123456789"),
    )


_core_schema_resolvers()


# --- reading the bytes ----------------------------------------------------------------


def _unreadable(where: str, id_text: str, en_text: str) -> InputError:
    return InputError(Text(id_text, en_text), where=where)


def read_text(path: Path, where: str | None = None) -> str:
    """The file's text, or InputError: missing, not a file, too big, empty, binary."""
    shown = where or str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise _unreadable(
            shown,
            "berkas tidak ditemukan. Periksa nama dan foldernya.",
            "file not found. Check its name and folder.",
        ) from None
    except OSError as exc:
        raise _unreadable(
            shown,
            f"berkas tidak dapat dibuka ({os_reason(exc).id}).",
            f"the file cannot be opened ({os_reason(exc).en}).",
        ) from exc
    if stat.S_ISDIR(info.st_mode):
        raise _unreadable(
            shown,
            "ini folder, bukan berkas profil.",
            "this is a folder, not a profile file.",
        )
    if info.st_size > MAX_PROFILE_BYTES:
        raise _too_big(shown, info.st_size)
    try:
        with path.open("rb") as handle:
            # Devices and pipes report no size; never read more than the limit from them.
            raw = handle.read(MAX_PROFILE_BYTES + 1)
    except OSError as exc:
        raise _unreadable(
            shown,
            f"berkas tidak dapat dibaca ({os_reason(exc).id}). Periksa izin aksesnya.",
            f"the file cannot be read ({os_reason(exc).en}). Check its permissions.",
        ) from exc
    if len(raw) > MAX_PROFILE_BYTES:
        raise _too_big(shown, None)
    return decode(raw, shown)


def _too_big(where: str, size: int | None) -> InputError:
    size_id = f" ({size / 1_000_000:.1f} MB)" if size else ""
    return _unreadable(
        where,
        f"berkas terlalu besar{size_id}; profil paling besar {MAX_PROFILE_BYTES // 1000} KB. "
        "Pastikan ini berkas profil YAML yang benar.",
        f"the file is too big{size_id}; a profile is at most {MAX_PROFILE_BYTES // 1000} KB. "
        "Make sure this is the right YAML profile.",
    )


def decode(raw: bytes, where: str) -> str:
    """UTF-8 text (a BOM is allowed), or InputError for binary data."""
    if b"\x00" in raw:
        raise _binary(where)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _binary(where) from None
    if not text.strip():
        raise _unreadable(
            where,
            "berkas kosong. Isi profil pemohon (lihat contoh di folder profiles/ atau "
            "buat dengan 'oss-assist profile new').",
            "the file is empty. Fill in the applicant's profile (see the examples in "
            "profiles/, or make one with 'oss-assist profile new').",
        )
    return text


def _binary(where: str) -> InputError:
    return _unreadable(
        where,
        "bukan berkas teks (isinya biner atau bukan UTF-8). Profil adalah berkas teks YAML.",
        "not a text file (binary, or not UTF-8). A profile is a YAML text file.",
    )


# --- text → data ----------------------------------------------------------------------


def parse_yaml(text: str, where: str) -> dict[str, Any]:
    """The YAML mapping in ``text``, or InputError saying where the YAML breaks."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 (_Loader is a SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        at = f"baris {mark.line + 1}, kolom {mark.column + 1}" if mark else ""
        at_en = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "?"
        raise _unreadable(
            where,
            f"bukan YAML yang sah ({at}: {problem}). Periksa titik dua, tanda kutip dan "
            "jarak indentasi di baris itu.",
            f"not valid YAML ({at_en}: {problem}). Check the colons, quotes and "
            "indentation on that line.",
        ) from None
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError) as exc:
        # ValueError and friends: an explicit tag PyYAML cannot build (``!!int abc``), or
        # an integer longer than Python converts (4,300 digits)
        raise _unreadable(
            where,
            f"bukan YAML yang sah ({type(exc).__name__}).",
            f"not valid YAML ({type(exc).__name__}).",
        ) from None
    if data is None:
        raise _unreadable(
            where,
            "berkas hanya berisi komentar atau kosong. Isi profil pemohon.",
            "the file holds only comments or nothing. Fill in the applicant's profile.",
        )
    if not isinstance(data, dict):
        kind = "daftar" if isinstance(data, list) else "satu nilai"
        kind_en = "a list" if isinstance(data, list) else "a single value"
        raise _unreadable(
            where,
            f"isi berkas adalah {kind}, padahal profil berupa kelompok isian yang diawali "
            "'identitas:', 'email:', 'kegiatan:' dan seterusnya.",
            f"the file holds {kind_en}, but a profile is a mapping of keys starting "
            "with 'identitas:', 'email:', 'kegiatan:' and so on.",
        )
    _limit_size(data, where)
    return data


def _limit_size(data: object, where: str) -> None:
    stack: list[object] = [data]
    count = 0
    while stack:
        item = stack.pop()
        count += 1
        if count > MAX_VALUES:
            raise _unreadable(
                where,
                "berkas berisi terlalu banyak nilai (alias YAML yang berulang?). "
                "Profil tidak memerlukan sebanyak itu.",
                "the file holds far too many values (repeated YAML aliases?). "
                "A profile never needs that many.",
            )
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


# --- data → model ---------------------------------------------------------------------


def parse_profile(data: object) -> tuple[Profile | None, list[Issue]]:
    """Build the model from parsed data; on failure one issue per problem, no model."""
    try:
        return Profile.model_validate(data), []
    except ValidationError as exc:
        return None, [translate(e) for e in exc.errors(include_url=False)]


def load_profile(path: Path | str, where: str | None = None) -> tuple[Profile | None, list[Issue]]:
    """Read one profile file: InputError when unreadable, else the model or its issues."""
    file = Path(path)
    shown = where or str(path)
    return parse_profile(parse_yaml(read_text(file, shown), shown))


# --- pydantic's errors in the operator's words -----------------------------------------


def dotted(loc: Iterable[int | str]) -> str:
    """``("kegiatan", 0, "kbli")`` → ``kegiatan.0.kbli``."""
    return ".".join(str(part) for part in loc)


def translate(err: ErrorDetails) -> Issue:
    """One pydantic error → one issue at its field path, in both languages."""
    loc = tuple(err["loc"])
    kind = err["type"]
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    path = dotted(loc)
    if kind == ERROR_TYPE:
        return error(path, Text(str(ctx["id"]), str(ctx["en"])))
    hint_id, hint_en = _field_hint(loc)
    if kind == "missing":
        dash_id, dash_en = (f" — {hint_id}", f" — {hint_en}") if hint_id else ("", "")
        return error(
            path,
            Text(
                f"wajib diisi: tambahkan '{loc[-1]}:'{dash_id}.",
                f"required: add '{loc[-1]}:'{dash_en}.",
            ),
        )
    if kind == "extra_forbidden":
        return error(path, _unknown_key(loc))
    if kind == "invalid_key":
        return error(
            path,
            Text(
                "nama kunci harus berupa teks. Periksa baris ini.",
                "key names must be text. Check this line.",
            ),
        )
    about = Text(f" ({hint_id})", f" ({hint_en})") if hint_id else Text("", "")
    text = _TYPE_TEXTS.get(kind)
    if text is not None:
        return error(path, Text(text.id.format(**ctx) + about.id, text.en.format(**ctx) + about.en))
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        return error(
            path,
            Text(
                f"harus salah satu dari: {expected.replace(' or ', ' atau ')}.",
                f"must be one of: {expected}.",
            ),
        )
    return error(
        path,
        Text(
            f"nilai tidak sah ({err['msg']}){about.id}.", f"invalid value ({err['msg']}){about.en}."
        ),
    )


_TYPE_TEXTS: dict[str, Text] = {
    "string_type": Text("harus berupa teks", "must be text"),
    "string_too_short": Text("tidak boleh kosong", "must not be empty"),
    "string_too_long": Text(
        "terlalu panjang (paling banyak {max_length} huruf)",
        "too long (at most {max_length} characters)",
    ),
    "int_type": Text("harus bilangan bulat", "must be a whole number"),
    "int_parsing": Text("harus bilangan bulat", "must be a whole number"),
    "float_type": Text("harus berupa angka", "must be a number"),
    "float_parsing": Text("harus berupa angka", "must be a number"),
    "bool_type": Text("harus ya atau tidak (true/false)", "must be yes or no (true/false)"),
    "bool_parsing": Text("harus ya atau tidak (true/false)", "must be yes or no (true/false)"),
    "model_type": Text(
        "harus berupa kelompok isian (kunci: nilai) yang menjorok di bawahnya",
        "must be a mapping (key: value lines indented below it)",
    ),
    "model_attributes_type": Text(
        "harus berupa kelompok isian (kunci: nilai) yang menjorok di bawahnya",
        "must be a mapping (key: value lines indented below it)",
    ),
    "dict_type": Text(
        "harus berupa kelompok isian (kunci: nilai)", "must be a mapping (key: value)"
    ),
    "list_type": Text(
        "harus berupa daftar: setiap butir diawali '- '",
        "must be a list: each item starts with '- '",
    ),
    "too_short": Text("paling sedikit {min_length} butir", "needs at least {min_length} item(s)"),
    "date_type": Text("harus tanggal, misalnya 2024-07-01", "must be a date, e.g. 2024-07-01"),
}


def _unknown_key(loc: tuple[int | str, ...]) -> Text:
    key = str(loc[-1])
    known = _fields_at(loc[:-1])
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    known_list = ", ".join(known)
    if close:
        return Text(
            f"kunci {key!r} tidak dikenal; mungkin maksudnya {close[0]!r}? "
            f"Kunci yang dikenal di sini: {known_list}.",
            f"unknown key {key!r}; did you mean {close[0]!r}? The keys known here: {known_list}.",
        )
    return Text(
        f"kunci {key!r} tidak dikenal. Hapus, atau periksa ejaannya; yang dikenal di "
        f"sini: {known_list}.",
        f"unknown key {key!r}. Remove it, or check its spelling; the keys known here: "
        f"{known_list}.",
    )


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class an annotation holds, through Annotated, Optional and list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_in(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found:
                return found
    return None


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    model: type[BaseModel] | None = Profile
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        model = _model_in(info.annotation) if info else None
    return model


def _fields_at(loc: tuple[int | str, ...]) -> list[str]:
    model = _model_at(loc)
    return list(model.model_fields) if model else []


def _field_hint(loc: tuple[int | str, ...]) -> tuple[str, str]:
    """The field's description in both languages, for messages."""
    if not loc or isinstance(loc[-1], int):
        return "", ""
    model = _model_at(loc[:-1])
    info = model.model_fields.get(loc[-1]) if model else None
    if info is None or not info.description:
        return "", ""
    extra = info.json_schema_extra
    en = extra.get("description_en") if isinstance(extra, dict) else None
    return info.description, str(en or info.description)


def is_profile_file(path: Path) -> bool:
    """Whether a directory entry is taken as a profile: ``*.yaml`` or ``*.yml``."""
    return path.suffix.lower() in {".yaml", ".yml"} and not path.name.startswith(".")


def profile_files(directory: Path) -> list[Path]:
    """The profile files directly inside a folder, by name."""
    return sorted(p for p in directory.iterdir() if is_profile_file(p) and not p.is_dir())
