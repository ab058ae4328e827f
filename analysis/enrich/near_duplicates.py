"""Near-duplicate detection: campaign answers and copied contributions point to the first one (enrich stage).

Two texts are duplicates when their normalised text is identical, or when the
cosine of their character 3-5-gram TF-IDF vectors reaches `min_cosine`
(data/nlp.toml). Comparing every pair is O(n^2); MinHash over the words with
banding (locality-sensitive hashing) proposes candidate pairs instead, so
100,000 answers take seconds. Earliest = stored rows first, then by document
and position. Only rows of the same `event` are compared: a later session that repeats an earlier
advice reacts to it (analysis.tracker.reactions) and is decided on its own, while the answers of
one consultation, however many weeks or files, share their event and stay grouped.

A text's MinHash values depend on its own words only (each word hashed by its letters), so its
band keys (`band_keys`, `Duplicates.keys`) can be stored: an import into a filled store then
compares its texts only with the stored texts that share a band key with one of them
(analysis.store.duplicate_keys), which gives the same result as comparing with every stored text.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from analysis.core import config as core_config
from analysis.enrich import nlp
from analysis.enrich.ngrams import Tokens
from analysis.enrich.sparse_pairs import product_tfidf, row_pair_cosines

_PRIME = np.uint64(2_147_483_647)
# changes when the way band keys are computed, or the rule for a group, changes: stored keys of
# another version mean an import compares everything and regroups the stored rows (2: groups stay
# within one event)
KEYS_VERSION = "2"
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


def _minhash(token_lists: list[list[str]], bands: int, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """MinHash signatures (hashes x texts) of the word sets and their band keys (texts x bands):
    texts that share a band key are candidates."""
    tokens = Tokens.of(token_lists, split=False)  # word codes in order of first appearance
    width = max(len(tokens.uniques), 1)
    per_text = _distinct(tokens.doc * width + tokens.codes)  # each word once per text
    doc = per_text // width
    # a word's value comes from its letters, not from the other texts (stable, storable keys)
    word_value = (pd.util.hash_array(np.asarray(tokens.uniques, dtype=object)) % _PRIME
                  if tokens.uniques else np.zeros(1, dtype=np.uint64))
    word = per_text % width
    starts = np.searchsorted(doc, np.arange(len(token_lists)))
    rng = np.random.default_rng(20240626)
    k = bands * rows
    a = rng.integers(1, int(_PRIME), k, dtype=np.uint64)
    b = rng.integers(0, int(_PRIME), k, dtype=np.uint64)
    mix = rng.integers(1, 2**63, rows, dtype=np.uint64) | np.uint64(1)
    sig = np.empty((k, len(token_lists)), dtype=np.uint64)
    for j in range(k):  # each distinct word hashed once, then read per text
        sig[j] = np.minimum.reduceat(((a[j] * word_value + b[j]) % _PRIME)[word], starts)
    all_keys = np.empty((len(token_lists), bands), dtype=np.uint64)
    for band in range(bands):  # one 64-bit key per band
        all_keys[:, band] = (sig[band * rows:(band + 1) * rows] * mix[:, None]).sum(axis=0)
    return sig, all_keys


def _settings() -> tuple[int, int]:
    cfg = config()
    return int(cfg["minhash_bands"]), int(cfg["minhash_rows"])


def keys_fingerprint() -> str:
    """Stored band keys are valid while this is unchanged (bands, rows, the way keys are made)."""
    bands, rows = _settings()
    return f"{KEYS_VERSION}:{bands}x{rows}"


def band_keys(texts: list[str]) -> np.ndarray:
    """Band keys (texts x bands, uint64) of raw texts; a row of zeros for a text without words."""
    normalised = [nlp.normalise(t) if isinstance(t, str) else "" for t in texts]
    out = np.zeros((len(texts), _settings()[0]), dtype=np.uint64)
    present = [i for i, t in enumerate(normalised) if t]
    if present:
        out[present] = _minhash([normalised[i].split() for i in present], *_settings())[1]
    return out


def _bucket_pairs(keys: np.ndarray, fresh: np.ndarray | None = None) -> np.ndarray:
    """Every pair of texts that share a band key, once, as codes i * n + j (i < j), sorted; with
    `fresh` (a mask) only buckets holding a fresh text. The buckets of one band and size at once."""
    n = len(keys)
    codes = [np.zeros(0, dtype=np.int64)]
    for band in range(keys.shape[1]):
        order = np.argsort(keys[:, band], kind="stable")
        ordered = keys[order, band]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        sizes = np.diff(np.r_[starts, n])
        for size in _distinct(sizes[sizes > 1]):
            members = order[starts[sizes == size][:, None] + np.arange(size)]
            if fresh is not None:
                members = members[fresh[members].any(axis=1)]
            members = np.sort(members, axis=1)
            i, j = np.triu_indices(size, 1)
            codes.append((members[:, i] * n + members[:, j]).ravel())
    return _distinct(np.concatenate(codes))


def _linked(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Connected components of the pairs (i, j) over n texts."""
    graph = sp.coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def near_groups(texts: list[str], min_cosine: float, fresh: np.ndarray | None = None,
                events: np.ndarray | None = None) -> np.ndarray:
    """Group label per text; texts linked by a chain of cosine >= min_cosine share a label."""
    return _near_groups(texts, min_cosine, fresh, events)[0]


def _near_groups(texts: list[str], min_cosine: float, fresh: np.ndarray | None = None,
                 events: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(group label per text, band keys per text); texts linked by a chain of cosine >=
    min_cosine share a label.
    With `fresh` (a mask) only pairs with at least one fresh text are compared: the stored
    texts' own groups are known already (an import into a filled store). With `events` (an
    integer per text) only pairs of the same event are.

    Candidate pairs come from MinHash buckets (all pairs of a bucket size at once); those whose
    estimated word Jaccard passes get the exact cosine (analysis.enrich.sparse_pairs).
    """
    token_lists = [t.split() for t in texts]
    n = len(texts)
    sig, keys = _minhash(token_lists, *_settings())
    code = _bucket_pairs(keys, fresh)
    if fresh is not None:
        code = code[fresh[code // n] | fresh[code % n]]
    if events is not None:
        code = code[events[code // n] == events[code % n]]
    if not len(code):
        return np.arange(n), keys
    ci, cj = code // n, code % n
    # cheap filter first: the share of equal MinHash values estimates the word Jaccard; a text's
    # values side by side (a pair reads two rows), in 32 bits (they are below _PRIME)
    by_text = np.ascontiguousarray(sig.T, dtype=np.uint32)
    similar = np.concatenate([(by_text[ci[k:k + _PAIR_CHUNK]] == by_text[cj[k:k + _PAIR_CHUNK]]).mean(axis=1)
                              for k in range(0, len(ci), _PAIR_CHUNK)]) >= _MIN_JACCARD
    ci, cj = ci[similar], cj[similar]
    if not len(ci):
        return np.arange(n), keys
    members = _distinct(np.concatenate([ci, cj]))
    local = np.full(n, -1, dtype=np.int64)
    local[members] = np.arange(len(members))
    x = product_tfidf(*nlp.char_ngram_factors([token_lists[m] for m in members], columns="used"))
    keep = row_pair_cosines(x, local[ci], local[cj]) >= min_cosine
    return _linked(n, ci[keep], cj[keep]), keys


@dataclass
class Duplicates:
    """duplicate_of per new row (index aligned) and the band keys of every row with words
    (old and new; hex text per contribution id, for analysis.store.duplicate_keys); regrouped:
    the existing rows' own duplicate_of by id when every pair was compared (existing_df without
    duplicate_of), else None."""

    duplicate_of: pd.Series
    keys: pd.Series
    regrouped: pd.Series | None = None


def mark_duplicates(new_df: pd.DataFrame, existing_df: pd.DataFrame | None = None) -> pd.Series:
    """duplicate_of for each row of new_df: id of the earliest (near-)identical contribution, else NA.

    When existing_df carries its stored duplicate_of, pairs of two stored texts are not compared
    again: a stored text stands for the earliest row of its group. A row only duplicates a row
    of the same event.
    """
    return find_duplicates(new_df, existing_df).duplicate_of


def hex_keys(keys: np.ndarray) -> list[str]:
    """Each row of band keys as one hex string (16 characters per band)."""
    width = keys.shape[1] * 16 if keys.ndim == 2 else 0
    text = np.ascontiguousarray(keys, dtype="<u8").tobytes().hex()
    return [text[i:i + width] for i in range(0, len(text), width)] if width else []


def parse_keys(values: list[str], bands: int) -> np.ndarray:
    """hex_keys() back to a (rows x bands) uint64 array."""
    return np.frombuffer(bytes.fromhex("".join(values)), dtype="<u8").reshape(-1, bands).astype(np.uint64)


def _event_codes(*frames: pd.DataFrame) -> np.ndarray:
    """One integer per row of the frames in turn, equal for rows of the same event (a frame
    without the column, or a row without an event, counts as one event of its own: '')."""
    parts = [df["event"] if "event" in df.columns else pd.Series("", index=df.index, dtype="string")
             for df in frames]
    return pd.factorize(pd.concat(parts, ignore_index=True).astype("string").fillna(""))[0]


def find_duplicates(new_df: pd.DataFrame, existing_df: pd.DataFrame | None = None) -> Duplicates:
    """mark_duplicates, and the band keys of the rows compared (see Duplicates)."""
    old, new = _ordered(existing_df), _ordered(new_df)
    ids = old["id"].astype(str).tolist() + new["id"].astype(str).tolist()
    raw = old["text"].tolist() + new["text"].tolist()
    event = _event_codes(old, new)
    normalised = {t: nlp.normalise(t) for t in set(raw) if isinstance(t, str)}
    texts = [normalised.get(t, "") if isinstance(t, str) else "" for t in raw]
    keys = list(zip(event.tolist(), texts))
    # Identical normalised text within one event: one representative (the earliest row) each.
    first_row: dict[tuple[int, str], int] = {}
    for row, key in enumerate(keys):
        if key[1]:
            first_row.setdefault(key, row)
    distinct = list(first_row)
    rows = np.fromiter(first_row.values(), dtype=np.int64, count=len(distinct))
    offset = len(old)
    fresh, standing = None, rows
    if offset and "duplicate_of" in old.columns:
        row_of = dict(zip(ids[:offset], range(offset)))
        stored = np.array([row_of.get(d, r) if isinstance(d, str) else r  # the stored row's earliest
                           for r, d in enumerate(old["duplicate_of"].astype(object).tolist())], dtype=np.int64)
        # a pointer into another event (stored before the rule) does not count
        stored = np.where(event[stored] == event[:offset], stored, np.arange(offset))
        fresh = rows >= offset
        standing = np.where(fresh, rows, np.minimum(rows, stored[np.minimum(rows, offset - 1)]))
    labels, bands = _near_groups([text for _, text in distinct], float(config()["min_cosine"]), fresh,
                                 np.fromiter((e for e, _ in distinct), dtype=np.int64, count=len(distinct)))
    root = pd.Series(standing).groupby(labels).transform("min").to_numpy()
    earliest = dict(zip(distinct, root.tolist()))
    start = 0 if fresh is None else offset  # the existing rows' own values only when compared afresh
    values = [ids[earliest[key]] if key[1] and earliest[key] != pos else None
              for pos, key in enumerate(keys[start:], start=start)]
    of_text = dict(zip(distinct, hex_keys(bands)))
    row_keys = pd.Series([of_text.get(k, "") for k in keys], index=ids, dtype=object)
    regrouped = pd.Series(values[:offset], index=ids[:offset], dtype="string") if fresh is None else None
    return Duplicates(pd.Series(values[offset - start:], index=new.index, dtype="string").reindex(new_df.index),
                      row_keys, regrouped)
