"""Text similarity for tracing and version comparison: TF-IDF on character n-grams (enrich stage).

Character n-grams within words match Dutch inflections and compounds
("cumulatieve" ~ "cumulatie", "gezondheidseffecten" ~ "effecten") without a
lemmatiser, so tracing works the same with or without nl_core_news_sm.

At 100,000 answers scikit-learn's own char_wb analyser (Python loops per
n-gram) costs about 0.4 ms per text; words repeat far more than texts, so
_Vectoriser cuts each distinct word into n-grams and looks them up once, when fitting
and when transforming. The vocabulary, idf and matrices are the same as TfidfVectorizer's.
"""
from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity
from sklearn.preprocessing import normalize


def _counts(documents, word_columns: Callable[[str], list[int]], width: Callable[[], int],
            dtype) -> sparse.csr_matrix:
    """Documents x columns, counted, each distinct word's columns found once (word_columns) and
    then copied per occurrence; width() is the number of columns once every word is seen."""
    columns: dict[str, array] = {}
    indices, indptr = array("i"), array("q", [0])
    for text in documents:
        for word in text.lower().split():  # what char_wb does: lower-case, split on spaces
            found = columns.get(word)
            if found is None:
                found = columns[word] = array("i", word_columns(word))
            indices += found  # a memory copy, not one Python int per n-gram
        indptr.append(len(indices))
    cols = np.frombuffer(indices, dtype=np.int32) if len(indices) else np.zeros(0, np.int32)
    counts = sparse.csr_matrix((np.ones(len(cols), dtype=dtype), cols, np.frombuffer(indptr, dtype=np.int64)),
                               shape=(len(indptr) - 1, width()))
    counts.sum_duplicates()
    return counts


class _Vectoriser(TfidfVectorizer):
    """TfidfVectorizer(analyzer="char_wb", lowercase=True) with n-grams cached per word."""

    def _word_ngrams(self) -> dict[str, list[str]]:
        if not hasattr(self, "_ngram_cache"):
            self._ngram_cache = {}
        return self._ngram_cache

    def build_analyzer(self):
        cut, cache = super().build_analyzer(), self._word_ngrams()

        def analyse(text: str) -> list[str]:
            out: list[str] = []
            for word in text.lower().split():  # what char_wb does: lower-case, split on spaces
                grams = cache.get(word)
                if grams is None:
                    grams = cache[word] = cut(word)
                out += grams
            return out
        return analyse

    def _count_vocab(self, raw_documents, fixed_vocab):
        """What scikit-learn's fit counts (documents x n-grams, vocabulary in order of first
        appearance; fit then sorts it), with each distinct word cut into n-grams once."""
        if fixed_vocab:
            return super()._count_vocab(raw_documents, fixed_vocab)
        analyse, vocabulary = self.build_analyzer(), {}
        counts = _counts(raw_documents, lambda word: [vocabulary.setdefault(g, len(vocabulary)) for g in analyse(word)],
                         lambda: len(vocabulary), self.dtype)
        if not vocabulary:
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        return vocabulary, counts

    def transform(self, raw_documents):
        """The fitted TF-IDF rows (sublinear tf, idf, l2), via per-word feature indices."""
        analyse, vocabulary = self.build_analyzer(), self.vocabulary_
        counts = _counts(raw_documents, lambda word: [vocabulary[g] for g in analyse(word) if g in vocabulary],
                         lambda: len(vocabulary), self.dtype)
        counts.data = np.log(counts.data) + 1  # sublinear_tf
        counts.data *= self.idf_[counts.indices].astype(self.dtype)
        return normalize(counts, norm="l2", copy=False)


def vectoriser(corpus: Sequence[str]) -> TfidfVectorizer:
    """A vectoriser fitted on corpus: words that occur everywhere ("NMP", "milieu") weigh little."""
    vec = _Vectoriser(analyzer="char_wb", ngram_range=(3, 5), lowercase=True,
                      sublinear_tf=True, dtype=np.float32)
    return vec.fit(list(corpus) or [""])


def similarity(left: Sequence[str], right: Sequence[str],
               vec: TfidfVectorizer | None = None) -> np.ndarray:
    """Cosine similarity of every left text to every right text, shape (len(left), len(right)).

    Without vec, the vocabulary and idf are fitted on both sides together.
    """
    if not len(left) or not len(right):
        return np.zeros((len(left), len(right)))
    vec = vec or vectoriser([*left, *right])
    return cosine_similarity(vec.transform(list(left)), vec.transform(list(right)))
