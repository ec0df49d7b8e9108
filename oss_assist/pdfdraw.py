"""Drawing shared by the sandbox's NIB and the office's receipts and recap, on fpdf2: QR
codes as filled squares (no image library needed) and word wrapping by font metrics
(fpdf2's own line breaking is exact but an order of magnitude slower)."""

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


def wrap_lines(pdf: Any, text: str, room: float) -> list[str]:
    """``text`` (already in the page's encoding) cut into lines no wider than ``room`` mm
    in the current font; a word longer than a line is cut too."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            while pdf.get_string_width(word) > room and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and pdf.get_string_width(word[:cut]) > room:
                    cut -= 1
                if line:
                    out.append(line)
                    line = ""
                out.append(word[:cut])
                word = word[cut:]
            trial = f"{line} {word}" if line else word
            if line and pdf.get_string_width(trial) > room:
                out.append(line)
                line = word
            else:
                line = trial
        out.append(line)
    return out
