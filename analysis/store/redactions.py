"""Manual redaction checks: an editor adds or undoes a redaction or hides a contribution
("niet publiceren"); append-only in table privacy_redaction_edits, which is also the audit
trail (store stage). public_texts applies the current state whenever it (re)computes a public
text, so a refresh or re-import keeps what people decided.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import inspect, select
from sqlalchemy.engine import Connection

from analysis.store.tables import redaction_edits

ACTIONS = ("toevoegen", "ongedaan", "vrijgeven", "niet_publiceren", "wel_publiceren")


@dataclass
class EditState:
    """What people decided for one contribution: phrases redacted by hand (edit id -> phrase,
    reason), automatic redactions released (their original text), and whether it is hidden."""

    added: dict[int, tuple[str, str]] = field(default_factory=dict)
    released: set[str] = field(default_factory=set)
    hidden: bool = False


def _has_table(conn: Connection) -> bool:
    return inspect(conn).has_table(redaction_edits.name)


def edits(conn: Connection, ids: list[str] | None = None) -> pd.DataFrame:
    """The edits (of these contributions), oldest first."""
    cols = [c.name for c in redaction_edits.columns]
    # no edits at all (a first import): not 112 empty reads of 900 ids each at 100,000 rows
    if not _has_table(conn) or conn.execute(select(redaction_edits.c.id).limit(1)).first() is None:
        return pd.DataFrame(columns=cols)
    query = select(redaction_edits).order_by(redaction_edits.c.id)
    if ids is not None:
        frames = [pd.read_sql(query.where(redaction_edits.c.contribution_id.in_(ids[i:i + 900])), conn)
                  for i in range(0, len(ids), 900)]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
    return pd.read_sql(query, conn)


def states(conn: Connection, ids: list[str] | None = None) -> dict[str, EditState]:
    """Contribution id -> its EditState, replaying the edits in order (only ids with edits)."""
    out: dict[str, EditState] = {}
    for e in edits(conn, ids).itertuples():
        s = out.setdefault(e.contribution_id, EditState())
        if e.action == "toevoegen":
            s.added[int(e.id)] = (e.phrase, e.reason or "")
        elif e.action == "ongedaan" and not pd.isna(e.undoes):
            s.added.pop(int(e.undoes), None)
        elif e.action == "vrijgeven":
            s.released.add(e.phrase)
        elif e.action == "niet_publiceren":
            s.hidden = True
        elif e.action == "wel_publiceren":
            s.hidden = False
    return out


def hidden_ids(conn: Connection) -> set[str]:
    """Contributions marked "niet publiceren" (and not released since)."""
    return {k for k, s in states(conn).items() if s.hidden}


def append(conn: Connection, contribution_id: str, action: str, actor: str, role: str,
           phrase: str | None = None, reason: str | None = None, undoes: int | None = None) -> int:
    """One edit, inside the caller's transaction; returns its id."""
    if action not in ACTIONS:
        raise ValueError(f"unknown redaction action {action!r}")
    result = conn.execute(redaction_edits.insert().values(
        contribution_id=contribution_id, action=action, phrase=phrase, reason=reason,
        undoes=undoes, actor=actor, role=role, at=datetime.now(UTC)))
    return int(result.inserted_primary_key[0])
