"""Decisions kept in spreadsheets: read and validate a CSV/XLSX of decisions, and the table
`decisions export` writes (tracker stage).

Columns: id (contribution id as in `export`), version (concept version id, e.g. v4), status
(tracker status id), section (number as in the version; may be empty), public_explanation
(the column is required, a cell may be empty), internal_note (optional), publish (ja/nee per
row; true/false too, never empty: nothing is published or withheld by default). The whole file
is checked before anything is written; the first problem is one Dutch line naming the
spreadsheet row (header = row 1) and ending in "Er is niets opgeslagen.". A row identical to
the current decision is unchanged and writes nothing; the others go through
analysis.tracker.decisions.append_decisions, like the page's saves.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import select

from analysis.core import dutch, schema
from analysis.core.errors import InputError, PermissionDenied
from analysis.store.store import Store
from analysis.store.tables import contributions
from analysis.tracker import decisions, queries, vocabulary
from analysis.tracker.concept_versions import load_versions

COLUMNS = ["id", "version", "status", "section", "public_explanation", "internal_note", "publish"]
REQUIRED = ["id", "version", "status", "public_explanation", "publish"]
NOTHING_STORED = "Er is niets opgeslagen."
_YES, _NO = {"ja", "true", "waar", "1", "j", "yes"}, {"nee", "false", "onwaar", "0", "n", "no"}


@dataclass
class ImportResult:
    """What an import did: decisions new for their suggestion and version, changed, and identical
    to the current one (not written)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def sentence(self) -> str:
        """'1 besluit toegevoegd, 3 bijgewerkt, 2 ongewijzigd'."""
        noun = "besluit" if self.added == 1 else "besluiten"
        return (f"{dutch.number(self.added)} {noun} toegevoegd, {dutch.number(self.updated)} bijgewerkt, "
                f"{dutch.number(self.unchanged)} ongewijzigd")
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
        raise InputError(f"{'Kolom ontbreekt' if len(missing) == 1 else 'Kolommen ontbreken'} in "
                         f"'{path.name}': {', '.join(missing)} (verwacht: {', '.join(COLUMNS)}; "
                         "een cel van public_explanation mag leeg zijn).")
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
    if not v:
        raise InputError(f"Rij {row}: 'publish' is leeg; vul ja of nee in.")
    raise InputError(f"Rij {row}: 'publish' is '{value}'; vul ja of nee in.")


def parse_rows(store: Store, df: pd.DataFrame) -> list[decisions.DecisionRow]:
    """Every row checked (ids, versions, statuses, sections, explanations, the not-in-the-
    programme rule); the first problem raises InputError naming its spreadsheet row."""
    with store.engine.connect() as conn:
        known = dict(conn.execute(select(contributions.c.id, contributions.c.section)).all())
    versions = {v.id: v for v in load_versions(store)}
    statuses = vocabulary.statuses()
    out = []
    seen: dict[tuple[str, str], int] = {}
    for i, r in enumerate(df.to_dict("records")):
        row = i + 2  # the header is row 1
        if not r["id"]:
            raise InputError(f"Rij {row}: de kolom 'id' is leeg.")
        if (r["id"], r["version"]) in seen:
            raise InputError(f"Rij {row}: bijdrage '{r['id']}' met conceptversie '{r['version']}' "
                             f"staat al in rij {seen[r['id'], r['version']]}.")
        seen[r["id"], r["version"]] = row
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


def _is_current(row: decisions.DecisionRow, current: dict[tuple[str, str], dict]) -> bool:
    """The row says exactly what the latest stored decision of its key says."""
    now = current.get((row.suggestion_id, row.concept_version))
    if now is None:
        return False
    stored = decisions.Decision(now["status"], _cell(now["section"]) or None, _cell(now["public_explanation"]),
                                _cell(now["internal_note"]), bool(now["published"])).cleaned()
    return stored == row.decision


def _cell(value) -> str:
    return value if isinstance(value, str) else ""


def import_sheet(store: Store, path: Path, actor: str, role: str) -> ImportResult:
    """Validate the whole file, then append every changed decision with its audit entry in one
    transaction. Any refusal (InputError, also for a missing right) ends in NOTHING_STORED."""
    try:
        if not (actor or "").strip():
            raise InputError("Vul met --actor in wie de besluiten neemt.")
        rows = parse_rows(store, read_sheet(path))
        current = {(r["suggestion_id"], r["concept_version"]): r
                   for r in queries.current_decisions(store).to_dict("records")}
        changed = [r for r in rows if not _is_current(r, current)]
        updated = sum((r.suggestion_id, r.concept_version) in current for r in changed)
        if changed:
            decisions.append_decisions(store, changed, actor, role)
    except (InputError, PermissionDenied) as exc:
        raise InputError(f"{exc} {NOTHING_STORED}") from exc
    return ImportResult(len(changed) - updated, updated, len(rows) - len(changed))


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
