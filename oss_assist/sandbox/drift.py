"""The ``drift`` fault: labels, placeholders and test ids renamed as portal releases do.

Each rename is a literal text of the rendered page and its replacement; the sandbox
applies the chosen ones to every page it renders. The bundled flows list fallbacks for
each (the demo reaches the NIB on a drifted sandbox), and ``flow probe`` names exactly
the targets whose first locator a rename broke.
"""

from __future__ import annotations

from typing import Final, NamedTuple


class Rename(NamedTuple):
    old: str
    new: str
    what: str


#: Renames a portal release might make, by key. Keys are stable: tests and
#: ``--set drift=KEY,KEY`` name them.
POOL: Final[dict[str, Rename]] = {
    "nik": Rename('placeholder="Masukkan 16 digit NIK sesuai KTP"',
                  'placeholder="Ketik 16 digit NIK sesuai KTP"',
                  "registration: the NIK placeholder reworded"),
    "nama": Rename('placeholder="Masukkan nama sesuai KTP"',
                   'placeholder="Nama lengkap sesuai KTP"',
                   "registration: the name placeholder reworded"),
    "akun": Rename('placeholder="Contoh: 081xxxxxxxxx atau email"',
                   'placeholder="Contoh: 0812xxxxxxxx atau email"',
                   "login: the account placeholder's example changed"),
    "nama-usaha": Rename('placeholder="Contoh : Restoran"',
                         'placeholder="Contoh: Restoran"',
                         "activity: the stray space before the colon removed"),
    "modal-kerja": Rename('data-testid="input-modal-kerja"',
                          'data-testid="input-modal-kerja-3-bulan"',
                          "investment: a test id renamed"),
    "tk-laki-laki": Rename('data-testid="laborcard-labor-male"',
                           'data-testid="labor-card-male"',
                           "investment: a test id renamed"),
    "alamat": Rename('placeholder="Contoh: Jl. RUSA No. 1"',
                     'placeholder="Contoh: Jl. Mawar No. 1"',
                     "registration: the address placeholder's example changed"),
}

#: How many renames the ``drift`` profile draws from the pool (by seed).
DRAWN: Final = 4


def apply(html: str, renames: list[Rename]) -> str:
    for rename in renames:
        html = html.replace(rename.old, rename.new)
    return html
