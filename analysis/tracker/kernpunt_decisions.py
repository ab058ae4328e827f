"""One decision for a kernpunt, inherited by its members, with exceptions per member (tracker stage).

A kernpunt decision is a row of kernpunt_decisions (append-only, row_version like a
suggestion's) and, in the same transaction, one batch of member decisions (kind 'kernpunt') in
tracker_decisions, so the tracker, the public read model and the documents keep reading per
suggestion. A member whose latest decision was made for it alone (not by a kernpunt batch) is an
exception: a new kernpunt decision leaves it as it is, unless asked to include it. Undo of the
batch (batches.undo_batch) restores the members and the kernpunt's previous decision (a new row).
"""
from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection

from analysis.core.errors import InputError
from analysis.store.store import Store
from analysis.store.tables import decision_batches, decisions, kernpunt_decisions, kernpunt_members
from analysis.tracker import batches
from analysis.tracker import decisions as dec

KIND = "kernpunt"


def current(store: Store, concept_version: str) -> pd.DataFrame:
    """The latest decision row per kernpunt in concept_version (kernpunt_id, status, section,
    public_explanation, internal_note, published, row_version, batch_id, actor, at)."""
    with store.engine.connect() as conn:
        rows = pd.read_sql(select(kernpunt_decisions).where(
            kernpunt_decisions.c.concept_version == concept_version), conn)
    if rows.empty:
        return rows
    return rows.sort_values("row_version").groupby("kernpunt_id").tail(1).reset_index(drop=True)


def _members(conn: Connection, kernpunt_id: int) -> list[str]:
    return list(conn.execute(select(kernpunt_members.c.contribution_id).where(
        kernpunt_members.c.kernpunt_id == int(kernpunt_id))).scalars())


def _latest(conn: Connection, ids: list[str], concept_version: str) -> dict[str, dict]:
    """sid -> its latest decision row in concept_version (undecided members are absent)."""
    out = {}
    for start in range(0, len(ids), 900):
        part = ids[start:start + 900]
        top = (select(decisions.c.suggestion_id, func.max(decisions.c.row_version).label("rv"))
               .where(decisions.c.concept_version == concept_version,
                      decisions.c.suggestion_id.in_(part))
               .group_by(decisions.c.suggestion_id).subquery())
        rows = conn.execute(select(decisions).join(top, and_(
            decisions.c.suggestion_id == top.c.suggestion_id, decisions.c.row_version == top.c.rv))
            .where(decisions.c.concept_version == concept_version)).mappings()
        out.update({r["suggestion_id"]: dict(r) for r in rows})
    return out


def _exceptions(conn: Connection, latest: dict[str, dict], concept_version: str) -> set[str]:
    """Members whose latest decision (latest: _latest) was made for them alone, not by a
    kernpunt batch."""
    if not latest:
        return set()
    by_kernpunt = set()
    ids = list(latest)
    for start in range(0, len(ids), 400):
        rows = conn.execute(select(decision_batches.c.suggestion_id, decision_batches.c.row_version)
                            .where(decision_batches.c.kind == KIND,
                                   decision_batches.c.concept_version == concept_version,
                                   decision_batches.c.suggestion_id.in_(ids[start:start + 400])))
        by_kernpunt |= {(sid, int(rv)) for sid, rv in rows}
    return {sid for sid, row in latest.items() if (sid, int(row["row_version"])) not in by_kernpunt}


def exceptions(conn: Connection, ids: list[str], concept_version: str) -> set[str]:
    """Members whose latest decision in concept_version was made for them alone."""
    return _exceptions(conn, _latest(conn, ids, concept_version), concept_version)


def _as_decision(row: dict) -> dec.Decision:
    return dec.Decision(row["status"], row["section"], row["public_explanation"] or "",
                        row["internal_note"] or "", bool(row["published"])).cleaned()


def decide(store: Store, concept_version: str, kernpunt_id: int, decision: dec.Decision,
           based_on: int, actor: str, role: str, include_exceptions: bool = False) -> dict:
    """Record decision for the kernpunt and its members in one transaction. based_on is the
    kernpunt decision's row_version the person saw (0: none); a newer one refuses the save
    (StaleVersionError). Returns row_version, batch_id, members (written) and exceptions (kept)."""
    dec.require_editor(store, role, "publish_decision" if decision.published else "edit_decision")
    actor = dec._actor(actor)
    version = dec._version(store, concept_version)
    d = dec.validate(decision, version)
    batch_id, at = batches.new_batch_id(), datetime.now(UTC)
    with store.engine.begin() as conn:
        ids = _members(conn, kernpunt_id)
        if not ids:
            raise InputError(f"Kernpunt {kernpunt_id} bestaat niet (meer) of heeft geen suggesties.")
        new = dec._append_versioned(conn, kernpunt_decisions, {"kernpunt_id": int(kernpunt_id),
                                                                "concept_version": version.id},
                                    based_on, {**asdict(d), "batch_id": batch_id, "actor": actor, "at": at})
        latest = _latest(conn, ids, version.id)
        kept = set() if include_exceptions else _exceptions(conn, latest, version.id)
        todo = [sid for sid in ids  # a member already holding exactly d gets no new row
                if sid not in kept and (sid not in latest or _as_decision(latest[sid]) != d)]
        based = {sid: int(latest[sid]["row_version"]) if sid in latest else 0 for sid in todo}
        batches._write(conn, version, [(sid, d) for sid in todo], based, actor, role, batch_id, KIND)
        dec._audit(conn, actor, role, "kernpunt", f"Besluit voor kernpunt {kernpunt_id}: "
                   f"{dec._decision_summary(d, version, None)}; {len(todo)} suggesties, "
                   f"{len(kept)} uitzonderingen", None, version.id,
                   {"kernpunt_id": int(kernpunt_id), "row_version": new, "batch_id": batch_id})
        store.bump_version(conn)
    return {"row_version": new, "batch_id": batch_id, "members": todo, "exceptions": sorted(kept)}
