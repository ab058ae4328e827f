"""The text-only theme classifier: training data, features, predictions, the cached model."""
from __future__ import annotations

import numpy as np

from analysis.enrich import labelled, nlp, taxonomy, theme_model


def test_training_examples_cover_every_theme_with_positive_weights():
    texts, labels, weights = theme_model.training_examples()
    assert len(texts) == len(labels) == len(weights)
    assert set(taxonomy.theme_ids()) <= set(labels)
    assert min(weights) > 0
    # a werksessie bullet weighs at most half of a written training sentence
    ws = labelled.werksessie()
    first = ws["text"].iloc[0]
    assert max(w for t, w in zip(texts, weights) if t == first) <= 0.5


def test_seed_terms_give_evidence_for_their_theme():
    seeds = theme_model.Seeds.build()
    ids = taxonomy.theme_ids()
    evidence = seeds.evidence(nlp.lemma_strings(["Meer handhaving door de omgevingsdienst (VTH)"]))
    assert evidence.shape == (1, len(ids))
    assert evidence[0, ids.index("vth")] > 0.5
    assert seeds.evidence(nlp.lemma_strings(["het weer is mooi"])).max() == 0


def test_predictions_are_probabilities_over_the_fixed_themes():
    model = theme_model.get_model()
    assert model.theme_ids == taxonomy.theme_ids()
    sentences = ["Laat de vervuiler betalen via een heffing op uitstoot",
                 "Houd rekening met de stapeling van effecten in een gebied",
                 "Frame milieu als gezondheid in de communicatie"]
    probs, seeds = model.predict(nlp.lemmatize(sentences))
    assert probs.shape == seeds.shape == (3, len(model.theme_ids))
    assert np.all(probs >= 0) and np.all(probs.sum(axis=1) <= 1 + 1e-9)
    best = [model.theme_ids[i] for i in probs.argmax(axis=1)]
    assert best == ["beprijzen", "cumulatie", "gezondheid_framing"]


def test_get_model_is_cached_in_the_store_dir():
    model = theme_model.get_model()
    assert theme_model.get_model() is model
    assert list(theme_model.paths.STORE_DIR.glob("theme_model-*.joblib"))
