"""People own the kernpunten: rename, merge, split, move a contribution, set a standpunt (tracker stage).

Every function checks the role on the server (require_editor, action `edit_kernpunten`), writes
in one transaction with one audit entry per change (table tracker_audit, action 'kernpunt' or
'standpunt'), and marks what it touched as the people's (label_source / source /
standpunt_source 'mens'), so analysis.store.kernpunten.refresh keeps it on every later import.
A near-duplicate moves with its original (the group the workbench shows), and a kernpunt holds
one theme only: a move or merge across themes is refused (change the theme code first).
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from analysis.core import dutch
from analysis.core.errors import InputError
from analysis.enrich import kernpunt_labels, standpunt
from analysis.store import kernpunten as stored
from analysis.store.public_texts import load_public_texts
from analysis.store.store import Store
from analysis.store.tables import kernpunt_members, kernpunten
from analysis.tracker.decisions import _actor, _audit, require_editor

ACTION = "edit_kernpunten"


def _kernpunt(conn: Connection, kernpunt_id: int) -> dict:
    row = conn.execute(select(kernpunten).where(kernpunten.c.id == int(kernpunt_id))).mappings().first()
    if row is None or row["merged_into"] is not None:
        raise InputError(f"Kernpunt {kernpunt_id} bestaat niet (meer); er is niets opgeslagen.")
    return dict(row)


def _with_duplicates(store: Store, conn: Connection, ids: Iterable[str]) -> list[str]:
    """The ids and every member of their near-duplicate groups, checked to be placed members."""
    wanted = [str(i).strip() for i in ids if str(i).strip()]
    if not wanted:
        raise InputError("Kies ten minste één bijdrage.")
    sug = stored.suggestions(store)
    groups = set(sug.loc[sug["id"].astype(str).isin(wanted), "group"])
    placed = set(conn.execute(select(kernpunt_members.c.contribution_id)).scalars())
    missing = [i for i in wanted if i not in placed]
    if missing:
        raise InputError(f"Bijdrage '{missing[0]}' hoort bij geen kernpunt (geen suggestie?); "
                         "er is niets opgeslagen.")
    return sorted(set(wanted) | set(sug.loc[sug["group"].isin(groups), "id"].astype(str)) & placed)


def _same_theme(conn: Connection, ids: list[str], theme: str) -> None:
    others = conn.execute(select(kernpunten.c.theme).join(
        kernpunt_members, kernpunt_members.c.kernpunt_id == kernpunten.c.id).where(
        kernpunt_members.c.contribution_id.in_(ids)).distinct()).scalars().all()
    if any(t != theme for t in others):
        raise InputError("Een kernpunt hoort bij één thema; deze bijdragen vallen onder een ander "
                         "thema. Pas eerst hun thema aan. Er is niets opgeslagen.")


def _place(conn: Connection, ids: list[str], kernpunt_id: int, now: datetime) -> None:
    for start in range(0, len(ids), 900):
        conn.execute(update(kernpunt_members).where(
            kernpunt_members.c.contribution_id.in_(ids[start:start + 900])).values(
            kernpunt_id=int(kernpunt_id), source="mens", updated_at=now))


def rename(store: Store, kernpunt_id: int, label: str, actor: str, role: str) -> None:
    require_editor(store, role, ACTION)
    actor, label = _actor(actor), " ".join((label or "").split())
    if not label:
        raise InputError("Geef het kernpunt een naam.")
    with store.engine.begin() as conn:
        old = _kernpunt(conn, kernpunt_id)
        conn.execute(update(kernpunten).where(kernpunten.c.id == int(kernpunt_id)).values(
            label=label, label_source="mens", updated_at=datetime.now(UTC)))
        _audit(conn, actor, role, "kernpunt", f"Kernpunt {kernpunt_id} hernoemd: '{old['label']}' "
               f"-> '{label}'", detail={"kernpunt": int(kernpunt_id), "label": label})
        store.bump_version(conn)


def merge(store: Store, into: int, others: Iterable[int], actor: str, role: str) -> int:
    """Members of `others` join `into`; the others keep their rows with merged_into set.
    Returns the number of members moved."""
    require_editor(store, role, ACTION)
    actor = _actor(actor)
    others = [int(o) for o in others if int(o) != int(into)]
    if not others:
        raise InputError("Kies ten minste één ander kernpunt om samen te voegen.")
    now = datetime.now(UTC)
    with store.engine.begin() as conn:
        target = _kernpunt(conn, into)
        rows = [_kernpunt(conn, o) for o in others]
        if any(r["theme"] != target["theme"] for r in rows):
            raise InputError("Alleen kernpunten van hetzelfde thema kunnen samen; er is niets opgeslagen.")
        ids = list(conn.execute(select(kernpunt_members.c.contribution_id).where(
            kernpunt_members.c.kernpunt_id.in_(others))).scalars())
        _place(conn, ids, into, now)
        conn.execute(update(kernpunten).where(kernpunten.c.id.in_(others)).values(
            merged_into=int(into), updated_at=now))
        names = ", ".join(f"{r['id']} '{r['label']}'" for r in rows)
        _audit(conn, actor, role, "kernpunt", f"Kernpunten {names} samengevoegd met {into} "
               f"'{target['label']}' ({dutch.count(len(ids), 'bijdrage', 'bijdragen')})",
               detail={"kernpunt": int(into), "merged": others, "members": len(ids)})
        store.bump_version(conn)
    return len(ids)


def _default_label(store: Store, ids: list[str]) -> str:
    public = load_public_texts(store)
    texts = public.loc[public["id"].isin(ids), "text"].fillna("").tolist()
    return kernpunt_labels.label(texts, set()) if texts else ""


def split(store: Store, kernpunt_id: int, contribution_ids: Iterable[str], actor: str, role: str,
          label: str | None = None) -> int:
    """Move these members (and their near-duplicates) out of the kernpunt into a new one, named
    `label` (or by the model from their public texts). Returns the new kernpunt's id."""
    require_editor(store, role, ACTION)
    actor = _actor(actor)
    now = datetime.now(UTC)
    with store.engine.begin() as conn:
        source = _kernpunt(conn, kernpunt_id)
        ids = _with_duplicates(store, conn, contribution_ids)
        inside = set(conn.execute(select(kernpunt_members.c.contribution_id).where(
            kernpunt_members.c.kernpunt_id == int(kernpunt_id))).scalars())
        if not set(ids) <= inside:
            raise InputError(f"Niet alle gekozen bijdragen horen bij kernpunt {kernpunt_id}; "
                             "er is niets opgeslagen.")
        if set(ids) == inside:
            raise InputError("Splitsen laat ten minste één bijdrage achter; er is niets opgeslagen.")
        name = " ".join((label or "").split()) or _default_label(store, ids) or source["label"]
        new_id = int(conn.execute(select(func.max(kernpunten.c.id))).scalar() or 0) + 1
        conn.execute(insert(kernpunten).values(
            id=new_id, theme=source["theme"], label=name, label_source="mens" if label else "model",
            terms=source["terms"], representatives=";".join(ids[:6]), created_at=now, updated_at=now))
        _place(conn, ids, new_id, now)
        _audit(conn, actor, role, "kernpunt", f"Kernpunt {kernpunt_id} '{source['label']}' gesplitst: "
               f"{dutch.count(len(ids), 'bijdrage', 'bijdragen')} naar nieuw kernpunt {new_id} '{name}'",
               detail={"kernpunt": int(kernpunt_id), "new": new_id, "members": ids})
        store.bump_version(conn)
    return new_id


def move(store: Store, contribution_ids: Iterable[str], kernpunt_id: int, actor: str, role: str) -> int:
    """Move contributions (with their near-duplicates) to another kernpunt of the same theme.
    Returns how many moved."""
    require_editor(store, role, ACTION)
    actor = _actor(actor)
    with store.engine.begin() as conn:
        target = _kernpunt(conn, kernpunt_id)
        ids = _with_duplicates(store, conn, contribution_ids)
        _same_theme(conn, ids, target["theme"])
        _place(conn, ids, kernpunt_id, datetime.now(UTC))
        for cid in ids:
            _audit(conn, actor, role, "kernpunt", f"Bijdrage verplaatst naar kernpunt {kernpunt_id} "
                   f"'{target['label']}'", cid, detail={"kernpunt": int(kernpunt_id)})
        store.bump_version(conn)
    return len(ids)


def set_standpunt(store: Store, contribution_ids: Iterable[str], value: str, actor: str, role: str) -> int:
    """A person's standpunt for these members (not their duplicates: each answer has its own)."""
    require_editor(store, role, ACTION)
    actor = _actor(actor)
    if value not in standpunt.STANDPUNTEN:
        raise InputError(f"Onbekend standpunt '{value}'; kies uit: "
                         f"{', '.join(standpunt.label(s) for s in standpunt.STANDPUNTEN)}.")
    ids = sorted({str(i).strip() for i in contribution_ids if str(i).strip()})
    with store.engine.begin() as conn:
        placed = set(conn.execute(select(kernpunt_members.c.contribution_id).where(
            kernpunt_members.c.contribution_id.in_(ids))).scalars()) if ids else set()
        if not ids or placed != set(ids):
            raise InputError("Kies bijdragen die bij een kernpunt horen; er is niets opgeslagen.")
        conn.execute(update(kernpunt_members).where(kernpunt_members.c.contribution_id.in_(ids)).values(
            standpunt=value, standpunt_score=1.0, standpunt_source="mens", updated_at=datetime.now(UTC)))
        for cid in ids:
            _audit(conn, actor, role, "standpunt", f"Standpunt vastgesteld: {standpunt.label(value)}",
                   cid, detail={"standpunt": value})
        store.bump_version(conn)
    return len(ids)
