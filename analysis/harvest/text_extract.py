"""Text out of TXT, PDF and DOCX bytes, one source line per output line.

The document parsers read line structure (leading space = bullet, blank lines,
headings), so every extractor keeps lines as they are and adds nothing else.
"""
from __future__ import annotations

import codecs
import io
import zipfile

from analysis.errors import InputError

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]


def looks_binary(data: bytes) -> bool:
    """NUL bytes outside a UTF-16/32 text mean a binary file, not text."""
    sample = data[:8192]
    if any(sample.startswith(bom) for bom, enc in _BOMS if enc != "utf-8-sig"):
        return False
    return b"\x00" in sample


def decode_text(data: bytes, name: str) -> str:
    """Bytes -> str: a BOM wins, then strict UTF-8, then cp1252, then charset-normalizer's guess.

    cp1252 is tried before the guess because charset-normalizer reads short Dutch
    cp1252 text (ë, é, –, €) as mac_latin2; cp1252 is what Dutch Excel and Word save.
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

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"'{name}': de tekenset (encoding) is niet te herkennen; "
                         "sla het bestand op als UTF-8.")
    return str(best)


def pdf_text(data: bytes, name: str) -> str:
    """All pages' text in reading order; InputError for a corrupt or text-less (scanned) PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(f"'{name}' is een beveiligd PDF-bestand; sla het op zonder wachtwoord.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise InputError(f"'{name}' is een beschadigd PDF-bestand en kan niet worden gelezen.") from exc
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
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"'{name}' is een beschadigd DOCX-bestand en kan niet worden gelezen.") from exc
    except Exception as exc:  # lxml raises its own XMLSyntaxError for broken document.xml
        if type(exc).__module__.startswith("lxml"):
            raise InputError(f"'{name}' is een beschadigd DOCX-bestand en kan niet worden gelezen.") from exc
        raise
    return "\n".join(lines)
