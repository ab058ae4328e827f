"""Answers without the respondent's consent: counted, never shown (views stage).

A consultation export may say per respondent whether the answers may be made public
(contributions.consent, read by analysis.harvest.consent). 'nee' keeps the row, so every count
stays the same, but its text is replaced by one sentence (data/public.toml withheld_text)
before anything public reads it: the public read model (analysis.views.public) calls
`withhold`, so the public page, `export --public`, the public report and the static site
never hold the answer. An empty consent means the source asked nothing (a werksessie report,
an export without a consent column): public, as before.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import inspect, select
from sqlalchemy.engine import Connection

from analysis.core import config
from analysis.store.tables import contributions

NO = "nee"


def withheld_text() -> str:
    return config.data_toml("public.toml")["withheld_text"]


def consent_by_id(conn: Connection) -> dict[str, str]:
    """id -> 'ja'/'nee' of every contribution whose source asked; empty for a store made before
    consent was stored (a read-only public store is not given the column)."""
    if "consent" not in {c["name"] for c in inspect(conn).get_columns(contributions.name)}:
        return {}
    rows = conn.execute(select(contributions.c.id, contributions.c.consent)
                        .where(contributions.c.consent.is_not(None))).all()
    return dict(rows)


def withheld(df: pd.DataFrame) -> pd.Series:
    """True where the respondent gave no consent (df's `consent` column; none: nowhere)."""
    if "consent" not in df.columns:
        return pd.Series(False, index=df.index)
    return df["consent"].astype("string").eq(NO).fillna(False).astype(bool)


def withhold(df: pd.DataFrame, conn: Connection) -> pd.DataFrame:
    """df (with `id` and `text`) with its `consent` filled from the store and the text of every
    answer without consent replaced by withheld_text(); rows are never dropped."""
    found = consent_by_id(conn)
    df = df.copy()
    df["consent"] = df["id"].astype(object).map(found).astype("string")
    no = withheld(df)
    if no.any():
        df.loc[no, "text"] = withheld_text()
    return df
