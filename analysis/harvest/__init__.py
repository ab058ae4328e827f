"""Harvest parsers: any supported file -> the one contributions schema (harvest stage).

The file type is recognised from the content (magic bytes, then the decoded text),
never trusted from the file name; the document layout (werksessie June / November
style, OFL verkenning, generic prose) is recognised from the text. Every failure
is an InputError with a plain Dutch sentence naming the file.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.core import config
from analysis.core.errors import InputError
from analysis.core.schema import ParsedDocument
from analysis.harvest import (
    common,
    ofl,
    prose,
    raadpleging,
    sniff,
    text_extract,
    werksessie,
)
from analysis.harvest.raadpleging import detect_mapping

__all__ = ["DetectedFormat", "detect_format", "detect_mapping", "document_types", "parse_bytes", "parse_path",
           "read_table", "upload_types"]

_DOCUMENT_PARSERS = {
    "werksessie_adviezen": werksessie.parse,
    "werksessie_reflectie": werksessie.parse,
    "ofl_verkenning": ofl.parse,
    "tekst": prose.parse,
}


@dataclass(frozen=True)
class DetectedFormat:
    """What the import page shows before parsing: file type and document layout."""

    container: str  # pdf, docx, txt, csv, xlsx
    kind: str  # a [kinds] key of data/harvest.toml, or "raadpleging"
    label: str  # Dutch description for the user

    def __str__(self) -> str:
        return f"{self.label} ({self.container.upper()})"


def document_types() -> list[str]:
    """File endings offered for documents (reports, concept versions): data/harvest.toml [uploads]."""
    return list(config.data_toml("harvest.toml")["uploads"]["documents"])


def upload_types() -> list[str]:
    """Every file ending the import page offers: documents and consultation tables."""
    return [*document_types(), *config.data_toml("harvest.toml")["uploads"]["tables"]]


def document_kind(text: str) -> str:
    """The first kind in data/harvest.toml whose required heading lines all occur in text."""
    keys = {common.heading_key(line) for line in text.splitlines()}
    for kind, cfg in common.config()["kinds"].items():
        if cfg["requires"] and all(req in keys for req in cfg["requires"]):
            return kind
    return "tekst"


def _check_size(size: int, name: str) -> None:
    if size == 0:
        raise InputError(f"'{name}' is leeg.")
    limit = config.max_file_bytes()
    if size > limit:
        raise InputError(f"'{name}' is te groot ({size / 1024 / 1024:.1f} MB); "
                         f"het maximum is {limit / 1024 / 1024:.0f} MB.")


def _read_path(path: Path) -> bytes:
    path = Path(path)
    if not path.exists():
        raise InputError(f"Bestand niet gevonden: '{path}'.")
    if not path.is_file():
        raise InputError(f"'{path}' is geen bestand.")
    _check_size(path.stat().st_size, path.name)
    return path.read_bytes()


@dataclass
class _Content:
    """A file opened once: its container and either its text or its table."""

    container: str
    text: str | None = None
    delimiter: str | None = None


def _open(data: bytes, name: str) -> _Content:
    _check_size(len(data), name)
    kind = sniff.container(data, name)
    if kind == "pdf":
        return _Content("pdf", text_extract.pdf_text(data, name))
    if kind == "docx":
        return _Content("docx", text_extract.docx_text(data, name))
    if kind == "xlsx":
        return _Content("xlsx")
    text = text_extract.decode_text(data, name)
    if not text.strip():
        raise InputError(f"'{name}' is leeg.")
    delimiter = sniff.csv_dialect(text)
    return _Content("csv", text, delimiter) if delimiter else _Content("txt", text)


def detect_format(data: bytes | Path, filename: str | None = None) -> DetectedFormat:
    """Recognise a file (bytes of an upload, or a path) without parsing it fully."""
    if isinstance(data, Path):
        filename, data = filename or data.name, _read_path(data)
    content = _open(data, filename or "bestand")
    cfg = common.config()
    if content.container in ("csv", "xlsx"):
        return DetectedFormat(content.container, "raadpleging", cfg["raadpleging"]["label"])
    kind = document_kind(content.text)
    return DetectedFormat(content.container, kind, cfg["kinds"][kind]["label"])


def read_table(data: bytes, filename: str):
    """A CSV/XLSX upload as an all-text DataFrame, for the import page's mapping step."""
    content = _open(data, filename)
    if content.container == "xlsx":
        table = raadpleging.read_xlsx(data, filename)[0]
    elif content.container == "csv":
        table = raadpleging.read_csv(content.text, content.delimiter)[0]
    else:
        raise InputError(f"'{filename}' is geen tabel (CSV of XLSX) maar een document.")
    if table.empty or not len(table.columns):  # an empty sheet: said before any mapping is shown
        raise InputError(f"'{filename}' bevat geen gegevensrijen.")
    return table


def parse_bytes(data: bytes, filename: str, mapping: dict | None = None) -> ParsedDocument:
    """Parse an uploaded file; filename is used as the document name, not to decide the type."""
    name = Path(filename).name
    content = _open(data, name)
    if content.container == "xlsx":
        df, preamble = raadpleging.read_xlsx(data, name)
    elif content.container == "csv":
        df, preamble = raadpleging.read_csv(content.text, content.delimiter)
    else:
        kind = document_kind(content.text)
        parsed = _DOCUMENT_PARSERS[kind](content.text, name, kind)
        parsed.format = f"{parsed.format} ({content.container})"
        return parsed
    return raadpleging.parse_table(df, name, preamble, mapping, content.container)


def parse_path(path: Path, mapping: dict | None = None) -> ParsedDocument:
    """Parse a file on disk (see parse_bytes)."""
    path = Path(path)
    return parse_bytes(_read_path(path), path.name, mapping)
