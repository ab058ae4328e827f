"""The import page's steps without Streamlit: parse an upload, list its problems, store it (ingest stage).

Nothing is written until store_upload, which goes through analysis.ingest.pipeline,
the one import path shared with the command line.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis import harvest
from analysis.access import roles
from analysis.core import dutch, schema
from analysis.core.errors import InputError
from analysis.ingest import pipeline
from analysis.store.store import ImportReport, Store

# The steps before the preview, as the import page takes them: recognise the file, read a
# table, propose a column mapping (analysis.harvest does the work).
detect_format = harvest.detect_format
read_table = harvest.read_table
detect_mapping = harvest.detect_mapping
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


def preview(data: bytes, name: str, mapping: dict | None = None,
            stored_documents: tuple[str, ...] = ()) -> Preview:
    """Parse the upload and check it against the schema; InputError when it cannot be read at all."""
    parsed = harvest.parse_bytes(data, name, mapping)
    problems = list(parsed.warnings)
    blocking = False
    try:
        rows = schema.validate(parsed.contributions)
    except InputError as exc:
        rows, blocking = schema.conform(parsed.contributions), True
        problems.append(f"Kan niet worden opgeslagen: {exc}")
    if rows.empty:
        problems.append("Er zijn geen bijdragen in dit bestand gevonden.")
    replaced = sorted(set(rows["document"]) & set(stored_documents))
    if replaced:
        problems.append(f"Er staat al een document '{', '.join(replaced)}' in de database: "
                        "bij opslaan worden die bijdragen vervangen door deze.")
    withheld = int(rows["consent"].eq("nee").fillna(False).sum()) if len(rows) else 0
    if withheld:
        problems.append(f"{dutch.number(withheld)} van {dutch.count(len(rows), 'antwoord', 'antwoorden')} "
                        "zonder toestemming om ze openbaar te "
                        "maken: ze tellen mee, maar het publiek ziet hun tekst niet.")
    empty = rows["text"].str.len().fillna(0).lt(3).sum() if len(rows) else 0
    if empty:
        problems.append(f"{dutch.count(int(empty), 'bijdrage is', 'bijdragen zijn')} korter dan 3 tekens.")
    return Preview(parsed, rows, problems, blocking)


def store_upload(store: Store, upload: Preview, role: str, progress=None) -> ImportReport:
    """Store a confirmed upload; the role is checked here, server-side, not only by the page."""
    roles.require(role, "import_data")
    if not upload.can_store:
        raise InputError("Dit bestand bevat geen bijdragen die kunnen worden opgeslagen.")
    return pipeline.store_parsed(store, [upload.parsed], progress)
