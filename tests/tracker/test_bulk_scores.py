"""Bulk acceptance goes by what a text itself says, not by the session heading it was written under.

The November 2024 report put "Vergeet het platteland niet!" and "Gezondheidsraad ontbreekt" under
headings naming a v4 section; the ranking score (heading, theme, concept_ref) put them at 0,80-0,85,
so one click would have set them to verwerkt."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.core.errors import InputError
from analysis.ingest.pipeline import ingest_paths
from analysis.store.store import Store
from analysis.tracker import queries, review, vocabulary

_VAGUE = ["Vergeet het platteland niet!", "Gezondheidsraad ontbreekt"]
# what §6.2.2 Stapeling van effecten says, in a participant's words
_SAYS_IT = ("Normen per belastende invloed doen geen recht aan de stapeling van invloeden en het "
            "samenspel ervan voor de gezondheid.")
_REPORT = "\n".join([
    "TERUGBLIK OP WERKSESSIE WOENSDAG 6 NOVEMBER 2024", "",
    "STAPELING VAN EFFECTEN (6.2.2. NMP V4)", "",
    "Sterke punten", "\uf0d8 Goed dat dit onderwerp erin staat", "",
    "Verbeterpunten", *[f"\uf0d8 {text}" for text in [*_VAGUE, _SAYS_IT]], ""])


@pytest.fixture
def table(store: Store, tmp_path: Path) -> pd.DataFrame:
    path = tmp_path / "werksessie-2024-11-06-stapeling.txt"
    path.write_text(_REPORT, encoding="utf-8")
    ingest_paths(store, [path])
    t = queries.tracker_table(store, "v4")
    return review.with_groups(t.assign(session=t["event"], source_type="werksessie"))


def test_a_heading_alone_does_not_put_a_remark_in_the_bulk(table):
    bulk = review.settings()["bulk"]
    rows = table.set_index("text")
    assert set(rows.loc[[*_VAGUE, _SAYS_IT], "best_link"]) == {"6.2.2"}
    # the heading matches the section well: the ranking score is what the issue saw ...
    assert (rows.loc[_VAGUE, "best_score"] >= bulk["start_score"]).all()
    # ... but what bulk acceptance goes by stays below its lowest threshold
    assert (rows.loc[_VAGUE, "best_own_score"] < bulk["min_score"]).all()
    assert rows.loc[_SAYS_IT, "best_own_score"] >= bulk["start_score"]
    for threshold in (bulk["min_score"], bulk["start_score"]):
        found = review.bulk_candidates(table, rows.loc[_SAYS_IT, "theme"], threshold)
        assert found["text"].tolist() == [_SAYS_IT]


def test_the_evidence_quotes_the_sentence_the_own_score_measures(store, table):
    links = queries.current_links(store)
    mine = links[links["suggestion_id"] == table.loc[table["text"] == _SAYS_IT, "id"].iloc[0]]
    best = mine.sort_values("rank").iloc[0]
    assert "staat: 'Daarmee doen de normen geen recht aan wat de stapeling van invloeden" in best["evidence"]


def test_the_sample_shows_the_lowest_own_scores_first(table):
    found = review.bulk_candidates(table, table["theme"].iloc[0], 0.0)
    assert set(_VAGUE) | {_SAYS_IT} <= set(found["text"])
    shown = review.sample(found, len(found))
    assert shown["best_own_score"].is_monotonic_increasing
    assert shown["text"].iloc[-1] == _SAYS_IT
    many = pd.DataFrame({"id": list("abcdefg"), "best_own_score": [0.7, 0.2, 0.9, 0.4, 0.3, 0.8, 0.5],
                         "best_score": [0.1, 0.9, 0.2, 0.8, 0.3, 0.7, 0.4]})
    assert review.sample(many, 3)["id"].tolist() == ["b", "e", "d"]


def test_links_stored_before_own_scores_are_not_candidates(table):
    old = table.assign(best_own_score=None)
    assert review.bulk_candidates(old, table["theme"].iloc[0], 0.0).empty


def test_a_bulk_threshold_a_heading_alone_could_pass_is_refused(monkeypatch):
    lift = vocabulary.tracing()["topic_lift"]
    real = review.config.data_toml

    def low(name: str) -> dict:
        cfg = real(name)
        return {**cfg, "bulk": {**cfg["bulk"], "min_score": lift}} if name == "review.toml" else cfg
    monkeypatch.setattr(review.config, "data_toml", low)
    with pytest.raises(InputError, match="topic_lift"):
        review.settings()
