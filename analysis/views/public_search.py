"""Search that participants can use: any word, Dutch stems, small typing errors, ranked (views stage).

Words are reduced to their Dutch stem (Snowball, so "belaste" finds "belastte" and "gebieden"
finds "gebied"); a stem that is not in the texts finds the stems that are one or two letters
off (rapidfuzz over the distinct stems, not over every text). Rows score by the share of the
query's weight they match, each word weighted by how rare it is, and a row that holds the
query as written comes first. Settings in data/public.toml [search].
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import scipy.sparse as sp
import snowballstemmer
from rapidfuzz import fuzz, process

from analysis.core import config as core_config
from analysis.core.schema import SUGGESTION_SECTIONS
from analysis.views import consent

_WORD = re.compile(r"\w+", re.UNICODE)


def settings() -> dict:
    return core_config.data_toml("public.toml")["search"]


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("dutch")


def words(text: str) -> list[str]:
    return _WORD.findall(str(text).casefold())


def stems(tokens: list[str]) -> list[str]:
    return _stemmer().stemWords(tokens)


@dataclass
class SearchIndex:
    """Rows x distinct stems (1 where the row holds the stem), the stems, their weights."""

    matrix: sp.csr_matrix
    vocab: list[str]
    column: dict[str, int]
    idf: np.ndarray
    texts: np.ndarray  # casefolded texts, for the whole-phrase bonus


def build(texts: pd.Series) -> SearchIndex:
    """The index of texts (row i = texts.iloc[i]); stems are computed once per distinct word."""
    folded = texts.fillna("").astype(str).str.casefold().to_numpy()
    token_lists = [_WORD.findall(t) for t in folded]
    distinct = sorted({w for tokens in token_lists for w in tokens})
    stem_of = dict(zip(distinct, stems(distinct)))
    vocab = sorted(set(stem_of.values()))
    column = {s: i for i, s in enumerate(vocab)}
    rows, cols = [], []
    for r, tokens in enumerate(token_lists):
        for c in {column[stem_of[w]] for w in tokens}:
            rows.append(r)
            cols.append(c)
    matrix = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                           shape=(len(folded), len(vocab)))
    df = np.asarray(matrix.sum(axis=0)).ravel()
    idf = np.log((1 + len(folded)) / (1 + df)) + 1.0
    return SearchIndex(matrix, vocab, column, idf, folded)


def _matches(index: SearchIndex, stem: str, cfg: dict) -> dict[int, float]:
    """Columns that count for one query stem, with how well: 1 for the stem itself, less for a
    stem a typing error away (only for stems long enough that a near miss means something)."""
    found = {index.column[stem]: 1.0} if stem in index.column else {}
    if len(stem) >= int(cfg["fuzzy_min_length"]):
        for _, score, col in process.extract(stem, index.vocab, scorer=fuzz.ratio,
                                             score_cutoff=float(cfg["fuzzy_min_ratio"]),
                                             limit=int(cfg["fuzzy_limit"])):
            found.setdefault(col, float(cfg["fuzzy_weight"]) * score / 100)
    return found


def scores(index: SearchIndex, query: str) -> np.ndarray:
    """Per row, 0..1 (plus the phrase bonus): the weighted share of the query words it holds."""
    cfg = settings()
    tokens = words(query)
    if not tokens:
        return np.ones(index.matrix.shape[0])
    total, got = 0.0, np.zeros(index.matrix.shape[0])
    for stem in dict.fromkeys(stems(tokens)):
        found = _matches(index, stem, cfg)
        weight = max((index.idf[c] for c in found), default=float(index.idf.max(initial=1.0)))
        total += weight
        if not found:
            continue
        cols = list(found)
        quality = index.matrix[:, cols].multiply(np.array([found[c] for c in cols])).max(axis=1)
        got += weight * quality.toarray().ravel()
    out = got / total if total else got
    phrase = " ".join(tokens)
    if len(tokens) > 1:
        holds = np.fromiter((phrase in " ".join(_WORD.findall(t)) for t in index.texts), bool,
                            count=len(index.texts))
        out = out + float(cfg["phrase_bonus"]) * holds
    return out


def rank(index: SearchIndex, query: str, candidates: np.ndarray) -> np.ndarray:
    """Positions (rows of the index) among candidates (a boolean mask) that match the query
    well enough, best first (equal scores: shorter texts first); every candidate, in order,
    when the query is empty."""
    if not words(query):
        return np.flatnonzero(candidates)
    s = scores(index, query)
    keep = np.flatnonzero(candidates & (s >= float(settings()["min_score"])))
    # equal scores: the shorter text first (the query is more of what it says)
    length = np.fromiter((len(index.texts[i]) for i in keep), int, count=len(keep))
    return keep[np.lexsort((length, -np.round(s[keep], 2)))]


def search(df: pd.DataFrame, query: str = "", sessions: tuple[str, ...] = (),
           themes: tuple[str, ...] = (), date_from: str | None = None,
           date_to: str | None = None, suggestions_only: bool = False,
           index: SearchIndex | None = None) -> pd.DataFrame:
    """Rows of public.public_contributions() that match, best first: the query (any word, see
    rank), one of the sessions (event), one of the themes, a date (ISO) within [date_from,
    date_to]. Rows without a date are never dropped by the date filter (an undated answer must
    be found); a near-duplicate folded into its original is found through the original. index
    is build(df["text"]) when the caller keeps one."""
    mask = pd.Series(True, index=df.index)
    if "folded" in df.columns:
        mask &= ~df["folded"].fillna(False).astype(bool)
    if words(query):  # an answer shown without its text (no consent) is counted, never found
        mask &= df["text"].ne(consent.withheld_text()).fillna(True)
    if sessions:
        mask &= df["event"].isin(sessions).fillna(False)
    if themes:
        padded = ";" + df["themes"].fillna("") + ";"
        any_theme = pd.Series(False, index=df.index)
        for t in themes:
            any_theme |= padded.str.contains(f";{t};", regex=False)
        mask &= any_theme
    dates = df["date"].mask(df["date"].fillna("").str.strip().eq(""))
    if date_from:
        mask &= (dates >= date_from).fillna(True)
    if date_to:
        mask &= (dates <= date_to).fillna(True)
    if suggestions_only:
        mask &= df["section"].isin(SUGGESTION_SECTIONS)
    order = rank(index if index is not None else build(df["text"]), query,
                 mask.fillna(False).to_numpy(dtype=bool))
    return df.iloc[order]
