"""Decisions kept in spreadsheets: read and validate a CSV/XLSX of decisions, and the table
`decisions export` writes (tracker stage).

Columns: id (contribution id as in `export`), version (concept version id, e.g. v4), status
(tracker status id), section (number as in the version; may be empty), public_explanation,
internal_note, publish (ja/nee/true/false). The whole file is checked before anything is
written; the first problem is one Dutch line naming the spreadsheet row (header = row 1).
Accepted rows go through analysis.tracker.decisions.append_decisions, like the page's saves.
"""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from sqlalchemy import select

from analysis.core import schema
from analysis.core.errors import InputError
from analysis.store.store import Store
from analysis.store.tables import contributions
from analysis.tracker import decisions, queries, vocabulary
from analysis.tracker.concept_versions import load_versions

COLUMNS = ["id", "version", "status", "section", "public_explanation", "internal_note", "publish"]
REQUIRED = ["id", "version", "status"]
_YES, _NO = {"ja", "true", "waar", "1", "j", "yes"}, {"nee", "false", "onwaar", "0", "n", "no", ""}
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def read_sheet(path: Path) -> pd.DataFrame:
    """The file as all-text columns (empty cells are ''); InputError for a missing or unreadable file."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"Bestand niet gevonden: {path}")
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            df = pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
        elif suffix == ".csv":
            text = path.read_bytes().decode("utf-8-sig")
            df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=None,
                             engine="python")
        else:
            raise InputError(f"'{path.name}' is geen CSV- of XLSX-bestand.")
    except InputError:
        raise
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(f"'{path.name}' kan niet worden gelezen als tabel ({type(exc).__name__}).") from exc
    df.columns = [str(c).strip().lower() for c in df.columns]
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise InputError(f"Kolom ontbreekt in '{path.name}': {', '.join(missing)} "
                         f"(verwacht: {', '.join(COLUMNS)}).")
    for c in COLUMNS:
        if c not in df.columns:
            df[c] = ""
    return df[COLUMNS].fillna("").astype(str).map(_plain)


def _plain(value: str) -> str:
    """A cell as written: trimmed, and an export's neutralising quote taken off ("'=...")."""
    value = value.strip()
    if value.startswith("'") and value[1:].startswith(_FORMULA):
        return value[1:]
    return value


def _publish(value: str, row: int) -> bool:
    v = value.casefold()
    if v in _YES:
        return True
    if v in _NO:
        return False
    raise InputError(f"Rij {row}: 'publish' is '{value}'; vul ja, nee, true of false in.")


def parse_rows(store: Store, df: pd.DataFrame) -> list[decisions.DecisionRow]:
    """Every row checked (ids, versions, statuses, sections, explanations, the not-in-the-
    programme rule); the first problem raises InputError naming its spreadsheet row."""
    with store.engine.connect() as conn:
        known = dict(conn.execute(select(contributions.c.id, contributions.c.section)).all())
    versions = {v.id: v for v in load_versions(store)}
    statuses = vocabulary.statuses()
    out = []
    for i, r in enumerate(df.to_dict("records")):
        row = i + 2  # the header is row 1
        if not r["id"]:
            raise InputError(f"Rij {row}: de kolom 'id' is leeg.")
        if r["id"] not in known:
            raise InputError(f"Rij {row}: onbekende bijdrage '{r['id']}'.")
        if known[r["id"]] not in schema.SUGGESTION_SECTIONS:
            raise InputError(f"Rij {row}: bijdrage '{r['id']}' is geen suggestie; alleen "
                             "suggesties krijgen een besluit.")
        if r["version"] not in versions:
            raise InputError(f"Rij {row}: onbekende conceptversie '{r['version']}'; kies uit: "
                             f"{', '.join(versions)}.")
        if r["status"] not in statuses:
            raise InputError(f"Rij {row}: onbekende status '{r['status']}'; kies uit: "
                             f"{', '.join(statuses)}.")
        d = decisions.Decision(r["status"], r["section"] or None, r["public_explanation"],
                               r["internal_note"], _publish(r["publish"], row))
        try:
            d = decisions.validate(d, versions[r["version"]])
        except InputError as exc:
            raise InputError(f"Rij {row}: {exc}") from exc
        out.append(decisions.DecisionRow(r["id"], r["version"], d))
    if not out:
        raise InputError("Het bestand bevat geen besluiten.")
    return out


def import_sheet(store: Store, path: Path, actor: str, role: str) -> int:
    """Validate the whole file, then append every decision with its audit entry in one
    transaction. Returns the number of decisions written."""
    rows = parse_rows(store, read_sheet(path))
    return decisions.append_decisions(store, rows, actor, role)


def export_sheet(store: Store, version: str) -> pd.DataFrame:
    """The current decisions of one concept version in COLUMNS (only suggestions that have a
    decision of their own); neutralise on the way out (analysis.views.export)."""
    if version not in {v.id for v in load_versions(store)}:
        raise InputError(f"Onbekende conceptversie '{version}'.")
    current = queries.current_decisions(store)
    current = current[current["concept_version"] == version].sort_values("suggestion_id")
    return pd.DataFrame({
        "id": current["suggestion_id"].astype(str),
        "version": version,
        "status": current["status"].astype(str),
        "section": current["section"].fillna("").astype(str),
        "public_explanation": current["public_explanation"].fillna("").astype(str),
        "internal_note": current["internal_note"].fillna("").astype(str),
        "publish": ["ja" if bool(p) else "nee" for p in current["published"]],
    }, columns=COLUMNS).reset_index(drop=True)
