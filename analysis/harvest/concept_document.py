"""Concept versions of the NMP as documents: id, name, date and numbered sections (harvest stage).

The default data holds extracts (data/concept_versions/*.toml); a full document (PDF, DOCX,
TXT) is split into sections at its numbered headings by parse_version.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from analysis.core import config, paths
from analysis.core.errors import InputError
from analysis.harvest import sniff, text_extract

VERSIONS_DIR = paths.DATA_DIR / "concept_versions"


_CHAPTER = re.compile(r"^\s*(?:hoofdstuk\s+|H\s?)(\d{1,2})\b[.:]?\s*(.*?)\s*$", re.IGNORECASE)


_NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.{0,150}?)\s*$")


_TOC_TITLE = re.compile(r"(\.{2,}|…|\s)\s*\d{1,3}$")  # "6.2.2 Stapeling ........ 34"


_REF = re.compile(r"^\s*(?P<version>v\d+[a-z]?)\s+(?P<section>.+?)\s*$", re.IGNORECASE)


_VERSION_ID = re.compile(r"^v\d+[a-z]?$")


@dataclass
class Section:
    number: str
    title: str
    text: str
    themes: list[str] = field(default_factory=list)

    @property
    def ref(self) -> str:
        """How people cite the section: "§6.2.2", or "hoofdstuk 5" for a chapter ("H5")."""
        if self.number.startswith("H"):
            return f"hoofdstuk {self.number[1:]}"
        return f"§{self.number}"

    @property
    def name(self) -> str:
        """"§6.2.2 Stapeling van effecten", "hoofdstuk 5 Strategische doelen, ..."."""
        return f"{self.ref} {self.title}".strip()


@dataclass
class ConceptVersion:
    id: str
    name: str
    date: str | None
    sections: list[Section]
    label: str = ""
    source: str = ""

    def section(self, number: str) -> Section | None:
        return next((s for s in self.sections if s.number == number), None)


def parse_ref(concept_ref: str | None) -> tuple[str, str] | None:
    """("v4", "6.2.3/6.2.4") from "v4 §6.2.3/6.2.4"; ("v4", "H5") from "v4 H5"; else None."""
    if not isinstance(concept_ref, str):
        return None
    m = _REF.match(concept_ref)
    if not m:
        return None
    return m["version"].lower(), m["section"].lstrip("§ ").strip()


def load_file(path: Path) -> ConceptVersion:
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    return ConceptVersion(
        id=raw["id"], name=raw["name"], date=raw.get("date"), label=raw.get("label", ""),
        source=raw.get("source", ""),
        sections=[Section(s["number"], s["title"], s["text"], list(s.get("themes", [])))
                  for s in raw["sections"]])


def default_versions() -> list[ConceptVersion]:
    return [load_file(p) for p in sorted(VERSIONS_DIR.glob("*.toml"))]


def _heading(line: str) -> tuple[str, str] | None:
    """(number, title) when line is a section heading; table-of-contents lines are not."""
    m = _CHAPTER.match(line)
    if m:
        head = (f"H{int(m[1])}", m[2])
    else:
        m = _NUMBERED.match(line)
        if not m or m[2].endswith((".", ",", ";")) or not m[2][0].isupper():
            return None
        head = (m[1], m[2])
    return None if _TOC_TITLE.search(head[1]) else head


def split_sections(text: str) -> list[Section]:
    """Cut a concept-version text at its numbered headings ("6.2.2 Stapeling van effecten",
    "H5", "Hoofdstuk 5 Doelen"). A number that occurs twice (table of contents, then the
    body) keeps its longest text; text before the first heading is dropped."""
    found: dict[str, Section] = {}
    current: Section | None = None
    body: list[str] = []

    def close() -> None:
        if current is None:
            return
        current.text = re.sub(r"\s*\n\s*\n\s*", "\n", "\n".join(body)).strip()
        old = found.get(current.number)
        if old is None or len(current.text) > len(old.text):
            found[current.number] = current

    for line in text.splitlines():
        head = _heading(line)
        if head:
            close()
            current, body = Section(head[0], head[1].strip(), ""), []
        elif current is not None:
            body.append(line.strip())
    close()
    return list(found.values())


def document_text(data: bytes, filename: str) -> str:
    """Plain text of an uploaded PDF, DOCX or TXT, via the harvest text extraction."""
    if not data:
        raise InputError(f"'{filename}' is leeg.")
    if len(data) > config.max_file_bytes():
        raise InputError(f"'{filename}' is te groot; het maximum is "
                         f"{config.max_file_bytes() // (1024 * 1024)} MB.")
    kind = sniff.container(data, filename)
    if kind == "pdf":
        return text_extract.pdf_text(data, filename)
    if kind == "docx":
        return text_extract.docx_text(data, filename)
    if kind == "xlsx":
        raise InputError(f"'{filename}' is een spreadsheet; importeer de conceptversie als "
                         "PDF, DOCX of TXT.")
    return text_extract.decode_text(data, filename)


def parse_version(data: bytes, filename: str, version_id: str, name: str,
                  date: str | None) -> ConceptVersion:
    """A concept version from a document; InputError when it has no numbered sections."""
    version_id = version_id.strip().lower()
    if not _VERSION_ID.match(version_id):
        raise InputError(f"Versie-id '{version_id}' is ongeldig: gebruik bijvoorbeeld v5.")
    if date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise InputError(f"Datum '{date}' is ongeldig: gebruik JJJJ-MM-DD.")
    sections = split_sections(document_text(data, filename))
    if not sections:
        raise InputError(f"In '{filename}' staan geen genummerde koppen (zoals '6.2.2 Titel' "
                         "of 'Hoofdstuk 5'); het document is niet in secties te verdelen.")
    return ConceptVersion(version_id, name.strip() or f"NMP conceptversie {version_id}", date,
                          sections, label="", source=filename)

