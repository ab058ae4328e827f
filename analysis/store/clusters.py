"""The stored `cluster` of every contribution: discovery topics over the whole store (store stage).

After each import the topics are fitted again on all stored contributions (the number
chosen from the data, see analysis.enrich.discover), because a new document can change what
the topics are. The numbers and the topics' names are written in one transaction, so
a page never shows a number without its name. The Verkennen page still lets a user
try other numbers of topics; this is the store's default reading.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import delete, insert, inspect, select

from analysis.enrich.discover import discover
from analysis.store.store import Store
from analysis.store.tables import discovery_topics


def refresh(store: Store, progress: Callable[[float, str], None] | None = None) -> int:
    """Fit topics on every stored contribution and store each one's cluster; returns k."""
    df = store.load_contributions(["id", "text"])
    has_text = df["text"].fillna("").str.strip().ne("")
    if has_text.sum() < 2:
        return 0
    if progress:
        progress(0.0, "onderwerpen zoeken in alle bijdragen")
    found = discover(df["text"].fillna("").tolist(), label_all=True)
    clusters = pd.Series(found.labels, index=df.index).where(lambda s: s >= 0)
    derived = pd.DataFrame({"id": df["id"], "cluster": clusters.astype("Int64")})
    now = datetime.now(UTC)
    rows = [{"cluster": int(t.topic), "name": t.name, "terms": ";".join(t.terms), "size": int(t.size),
             "computed_at": now} for t in found.topics.itertuples()]

    def write_topics(conn) -> None:
        conn.execute(delete(discovery_topics))
        if rows:
            conn.execute(insert(discovery_topics), rows)

    store.update_derived(derived, also=write_topics)
    return found.k


def names(store: Store) -> dict[int, str]:
    """Cluster number -> topic name ({} before the first import)."""
    if not inspect(store.engine).has_table(discovery_topics.name):
        return {}
    with store.engine.connect() as conn:
        return {int(c): n for c, n in conn.execute(select(discovery_topics.c.cluster,
                                                          discovery_topics.c.name))}
