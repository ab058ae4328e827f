"""Redacted public texts and the redaction log, written at import (store stage, derived data).

The finding itself is analysis.enrich.deidentify's; this module stores what the public may
read (table public_texts) and why something was removed (privacy_redactions, counts only).
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import delete, insert, inspect, select
from sqlalchemy.engine import Connection

from analysis.enrich.deidentify import redact_frame
from analysis.store.tables import (
    PUBLIC_TEXT_COLUMNS,
    contributions,
    public_texts,
    redaction_log,
)


def write_redacted(conn: Connection, rows: pd.DataFrame) -> pd.DataFrame:
    """Redact rows' PUBLIC_TEXT_COLUMNS and, inside the caller's transaction, replace their
    public texts and their logged redactions. Public texts of contributions that no longer
    exist are removed too. Returns the log (contribution_id, field, kind, reason, n)."""
    redacted, log = redact_frame(rows[["id", *PUBLIC_TEXT_COLUMNS]], PUBLIC_TEXT_COLUMNS)
    ids = rows["id"].tolist()
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        conn.execute(delete(public_texts).where(public_texts.c.id.in_(chunk)))
        conn.execute(delete(redaction_log).where(redaction_log.c.contribution_id.in_(chunk)))
    conn.execute(delete(public_texts).where(public_texts.c.id.not_in(select(contributions.c.id))))
    records = redacted.astype(object).where(redacted.notna(), None).to_dict("records")
    for start in range(0, len(records), 5000):
        conn.execute(insert(public_texts), records[start:start + 5000])
    if len(log):
        now = datetime.now(UTC)
        conn.execute(insert(redaction_log),
                     [{**r, "n": int(r["n"]), "logged_at": now} for r in log.to_dict("records")])
    return log


def refresh_log(store, documents: Iterable[str] | None = None) -> pd.DataFrame:
    """Redact the stored texts (of these documents, or all) and persist the public texts and
    what was found, in one transaction (for a store imported before texts were redacted at
    import; an import does this itself)."""
    df = store.load_contributions(["id", *PUBLIC_TEXT_COLUMNS])
    if documents is not None:
        df = df[df["document"].isin(set(documents))]
    with store.engine.begin() as conn:
        return write_redacted(conn, df)


def load_public_texts(store) -> pd.DataFrame:
    """The persisted public texts (id, PUBLIC_TEXT_COLUMNS); empty when none were stored yet."""
    if not inspect(store.engine).has_table(public_texts.name):
        return pd.DataFrame({c: pd.Series(dtype="string") for c in ["id", *PUBLIC_TEXT_COLUMNS]})
    with store.engine.connect() as conn:
        return pd.read_sql(select(public_texts), conn).astype("string")


def load_log(store) -> pd.DataFrame:
    """The persisted redaction log (empty when nothing was logged yet)."""
    cols = ["contribution_id", "field", "kind", "reason", "n", "logged_at"]
    if not inspect(store.engine).has_table(redaction_log.name):
        return pd.DataFrame(columns=cols)
    with store.engine.connect() as conn:
        return pd.read_sql(select(*[redaction_log.c[c] for c in cols]), conn)

