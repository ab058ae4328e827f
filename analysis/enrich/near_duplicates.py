"""Near-duplicate detection: campaign answers and copied contributions point to the first one (enrich stage).

Two texts are duplicates when their normalised text is identical, or when the
cosine of their character 3-5-gram TF-IDF vectors reaches `min_cosine`
(data/nlp.toml). Comparing every pair is O(n^2); MinHash over the words with
banding (locality-sensitive hashing) proposes candidate pairs instead, so
100,000 answers take seconds. Earliest = stored rows first, then by document
and position.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfTransformer

from analysis.core import config as core_config
from analysis.enrich import nlp
from analysis.enrich.ngrams import Tokens

_PRIME = np.uint64(2_147_483_647)
_PAIR_CHUNK = 50_000
# Candidate pairs whose estimated word Jaccard is below this cannot reach cosine 0.9.
_MIN_JACCARD = 0.6


def config() -> dict:
    return core_config.data_toml("nlp.toml")["near_duplicates"]


def _ordered(df: pd.DataFrame | None) -> pd.DataFrame:
    """Rows in 'earliest first' order: by document, then position within it."""
    if df is None or not len(df):
        return pd.DataFrame(columns=["id", "text"])
    keys = [c for c in ("document", "position") if c in df.columns]
    return df.sort_values(keys, kind="stable") if keys else df


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an integer array (sort-based: numpy's hash-based np.unique took
    seconds on the 30 million hash columns of 100,000 answers)."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def _minhash(token_lists: list[list[str]], bands: int, rows: int) -> tuple[np.ndarray, list[np.ndarray]]:
    """MinHash signatures (hashes x texts) of the word sets, and the groups (row numbers,
    size > 1) of texts that share all values of some band."""
    tokens = Tokens.of(token_lists, split=False)  # word codes in order of first appearance
    per_text = _distinct(tokens.doc * max(len(tokens.uniques), 1) + tokens.codes)  # each word once per text
    doc = per_text // max(len(tokens.uniques), 1)
    flat = (per_text % max(len(tokens.uniques), 1)).astype(np.uint64)
    starts = np.searchsorted(doc, np.arange(len(token_lists)))
    rng = np.random.default_rng(20240626)
    k = bands * rows
    a = rng.integers(1, int(_PRIME), k, dtype=np.uint64)
    b = rng.integers(0, int(_PRIME), k, dtype=np.uint64)
    mix = rng.integers(1, 2**63, rows, dtype=np.uint64) | np.uint64(1)
    sig = np.empty((k, len(token_lists)), dtype=np.uint64)
    for j in range(k):
        sig[j] = np.minimum.reduceat((a[j] * flat + b[j]) % _PRIME, starts)
    groups = []
    for band in range(bands):
        keys = (sig[band * rows:(band + 1) * rows] * mix[:, None]).sum(axis=0)  # one 64-bit key per band
        _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        order = np.argsort(inverse, kind="stable")
        bounds = np.cumsum(counts)[:-1]
        groups.extend(g for g in np.split(order, bounds) if len(g) > 1)
    return sig, groups


def _pairs(buckets: list[np.ndarray], n: int) -> np.ndarray:
    """Every pair within a bucket once, as codes i * n + j (i < j), sorted; buckets of one size at once."""
    by_size: dict[int, list[np.ndarray]] = {}
    for bucket in buckets:
        by_size.setdefault(len(bucket), []).append(bucket)
    codes = [np.zeros(0, dtype=np.int64)]
    for size, same in by_size.items():
        members = np.sort(np.vstack(same), axis=1)
        i, j = np.triu_indices(size, 1)
        codes.append((members[:, i] * n + members[:, j]).ravel())
    return _distinct(np.concatenate(codes))


def _cosines(x: sp.csr_matrix, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine of rows a[k] and b[k] of the l2-normalised x, in chunks."""
    return np.concatenate([np.zeros(0, dtype=x.dtype)] + [
        np.asarray(x[a[k:k + _PAIR_CHUNK]].multiply(x[b[k:k + _PAIR_CHUNK]]).sum(axis=1)).ravel()
        for k in range(0, len(a), _PAIR_CHUNK)])


def _linked(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Connected components of the pairs (i, j) over n texts."""
    graph = sp.coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def near_groups(texts: list[str], min_cosine: float, fresh: np.ndarray | None = None) -> np.ndarray:
    """Group label per text; texts linked by a chain of cosine >= min_cosine share a label.
    With `fresh` (a mask) only pairs with at least one fresh text are compared: the stored
    texts' own groups are known already (an import into a filled store).

    Candidate pairs come from MinHash buckets (all pairs of a bucket size at once); those whose
    estimated word Jaccard passes get the exact cosine, in chunks.
    """
    token_lists = [t.split() for t in texts]
    n = len(texts)
    cfg = config()
    sig, buckets = _minhash(token_lists, int(cfg["minhash_bands"]), int(cfg["minhash_rows"]))
    if fresh is not None:
        buckets = [b for b in buckets if fresh[b].any()]
    if not buckets:
        return np.arange(n)
    code = _pairs(buckets, n)
    if fresh is not None:
        code = code[fresh[code // n] | fresh[code % n]]
    ci, cj = code // n, code % n
    # cheap filter first: the share of equal MinHash values estimates the word Jaccard
    similar = np.concatenate([(sig[:, ci[k:k + _PAIR_CHUNK]] == sig[:, cj[k:k + _PAIR_CHUNK]]).mean(axis=0)
                              for k in range(0, len(ci), _PAIR_CHUNK)]) >= _MIN_JACCARD
    ci, cj = ci[similar], cj[similar]
    if not len(ci):
        return np.arange(n)
    members = _distinct(np.concatenate([ci, cj]))
    local = np.full(n, -1, dtype=np.int64)
    local[members] = np.arange(len(members))
    x = nlp.char_ngram_counts([token_lists[m] for m in members])
    x = x[:, _distinct(x.indices)]  # drop unused hash columns
    x = TfidfTransformer(sublinear_tf=True).fit_transform(x).tocsr()
    keep = _cosines(x, local[ci], local[cj]) >= min_cosine
    return _linked(n, ci[keep], cj[keep])


def mark_duplicates(new_df: pd.DataFrame, existing_df: pd.DataFrame | None = None) -> pd.Series:
    """duplicate_of for each row of new_df: id of the earliest (near-)identical contribution, else NA.

    When existing_df carries its stored duplicate_of, pairs of two stored texts are not compared
    again: a stored text stands for the earliest row of its group.
    """
    old, new = _ordered(existing_df), _ordered(new_df)
    ids = old["id"].astype(str).tolist() + new["id"].astype(str).tolist()
    raw = old["text"].tolist() + new["text"].tolist()
    normalised = {t: nlp.normalise(t) for t in set(raw) if isinstance(t, str)}
    keys = [normalised.get(t, "") if isinstance(t, str) else "" for t in raw]
    # Identical normalised text: one representative (the earliest row) per distinct text.
    first_row: dict[str, int] = {}
    for row, key in enumerate(keys):
        if key:
            first_row.setdefault(key, row)
    distinct = list(first_row)
    rows = np.fromiter(first_row.values(), dtype=np.int64, count=len(distinct))
    offset = len(old)
    fresh, standing = None, rows
    if offset and "duplicate_of" in old.columns:
        row_of = dict(zip(ids[:offset], range(offset)))
        stored = np.array([row_of.get(d, r) if isinstance(d, str) else r  # the stored row's earliest
                           for r, d in enumerate(old["duplicate_of"].astype(object).tolist())], dtype=np.int64)
        fresh = rows >= offset
        standing = np.where(fresh, rows, np.minimum(rows, stored[np.minimum(rows, offset - 1)]))
    labels = near_groups(distinct, float(config()["min_cosine"]), fresh)
    root = pd.Series(standing).groupby(labels).transform("min").to_numpy()
    earliest = dict(zip(distinct, root.tolist()))
    values = []
    for pos, key in enumerate(keys[offset:], start=offset):
        values.append(ids[earliest[key]] if key and earliest[key] != pos else None)
    return pd.Series(values, index=new.index, dtype="string").reindex(new_df.index)
