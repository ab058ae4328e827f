"""Discovery: requested or chosen k, named topics, a 2-D map, new-theme candidates."""
from __future__ import annotations

import pandas as pd

from analysis.core import schema
from analysis.enrich import labelled
from analysis.enrich.discover import NO_TOPIC, discover, domain_stop_words, new_theme_candidates


def test_requested_k_with_named_topics_and_examples():
    texts = labelled.werksessie()["text"].tolist()
    result = discover(texts, k=6)
    assert result.k == 6 and len(result.topics) == 6
    assert result.topics["name"].str.len().gt(0).all()
    assert result.topics["size"].sum() == (result.labels >= 0).sum()
    assert all(1 <= len(ex) <= 3 and set(ex) <= set(texts) for ex in result.topics["examples"])
    assert list(result.projection.columns) == ["x", "y", "topic", "row"]
    assert set(result.projection["topic"]) <= {*range(6), NO_TOPIC}
    assert result.no_topic == (result.labels == NO_TOPIC).sum()


def test_k_chosen_from_the_data_by_coherence_not_always_the_maximum():
    result = discover(labelled.werksessie()["text"].tolist())
    assert 4 <= result.k <= 12 and set(result.k_scores) == {4, 6, 8, 10, 12}
    best = max(result.k_scores.values())
    assert result.k_scores[result.k] >= best - 0.01  # within tolerance of the most coherent k
    assert result.k < 12  # silhouette used to grow with k and always chose the maximum
    assert -1 <= result.coherence <= 1 and result.topics["coherence"].between(-1, 1).all()


def test_texts_without_a_distinctive_word_have_no_topic():
    # 60 texts (so words used once leave the vocabulary), then one of stop words only and one
    # whose words occur nowhere else: both "geen onderwerp", not topic 0
    texts = (["vergunning toezicht handhaving omgevingsdienst"] * 30 + ["biodiversiteit natuur bodem water"] * 30
             + ["Goed, prima, echt heel goed!", "xyzzy plugh"])
    result = discover(texts, k=2)
    assert result.labels[-1] == NO_TOPIC and result.labels[-2] == NO_TOPIC
    assert result.no_topic == 2 and (result.labels[:60] >= 0).all()
    assert result.topics["size"].sum() == 60


def test_topic_names_are_distinctive_phrases_not_filler():
    texts = (["de vervuiler betaalt voor de schade die hij maakt"] * 4
             + ["laat de vervuiler betalen, eerlijk is eerlijk"] * 3
             + ["ik volg het met belangstelling, meer groen in de wijk"] * 3
             + ["groen in de wijk en bomen in de straat"] * 4)
    result = discover(texts, k=2)
    names = " | ".join(result.topics["name"])
    assert "vervuiler" in names and "groen" in names
    words = {w for terms in result.topics["terms"] for t in terms for w in t.split()}
    assert not {"volgen", "belangstelling", "eerlijk"} & words
    assert any(" " in t for terms in result.topics["terms"] for t in terms)  # a two-word phrase


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
    # only texts without a distinctive word ("geen onderwerp") have none
    assert df["cluster"].notna().mean() > 0.95
    assert set(df["cluster"].dropna().astype(int)) <= set(names) and len(names) >= 2
    assert all(name for name in names.values())
    frame = views_frame.load(default_data_store)
    first = frame.loc[frame["cluster"].notna(), "id"].iloc[0]
    shown = contribution_view.detail(frame, first, names)["cluster"]
    assert shown == names[int(frame.set_index("id").loc[first, "cluster"])]
    if frame["cluster"].isna().any():
        loose = frame.loc[frame["cluster"].isna(), "id"].iloc[0]
        assert contribution_view.detail(frame, loose, names)["cluster"].startswith("geen onderwerp")


def test_an_import_reclusters_what_was_stored_before(store):
    from factories import make_doc

    from analysis.ingest.pipeline import store_parsed
    from analysis.store import clusters

    store_parsed(store, [make_doc("a.txt", ["Stapeling van geluid en luchtvervuiling bij Schiphol.",
                                            "Meer handhaving door omgevingsdiensten nodig."])])
    store_parsed(store, [make_doc("b.txt", ["Minder geluid en luchtvervuiling rond Schiphol.",
                                            "Gezondheid als verhaal, niet alleen milieu."])])
    df = store.load_contributions(["document", "text", "cluster"])
    assert set(df["document"]) == {"a.txt", "b.txt"}
    # the new row with the stored topics' words joins one; the one with none of their words
    # is "geen onderwerp" (no cluster), as in a full fit, not silently topic 0
    assert df["cluster"].isna().tolist() == [False, False, False, True]
    assert set(df["cluster"].dropna().astype(int)) <= set(clusters.names(store))
