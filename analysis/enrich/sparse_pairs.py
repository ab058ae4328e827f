"""Cosines of many chosen row pairs of one sparse matrix, compiled with numba (enrich stage).

The near-duplicate check scores hundreds of thousands of candidate pairs. scipy can only do
that by copying both rows of every pair (`x[a].multiply(x[b]).sum(axis=1)` on a normalised
copy of x): at 100,000 answers four seconds, most of it copying. Here the pairs are taken per
first row: that row is spread into a dense vector once, and each partner row is read where it
lies. Norms and sums are in float64, so the order of a row's columns does not matter (no sort
of the matrix first) and no normalised copy is made.
"""
from __future__ import annotations

import numba
import numpy as np
import scipy.sparse as sp


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
