"""Discovery: requested or chosen k, named topics, a 2-D map, new-theme candidates."""
from __future__ import annotations

import pandas as pd

from analysis.core import schema
from analysis.enrich import labelled
from analysis.enrich.discover import discover, domain_stop_words, new_theme_candidates


def test_requested_k_with_named_topics_and_examples():
    texts = labelled.werksessie()["text"].tolist()
    result = discover(texts, k=6)
    assert result.k == 6 and len(result.topics) == 6
    assert result.topics["name"].str.len().gt(0).all()
    assert result.topics["size"].sum() == (result.labels >= 0).sum()
    assert all(1 <= len(ex) <= 3 and set(ex) <= set(texts) for ex in result.topics["examples"])
    assert list(result.projection.columns) == ["x", "y", "topic", "row"]
    assert len(result.projection) == (result.labels >= 0).sum()


def test_k_chosen_from_the_data_within_range():
    result = discover(labelled.werksessie()["text"].tolist())
    assert 4 <= result.k <= 12 and result.silhouette


def test_topic_terms_leave_out_domain_stop_words():
    texts = labelled.werksessie()["text"].tolist() + labelled.training_sentences()["text"].tolist()
    result = discover(texts, k=8)
    terms = {t for ts in result.topics["terms"] for t in ts}
    assert {"maken", "goed", "zeggen"} <= domain_stop_words()
    assert not terms & domain_stop_words()
    assert "zonnen" not in terms


def test_topics_separate_clearly_different_texts():
    texts = ["vergunning toezicht handhaving omgevingsdienst"] * 5 + ["biodiversiteit natuur bodem water"] * 5
    result = discover(texts, k=2)
    assert len(set(result.labels[:5])) == 1 and result.labels[0] != result.labels[5]


def test_new_theme_candidates_are_weak_or_uncertain():
    df = pd.DataFrame({"text": ["a", "b", "c"], "theme": ["vth", schema.UNCERTAIN_THEME, "gedrag"],
                       "theme_score": [0.9, 0.1, 0.3]})
    assert new_theme_candidates(df)["text"].tolist() == ["b", "c"]


def test_every_stored_contribution_gets_a_named_cluster(default_data_store):
    """The import fills the derived `cluster` column over the whole store, with names."""
    from analysis.store import clusters
    from analysis.views import contribution_view
    from analysis.views import frame as views_frame

    df = default_data_store.load_contributions(["id", "text", "cluster"])
    names = clusters.names(default_data_store)
    assert df["cluster"].notna().all()
    assert set(df["cluster"].astype(int)) <= set(names) and len(names) >= 2
    assert all(name for name in names.values())
    frame = views_frame.load(default_data_store)
    first = frame["id"].iloc[0]
    shown = contribution_view.detail(frame, first, names)["cluster"]
    assert shown == names[int(frame["cluster"].iloc[0])]


def test_an_import_reclusters_what_was_stored_before(store):
    from factories import make_doc

    from analysis.ingest.pipeline import store_parsed
    from analysis.store import clusters

    store_parsed(store, [make_doc("a.txt", ["Stapeling van geluid en luchtvervuiling bij Schiphol.",
                                            "Meer handhaving door omgevingsdiensten nodig."])])
    store_parsed(store, [make_doc("b.txt", ["Beprijzen van vervuiling: de vervuiler betaalt.",
                                            "Gezondheid als verhaal, niet alleen milieu."])])
    df = store.load_contributions(["document", "cluster"])
    assert df["cluster"].notna().all() and set(df["document"]) == {"a.txt", "b.txt"}
    assert set(df["cluster"].astype(int)) <= set(clusters.names(store))
