"""The model learns from people: retraining includes the human codes, agreement per theme, and
the learning-curve simulation on the fictional consultation."""
from __future__ import annotations

import pytest
from factories import WERKSESSIE

from analysis.devtools.learning_curve import learning_curve
from analysis.enrich import theme_model
from analysis.ingest.pipeline import ingest_paths
from analysis.store.store import Store
from analysis.tracker import codes, learning


@pytest.fixture
def human_model(tmp_path, monkeypatch):
    """Keep the retrained model in tmp_path, never in data/store/ (other tests use get_model)."""
    monkeypatch.setattr(theme_model, "human_model_path", lambda: tmp_path / "human.joblib")
    theme_model.get_model.cache_clear()
    yield tmp_path / "human.joblib"
    theme_model.get_model.cache_clear()


def test_agreement_and_retrain_with_human_codes(store: Store, human_model):
    ingest_paths(store, [WERKSESSIE])
    df = store.load_contributions()
    advice = df[df["section"] == "advies"].head(4)
    first, second = advice["id"].iloc[0], advice["id"].iloc[1]
    kept = advice["theme"].iloc[0]
    other = "internationaal" if advice["theme"].iloc[1] != "internationaal" else "gedrag"
    codes.save_codes(store, {first: [kept], second: [other]}, "Anna", "editor")
    agree = learning.agreement(store).set_index("theme")
    assert agree.loc[kept, "n"] >= 1 and agree.loc[other, "agree"] == 0.0
    assert not learning.due(store)  # fewer than every_n_codes new codes

    result = learning.retrain(store, "editor")
    assert result["n_codes"] == 2 and human_model.exists()
    assert theme_model.human_model_codes() == 2
    assert theme_model.get_model() is not None
    # human codes still win on reading, whatever the retrained model says
    assert store.load_contributions().set_index("id").loc[second, "theme"] == other


def test_learning_curve_reports_accuracy_on_the_rest():
    curve = learning_curve(40, fractions=(0.1,))
    assert curve["n"] > 50 and 0 < curve["baseline"] <= 1
    assert [r["strategy"] for r in curve["rows"]] == ["onzekerheid", "willekeurig"]
    for row in curve["rows"]:
        assert row["corrected"] == round(0.1 * curve["n"]) and 0 < row["accuracy"] <= 1


def test_a_warm_started_refit_reaches_the_same_model():
    """fit(start=...) only starts the solver elsewhere: the same themes as a fit from zero."""
    import numpy as np

    from analysis.enrich import nlp

    texts, labels, weights = theme_model.training_examples()
    lemmas = nlp.lemmatize(texts)
    extra = nlp.lemmatize(["Beprijs de uitstoot van stikstof, de vervuiler moet betalen.",
                           "Maak de regels voor geluid strenger rond Schiphol."])
    args = ([*lemmas, *extra], [*labels, "beprijzen", "normering"], [*weights, 3.0, 3.0])
    cold = theme_model.fit(*args)
    warm = theme_model.fit(*args, start=theme_model.labelled_model())
    assert warm.classifier.n_iter_[0] < cold.classifier.n_iter_[0]
    probe = nlp.lemmatize(["Zorg voor schone lucht bij scholen.", "Stop subsidies op fossiel.",
                           "Betrek burgers bij gebiedsprocessen.", *texts[:200]])
    p_cold, _ = cold.predict(probe)
    p_warm, _ = warm.predict(probe)
    assert (p_cold.argmax(axis=1) == p_warm.argmax(axis=1)).mean() >= 0.99
    assert np.abs(p_cold - p_warm).max() < 0.05
