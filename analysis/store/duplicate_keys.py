"""Stored near-duplicate band keys: an import compares its texts only with the stored texts that
may be near-identical to one of them (store stage, derived data).

analysis.enrich.near_duplicates proposes candidate pairs from MinHash band keys that depend on a
text's own words only. Stored per contribution (table duplicate_keys, written in the import's
transaction), they let an import of a few hundred answers into a store of 100,000 read the
stored rows sharing a band key with a new text (and the originals those rows point to) instead
of normalising and hashing every stored text again: the same candidate pairs, so the same
duplicate_of. Keys that are missing (a store from before, a restored older backup) or made with
other settings or an older grouping rule (`keys_fingerprint`) mean: compare with everything,
regroup the stored rows (`regrouped`: their duplicate_of where it changed, e.g. a pointer into
another event) and store all keys afresh.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from analysis.enrich.near_duplicates import band_keys, keys_fingerprint, parse_keys
from analysis.store import db
from analysis.store.tables import contributions, duplicate_keys, store_meta

FINGERPRINT_KEY = "duplicate_keys"
_COLUMNS = ["id", "document", "position", "event", "text", "duplicate_of"]


def _fingerprint(conn: Connection) -> str | None:
    return conn.execute(select(store_meta.c.value).where(store_meta.c.key == FINGERPRINT_KEY)).scalar()


def candidate_rows(store, exclude_documents: Iterable[str], new_texts: list) -> pd.DataFrame | None:
    """The stored rows (id, document, position, event, text, duplicate_of; outside exclude_documents)
    that share a band key with one of new_texts, with the rows their duplicate_of points to;
    None when some stored row has no valid key (then the caller compares with every row)."""
    exclude = list(exclude_documents)
    query = (select(contributions.c.id, contributions.c.document, contributions.c.position,
                    contributions.c.event, contributions.c.duplicate_of, duplicate_keys.c.band_keys)
             .select_from(contributions.outerjoin(duplicate_keys, duplicate_keys.c.id == contributions.c.id))
             .where(contributions.c.document.not_in(exclude)))
    with store.engine.connect() as conn:
        if _fingerprint(conn) != keys_fingerprint():
            return None
        base = pd.read_sql(query, conn)
    if base["band_keys"].isna().any():
        return None
    fresh = band_keys(new_texts)
    fresh = fresh[fresh.any(axis=1)]
    with_words = base[base["band_keys"] != ""]
    hit = np.zeros(len(with_words), dtype=bool)
    if len(with_words) and len(fresh):
        stored = parse_keys(with_words["band_keys"].tolist(), fresh.shape[1])
        for band in range(fresh.shape[1]):
            hit |= np.isin(stored[:, band], fresh[:, band])
    found = set(with_words.loc[hit, "id"])
    wanted = found | set(base.loc[base["id"].isin(found), "duplicate_of"].dropna())
    rows = base.loc[base["id"].isin(wanted), ["id", "document", "position", "event", "duplicate_of"]]
    texts = {}
    ids = rows["id"].tolist()
    with store.engine.connect() as conn:
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            texts.update(conn.execute(select(contributions.c.id, contributions.c.text)
                                      .where(contributions.c.id.in_(chunk))).all())
    out = rows.assign(text=rows["id"].map(texts))
    return out[_COLUMNS].astype({"id": "string", "document": "string", "event": "string",
                                 "text": "string", "duplicate_of": "string"}).reset_index(drop=True)


def regrouped(before: pd.DataFrame, recomputed: pd.Series | None) -> pd.DataFrame:
    """The stored rows (before: id, duplicate_of) whose recomputed duplicate_of (by id) differs,
    as (id, duplicate_of) to write."""
    if recomputed is None or not len(before):
        return pd.DataFrame(columns=["id", "duplicate_of"])
    old = before.set_index("id")["duplicate_of"].astype("string")
    new = recomputed.reindex(old.index).astype("string")
    differs = (old.fillna("") != new.fillna("")).to_numpy()
    return pd.DataFrame({"id": old.index[differs], "duplicate_of": new.to_numpy()[differs]})


def write(conn: Connection, keys: pd.Series, everything: bool,
          regroup: pd.DataFrame | None = None) -> None:
    """Store band keys (contribution id -> hex) inside the caller's transaction; everything=True
    replaces all stored keys (a full comparison computed them for every row). Keys of
    contributions that no longer exist are removed. regroup (id, duplicate_of; see regrouped)
    is written to the stored rows in the same transaction, so the keys' fingerprint and the
    groups it stands for change together."""
    if regroup is not None and len(regroup):
        db.bulk_update(conn, contributions, "id", regroup)
    ids = keys.index.astype(str).tolist()
    if everything:
        conn.execute(delete(duplicate_keys))
    else:
        for start in range(0, len(ids), 900):
            conn.execute(delete(duplicate_keys).where(duplicate_keys.c.id.in_(ids[start:start + 900])))
    db.bulk_insert(conn, duplicate_keys, pd.DataFrame({"id": ids, "band_keys": keys.astype(str).tolist()}))
    conn.execute(delete(duplicate_keys).where(duplicate_keys.c.id.not_in(select(contributions.c.id))))
    value = keys_fingerprint()
    if conn.execute(update(store_meta).where(store_meta.c.key == FINGERPRINT_KEY)
                    .values(value=value)).rowcount == 0:
        conn.execute(insert(store_meta).values(key=FINGERPRINT_KEY, value=value))
