"""Word and word n-gram counts for many short texts at once, without a Python loop per text (enrich stage).

scikit-learn's CountVectorizer and TfidfVectorizer run their analyser per document in Python
(about 0.1 ms per answer for lemma 1-2-grams, more for long seed phrases). Here the lemma lists
are flattened once, each distinct token gets an integer code (pandas.factorize), and n-grams
are looked up as integer codes in a fitted vocabulary with numpy: the same count matrices as
`CountVectorizer(vocabulary=..., token_pattern=r"\\S+", lowercase=False).transform(joined)`,
and through `tfidf()` the same matrix as a fitted `TfidfVectorizer.transform`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.preprocessing import normalize

_SPACE = re.compile(r"\s")


@dataclass
class Tokens:
    """Lemma lists flattened: token codes, the text each token belongs to, the distinct tokens."""

    codes: np.ndarray      # int64 per token position
    doc: np.ndarray        # int64 per token position: which text
    uniques: list[str]     # code -> token
    n_docs: int

    @classmethod
    def of(cls, lemma_lists: list[list[str]], split: bool = True) -> Tokens:
        """split=True cuts lemmas on whitespace, as token_pattern=r"\\S+" does on joined lemmas."""
        lengths = np.fromiter(map(len, lemma_lists), dtype=np.int64, count=len(lemma_lists))
        flat = list(chain.from_iterable(lemma_lists))
        codes, uniques = pd.factorize(pd.Series(flat, dtype=object)) if flat else (np.zeros(0, np.int64), [])
        uniques = list(uniques)
        if split and _SPACE.search("\x00".join(uniques)):  # a lemma with a space in it: rare
            return cls.of([" ".join(lemmas).split() for lemmas in lemma_lists], split=False)
        doc = np.repeat(np.arange(len(lemma_lists), dtype=np.int64), lengths)
        return cls(np.asarray(codes, dtype=np.int64), doc, uniques, len(lemma_lists))

    def doc_token(self, dtype=np.float32) -> sp.csr_matrix:
        """Texts x distinct tokens, counts."""
        m = sp.csr_matrix((np.ones(len(self.codes), dtype=dtype), (self.doc, self.codes)),
                          shape=(self.n_docs, max(len(self.uniques), 1)))
        m.sum_duplicates()
        return m


def _windows(tokens: Tokens, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Start positions of the n-token windows inside one text, and those texts."""
    if len(tokens.codes) < n:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    starts = np.arange(len(tokens.codes) - n + 1)
    inside = tokens.doc[starts] == tokens.doc[starts + n - 1]
    starts = starts[inside]
    return starts, tokens.doc[starts]


class NgramVocabulary:
    """A fixed vocabulary of space-joined word n-grams (term -> column), looked up by code."""

    def __init__(self, vocabulary: dict[str, int]):
        self.vocabulary = vocabulary
        self.n_columns = max(vocabulary.values(), default=-1) + 1
        self.words = sorted({w for term in vocabulary for w in term.split(" ")})
        self._word_code = {w: i for i, w in enumerate(self.words)}
        self.base = len(self.words) + 1
        by_n: dict[int, tuple[list[int], list[int]]] = {}
        for term, column in vocabulary.items():
            parts = term.split(" ")
            code = 0
            for part in parts:
                code = code * self.base + self._word_code[part] + 1
            codes, columns = by_n.setdefault(len(parts), ([], []))
            codes.append(code)
            columns.append(column)
        if self.base ** max(by_n, default=1) >= 2**62:
            raise ValueError("n-gram vocabulary too large for 64-bit codes")
        self.by_n = {}
        for n, (codes, columns) in by_n.items():
            order = np.argsort(codes)
            self.by_n[n] = (np.asarray(codes, dtype=np.int64)[order], np.asarray(columns, dtype=np.int64)[order])

    def counts(self, tokens: Tokens) -> sp.csr_matrix:
        """Texts x vocabulary columns: how often each n-gram occurs (CountVectorizer.transform)."""
        word = np.array([self._word_code.get(u, -1) + 1 for u in tokens.uniques], dtype=np.int64)
        known = word[tokens.codes] if len(tokens.codes) else np.zeros(0, np.int64)  # 0 = not in vocabulary
        rows, cols = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
        for n, (codes, columns) in sorted(self.by_n.items()):
            if not len(codes):
                continue
            starts, docs = _windows(tokens, n)
            code = np.zeros(len(starts), dtype=np.int64)
            valid = np.ones(len(starts), dtype=bool)
            for k in range(n):
                part = known[starts + k]
                valid &= part > 0
                code = code * self.base + part
            code, docs = code[valid], docs[valid]
            at = np.searchsorted(codes, code).clip(max=len(codes) - 1)
            hit = codes[at] == code
            rows.append(docs[hit])
            cols.append(columns[at[hit]])
        r, c = np.concatenate(rows), np.concatenate(cols)
        m = sp.csr_matrix((np.ones(len(r), dtype=np.int64), (r, c)), shape=(tokens.n_docs, self.n_columns))
        m.sum_duplicates()
        return m


def tfidf(counts: sp.csr_matrix, idf: np.ndarray, sublinear_tf: bool, norm: str | None) -> sp.csr_matrix:
    """What a fitted TfidfVectorizer does after counting (sublinear tf, idf weights, row norm)."""
    x = counts.astype(np.float64)
    if sublinear_tf:
        np.log(x.data, x.data)
        x.data += 1.0
    x.data *= idf[x.indices]
    return normalize(x, norm=norm, copy=False) if norm else x
