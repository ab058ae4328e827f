"""Redacted public texts and the redaction log, written at import (store stage, derived data).

The finding itself is analysis.enrich.deidentify's; this module stores what the public may
read (table public_texts) and why something was removed (privacy_redactions, counts only).
An editor's checks (analysis.store.redactions) are applied every time a text is (re)computed;
`refresh` recomputes every stored public text when the rules' fingerprint (data/privacy.toml,
the Deduce version) changed.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime

import numpy as np
import pandas as pd
from sqlalchemy import delete, insert, inspect, select, update
from sqlalchemy.engine import Connection

from analysis.core import paths
from analysis.enrich import deduce_names
from analysis.enrich.deidentify import apply_spans, checked_spans, redact_frame
from analysis.enrich.redaction_job import RedactionJob
from analysis.store import db, redactions
from analysis.store.tables import (
    PUBLIC_TEXT_COLUMNS,
    contributions,
    public_texts,
    redaction_log,
    store_meta,
)

FINGERPRINT_KEY = "redaction_rules"
# What the internal pages read de-identified too (Store.load_contributions masked=): the team
# needs what was said, not who said it; an editor reveals one original (analysis.tracker.originals).
INTERNAL = ["text"]


def fingerprint() -> str:
    """Changes when the redaction rules change: data/privacy.toml (patterns, keep-lists) and
    the installed Deduce version."""
    h = hashlib.sha256((paths.DATA_DIR / "privacy.toml").read_bytes())
    h.update(deduce_names.version().encode())
    return h.hexdigest()[:16]


def stored_fingerprint(store) -> str | None:
    with store.engine.connect() as conn:
        return conn.execute(select(store_meta.c.value).where(store_meta.c.key == FINGERPRINT_KEY)).scalar()


def _set_fingerprint(conn: Connection) -> None:
    value = fingerprint()
    if conn.execute(update(store_meta).where(store_meta.c.key == FINGERPRINT_KEY)
                    .values(value=value)).rowcount == 0:
        conn.execute(insert(store_meta).values(key=FINGERPRINT_KEY, value=value))


def needs_refresh(store) -> bool:
    return stored_fingerprint(store) != fingerprint()


def _apply_checks(conn: Connection, rows: pd.DataFrame, redacted: pd.DataFrame,
                  log: pd.DataFrame) -> pd.DataFrame:
    """The editors' checks on the text column of these rows; returns the log with their rows
    replaced by what the checked text hides."""
    states = redactions.states(conn, rows["id"].tolist())
    if not states:
        return log
    originals = rows.set_index("id")["text"]
    position = {k: i for i, k in enumerate(redacted["id"].tolist())}
    extra, text = [], redacted["text"].astype(object).tolist()
    for cid, st in states.items():
        if cid not in position or not isinstance(originals.get(cid), str):
            continue
        spans = checked_spans(originals[cid], list(st.added.values()), st.released)
        text[position[cid]], findings = apply_spans(originals[cid], spans)
        counts: dict = {}
        for f in findings:
            counts[f] = counts.get(f, 0) + 1
        extra += [{"contribution_id": cid, "field": "text", "kind": f.kind, "reason": f.reason, "n": n}
                  for f, n in counts.items()]
    redacted["text"] = pd.array(text, dtype="string")
    keep = ~(log["contribution_id"].isin(set(states)) & (log["field"] == "text"))
    return pd.concat([log[keep], pd.DataFrame(extra, columns=log.columns)], ignore_index=True)


def write_redacted(conn: Connection, rows: pd.DataFrame,
                   computed: RedactionJob | None = None) -> pd.DataFrame:
    """Redact rows' PUBLIC_TEXT_COLUMNS and, inside the caller's transaction, replace their
    public texts and their logged redactions. Public texts of contributions that no longer
    exist are removed too. Returns the log (contribution_id, field, kind, reason, n).
    computed: the redaction of these rows or more, started earlier (an import redacts while it
    themes, analysis.enrich.redaction_job); only the rows' own part is used."""
    if computed is None:
        redacted, log = redact_frame(rows[["id", *PUBLIC_TEXT_COLUMNS]], PUBLIC_TEXT_COLUMNS)
    else:
        wanted = set(rows["id"].tolist())
        all_redacted, all_log = computed.result()
        # as objects: pandas checks a pyarrow string column against 100,000 ids one scalar at a time
        redacted = all_redacted[all_redacted["id"].astype(object).isin(wanted)].reset_index(drop=True)
        log = all_log[all_log["contribution_id"].astype(object).isin(wanted)].reset_index(drop=True)
    log = _apply_checks(conn, rows, redacted, log)
    ids = rows["id"].tolist()
    # the first import into a store has nothing to replace: 2 x 112 deletes less per 100,000 rows
    filled = [(table, key) for table, key in ((public_texts, public_texts.c.id),
                                              (redaction_log, redaction_log.c.contribution_id))
              if conn.execute(select(key).limit(1)).first() is not None]
    for start in range(0, len(ids), 900):
        for table, key in filled:
            conn.execute(delete(table).where(key.in_(ids[start:start + 900])))
    conn.execute(delete(public_texts).where(public_texts.c.id.not_in(select(contributions.c.id))))
    db.bulk_insert(conn, public_texts, redacted)
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


def refresh(store) -> pd.DataFrame:
    """`redact --refresh`: recompute every stored public text with the current rules, keeping
    the editors' checks (manual redactions, releases, "niet publiceren"), in one transaction;
    records the rules' fingerprint. Returns the redaction log."""
    df = store.load_contributions(["id", *PUBLIC_TEXT_COLUMNS])
    with store.engine.begin() as conn:
        log = write_redacted(conn, df)
        _set_fingerprint(conn)
        store.bump_version(conn, contributions=True)
    return log


def mark_current(store) -> None:
    """Record that the stored public texts follow the current rules (after a first import)."""
    with store.engine.begin() as conn:
        _set_fingerprint(conn)


def record_edit(store, contribution_id: str, action: str, actor: str, role: str,
                phrase: str | None = None, reason: str | None = None, undoes: int | None = None) -> int:
    """Append an editor's check and recompute that contribution's public text, in one
    transaction, so the public page and export show it at once. The caller checks the role."""
    return record_edits(store, [(contribution_id, undoes)], action, actor, role, phrase, reason)[0]


def record_edits(store, targets: list[tuple[str, int | None]], action: str, actor: str, role: str,
                 phrase: str | None = None, reason: str | None = None) -> list[int]:
    """The same check on several contributions (identical texts redacted together), one edit
    per (contribution id, the edit it undoes or None), in one transaction: all of them or none.
    Returns the edit ids in the order of targets. The caller checks the role."""
    ids = list(dict.fromkeys(cid for cid, _ in targets))
    with store.engine.begin() as conn:
        done = [redactions.append(conn, cid, action, actor, role, phrase, reason, undoes) for cid, undoes in targets]
        rows = db.read_where_in(conn, select(*[contributions.c[c] for c in ["id", *PUBLIC_TEXT_COLUMNS]]),
                                contributions.c.id, ids).astype("string")
        if len(rows):
            write_redacted(conn, rows)
        store.bump_version(conn, contributions=True)
    return done


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


def redact_unmasked(conn: Connection, df: pd.DataFrame, masked: list[str], joined: bool) -> pd.DataFrame:
    """df with the masked columns of rows that have no public text (imported before texts were
    redacted at import, an old backup; every row when the store has no public_texts table)
    redacted by the patterns (no NER: quick enough for a first read), never left as written."""
    key = df.pop("_key") if joined else None
    rows = df.pop("_unmasked").astype(bool).to_numpy() if joined else np.ones(len(df), dtype=bool)
    if not rows.any():
        return df
    if joined:
        ids = key[rows].tolist()
        originals = db.read_where_in(conn, select(*[contributions.c[c] for c in ["id", *masked]]),
                                     contributions.c.id, ids)
        originals = originals.set_index("id").reindex(ids).reset_index(drop=True)
    else:
        originals = df.loc[rows, masked].reset_index(drop=True)
    redacted, _ = redact_frame(originals.astype("string"), masked, use_ner=False)
    for col in masked:
        df.loc[rows, col] = redacted[col].astype(object).to_numpy()
    return df
