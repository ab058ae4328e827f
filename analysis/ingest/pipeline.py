"""The one import path used by the command line and the import page (ingest stage).

parse -> enrich (themes, near-duplicates against what is stored) -> store, in
that order; the store write is a single transaction. Afterwards the tracker's link
proposals, the discovery clusters and the kernpunten are brought up to date.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from analysis.core import config, schema
from analysis.core.collector import paused_collector
from analysis.enrich import redaction_job
from analysis.enrich.near_duplicates import find_duplicates
from analysis.enrich.themes import assign_themes
from analysis.harvest import parse_path
from analysis.store import clusters, duplicate_keys, kernpunten, public_texts
from analysis.store.import_report import ImportReport
from analysis.store.store import Store
from analysis.store.tables import PUBLIC_TEXT_COLUMNS
from analysis.tracker.links import refresh_links

Progress = Callable[[float, str], None]


THEME_CHUNK = 2000  # rows themed per step; each step reports progress (and bounds memory)


def _part(progress: Progress | None, start: float, end: float) -> Progress | None:
    """A sub-step's progress (0..1) mapped onto [start, end] of the whole import."""
    if progress is None:
        return None
    return lambda fraction, message: progress(start + (end - start) * fraction, message)


def enrich(new: pd.DataFrame, existing: pd.DataFrame | None = None,
           progress: Progress | None = None, keys: dict | None = None) -> pd.DataFrame:
    """Add theme columns and duplicate_of to freshly parsed contributions.

    existing holds the stored contributions (id, document, position, text) that
    new rows may duplicate; rows of documents being replaced must be left out.
    Themes are assigned per THEME_CHUNK rows (each row on its own evidence), so a
    100,000-answer import reports progress as it goes. keys (a dict) receives the
    near-duplicate band keys of the rows compared, under "keys", and, when existing has no
    duplicate_of (every pair compared), the existing rows' own duplicate_of under "regrouped".
    """
    with paused_collector():
        parts = []
        for start in range(0, len(new), THEME_CHUNK):
            parts.append(assign_themes(new.iloc[start:start + THEME_CHUNK]))
            if progress:
                done = min(start + THEME_CHUNK, len(new))
                progress(0.9 * done / len(new), f"thema's toekennen: {done} van {len(new)}")
        out = pd.concat(parts) if parts else assign_themes(new)
        if progress:
            progress(0.9, "dubbele bijdragen zoeken")
        found = find_duplicates(out, existing)
    out["duplicate_of"] = found.duplicate_of
    if keys is not None:
        keys["keys"], keys["regrouped"] = found.keys, found.regrouped
    return schema.conform(out)


def parse_all(paths: Iterable[Path | str], mapping: dict | None = None) -> list[schema.ParsedDocument]:
    return [parse_path(Path(p), mapping=mapping) for p in paths]


def store_parsed(store: Store, parsed: list[schema.ParsedDocument],
                 progress: Progress | None = None) -> ImportReport:
    """Enrich parsed documents against the rest of the store and write them in one transaction."""
    n_stored = store.count()
    # the redaction rules changed since the stored public texts were made: recompute them all
    stale_rules = n_stored > 0 and public_texts.needs_refresh(store)
    if progress:
        progress(0.0, "thema's toekennen")
    combined = pd.concat([p.contributions for p in parsed], ignore_index=True)
    # the public texts need only the texts: redacted beside the themes, in a second process
    redaction = redaction_job.start(combined[["id", *PUBLIC_TEXT_COLUMNS]], PUBLIC_TEXT_COLUMNS, n_stored)
    try:
        report = _enrich_and_write(store, parsed, combined, redaction, n_stored, stale_rules, progress)
    except BaseException:
        redaction.cancel()
        raise
    redaction.drop()  # (only when no file needed writing: the write took the result)
    return report


def _enrich_and_write(store: Store, parsed: list[schema.ParsedDocument], combined: pd.DataFrame,
                      redaction: redaction_job.RedactionJob, n_stored: int, stale_rules: bool,
                      progress: Progress | None) -> ImportReport:
    """store_parsed's work once the redaction has started."""
    names = set(combined["document"].unique())
    # the stored rows the new texts may duplicate: through the stored band keys, else all (keys
    # missing or made by an older rule: every pair compared, the stored rows regrouped too)
    others = duplicate_keys.candidate_rows(store, names, combined["text"].tolist()) if n_stored else None
    compared_all = others is None
    before = None
    if compared_all:
        stored = store.load_contributions(["id", "document", "position", "event", "text", "duplicate_of"])
        before = stored[~stored["document"].isin(names)]
        others = before.drop(columns="duplicate_of")
    found: dict = {}
    enriched = enrich(combined, others, _part(progress, 0.0, 0.7), keys=found)
    keys = found["keys"] if compared_all else found["keys"].loc[combined["id"].astype(str).tolist()]
    regroup = duplicate_keys.regrouped(before, found["regrouped"]) if compared_all else None
    pairs = []
    for p in parsed:
        docs = set(p.contributions["document"].unique())
        pairs.append((p, enriched[enriched["document"].isin(docs)]))

    def redact_written(conn, written: list[str]) -> None:
        """The public page then only reads: redacted in the import's own transaction."""
        if progress:
            progress(0.85, "persoonsgegevens afschermen voor de openbare weergave")
        public_texts.write_redacted(conn, enriched[enriched["document"].isin(written)], redaction)
        duplicate_keys.write(conn, keys, everything=compared_all, regroup=regroup)

    report = store.replace_documents(pairs, progress=_part(progress, 0.7, 0.85),
                                     on_written=redact_written)
    changed = [c.document for c in report.changes if not c.skipped]
    if compared_all and not changed:  # nothing written, yet the keys and stored groups are new
        with store.engine.begin() as conn:
            duplicate_keys.write(conn, keys, everything=True, regroup=regroup)
            if len(regroup):
                store.bump_version(conn, contributions=True)
    if changed:
        if progress:
            progress(0.9, "koppelingen met conceptversies voorstellen")
        with paused_collector():
            refresh_links(store, changed)  # the tracker shows proposals without recomputing them
            clusters.assign_new(store, changed, _part(progress, 0.95, 0.97))  # new rows into the existing topics
    if stale_rules:
        if progress:
            progress(0.97, "openbare teksten opnieuw afschermen (regels gewijzigd)")
        public_texts.refresh(store)
    elif changed or not n_stored:
        public_texts.mark_current(store)
    if changed:
        with paused_collector():  # after the public texts: labels are made from them
            kernpunten.refresh(store, _part(progress, 0.98, 1.0))  # new suggestions into kernpunten
    if progress:
        progress(1.0, "klaar")
    return report


def ingest_paths(store: Store, paths: Iterable[Path | str] | None = None,
                 mapping: dict | None = None, progress: Progress | None = None) -> ImportReport:
    """Parse every path first (any failure stops before the store is touched), then store."""
    files = list(paths) if paths else config.default_files()
    redaction_job.prestart(redaction_job.files_megabytes(files))
    parsed = parse_all(files, mapping)
    return store_parsed(store, parsed, progress)
