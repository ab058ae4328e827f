"""An import into a filled store reads only the stored rows that share a near-duplicate band key
with a new text, and finds the same duplicate_of as comparing with every stored row."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import delete, func, select

from analysis.devtools.generator import generate_with_truth
from analysis.enrich.near_duplicates import mark_duplicates
from analysis.harvest.raadpleging import parse_table
from analysis.ingest.pipeline import store_parsed
from analysis.store import duplicate_keys
from analysis.store.tables import duplicate_keys as keys_table
from analysis.store.tables import store_meta


def consultation(name: str, respondents: int, seed: int):
    wide, _ = generate_with_truth(respondents, seed=seed)
    return parse_table(wide, name, [], None, "csv")


def stored_keys(store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(keys_table)).scalar())


def expected(store, parsed) -> pd.Series:
    """duplicate_of of the new rows when they are compared with every stored row."""
    before = store.load_contributions(["id", "document", "position", "text", "duplicate_of"])
    return mark_duplicates(parsed.contributions, before).set_axis(parsed.contributions["id"])


def new_rows(store, name: str) -> pd.Series:
    df = store.load_contributions(["id", "document", "duplicate_of"])
    return df[df["document"] == name].set_index("id")["duplicate_of"]


def test_a_small_import_finds_what_comparing_with_everything_finds(store):
    store_parsed(store, [consultation("eerste.csv", 700, seed=11)])
    assert stored_keys(store) == store.count()  # every row has its keys after the first import
    second = consultation("tweede.csv", 150, seed=12)
    want = expected(store, second)
    few = duplicate_keys.candidate_rows(store, {"tweede.csv"}, second.contributions["text"].tolist())
    assert few is not None and 0 < len(few) < 0.5 * store.count()  # not every stored text is read

    store_parsed(store, [second])
    got = new_rows(store, "tweede.csv")
    assert got.reindex(want.index).fillna("-").equals(want.fillna("-"))
    first_ids = set(store.load_contributions(["id", "document"]).query("document == 'eerste.csv'")["id"])
    assert got.isin(first_ids).sum() > 20  # campaign answers point to the first consultation
    assert stored_keys(store) == store.count()


def test_missing_or_stale_keys_mean_comparing_with_everything_and_storing_all_keys(store):
    store_parsed(store, [consultation("eerste.csv", 400, seed=11)])
    with store.engine.begin() as conn:
        conn.execute(delete(keys_table).where(keys_table.c.id.in_(
            select(keys_table.c.id).limit(50).scalar_subquery())))
    second = consultation("tweede.csv", 100, seed=12)
    assert duplicate_keys.candidate_rows(store, {"tweede.csv"}, second.contributions["text"].tolist()) is None
    want = expected(store, second)
    store_parsed(store, [second])
    assert new_rows(store, "tweede.csv").reindex(want.index).fillna("-").equals(want.fillna("-"))
    assert stored_keys(store) == store.count()  # filled in again

    with store.engine.begin() as conn:  # keys made with other settings are not used
        conn.execute(store_meta.update().where(store_meta.c.key == duplicate_keys.FINGERPRINT_KEY)
                     .values(value="0:1x1"))
    assert duplicate_keys.candidate_rows(store, set(), ["Meer bomen in de stad"]) is None
