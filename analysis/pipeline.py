"""The one import path used by the command line and the import page.

parse -> enrich (themes, near-duplicates against what is stored) -> store, in
that order; the store write is a single transaction.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from analysis import schema, settings
from analysis.harvest import parse_path
from analysis.near_duplicates import mark_duplicates
from analysis.store import ImportReport, Store
from analysis.themes import assign_themes
from analysis.tracing import refresh_links

Progress = Callable[[float, str], None]


def enrich(new: pd.DataFrame, existing: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add theme columns and duplicate_of to freshly parsed contributions.

    existing holds the stored contributions (id, document, position, text) that
    new rows may duplicate; rows of documents being replaced must be left out.
    """
    out = assign_themes(new)
    out["duplicate_of"] = mark_duplicates(out, existing)
    return schema.conform(out)


def parse_all(paths: Iterable[Path | str], mapping: dict | None = None) -> list[schema.ParsedDocument]:
    return [parse_path(Path(p), mapping=mapping) for p in paths]


def store_parsed(store: Store, parsed: list[schema.ParsedDocument],
                 progress: Progress | None = None) -> ImportReport:
    """Enrich parsed documents against the rest of the store and write them in one transaction."""
    names = {n for p in parsed for n in p.contributions["document"].unique()}
    stored = store.load_contributions(["id", "document", "position", "text"])
    others = stored[~stored["document"].isin(names)]
    if progress:
        progress(0.0, "thema's toekennen")
    combined = pd.concat([p.contributions for p in parsed], ignore_index=True)
    enriched = enrich(combined, others)
    pairs = []
    for p in parsed:
        docs = set(p.contributions["document"].unique())
        pairs.append((p, enriched[enriched["document"].isin(docs)]))
    report = store.replace_documents(pairs, progress=progress)
    if any(not c.skipped for c in report.changes):
        if progress:
            progress(1.0, "koppelingen met conceptversies voorstellen")
        refresh_links(store)  # the tracker shows proposals without recomputing them
    return report


def ingest_paths(store: Store, paths: Iterable[Path | str] | None = None,
                 mapping: dict | None = None, progress: Progress | None = None) -> ImportReport:
    """Parse every path first (any failure stops before the store is touched), then store."""
    files = list(paths) if paths else settings.default_files()
    parsed = parse_all(files, mapping)
    return store_parsed(store, parsed, progress)
