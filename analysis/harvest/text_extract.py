"""Text out of TXT, PDF and DOCX bytes, one source line per output line (harvest stage).

The document parsers read line structure (leading space = bullet, blank lines,
headings), so every extractor keeps lines as they are and adds nothing else.
"""
from __future__ import annotations

import codecs
import io
import re

from analysis.core.errors import InputError

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]
_WESTERN = ("utf_8", "cp1252", "latin_1", "iso8859_15", "mac_roman", "cp850", "utf_16", "utf_32")
_C1_CONTROLS = re.compile("[\x80-\x9f]")


def looks_binary(data: bytes) -> bool:
    """NUL bytes outside a UTF-16/32 text mean a binary file, not text."""
    sample = data[:8192]
    if any(sample.startswith(bom) for bom, enc in _BOMS if enc != "utf-8-sig"):
        return False
    return b"\x00" in sample


def decode_text(data: bytes, name: str) -> str:
    """Bytes -> str: a BOM wins, then strict UTF-8, then cp1252, then charset-normalizer among Western encodings.

    cp1252 is tried before any guess because charset-normalizer reads short Dutch
    cp1252 text (ë, é, –, €) as mac_latin2 or cp949; cp1252 is what Dutch Excel and
    Word save. A guess that leaves C1 control characters is mojibake and refused.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_WESTERN)).best()
    text = str(best) if best is not None else ""
    if not text or _C1_CONTROLS.search(text):
        raise InputError(f"'{name}' heeft een onbekende tekenset (geen UTF-8 of Windows-1252); "
                         "sla het bestand op als UTF-8.")
    return text


def pdf_text(data: bytes, name: str) -> str:
    """All pages' text in reading order; InputError for a corrupt or text-less (scanned) PDF."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(f"'{name}' is een beveiligd PDF-bestand; sla het op zonder wachtwoord.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many types (PdfReadError, KeyError, ...) on broken files
        raise InputError(f"'{name}' is een beschadigd PDF-bestand en kan niet worden gelezen.") from exc
    if not pages:
        raise InputError(f"'{name}' is een beschadigd PDF-bestand (geen pagina's).")
    text = "\n".join(pages)
    if not text.strip():
        raise InputError(f"'{name}' bevat geen tekst (mogelijk een scan); "
                         "gebruik een PDF met tekst of een DOCX.")
    return text


def docx_text(data: bytes, name: str) -> str:
    """Body paragraphs in document order, one per line (tables are read row by row, cell by cell)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(block.text)
            elif isinstance(block, Table):
                lines.extend(cell.text for row in block.rows for cell in row.cells)
    except Exception as exc:  # zipfile, lxml and python-docx each raise their own types on broken files
        raise InputError(f"'{name}' is een beschadigd DOCX-bestand en kan niet worden gelezen.") from exc
    return "\n".join(lines)
