"""What kind of file is this? Decided from the bytes, not from the (possibly wrong) file name (harvest stage)."""
from __future__ import annotations

import csv
import io
import re
import zipfile

from analysis.core.errors import InputError
from analysis.harvest.text_extract import looks_binary

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CSV_DELIMITERS = ",;\t|"


def container(data: bytes, name: str) -> str:
    """'pdf', 'docx', 'xlsx' or 'text' (csv vs prose is decided after decoding)."""
    if data[:1024].lstrip().startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile as exc:
            raise InputError(f"'{name}' is een beschadigd bestand (kapot ZIP-, DOCX- of XLSX-bestand).") from exc
        if "word/document.xml" in names:
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        raise InputError(f"'{name}' is een ZIP-bestand maar geen DOCX of XLSX; dit formaat wordt niet ondersteund.")
    if data.startswith(_OLE2):
        raise InputError(f"'{name}' is een oud Word- of Excel-bestand (.doc/.xls); "
                         "sla het op als .docx of .xlsx.")
    if looks_binary(data):
        raise InputError(f"'{name}' heeft een onbekend bestandsformaat; "
                         "gebruik TXT, PDF, DOCX, CSV of XLSX.")
    return "text"


def split_preamble(text: str) -> tuple[list[str], str]:
    """Leading '# comment' lines and Excel's 'sep=;' line, and the table text after them."""
    preamble: list[str] = []
    rest = text
    while True:
        line, newline, after = rest.partition("\n")
        if not (line.startswith("#") or re.match(r"^sep=.\s*$", line)) or not newline:
            return preamble, rest
        preamble.append(line.strip())
        rest = after


def csv_dialect(text: str) -> str | None:
    """The delimiter if text is a table (a header and rows with the same number of fields), else None.

    Prose with commas fails this: its lines split into varying numbers of fields.
    An Excel 'sep=;' line names the delimiter itself.
    """
    preamble, text = split_preamble(text)
    declared = [p[4] for p in preamble if p.startswith("sep=")]
    if declared:
        return declared[0]
    sample = text[:200_000]
    lines_seen = sample.count("\n")
    best: tuple[float, int, str] | None = None
    for delimiter in _CSV_DELIMITERS:
        reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
        try:
            rows = [r for _, r in zip(range(60), reader) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if lines_seen and len(rows) > 1 and not sample.endswith("\n"):
            rows = rows[:-1]  # the sample may cut the last row
        if len(rows) < 2 or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        agree = sum(len(r) == width for r in rows[1:]) / (len(rows) - 1)
        if agree >= 0.9 and (best is None or (agree, width) > best[:2]):
            best = (agree, width, delimiter)
    return best[2] if best else None
