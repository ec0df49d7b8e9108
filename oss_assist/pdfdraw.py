"""A QR code drawn into an fpdf2 page as filled squares: no image library needed. Used by
the sandbox's NIB and by the office's recap."""

from __future__ import annotations

from typing import Any


def draw_qr(pdf: Any, data: str, x: float, y: float, *, cell: float) -> float:
    """Draw ``data`` as a QR code with its top-left corner at (x, y), each module ``cell``
    mm wide, runs of dark modules as one rectangle; returns the code's size in mm."""
    import segno

    rows = [list(row) for row in segno.make(data, error="m", micro=False).matrix]
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                pdf.rect(x + start * cell, y + r * cell, (c - start) * cell, cell, style="F")
            else:
                c += 1
    return cell * len(rows)


def modules(data: str) -> int:
    """How many modules wide the QR code of ``data`` is."""
    import segno

    return len(list(segno.make(data, error="m", micro=False).matrix))
