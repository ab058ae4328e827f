"""Theme codes set by people: confirm or change a contribution's themes (tracker stage).

Append-only (table theme_codes, with who and when); Store.load_contributions applies the latest
code per contribution, so every page, the public page, exports and reports see it. One
transaction per call, validated as a whole: an unknown id or theme writes nothing.
"""
from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import insert, select

from analysis.core.errors import InputError
from analysis.enrich import taxonomy
from analysis.store.store import Store
from analysis.store.tables import contributions, theme_codes
from analysis.tracker.decisions import _actor, _audit, require_editor


def _clean(themes: Sequence[str] | str) -> list[str]:
    items = themes.split(";") if isinstance(themes, str) else list(themes)
    return list(dict.fromkeys(t.strip() for t in items if t and t.strip()))


def validate_codes(store: Store, codes: Mapping[str, Sequence[str] | str],
                   row_names: Mapping[str, str] | None = None) -> dict[str, list[str]]:
    """{contribution id: [theme ids]} cleaned, or InputError naming the first bad row."""
    known_themes = set(taxonomy.theme_ids())
    cleaned = {str(cid).strip(): _clean(t) for cid, t in codes.items()}
    if not cleaned:
        raise InputError("Er zijn geen thema-codes om op te slaan.")
    with store.engine.connect() as conn:
        found = set()
        ids = list(cleaned)
        for i in range(0, len(ids), 900):
            found |= set(conn.execute(select(contributions.c.id).where(
                contributions.c.id.in_(ids[i:i + 900]))).scalars())
    for cid, themes in cleaned.items():
        where = (row_names or {}).get(cid, f"bijdrage '{cid}'")
        if cid not in found:
            raise InputError(f"{where}: bijdrage '{cid}' bestaat niet; er is niets opgeslagen.")
        unknown = [t for t in themes if t not in known_themes]
        if unknown:
            raise InputError(f"{where}: onbekend thema '{unknown[0]}'; kies uit: "
                             f"{', '.join(sorted(known_themes))}. Er is niets opgeslagen.")
    return cleaned


def save_codes(store: Store, codes: Mapping[str, Sequence[str] | str], actor: str, role: str,
               batch_id: str | None = None, row_names: Mapping[str, str] | None = None) -> int:
    """Store human theme codes for one or more contributions in one transaction; returns how many.

    The first theme is the primary one; an empty list means 'no theme applies' (onzeker).
    """
    require_editor(store, role, "edit_theme_codes")
    actor = _actor(actor)
    cleaned = validate_codes(store, codes, row_names)
    labels = taxonomy.labels()
    at = datetime.now(UTC)
    with store.engine.begin() as conn:
        conn.execute(insert(theme_codes), [
            {"contribution_id": cid, "themes": ";".join(themes), "actor": actor, "at": at,
             "batch_id": batch_id} for cid, themes in cleaned.items()])
        for cid, themes in cleaned.items():
            names = ", ".join(labels.get(t, t) for t in themes) or "geen thema"
            _audit(conn, actor, role, "thema", f"Thema's vastgesteld: {names}", cid, None,
                   {"themes": themes, "batch_id": batch_id})
        store.bump_version(conn, contributions=True)
    return len(cleaned)


def import_csv(store: Store, path: Path, actor: str, role: str) -> int:
    """`codes import`: a CSV with columns id and themes (';'-joined theme ids), all or nothing."""
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, sep=None, engine="python")
    except FileNotFoundError as exc:
        raise InputError(f"Bestand niet gevonden: {path}") from exc
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError(f"{path} is geen leesbaar CSV-bestand.") from exc
    table.columns = [str(c).strip().lower() for c in table.columns]
    missing = [c for c in ("id", "themes") if c not in table.columns]
    if missing:
        raise InputError(f"{path}: kolom '{missing[0]}' ontbreekt (nodig: id, themes).")
    if table.empty:
        raise InputError(f"{path}: het bestand heeft geen rijen.")
    doubles = table["id"].str.strip()[table["id"].str.strip().duplicated()]
    if len(doubles):
        row = int(doubles.index[0]) + 2
        raise InputError(f"Rij {row}: bijdrage '{doubles.iloc[0]}' staat er twee keer in; "
                         "er is niets opgeslagen.")
    rows = {cid.strip(): f"Rij {i + 2}" for i, cid in enumerate(table["id"])}
    return save_codes(store, dict(zip(table["id"].str.strip(), table["themes"])), actor, role,
                      batch_id=uuid.uuid4().hex[:16], row_names=rows)


def code_history(store: Store, contribution_id: str) -> pd.DataFrame:
    """Every human code of one contribution, oldest first."""
    with store.engine.connect() as conn:
        return pd.read_sql(select(theme_codes).where(
            theme_codes.c.contribution_id == contribution_id).order_by(theme_codes.c.id), conn)
