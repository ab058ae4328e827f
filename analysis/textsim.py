"""Text similarity for tracing and version comparison: TF-IDF on character n-grams.

Character n-grams within words match Dutch inflections and compounds
("cumulatieve" ~ "cumulatie", "gezondheidseffecten" ~ "effecten") without a
lemmatiser, so tracing works the same with or without nl_core_news_sm.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity


def vectoriser(corpus: Sequence[str]) -> TfidfVectorizer:
    """A vectoriser fitted on corpus: words that occur everywhere ("NMP", "milieu") weigh little."""
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True,
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
