"""Bad input never gives a traceback: each case raises InputError with a plain message naming the file."""
from __future__ import annotations

import io
import zipfile

import pytest

from analysis.core import config
from analysis.core.errors import InputError
from analysis.core.paths import RAW_DIR
from analysis.harvest import parse_bytes, parse_path


def _zip(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, content in files.items():
            z.writestr(name, content)
    return buf.getvalue()


BAD_INPUTS = [
    ("leeg.txt", b"", "leeg"),
    ("spaties.txt", b"  \n\n \n", "leeg"),
    ("kapot.pdf", b"%PDF-1.7\n1 0 obj garbage\n%%EOF", "beschadigd PDF"),
    ("kapot.docx", b"PK\x03\x04 dit is geen zip", "beschadigd"),
    ("kapot2.docx", _zip({"[Content_Types].xml": "<x/>", "word/document.xml": "<geen xml"}), "beschadigd DOCX"),
    ("kapot.xlsx", _zip({"xl/workbook.xml": "<geen xml"}), "beschadigd XLSX"),
    ("archief.zip", _zip({"a.txt": "hallo"}), "geen DOCX of XLSX"),
    ("plaatje.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "onbekend bestandsformaat"),
    ("oud.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "oud Word- of Excel"),
    ("cijfers.csv", b"id,leeftijd,provincie\n1,20,Utrecht\n2,31,Zeeland\n", "geen kolom met vrije tekst"),
    ("vreemd.txt", b"\x81\x8d\x8f\x90\x9d" * 50, "tekenset"),
]


@pytest.mark.parametrize("name, data, expected", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_gives_a_clear_message(name, data, expected):
    with pytest.raises(InputError) as info:
        parse_bytes(data, name)
    message = str(info.value)
    assert expected in message
    assert name in message
    assert "\n" not in message


def test_missing_path(tmp_path):
    with pytest.raises(InputError, match="niet gevonden"):
        parse_path(tmp_path / "bestaat-niet.txt")


def test_directory_is_not_a_file(tmp_path):
    with pytest.raises(InputError, match="geen bestand"):
        parse_path(tmp_path)


def test_file_over_the_size_limit(monkeypatch):
    monkeypatch.setattr(config, "max_file_bytes", lambda: 1024)
    path = RAW_DIR / "werksessie-2024-06-26-samen-werken-aan-het-nmp.txt"
    with pytest.raises(InputError, match="te groot") as info:
        parse_path(path)
    assert path.name in str(info.value)
    with pytest.raises(InputError, match="te groot"):
        parse_bytes(path.read_bytes(), path.name)


def test_scanned_pdf_without_text():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    with pytest.raises(InputError, match="geen tekst"):
        parse_bytes(bytes(pdf.output()), "scan.pdf")
