"""Concept versions of the NMP as data: id, name, date and numbered sections.

The default data holds extracts (data/concept_versions/*.toml); the programme
team imports full documents, which are split into sections at their numbered
headings and stored (analysis.tracker.import_concept_version). A stored version
replaces a file with the same id.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from analysis import paths, settings
from analysis.errors import InputError
from analysis.harvest import sniff, text_extract
from analysis.textsim import similarity
from analysis.tracker_tables import concept_sections, concept_versions

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
        """How reports cite the section: "§6.2.2", or "H5" for a chapter."""
        return self.number if self.number.startswith("H") else f"§{self.number}"


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


def stored_versions(conn: Connection) -> list[ConceptVersion]:
    heads = conn.execute(select(concept_versions)).mappings().all()
    rows = conn.execute(select(concept_sections).order_by(
        concept_sections.c.version_id, concept_sections.c.position)).mappings().all()
    out = []
    for head in heads:
        sections = [Section(r["number"], r["title"] or "", r["text"] or "",
                            [t for t in (r["themes"] or "").split(";") if t])
                    for r in rows if r["version_id"] == head["version_id"]]
        out.append(ConceptVersion(head["version_id"], head["name"], head["date"], sections,
                                  head["label"] or "", head["source"] or ""))
    return out


def load_versions(store) -> list[ConceptVersion]:
    """Every known concept version, oldest first; a stored version replaces a file with its id."""
    by_id = {v.id: v for v in default_versions()}
    if store.is_initialised():
        with store.engine.connect() as conn:
            by_id.update({v.id: v for v in stored_versions(conn)})
    return sorted(by_id.values(), key=lambda v: (v.date or "9999", _version_number(v.id)))


def _version_number(version_id: str) -> int:
    digits = re.sub(r"\D", "", version_id)
    return int(digits) if digits else 0


def sections_frame(versions: list[ConceptVersion]) -> pd.DataFrame:
    """One row per section: version, version_date, number, ref, title, text, themes."""
    rows = [{"version": v.id, "version_date": v.date, "number": s.number, "ref": s.ref,
             "title": s.title, "text": s.text, "themes": ";".join(s.themes)}
            for v in versions for s in v.sections]
    return pd.DataFrame(rows, columns=["version", "version_date", "number", "ref", "title",
                                       "text", "themes"])


# ---- importing a full document ------------------------------------------

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
    if len(data) > settings.max_file_bytes():
        raise InputError(f"'{filename}' is te groot; het maximum is "
                         f"{settings.max_file_bytes() // (1024 * 1024)} MB.")
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


def write_version(conn: Connection, version: ConceptVersion, actor: str, at) -> None:
    """Replace the stored version with this id, inside the caller's transaction."""
    conn.execute(delete(concept_sections).where(concept_sections.c.version_id == version.id))
    conn.execute(delete(concept_versions).where(concept_versions.c.version_id == version.id))
    conn.execute(insert(concept_versions).values(
        version_id=version.id, name=version.name, date=version.date, label=version.label,
        source=version.source, imported_by=actor, imported_at=at))
    conn.execute(insert(concept_sections), [
        {"version_id": version.id, "number": s.number, "position": i, "title": s.title,
         "text": s.text, "themes": ";".join(s.themes)} for i, s in enumerate(version.sections)])


# ---- comparing versions ----------------------------------------------------

def compare(old: ConceptVersion, new: ConceptVersion, unchanged_from: float = 0.999,
            moved_from: float = 0.6) -> pd.DataFrame:
    """Section by section: toegevoegd, verwijderd, gewijzigd (with similarity), ongewijzigd,
    or verplaatst (renumbered).

    Sections are matched by number first; a new section whose number the old version did
    not have is matched to a vanished old section when their title and text are at least
    `moved_from` similar (best pairs first), because renumbering is common between drafts.
    """
    def body(section: Section) -> str:
        return f"{section.title}\n{section.text}"

    old_by, new_by = {s.number: s for s in old.sections}, {s.number: s for s in new.sections}
    both = [n for n in new_by if n in old_by]
    sims = similarity([body(old_by[n]) for n in both], [body(new_by[n]) for n in both])
    rows = []
    for i, number in enumerate(both):
        o, n = old_by[number], new_by[number]
        same = o.text.strip() == n.text.strip() and o.title.strip() == n.title.strip()
        sim = 1.0 if same else float(sims[i, i])
        rows.append({"number": number, "old_number": number, "title": n.title, "old_title": o.title,
                     "status": "ongewijzigd" if same or sim >= unchanged_from else "gewijzigd",
                     "similarity": round(sim, 3)})
    added = [n for n in new_by if n not in old_by]
    removed = [n for n in old_by if n not in new_by]
    moved: dict[str, tuple[str, float]] = {}  # new number -> (old number, similarity)
    if added and removed:
        pair_sims = similarity([body(old_by[n]) for n in removed], [body(new_by[n]) for n in added])
        for flat in np.argsort(-pair_sims, axis=None):
            i, j = np.unravel_index(flat, pair_sims.shape)
            if pair_sims[i, j] < moved_from:
                break
            if added[j] not in moved and removed[i] not in {o for o, _ in moved.values()}:
                moved[added[j]] = (removed[i], float(pair_sims[i, j]))
    gone = {o for o, _ in moved.values()}
    rows += [{"number": n, "old_number": moved[n][0], "title": new_by[n].title,
              "old_title": old_by[moved[n][0]].title, "status": "verplaatst",
              "similarity": round(moved[n][1], 3)} for n in added if n in moved]
    rows += [{"number": n, "old_number": None, "title": new_by[n].title, "old_title": None,
              "status": "toegevoegd", "similarity": None} for n in added if n not in moved]
    rows += [{"number": n, "old_number": n, "title": None, "old_title": old_by[n].title,
              "status": "verwijderd", "similarity": None} for n in removed if n not in gone]
    return pd.DataFrame(rows, columns=["number", "old_number", "title", "old_title", "status",
                                       "similarity"])
