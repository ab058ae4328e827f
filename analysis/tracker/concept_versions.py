"""Concept versions as the tracker knows them: default extracts plus stored imports (tracker stage).

The default data holds extracts (data/concept_versions/*.toml, read by
analysis.harvest.concept_document); the programme team imports full documents, which are
split into sections at their numbered headings (parse_version) and stored
(analysis.tracker.decisions.import_concept_version). A stored version replaces a file with
the same id; compare() says what changed between two versions.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from analysis.enrich.textsim import similarity
from analysis.harvest import concept_document
from analysis.harvest.concept_document import ConceptVersion, Section, default_versions
from analysis.store.tables import concept_sections, concept_versions

# A new concept version is read like any harvest document.
parse_version = concept_document.parse_version


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

