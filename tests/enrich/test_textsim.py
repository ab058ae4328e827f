"""Text similarity (character n-gram TF-IDF) used by link proposals and version comparison."""
from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.enrich import textsim

SECTIONS = [
    "Stapeling van effecten: cumulatie van milieubelasting in een gebied",
    "Vergunningverlening, toezicht en handhaving door de omgevingsdiensten",
    "Beprijzen van vervuiling: de vervuiler betaalt",
]


def test_matrices_equal_scikit_learns_char_wb_vectoriser():
    """The per-word n-gram cache is a speed-up only: same vocabulary, same rows."""
    corpus = [*SECTIONS, "Houd rekening met cumulatieve effecten", "Laat de vervuiler betalen"]
    ours = textsim.vectoriser(corpus)
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True,
                                sublinear_tf=True, dtype=np.float32).fit(corpus)
    assert ours.vocabulary_ == reference.vocabulary_
    np.testing.assert_array_equal(ours.idf_, reference.idf_)
    np.testing.assert_allclose(ours.transform(corpus).toarray(),
                               reference.transform(corpus).toarray(), rtol=1e-5, atol=1e-6)


def test_inflections_and_compounds_find_their_section():
    asked = ["Houd rekening met cumulatieve effecten in de wijk",
             "Versterk de omgevingsdienst bij handhaving",
             "De vervuiler moet betalen voor de schade"]
    sim = textsim.similarity(asked, SECTIONS)
    assert sim.shape == (3, 3)
    assert list(sim.argmax(axis=1)) == [0, 1, 2]
    assert np.all((sim >= 0) & (sim <= 1 + 1e-6))


def test_empty_sides_give_an_empty_matrix():
    assert textsim.similarity([], SECTIONS).shape == (0, 3)
    assert textsim.similarity(["iets"], []).shape == (1, 0)


def test_a_fitted_vectoriser_is_reused():
    vec = textsim.vectoriser(SECTIONS)
    once = textsim.similarity(["cumulatie in het gebied"], SECTIONS, vec)
    again = textsim.similarity(["cumulatie in het gebied"], SECTIONS, vec)
    np.testing.assert_array_equal(once, again)
    assert once[0].argmax() == 0


def test_fit_on_many_answers_equals_scikit_learns_fit():
    """The fit counts n-grams per distinct word: the same vocabulary and idf on a consultation."""
    from analysis.devtools.generator import generate_raadpleging
    from analysis.harvest.raadpleging import parse_table

    texts = parse_table(generate_raadpleging(300, seed=5), "f.csv", [], None, "csv").contributions["text"].tolist()
    ours = textsim.vectoriser(texts)
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True,
                                sublinear_tf=True, dtype=np.float32).fit(texts)
    assert len(texts) > 500 and ours.vocabulary_ == reference.vocabulary_
    np.testing.assert_array_equal(ours.idf_, reference.idf_)
