"""A contribution's original text on an internal page, for an editor only, and who read it
(tracker stage).

Internal pages read the de-identified text (Store.load_contributions masked=); the team needs
what was said, not who said it. An editor may reveal the original of one contribution: the role
is checked here (PermissionDenied for a viewer or analyst, whatever a page shows) and every
reveal is appended to table original_reveals in the same transaction as the read.
"""
from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import insert, select

from analysis.access import roles
from analysis.core import dutch
from analysis.core.errors import InputError
from analysis.store.store import Store
from analysis.store.tables import contributions, original_reveals
from analysis.tracker import decisions

ACTION = "reveal_original"


def can_reveal(store: Store, role: str | None) -> bool:
    """Whether this role may reveal an original here (a read-only or public store never logs)."""
    return decisions.can_edit(store, role, ACTION)


def reveal(store: Store, contribution_id: str, actor: str, role: str | None) -> str:
    """The original text of one contribution, with the reveal logged (who, role, when).

    PermissionDenied unless the role may reveal_original (data/roles.toml); InputError without a
    name or for an unknown contribution, and then nothing is logged."""
    decisions.require_editor(store, role, ACTION)
    name = (actor or "").strip()
    if not name:
        raise InputError("Vul uw naam in: wie de oorspronkelijke tekst ziet, wordt vastgelegd.")
    with store.engine.begin() as conn:
        text = conn.execute(select(contributions.c.text)
                            .where(contributions.c.id == contribution_id)).scalar()
        if text is None:
            raise InputError("Deze bijdrage bestaat niet (meer).")
        conn.execute(insert(original_reveals).values(contribution_id=contribution_id, actor=name,
                                                     role=str(role), at=datetime.now(UTC)))
    return text


def reveals(store: Store, contribution_id: str | None = None) -> pd.DataFrame:
    """The reveal log, newest first (of one contribution when given): contribution_id, actor,
    role, at (UTC)."""
    query = select(original_reveals).order_by(original_reveals.c.id.desc())
    if contribution_id is not None:
        query = query.where(original_reveals.c.contribution_id == contribution_id)
    with store.engine.connect() as conn:
        return pd.read_sql(query, conn).drop(columns="id")


def reveal_lines(log: pd.DataFrame) -> list[str]:
    """The log as people read it: 'Anna (redacteur), 26 juni 2024 om 14:05' (Dutch local time)."""
    lines = []
    for r in log.itertuples():
        at = dutch.local(r.at)
        when = f"{dutch.day(at)} om {at:%H:%M}" if at is not None else ""
        lines.append(f"{r.actor} ({roles.label(r.role)}), {when}")
    return lines
