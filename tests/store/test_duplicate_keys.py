"""An import into a filled store reads only the stored rows that share a near-duplicate band key
with a new text, and finds the same duplicate_of as comparing with every stored row; groups stay
within one event, also in a store grouped by the older rule."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import delete, func, select

from analysis.devtools.generator import generate_with_truth
from analysis.enrich.near_duplicates import keys_fingerprint, mark_duplicates
from analysis.harvest.raadpleging import detect_mapping, parse_table
from analysis.ingest.pipeline import store_parsed
from analysis.store import duplicate_keys
from analysis.store.tables import contributions, store_meta
from analysis.store.tables import duplicate_keys as keys_table

CONSULTATION = "Milieuraadpleging (fictief)"


def consultation(name: str, respondents: int, seed: int, event: str | None = CONSULTATION):
    """A fictional export; by default one week of the same consultation (the same event), as the
    mapping step names it; event=None: the event named after the file."""
    wide, _ = generate_with_truth(respondents, seed=seed)
    return parse_table(wide, name, [], {**detect_mapping(wide), "event": event}, "csv")


def cross_event(store) -> int:
    df = store.load_contributions(["id", "event", "duplicate_of"])
    event = dict(zip(df["id"], df["event"]))
    pointed = df[df["duplicate_of"].notna()]
    return int((pointed["duplicate_of"].map(event) != pointed["event"]).sum())


def stored_keys(store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(keys_table)).scalar())


def expected(store, parsed) -> pd.Series:
    """duplicate_of of the new rows when they are compared with every stored row."""
    before = store.load_contributions(["id", "document", "position", "event", "text", "duplicate_of"])
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
    assert got.isin(first_ids).sum() > 20  # campaign answers point to the first week's
    assert stored_keys(store) == store.count()


def test_another_consultation_is_not_grouped_with_the_first(store):
    store_parsed(store, [consultation("eerste.csv", 400, seed=11, event=None)])
    second = consultation("tweede.csv", 150, seed=12, event=None)
    want = expected(store, second)
    store_parsed(store, [second])
    got = new_rows(store, "tweede.csv")
    assert got.reindex(want.index).fillna("-").equals(want.fillna("-"))
    first_ids = set(store.load_contributions(["id", "document"]).query("document == 'eerste.csv'")["id"])
    assert got.notna().sum() > 10 and not got.isin(first_ids).any()  # its own campaigns only
    assert cross_event(store) == 0


def test_a_store_grouped_by_the_older_rule_is_regrouped_by_the_next_import(store):
    """Before groups stayed within one event, a second consultation pointed into the first;
    stored keys of that rule (fingerprint 1:...) make any next import regroup every stored row."""
    store_parsed(store, [consultation("eerste.csv", 400, seed=11, event=None)])
    store_parsed(store, [consultation("tweede.csv", 150, seed=12, event=None)])
    df = store.load_contributions(["id", "document", "position", "event", "text"])
    first = df[df["document"] == "eerste.csv"].drop_duplicates("text").set_index("text")["id"]
    second = df[df["document"] == "tweede.csv"]
    stale = second[second["text"].isin(first.index)]
    assert len(stale) > 5
    with store.engine.begin() as conn:  # what the older rule stored
        for row_id, text in zip(stale["id"], stale["text"]):
            conn.execute(contributions.update().where(contributions.c.id == row_id)
                         .values(duplicate_of=first[text]))
        conn.execute(store_meta.update().where(store_meta.c.key == duplicate_keys.FINGERPRINT_KEY)
                     .values(value="1:6x6"))
    assert cross_event(store) == len(stale)
    version = store.contributions_version()

    report = store_parsed(store, [consultation("eerste.csv", 400, seed=11, event=None)])  # unchanged
    assert all(c.skipped for c in report.changes)
    assert cross_event(store) == 0 and store.contributions_version() > version
    got = new_rows(store, "tweede.csv")
    assert got.isin(set(second["id"])).sum() == got.notna().sum() > 10  # within tweede only
    want = mark_duplicates(second, None).set_axis(second["id"])  # tweede compared on its own
    # (the TF-IDF weights of the compared texts differ a little with eerste's texts beside them)
    assert (got.reindex(want.index).fillna("-") == want.fillna("-")).mean() > 0.97
    with store.engine.connect() as conn:
        assert conn.execute(select(store_meta.c.value).where(
            store_meta.c.key == duplicate_keys.FINGERPRINT_KEY)).scalar() == keys_fingerprint()
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


def test_importing_the_default_data_one_file_at_a_time_groups_as_importing_it_at_once(store, default_data_store):
    from analysis.core import config
    from analysis.ingest.pipeline import ingest_paths

    for path in config.default_files():
        ingest_paths(store, [path])
    one_by_one = store.load_contributions(["id", "duplicate_of"]).set_index("id")["duplicate_of"]
    at_once = default_data_store.load_contributions(["id", "duplicate_of"]).set_index("id")["duplicate_of"]
    assert one_by_one.notna().sum() > 5
    assert one_by_one.reindex(at_once.index).fillna("-").equals(at_once.fillna("-"))
    assert cross_event(store) == 0
