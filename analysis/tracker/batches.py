"""Workbench writes: a decision for a whole group, bulk acceptance, undo as one batch (tracker stage).

Every member gets its own decision row (row_version + 1) and its own audit entry carrying the
batch id; table tracker_decision_batches lists which rows a batch wrote. Undo appends new rows
that restore each member's previous state (kind 'undo'): nothing is overwritten. One transaction
per call; a member changed meanwhile refuses the whole call (StaleVersionError).
"""
from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from analysis.core.errors import InputError, StaleVersionError
from analysis.store.store import Store
from analysis.store.tables import decision_batches, decisions, kernpunt_decisions, link_reviews
from analysis.tracker import decisions as dec
from analysis.tracker import vocabulary


def new_batch_id() -> str:
    return uuid.uuid4().hex[:16]


def _write(conn: Connection, version, items: list[tuple[str, dec.Decision]], based_on: dict[str, int],
           actor: str, role: str, batch_id: str, kind: str, undoes: str | None = None,
           action: str = "besluit") -> dict[str, int]:
    out, at = {}, datetime.now(UTC)
    for sid, d in items:
        key = {"suggestion_id": sid, "concept_version": version.id}
        new = dec._append_versioned(conn, decisions, key, based_on.get(sid, 0),
                                    {**asdict(d), "actor": actor, "at": at})
        out[sid] = new
        previous = conn.execute(select(decisions.c.status).where(
            decisions.c.suggestion_id == sid, decisions.c.concept_version == version.id,
            decisions.c.row_version == new - 1)).scalar()
        dec._audit(conn, actor, role, action, dec._decision_summary(d, version, previous), sid,
                   version.id, {**asdict(d), "row_version": new, "group_size": len(items),
                                "batch_id": batch_id, "batch_kind": kind})
        conn.execute(insert(decision_batches).values(
            batch_id=batch_id, kind=kind, undoes=undoes, suggestion_id=sid,
            concept_version=version.id, row_version=new, actor=actor, at=at))
    return out


def _confirm_links(conn: Connection, version, items: list[tuple[str, dec.Decision]],
                   confirm: set[str], actor: str, role: str, batch_id: str) -> int:
    """For the suggestions in confirm: their link to the decided section becomes 'bevestigd'
    (a new link-review row and an audit entry each), unless it already is. Returns how many."""
    states, n, at = vocabulary.link_states(), 0, datetime.now(UTC)
    for sid, d in items:
        if sid not in confirm or not d.section:
            continue
        key = {"suggestion_id": sid, "concept_version": version.id, "section": d.section}
        latest = conn.execute(select(link_reviews.c.row_version, link_reviews.c.state).where(
            *[link_reviews.c[k] == v for k, v in key.items()])
            .order_by(link_reviews.c.row_version.desc()).limit(1)).first()
        if latest is not None and latest.state == "bevestigd":
            continue
        new = dec._append_versioned(conn, link_reviews, key, latest.row_version if latest else 0,
                                    {"state": "bevestigd", "actor": actor, "at": at})
        sec = version.section(d.section)
        dec._audit(conn, actor, role, "koppeling",
                   f"Koppeling met {version.id} {sec.ref} '{sec.title}': "
                   f"{states['bevestigd'].lower()} (voorstel overgenomen)", sid, version.id,
                   {"section": d.section, "state": "bevestigd", "row_version": new,
                    "batch_id": batch_id})
        n += 1
    return n


def save_items(store: Store, concept_version: str, items: Iterable[tuple[str, dec.Decision]],
               based_on: dict[str, int], actor: str, role: str, kind: str = "groep",
               batch_id: str | None = None,
               confirm: Iterable[str] = ()) -> tuple[str, dict[str, int]]:
    """Record a decision per suggestion (the same for a group, their own for a bulk action) in
    one transaction; returns (batch id, new row_version per suggestion). based_on holds the
    row_version each suggestion had when the person looked (0 = undecided). For the ids in
    confirm (a proposal the person accepted) the link to the decided section is confirmed in
    the same transaction."""
    items = list(items)
    publish = any(d.published for _, d in items)
    dec.require_editor(store, role, "publish_decision" if publish else "edit_decision")
    if confirm:
        dec.require_editor(store, role, "review_link")
    actor = dec._actor(actor)
    if not items:
        raise InputError("Kies ten minste één suggestie.")
    version = dec._version(store, concept_version)
    items = [(sid, dec.validate(d, version)) for sid, d in dict(items).items()]
    batch_id = batch_id or new_batch_id()
    with store.engine.begin() as conn:
        dec._check_suggestions(conn, [sid for sid, _ in items])
        out = _write(conn, version, items, based_on, actor, role, batch_id, kind)
        _confirm_links(conn, version, items, set(confirm), actor, role, batch_id)
        store.bump_version(conn)
    return batch_id, out


def batch_rows(store: Store, batch_id: str) -> pd.DataFrame:
    with store.engine.connect() as conn:
        return pd.read_sql(select(decision_batches).where(decision_batches.c.batch_id == batch_id)
                           .order_by(decision_batches.c.id), conn)


def recent_batches(store: Store, limit: int = 10) -> pd.DataFrame:
    """The latest bulk and group batches that were not undone yet: batch_id, kind, n, actor, at."""
    with store.engine.connect() as conn:
        rows = pd.read_sql(select(decision_batches), conn)
    if rows.empty:
        return pd.DataFrame(columns=["batch_id", "kind", "n", "actor", "at"])
    undone = set(rows["undoes"].dropna())
    done = rows[(rows["kind"] != "undo") & ~rows["batch_id"].isin(undone)]
    out = done.groupby("batch_id").agg(kind=("kind", "first"), n=("id", "size"),
                                       actor=("actor", "first"), at=("at", "max"), last=("id", "max"))
    return out.sort_values("last", ascending=False).head(limit).drop(columns="last").reset_index()


def undo_batch(store: Store, batch_id: str, actor: str, role: str) -> str:
    """Undo a batch: per member a new row restoring the decision it had before (or 'open' when it
    had none). Refused when a member was changed after the batch or the batch was undone."""
    dec.require_editor(store, role, "edit_decision")
    actor = dec._actor(actor)
    rows = batch_rows(store, batch_id)
    if rows.empty or (rows["kind"] == "undo").all():
        raise InputError("Deze reeks besluiten bestaat niet (meer).")
    version = dec._version(store, rows["concept_version"].iloc[0])
    undo_id = new_batch_id()
    with store.engine.begin() as conn:
        if conn.execute(select(decision_batches.c.id).where(
                decision_batches.c.undoes == batch_id)).first():
            raise InputError("Deze reeks besluiten is al ongedaan gemaakt.")
        items, based_on = [], {}
        for r in rows.itertuples():
            latest = dec.latest_row_versions(conn, [(r.suggestion_id, r.concept_version)])
            if latest[(r.suggestion_id, r.concept_version)] != r.row_version:
                raise StaleVersionError(
                    f"Een van de {len(rows)} suggesties is na deze reeks nog gewijzigd; ongedaan "
                    "maken zou dat overschrijven. Wijzig die suggestie zelf.")
            before = conn.execute(select(decisions).where(
                decisions.c.suggestion_id == r.suggestion_id,
                decisions.c.concept_version == r.concept_version,
                decisions.c.row_version == r.row_version - 1)).mappings().first()
            restored = (dec.Decision(before["status"], before["section"],
                                     before["public_explanation"] or "", before["internal_note"] or "",
                                     bool(before["published"])) if before else dec.Decision("open"))
            items.append((r.suggestion_id, restored.cleaned()))
            based_on[r.suggestion_id] = r.row_version
        _write(conn, version, items, based_on, actor, role, undo_id, "undo", undoes=batch_id,
               action="ongedaan")
        _undo_kernpunt(conn, batch_id, undo_id, actor)
        store.bump_version(conn)
    return undo_id


def _undo_kernpunt(conn: Connection, batch_id: str, undo_id: str, actor: str) -> None:
    """When the batch was a kernpunt's decision: a new kernpunt decision row restoring the one
    before it (or 'open'), so the kernpunt says what its members say again. Stale when the
    kernpunt was decided again after the batch."""
    kp = kernpunt_decisions
    done = conn.execute(select(kp).where(kp.c.batch_id == batch_id)).mappings().first()
    if done is None:
        return
    key = {"kernpunt_id": done["kernpunt_id"], "concept_version": done["concept_version"]}
    before = conn.execute(select(kp).where(*[kp.c[k] == v for k, v in key.items()],
                                           kp.c.row_version == done["row_version"] - 1)).mappings().first()
    restored = (dec.Decision(before["status"], before["section"], before["public_explanation"] or "",
                             before["internal_note"] or "", bool(before["published"]))
                if before else dec.Decision("open")).cleaned()
    dec._append_versioned(conn, kp, key, done["row_version"],
                          {**asdict(restored), "batch_id": undo_id, "actor": actor, "at": datetime.now(UTC)})


def status_choices() -> dict[str, str]:
    """Status id -> label, for the workbench."""
    return {s: vocabulary.status_label(s) for s in vocabulary.statuses()}
