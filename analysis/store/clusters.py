"""The stored `cluster` of every contribution: discovery topics over the whole store (store stage).

The topics are fitted on all stored contributions at the first import (the number chosen from
the data, see analysis.enrich.discover) and when someone asks for it (`python -m analysis
refit`, the button on the Verkennen page). Between refits an import only puts its own new rows
into the existing topics (nearest topic with the stored vocabulary and NMF components, kept in
store_meta under `clusters_model`), so cluster numbers and names of existing rows never move
and a small import into a large store does not pay for a refit. Numbers, names and the model
are written in one transaction, so a page never shows a number without its name.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import delete, func, insert, inspect, select, update

from analysis.enrich import nlp
from analysis.enrich.discover import TopicModel, discover
from analysis.store.store import Store
from analysis.store.tables import contributions, discovery_topics, store_meta

_MODEL_KEY = "clusters_model"
_SECONDS_PER_ROW = 6e-5  # a refit when none was timed yet: about 6 s per 100,000 rows on 2 cores


def _write_model(conn, model: TopicModel) -> None:
    conn.execute(delete(store_meta).where(store_meta.c.key == _MODEL_KEY))
    conn.execute(insert(store_meta).values(key=_MODEL_KEY, value=model.to_json()))


def stored_model(store: Store) -> TopicModel | None:
    """The topic model of the last refit (None before the first, or for a store from before this)."""
    if not inspect(store.engine).has_table(store_meta.name):
        return None
    with store.engine.connect() as conn:
        text = conn.execute(select(store_meta.c.value).where(store_meta.c.key == _MODEL_KEY)).scalar()
    return TopicModel.from_json(text) if text else None


def refresh(store: Store, progress: Callable[[float, str], None] | None = None) -> int:
    """Fit topics on every stored contribution and store each one's cluster; returns k."""
    start = time.perf_counter()
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
    model = found.model
    model.fit_seconds = round(time.perf_counter() - start, 2)

    def write_topics(conn) -> None:
        conn.execute(delete(discovery_topics))
        if rows:
            conn.execute(insert(discovery_topics), rows)
        _write_model(conn, model)

    store.update_derived(derived, also=write_topics)
    return found.k


def assign_new(store: Store, documents: Iterable[str],
           progress: Callable[[float, str], None] | None = None) -> int:
    """After an import: the rows of `documents` without a cluster go to their nearest existing topic.
    Without a stored model (first import) this is a refit. Returns the number of rows assigned."""
    model = stored_model(store)
    if model is None:
        refresh(store, progress)
        return store.count()
    if progress:
        progress(0.0, "nieuwe bijdragen bij de bestaande onderwerpen indelen")
    docs = list(documents)
    query = select(contributions.c.id, contributions.c.text).where(
        contributions.c.document.in_(docs), contributions.c.cluster.is_(None))
    with store.engine.connect() as conn:
        new = pd.read_sql(query, conn)
    if not len(new):
        return 0
    labels = model.assign(nlp.lemma_strings(new["text"].fillna("").tolist()))
    derived = pd.DataFrame({"id": new["id"], "cluster": pd.array(labels, dtype="Int64")})
    derived["cluster"] = derived["cluster"].where(derived["cluster"] >= 0)

    def recount(conn) -> None:
        counts = select(contributions.c.cluster, func.count()).group_by(contributions.c.cluster)
        for cluster, size in conn.execute(counts):
            if cluster is not None:
                conn.execute(update(discovery_topics).where(discovery_topics.c.cluster == cluster)
                             .values(size=int(size)))

    store.update_derived(derived, also=recount)
    return len(new)


@dataclass
class RefitStatus:
    """What the Verkennen page and `refit` say before a refit."""

    rows: int            # contributions in the store now
    fitted_rows: int     # contributions with text when the topics were last fitted (0: never)
    estimate_seconds: float


def status(store: Store) -> RefitStatus:
    model = stored_model(store)
    rows = store.count()
    timed = model is not None and model.fitted_rows > 0 and model.fit_seconds > 0
    per_row = model.fit_seconds / model.fitted_rows if timed else _SECONDS_PER_ROW
    return RefitStatus(rows, model.fitted_rows if model else 0, max(1.0, round(rows * per_row, 1)))


def names(store: Store) -> dict[int, str]:
    """Cluster number -> topic name ({} before the first import)."""
    if not inspect(store.engine).has_table(discovery_topics.name):
        return {}
    with store.engine.connect() as conn:
        return {int(c): n for c, n in conn.execute(select(discovery_topics.c.cluster,
                                                          discovery_topics.c.name))}
