"""Stored link proposals: recompute and write them after an import (tracker stage).

Only the import's own documents are recomputed when concept versions, remarks and weights are
unchanged (a fingerprint in store_meta).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import delete, insert, select

from analysis.harvest.concept_document import ConceptVersion
from analysis.store import db
from analysis.store.tables import contributions, links, store_meta
from analysis.tracker import vocabulary
from analysis.tracker.concept_versions import load_versions
from analysis.tracker.proposals import propose

_BASIS_KEY = "links_basis"  # store_meta: fingerprint of what the stored links depend on


def _basis(contribs: pd.DataFrame, versions: list[ConceptVersion]) -> str:
    """A fingerprint of what every suggestion's links depend on besides the suggestion itself:
    the concept versions, the remarks that name a section, and the tracing weights."""
    h = hashlib.sha256(json.dumps(vocabulary.tracing(), sort_keys=True).encode())
    for v in versions:
        h.update(json.dumps([v.id, v.date, [[s.number, s.title, s.text, list(s.themes)]
                                            for s in v.sections]]).encode())
    remarks = contribs[contribs["concept_ref"].notna()].sort_values("id")
    for value in pd.util.hash_pandas_object(
            remarks[["id", "date", "concept_ref", "section", "text", "theme", "themes"]]
            .astype("string").fillna(""), index=False):
        h.update(int(value).to_bytes(8, "little"))
    return h.hexdigest()


def _stored_basis(store) -> str | None:
    with store.engine.connect() as conn:
        return conn.execute(select(store_meta.c.value).where(store_meta.c.key == _BASIS_KEY)).scalar()


def refresh_links(store, documents: Iterable[str] | None = None) -> int:
    """Recompute proposed links and replace them in one transaction; reviews
    (bevestigd/afgewezen) are kept apart and survive. Returns the number of links written.

    documents: the documents an import just changed. When the concept versions, the
    remarks about sections and the weights are what they were at the last refresh, only
    these documents' suggestions are recomputed and every other link stays as it was
    (computed with the vocabulary of that time); otherwise all suggestions are.
    """
    contribs = store.load_contributions(
        ["id", "document", "date", "topic", "concept_ref", "section", "text", "theme", "themes"])
    versions = load_versions(store)
    basis = _basis(contribs, versions)
    changed = None if documents is None or _stored_basis(store) != basis else set(documents)
    only = None if changed is None else contribs.loc[contribs["document"].isin(changed), "id"]
    proposed = propose(contribs, versions, store.load_topics(), only)
    rows = pd.DataFrame({
        "suggestion_id": proposed["suggestion_id"].astype(object), "concept_version": proposed["version"],
        "section": proposed["section"], "rank": proposed["rank"].astype(int), "score": proposed["score"].astype(float),
        "own_score": proposed["own_score"].astype(float), "evidence": proposed["evidence"],
        "computed_at": [datetime.now(UTC)] * len(proposed)})
    with store.engine.begin() as conn:
        if changed is None:
            conn.execute(delete(links))
        else:  # the changed documents' links, and those of suggestions that no longer exist
            conn.execute(delete(links).where(links.c.suggestion_id.not_in(
                select(contributions.c.id).where(contributions.c.document.not_in(changed)))))
        db.bulk_insert(conn, links, rows)
        conn.execute(delete(store_meta).where(store_meta.c.key == _BASIS_KEY))
        conn.execute(insert(store_meta).values(key=_BASIS_KEY, value=basis))
        store.bump_version(conn)
    return len(rows)

