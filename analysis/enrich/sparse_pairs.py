"""Near-duplicate arithmetic on sparse rows, compiled with numba (enrich stage).

The near-duplicate check weighs every text's character n-grams (sublinear TF-IDF) and scores
hundreds of thousands of candidate pairs. In scipy that meant multiplying out the texts x words
and words x n-grams matrices, weighting a copy, normalising a copy, and copying both rows of
every pair (`x[a].multiply(x[b]).sum(axis=1)`): at 100,000 answers about seven seconds, most of
it moving memory. Here each weighted row is written once, straight from the two factors, and the
pairs are scored per first row: that row is spread into a dense vector once and each partner
row is read where it lies. Sums are in float64, so the order of a row's columns does not matter.
"""
from __future__ import annotations

import numba
import numpy as np
import scipy.sparse as sp


@numba.njit(cache=True, nogil=True)
def _idf(doc_ptr, doc_words, word_ptr, word_cols, n_columns):  # pragma: no cover - compiled
    """Smooth idf of each column of the product (ln((1 + n) / (1 + df)) + 1), and its nnz bound."""
    seen = np.full(n_columns, -1, np.int64)
    df = np.zeros(n_columns)
    bound = 0
    for d in range(len(doc_ptr) - 1):
        for p in range(doc_ptr[d], doc_ptr[d + 1]):
            w = doc_words[p]
            bound += word_ptr[w + 1] - word_ptr[w]
            for q in range(word_ptr[w], word_ptr[w + 1]):
                if seen[word_cols[q]] != d:
                    seen[word_cols[q]] = d
                    df[word_cols[q]] += 1.0
    return np.log((1.0 + len(doc_ptr) - 1) / (1.0 + df)) + 1.0, bound


@numba.njit(cache=True, nogil=True)
def _weighted(doc_ptr, doc_words, doc_counts, word_ptr, word_cols, word_vals, idf, bound):  # pragma: no cover
    """CSR arrays of (1 + ln tf) * idf per row of the product doc x word."""
    indptr = np.zeros(len(doc_ptr), np.int64)
    indices = np.empty(bound, np.int32)
    data = np.empty(bound, np.float32)
    tf = np.zeros(len(idf))
    pos = 0
    for d in range(len(doc_ptr) - 1):
        start = pos
        for p in range(doc_ptr[d], doc_ptr[d + 1]):
            w = doc_words[p]
            for q in range(word_ptr[w], word_ptr[w + 1]):
                c = word_cols[q]
                if tf[c] == 0.0:
                    indices[pos] = c
                    pos += 1
                tf[c] += doc_counts[p] * word_vals[q]
        for k in range(start, pos):
            c = indices[k]
            data[k] = (np.log(tf[c]) + 1.0) * idf[c]
            tf[c] = 0.0
        indptr[d + 1] = pos
    return indptr, indices[:pos], data[:pos]


def product_tfidf(doc_word: sp.csr_matrix, word_column: sp.csr_matrix) -> sp.csr_matrix:
    """Sublinear TF-IDF (smooth idf, no norm) of the counts doc_word @ word_column, as
    TfidfTransformer(sublinear_tf=True) fitted and applied on them gives, without the product."""
    n_columns = word_column.shape[1]
    doc_word, word_column = doc_word.tocsr(), word_column.tocsr()
    args = (doc_word.indptr.astype(np.int64), doc_word.indices.astype(np.int64))
    words = (word_column.indptr.astype(np.int64), word_column.indices.astype(np.int64))
    idf, bound = _idf(*args, *words, n_columns)
    indptr, indices, data = _weighted(*args, doc_word.data.astype(np.float64), *words,
                                      word_column.data.astype(np.float64), idf, bound)
    return sp.csr_matrix((data, indices, indptr), shape=(doc_word.shape[0], n_columns))


@numba.njit(cache=True, nogil=True)
def _cosines(indptr, indices, data, n_columns, a, b, out):  # pragma: no cover - compiled
    norms = np.zeros(len(indptr) - 1)
    for row in range(len(norms)):
        for p in range(indptr[row], indptr[row + 1]):
            norms[row] += np.float64(data[p]) * data[p]
    norms = np.sqrt(norms)
    dense = np.zeros(n_columns)  # row a spread out while its pairs are scored
    current = -1
    for k in range(len(a)):
        if a[k] != current:
            if current >= 0:
                dense[indices[indptr[current]:indptr[current + 1]]] = 0.0
            current = a[k]
            dense[indices[indptr[current]:indptr[current + 1]]] = data[indptr[current]:indptr[current + 1]]
        total = 0.0
        for q in range(indptr[b[k]], indptr[b[k] + 1]):
            total += data[q] * dense[indices[q]]
        scale = norms[a[k]] * norms[b[k]]
        out[k] = total / scale if scale > 0 else 0.0


def row_pair_cosines(x: sp.csr_matrix, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine of rows x[a[k]] and x[b[k]] for every k (x in CSR form, columns in any order);
    0 where either row is empty."""
    out = np.zeros(len(a))
    if len(a):
        order = np.argsort(a, kind="stable")  # the pairs of one first row together
        cosines = np.empty(len(a))
        _cosines(x.indptr, x.indices, x.data, x.shape[1], np.asarray(a, dtype=np.int64)[order],
                 np.asarray(b, dtype=np.int64)[order], cosines)
        out[order] = cosines
    return out


def warm_up() -> None:
    """Compile (or load the cached compilation of) every kernel on a tiny input: the first call
    in a new checkout compiles for a few seconds, which setup pays instead of the first import."""
    x = sp.csr_matrix(np.eye(2, dtype=np.float32))
    row_pair_cosines(product_tfidf(x, x), np.array([0]), np.array([1]))
