"""Tables and pictures for the Word reports, laid out so they read well (views stage).

python-docx leaves column widths to Word's autofit, which in a table of short labels and long
sentences squeezes a column until a word breaks in two ("Doorverwez / en"). Here every table
gets fixed column widths from its content, as a browser lays out an automatic table: no column
narrower than its longest word, the room that is left goes to the columns with the most text.
When even the longest words do not fit the page width, the font steps down (to `min_size`)
before a word is allowed to break, and then only in the column whose longest token is longest
(an e-mail address or an id rather than a word). The header row is a real header row repeated on every page,
and a row never splits across a page. Widths are estimated for a wide sans-serif (DejaVu Sans,
what LibreOffice uses where Calibri is missing), so in Word with Calibri there is room to spare.
"""
from __future__ import annotations

import io

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

# advance of a character in em (regular, bold), a little over DejaVu Sans's: wide letters,
# narrow ones, half-narrow ones, capitals, everything else
_CLASSES = [("mwMW@%", 1.0, 1.08), ("ijlI.,:;'!|", 0.3, 0.36), ("tfr()/-[] ", 0.42, 0.5),
            ("ABCDEFGHJKLNOPQRSTUVXYZ", 0.74, 0.82)]
_OTHER = (0.62, 0.7)
_EM = {c: (regular, bold) for chars, regular, bold in _CLASSES for c in chars}
_PADDING_CM = 0.42  # Word's default cell margins (0.19 cm each side) and a little air
_CM_PER_PT = 2.54 / 72


def _text_cm(text: str, size: float, bold: bool) -> float:
    return sum(_EM.get(c, _OTHER)[bold] for c in text) * size * _CM_PER_PT


def _widest_word_cm(text: str, size: float, bold: bool) -> float:
    return max((_text_cm(w, size, bold) for w in text.split()), default=0.0)


def _cells(value) -> list[str]:
    return [str(v) for v in (value if isinstance(value, list) else [value])]


def column_widths(header: list[str], rows: list[list], total_cm: float, size: float) -> tuple[list[float], bool]:
    """Widths in cm that add up to total_cm, and whether every word fits unbroken.

    minimum: the longest word of the column (header in bold); natural: its longest paragraph
    on one line. Natural widths that fit are stretched to the page; otherwise every column gets
    its minimum and the rest is shared by how much text the column holds on average (so a
    column of long sentences and one of long explanations get about the same room, and rows
    stay low)."""
    n = len(header)
    low = [_widest_word_cm(h, size, True) + _PADDING_CM for h in header]
    high = [_text_cm(h, size, True) + _PADDING_CM for h in header]
    total = [0.0] * n
    for values in rows:
        for i, value in enumerate(values[:n]):
            cell = 0.0
            for part in _cells(value):
                low[i] = max(low[i], _widest_word_cm(part, size, False) + _PADDING_CM)
                high[i] = max(high[i], _text_cm(part, size, False) + _PADDING_CM)
                cell += _text_cm(part, size, False)
            total[i] += cell
    if sum(low) > total_cm:  # the column with the longest token (an e-mail address, an id) gives way
        big = max(range(n), key=lambda i: low[i])
        rest = total_cm - (sum(low) - low[big])
        if rest >= 0.15 * total_cm:
            return [rest if i == big else w for i, w in enumerate(low)], False
        return [total_cm * w / sum(low) for w in low], False
    if sum(high) <= total_cm:
        return [total_cm * w / sum(high) for w in high], True
    spare = total_cm - sum(low)
    extra = [max(t / max(len(rows), 1) + _PADDING_CM - lo, 0.0) for t, lo in zip(total, low)]
    if not sum(extra):
        extra = [h - lo for h, lo in zip(high, low)]
    return [lo + spare * e / sum(extra) for lo, e in zip(low, extra)], True


def _row_property(row, tag: str) -> None:
    mark = OxmlElement(tag)
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)


def fitted(header: list[str], rows: list[list], total_cm: float, size: float = 9.5,
           min_size: float = 8.0) -> tuple[list[float], float]:
    """Column widths and font size for these rows: the font steps down by half a point (to
    min_size) while the longest words do not fit."""
    widths, fits = column_widths(header, rows, total_cm, size)
    while not fits and size > min_size:
        size = max(min_size, size - 0.5)
        widths, fits = column_widths(header, rows, total_cm, size)
    return widths, size


def table(doc, header: list[str], rows: list[list], total_cm: float, size: float = 9.5,
          min_size: float = 8.0, layout: tuple[list[float], float] | None = None):
    """A table with a repeating header row, rows that stay on one page, fixed widths from the
    content (or `layout`: widths and size from fitted() over several tables, so tables of the
    same kind line up); a cell value may be a list of paragraphs."""
    widths, size = layout or fitted(header, rows, total_cm, size, min_size)
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    t.autofit = False  # w:tblLayout fixed: Word keeps these widths
    _row_property(t.rows[0], "w:tblHeader")
    for cell, name in zip(t.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(name).bold = True
    for values in rows:
        cells = t.add_row().cells
        for cell, value in zip(cells, values):
            parts = _cells(value)
            cell.text = parts[0]
            for extra in parts[1:]:
                cell.add_paragraph(extra)
    for column, width in zip(t.columns, widths):
        column.width = Cm(width)
    for row in t.rows:
        _row_property(row, "w:cantSplit")
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)
            for para in cell.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(size)
    return t


def picture(doc, png: bytes, alt: str, title: str, width_cm: float) -> None:
    """An image with its text alternative (docPr descr) and title."""
    doc.add_picture(io.BytesIO(png), width=Cm(width_cm))
    shape = doc.inline_shapes[-1]
    shape._inline.docPr.set("descr", alt)
    shape._inline.docPr.set("title", title)
