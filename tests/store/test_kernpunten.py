"""Kernpunten at import: every suggestion in exactly one, one theme each, readable labels, stable
ids on re-import and on an import of new rows, the goals on the default data."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from factories import WERKSESSIE, make_doc

from analysis.core import schema
from analysis.ingest.pipeline import ingest_paths, store_parsed
from analysis.store import kernpunten as K
from analysis.store.store import Store
from analysis.store.tables import kernpunt_members, kernpunten
from analysis.tracker import kernpunt_queries


def _state(store: Store) -> tuple[pd.DataFrame, pd.DataFrame]:
    with store.engine.connect() as conn:
        return K.load_kernpunten(conn), K.load_members(conn)


def test_default_data_goals(default_data_store):
    s = default_data_store
    kps, members = _state(s)
    sug = K.suggestions(s)
    assert len(sug) == 666
    # every suggestion in exactly one kernpunt
    assert sorted(members["contribution_id"]) == sorted(sug["id"].astype(str))
    sizes = members["kernpunt_id"].value_counts()
    assert len(sizes) <= 150 and sizes.median() >= 3
    # none mixes themes: every member's own theme is its kernpunt's, except a near-duplicate that
    # follows an original of another theme (its group stays whole)
    m = members.merge(sug, left_on="contribution_id", right_on="id").merge(
        kps[["id", "theme"]].rename(columns={"id": "kernpunt_id", "theme": "kp_theme"}), on="kernpunt_id")
    assert (m["group_theme"] == m["kp_theme"]).all()
    own = m[m["theme"].fillna(schema.UNCERTAIN_THEME) != m["kp_theme"]]
    assert own["duplicate_of"].notna().all() and len(own) <= 5
    # duplicate groups in one kernpunt
    assert (m.groupby("group")["kernpunt_id"].nunique() == 1).all()
    # labels read as phrases: no word lists, no empty labels, not too long, no personal data
    for label in kps["label"]:
        assert 8 <= len(label) <= 95, label
        assert ";" not in label and not re.search(r"\d{6,}|@", label), label
        assert label[0].isupper(), label


def test_kernpunt_table_counts(default_data_store):
    table = kernpunt_queries.kernpunt_table(default_data_store, "v4")
    assert table["contributions"].sum() == 666
    standpunten = table[["steunt", "bezwaar", "zorg_vraag", "voorstel"]].sum(axis=1)
    assert (standpunten == table["contributions"]).all()
    assert (table["participants"] <= table["contributions"]).all()
    assert (table["decision"] == kernpunt_queries.NO_DECISION).all()
    quotes = kernpunt_queries.quotes(default_data_store, int(table["kernpunt"].iloc[0]))
    assert 2 <= len(quotes) <= 3 and all(q[-1] in ".!?…" or len(q) > 10 for q in quotes)


@pytest.fixture
def june(store: Store) -> Store:
    ingest_paths(store, [WERKSESSIE])
    return store


def test_reimport_keeps_ids_and_new_rows_join(june):
    kps, members = _state(june)
    assert len(members) == len(K.suggestions(june)) > 0
    ingest_paths(june, [WERKSESSIE])  # the same file: nothing changes
    assert _state(june)[1].sort_values("contribution_id").reset_index(drop=True)[
        ["contribution_id", "kernpunt_id"]].equals(
        members.sort_values("contribution_id").reset_index(drop=True)[["contribution_id", "kernpunt_id"]])
    text = members.merge(K.suggestions(june), left_on="contribution_id", right_on="id")
    first = text.iloc[0]
    store_parsed(june, [make_doc("extra.txt", [str(first["text"]) + " Echt waar.", "Iets heel anders over "
                                               "ruimtelijke ordening en woningbouw bij snelwegen."])])
    kps2, members2 = _state(june)
    kept = members2.set_index("contribution_id").loc[members["contribution_id"], "kernpunt_id"]
    assert kept.tolist() == members["kernpunt_id"].tolist()  # existing ids never renumber
    assert set(kps["id"]) <= set(kps2["id"])
    assert len(members2) == len(K.suggestions(june))
    assert set(kps2["id"]) - set(kps["id"]) == set(range(int(kps["id"].max()) + 1, int(kps2["id"].max()) + 1))


def test_tables_are_in_the_backup(store):
    from analysis.store import db
    assert {kernpunten.name, kernpunt_members.name} <= {t.name for t in db.metadata.sorted_tables}
