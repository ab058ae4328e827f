"""The compiled near-duplicate arithmetic equals scikit-learn and scipy on the same input."""
import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from analysis.enrich.sparse_pairs import row_pair_cosines


def _scipy_cosines(x: sp.csr_matrix, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    unit = normalize(x.astype(np.float64), norm="l2")
    return np.asarray(unit[a].multiply(unit[b]).sum(axis=1)).ravel()


def test_equal_to_scipy_on_random_rows_in_any_pair_order():
    rng = np.random.default_rng(7)
    x = sp.random(300, 2000, density=0.02, format="csr", dtype=np.float32, random_state=rng)
    x.data = np.abs(x.data) + 0.1
    a = rng.integers(0, 300, 5000)
    b = rng.integers(0, 300, 5000)
    np.testing.assert_allclose(row_pair_cosines(x, a, b), _scipy_cosines(x, a, b), rtol=1e-6, atol=1e-9)


def test_unsorted_columns_give_the_same_cosines():
    x = sp.csr_matrix(np.array([[1, 0, 2, 0], [0, 3, 1, 0], [2, 0, 4, 0]], dtype=np.float32))
    shuffled = sp.csr_matrix((x.data[[1, 0, 3, 2, 5, 4]], x.indices[[1, 0, 3, 2, 5, 4]], x.indptr), shape=x.shape)
    assert not shuffled.has_sorted_indices
    a, b = np.array([0, 0, 1, 2]), np.array([1, 2, 2, 0])
    np.testing.assert_allclose(row_pair_cosines(shuffled, a, b), _scipy_cosines(x, a, b), rtol=1e-7)
    # rows 0 and 2 point the same way
    assert abs(row_pair_cosines(shuffled, np.array([0]), np.array([2]))[0] - 1.0) < 1e-12


def test_an_empty_row_has_cosine_zero_and_no_pairs_give_nothing():
    x = sp.csr_matrix(np.array([[1, 1], [0, 0]], dtype=np.float32))
    assert row_pair_cosines(x, np.array([0, 1]), np.array([1, 0])).tolist() == [0.0, 0.0]
    assert row_pair_cosines(x, np.zeros(0, np.int64), np.zeros(0, np.int64)).shape == (0,)


def test_product_tfidf_equals_tfidf_transformer_on_the_multiplied_counts():
    from sklearn.feature_extraction.text import TfidfTransformer

    from analysis.enrich import nlp
    from analysis.enrich.sparse_pairs import product_tfidf

    texts = [["vergunningverlening", "toezicht", "toezicht"], ["de", "vervuiler", "betaalt"], [],
             ["omgevingsdiensten", "toezicht"], ["vervuiler", "vervuiler", "betaalt", "niet"]]
    for columns in (None, "used"):
        doc_word, word_char = nlp.char_ngram_factors(texts, columns=columns)
        counts = nlp.char_ngram_counts(texts, columns=columns)
        expected = TfidfTransformer(sublinear_tf=True, norm=None).fit_transform(counts.astype(np.float64))
        got = product_tfidf(doc_word, word_char)
        assert got.shape == expected.shape
        np.testing.assert_allclose(got.toarray(), expected.toarray(), rtol=1e-6)
