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


def _minhash(token_lists: list[list[str]], bands: int, rows: int) -> tuple[np.ndarray, list[np.ndarray]]:
    """MinHash signatures (hashes x texts) of the word sets, and the groups (row numbers,
    size > 1) of texts that share all values of some band."""
    vocab: dict[str, int] = {}
    ids = [np.fromiter((vocab.setdefault(t, len(vocab)) for t in dict.fromkeys(toks)), dtype=np.uint64)
           for toks in token_lists]
    lengths = np.array([len(x) for x in ids])
    flat = np.concatenate(ids) if ids else np.zeros(0, dtype=np.uint64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    rng = np.random.default_rng(20240626)
    k = bands * rows
    a = rng.integers(1, int(_PRIME), k, dtype=np.uint64)
    b = rng.integers(0, int(_PRIME), k, dtype=np.uint64)
    mix = rng.integers(1, 2**63, rows, dtype=np.uint64) | np.uint64(1)
    sig = np.empty((k, len(ids)), dtype=np.uint64)
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


def near_groups(texts: list[str], min_cosine: float) -> np.ndarray:
    """Group label per text; texts linked by a chain of cosine >= min_cosine share a label."""
    token_lists = [t.split() for t in texts]
    cfg = config()
    sig, buckets = _minhash(token_lists, int(cfg["minhash_bands"]), int(cfg["minhash_rows"]))
    left, right = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    if buckets:
        n = len(texts)
        pairs = [np.triu_indices(len(b), 1) for b in buckets]
        code = np.unique(np.concatenate([b[i] * n + b[j] for b, (i, j) in zip(buckets, pairs)]))
        ci, cj = code // n, code % n
        # cheap filter first: the share of equal MinHash values estimates the word Jaccard
        similar = np.concatenate([(sig[:, ci[k:k + _PAIR_CHUNK]] == sig[:, cj[k:k + _PAIR_CHUNK]]).mean(axis=0)
                                  for k in range(0, len(ci), _PAIR_CHUNK)]) >= _MIN_JACCARD
        ci, cj = ci[similar], cj[similar]
    if buckets and len(ci):
        members = np.unique(np.concatenate([ci, cj]))
        local = np.full(n, -1, dtype=np.int64)
        local[members] = np.arange(len(members))
        x = nlp.char_ngram_counts([token_lists[m] for m in members])
        x = x[:, np.unique(x.indices)]  # drop unused hash columns
        x = TfidfTransformer(sublinear_tf=True).fit_transform(x).tocsr()
        for start in range(0, len(ci), _PAIR_CHUNK):
            a, b = ci[start:start + _PAIR_CHUNK], cj[start:start + _PAIR_CHUNK]
            sims = np.asarray(x[local[a]].multiply(x[local[b]]).sum(axis=1)).ravel()
            keep = sims >= min_cosine
            left.append(a[keep])
            right.append(b[keep])
    i, j = np.concatenate(left), np.concatenate(right)
    graph = sp.coo_matrix((np.ones(len(i)), (i, j)), shape=(len(texts), len(texts)))
    return connected_components(graph, directed=False)[1]


def mark_duplicates(new_df: pd.DataFrame, existing_df: pd.DataFrame | None = None) -> pd.Series:
    """duplicate_of for each row of new_df: id of the earliest (near-)identical contribution, else NA."""
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
    labels = near_groups(distinct, float(config()["min_cosine"]))
    rows = np.fromiter(first_row.values(), dtype=np.int64, count=len(distinct))
    root = pd.Series(rows).groupby(labels).transform("min").to_numpy()
    earliest = dict(zip(distinct, root.tolist()))
    offset = len(old)
    values = []
    for pos, key in enumerate(keys[offset:], start=offset):
        values.append(ids[earliest[key]] if key and earliest[key] != pos else None)
    return pd.Series(values, index=new.index, dtype="string").reindex(new_df.index)
