"""Text similarity for tracing and version comparison: TF-IDF on character n-grams (enrich stage).

Character n-grams within words match Dutch inflections and compounds
("cumulatieve" ~ "cumulatie", "gezondheidseffecten" ~ "effecten") without a
lemmatiser, so tracing works the same with or without nl_core_news_sm.

At 100,000 answers scikit-learn's own char_wb analyser (Python loops per
n-gram) costs about 0.4 ms per text; words repeat far more than texts, so
_Vectoriser cuts each distinct word into n-grams and looks them up once, when fitting
and when transforming, and counts per text as a product of texts x words and words x
n-grams. The vocabulary, idf and matrices are the same as TfidfVectorizer's.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity
from sklearn.preprocessing import normalize

from analysis.enrich.ngrams import Tokens


def _counts(documents, word_columns: Callable[[str], list[int]], width: Callable[[], int],
            dtype) -> sparse.csr_matrix:
    """Documents x columns, counted: each distinct word's columns are found once (word_columns,
    called in order of first appearance), then texts x words is multiplied by words x columns;
    width() is the number of columns once every word is seen."""
    tokens = Tokens.of([text.lower().split() for text in documents], split=False)  # as char_wb splits
    if not tokens.uniques:
        return sparse.csr_matrix((tokens.n_docs, width()), dtype=dtype)
    per_word = [np.asarray(word_columns(word), dtype=np.int32) for word in tokens.uniques]
    lengths = np.fromiter(map(len, per_word), dtype=np.int64, count=len(per_word))
    word_column = sparse.csr_matrix(
        (np.ones(int(lengths.sum()), dtype=dtype), np.concatenate([np.zeros(0, np.int32), *per_word]),
         np.r_[0, np.cumsum(lengths)]), shape=(len(per_word), width()))
    word_column.sum_duplicates()  # a word holding an n-gram twice
    return (tokens.doc_token(dtype) @ word_column).tocsr()


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
