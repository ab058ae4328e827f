"""People own kernpunten: rename, merge, split, move and standpunt, with a role check and an audit
entry, kept on re-import of the same and of a changed file."""
from __future__ import annotations

import pytest
from factories import WERKSESSIE
from sqlalchemy import select

from analysis.core import config
from analysis.core.errors import InputError, PermissionDenied
from analysis.harvest import parse_path
from analysis.ingest.pipeline import ingest_paths, store_parsed
from analysis.store import kernpunten as K
from analysis.store.store import Store
from analysis.store.tables import audit
from analysis.tracker import kernpunt_edits as edits
from analysis.tracker import kernpunt_queries

SESSIONS = config.default_files()[:2]  # the June and November werksessie reports


@pytest.fixture
def june(store: Store) -> Store:
    ingest_paths(store, SESSIONS)
    return store


def _members(store):
    return kernpunt_queries.members(store).set_index("contribution_id")


def _two_of_one_theme(store):
    table = kernpunt_queries.kernpunt_table(store)
    for _, rows in table.groupby("theme"):
        if len(rows) >= 2:
            return int(rows["kernpunt"].iloc[0]), int(rows["kernpunt"].iloc[1])
    pytest.skip("no theme with two kernpunten")


def test_human_changes_survive_reimport_of_same_and_changed_file(june, tmp_path):
    a, b = _two_of_one_theme(june)
    m = _members(june)
    mover = m[m["kernpunt_id"] == a].index[0]
    edits.move(june, [mover], b, "Anna", "editor")
    edits.rename(june, b, "Meer aandacht voor stapeling van effecten", "Anna", "editor")
    other = m[m["kernpunt_id"] == b].index[0]
    edits.set_standpunt(june, [other], "steunt", "Anna", "editor")

    def check():
        now = _members(june)
        assert now.loc[mover, "kernpunt_id"] == b and now.loc[mover, "source"] == "mens"
        assert now.loc[other, "standpunt"] == "steunt" and now.loc[other, "standpunt_source"] == "mens"
        table = kernpunt_queries.kernpunt_table(june).set_index("kernpunt")
        assert table.loc[b, "label"] == "Meer aandacht voor stapeling van effecten"
        assert table.loc[b, "label_source"] == "mens"

    check()
    ingest_paths(june, SESSIONS)
    check()
    # a changed file: one bullet dropped, one added; the untouched ones keep what people did
    parsed = parse_path(WERKSESSIE)
    rows = parsed.contributions
    drop = rows.index[(rows["section"] == "advies") & ~rows["id"].isin([mover, other])][0]
    parsed.contributions = rows.drop(index=drop).reset_index(drop=True)
    store_parsed(june, [parsed])
    check()
    with june.engine.connect() as conn:
        actions = conn.execute(select(audit.c.action)).scalars().all()
    assert actions.count("kernpunt") == 2 and actions.count("standpunt") == 1


def test_merge_and_split(june):
    a, b = _two_of_one_theme(june)
    n = edits.merge(june, a, [b], "Anna", "editor")
    m = _members(june)
    assert n > 0 and not (m["kernpunt_id"] == b).any()
    assert b not in set(kernpunt_queries.kernpunt_table(june)["kernpunt"])
    ids = list(m[m["kernpunt_id"] == a].index[:1])
    new = edits.split(june, a, ids, "Anna", "editor", label="Een eigen punt")
    assert new > max(a, b) and (_members(june).loc[ids, "kernpunt_id"] == new).all()
    ingest_paths(june, SESSIONS)
    assert (_members(june).loc[ids, "kernpunt_id"] == new).all()
    with pytest.raises(InputError):
        edits.split(june, a, list(_members(june)[lambda d: d["kernpunt_id"] == a].index), "Anna", "editor")


def test_refused_without_role_or_across_themes(june):
    table = kernpunt_queries.kernpunt_table(june)
    with pytest.raises(PermissionDenied):
        edits.rename(june, int(table["kernpunt"].iloc[0]), "x", "Piet", "viewer")
    themes = table.drop_duplicates("theme")
    if len(themes) < 2:
        pytest.skip("one theme only")
    m = _members(june)
    first, second = (int(k) for k in themes["kernpunt"].iloc[:2])
    with pytest.raises(InputError):
        edits.move(june, [m[m["kernpunt_id"] == first].index[0]], second, "Anna", "editor")
    with pytest.raises(InputError):
        edits.set_standpunt(june, [m.index[0]], "boos", "Anna", "editor")
    with pytest.raises(InputError):
        edits.rename(june, 99999, "x", "Anna", "editor")


def test_standpunt_corrections_feed_retraining(june, monkeypatch, tmp_path):
    from analysis.core import paths
    from analysis.enrich import standpunt
    from analysis.tracker import learning

    monkeypatch.setattr(paths, "STORE_DIR", tmp_path)
    standpunt.get_model.cache_clear()
    m = _members(june)
    ids = list(m.index[:5])
    edits.set_standpunt(june, ids, "steunt", "Anna", "editor")
    result = learning.retrain_standpunt(june, "editor")
    assert result["n_codes"] == 5 and standpunt.human_model_path().exists()
    assert (_members(june).loc[ids, "standpunt"] == "steunt").all()
    standpunt.get_model.cache_clear()
    assert K.has_tables(june)
