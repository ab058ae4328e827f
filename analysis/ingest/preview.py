"""The import page's steps without Streamlit: parse an upload, list its problems, store it (ingest stage).

Nothing is written until store_upload, which goes through analysis.ingest.pipeline,
the one import path shared with the command line.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select

from analysis import harvest
from analysis.access import roles
from analysis.core import config, dutch, schema
from analysis.core.errors import InputError
from analysis.harvest import metadata, raadpleging
from analysis.ingest import pipeline
from analysis.store.import_report import ImportReport
from analysis.store.store import Store
from analysis.store.tables import contributions

# The steps before the preview, as the import page takes them: recognise the file, read a
# table, propose a column mapping (analysis.harvest does the work).
detect_format = harvest.detect_format
read_table = harvest.read_table
detect_mapping = harvest.detect_mapping
metadata_kinds = raadpleging.metadata_kinds  # each metadata column's kind, given or proposed
kind_labels = metadata.kind_labels
UPLOAD_TYPES = tuple(harvest.upload_types())
DOCUMENT_TYPES = tuple(harvest.document_types())


@dataclass
class Preview:
    """A parsed upload and what the user should know before confirming."""

    parsed: schema.ParsedDocument
    rows: pd.DataFrame
    problems: list[str] = field(default_factory=list)
    blocking: bool = False  # a problem that makes storing impossible

    @property
    def can_store(self) -> bool:
        return len(self.rows) > 0 and not self.blocking


def texts() -> dict:
    """data/harvest.toml [import]: what the page says about an upload and about storing it."""
    return config.data_toml("harvest.toml")["import"]


def _n(n: int, noun: str = "noun") -> str:
    return dutch.count(n, *texts()[noun])


def preview(data: bytes, name: str, mapping: dict | None = None) -> Preview:
    """Parse the upload and check it against the schema; InputError when it cannot be read at all."""
    t = texts()
    parsed = harvest.parse_bytes(data, name, mapping)
    problems = list(parsed.warnings)
    blocking = False
    try:
        rows = schema.validate(parsed.contributions)
    except InputError as exc:
        rows, blocking = schema.conform(parsed.contributions), True
        problems.append(f"Kan niet worden opgeslagen: {exc}")
    if rows.empty:
        problems.append(t["empty"])
    withheld = int(rows["consent"].eq("nee").fillna(False).sum()) if len(rows) else 0
    if withheld:
        problems.append(t["withheld"].format(n=dutch.number(withheld), total=_n(len(rows), "answer")))
    short = int(rows["text"].str.len().fillna(0).lt(3).sum()) if len(rows) else 0
    if short:
        problems.append(t["short"].format(n=_n(short)))
    return Preview(parsed, rows, problems, blocking)


_COMPARED = ["id", "metadata", "consent", "consent_name"]  # what the upload itself decides


def replacement(store: Store, upload: Preview) -> tuple[bool, str] | None:
    """What storing the upload would do to documents of the same name already stored:
    (nothing changes, the sentence that says so or says what changes); None for a new document."""
    names = sorted(set(upload.rows["document"]))
    if not names or not store.is_initialised():
        return None
    with store.engine.connect() as conn:
        stored = pd.read_sql(select(*[contributions.c[c] for c in _COMPARED])
                             .where(contributions.c.document.in_(names)), conn)
    if stored.empty:
        return None
    t = texts()
    old = stored.astype("string").fillna("").set_index("id")
    new = upload.rows[_COMPARED].astype("string").fillna("").set_index("id")
    kept = old.index.intersection(new.index)
    changed = int((old.loc[kept] != new.loc[kept]).any(axis=1).sum())
    added, removed = len(new.index.difference(old.index)), len(old.index.difference(new.index))
    document = ", ".join(names)
    if not (added or removed or changed):
        return True, t["same"].format(document=document)
    said = t["replaces"].format(document=document, added=_n(added), removed=_n(removed), kept=_n(len(kept)))
    return False, f"{said} {t['metadata_changed'].format(changed=_n(changed))}" if changed else said


def outcome(report: ImportReport) -> str:
    """What storing actually changed, from the store's report."""
    t = texts()
    if report.changes and report.skipped == len(report.changes):
        return t["nothing_changed"]
    counts = {"added": report.added, "removed": report.removed, "rewritten": report.rewritten}
    parts = "; ".join(part.format(n=_n(counts[key])) for key, part in t["stored_parts"].items() if counts[key])
    return t["stored"].format(parts=parts[:1].upper() + parts[1:])


def store_upload(store: Store, upload: Preview, role: str, progress=None) -> ImportReport:
    """Store a confirmed upload; the role is checked here, server-side, not only by the page."""
    roles.require(role, "import_data")
    if not upload.can_store:
        raise InputError("Dit bestand bevat geen bijdragen die kunnen worden opgeslagen.")
    return pipeline.store_parsed(store, [upload.parsed], progress)
