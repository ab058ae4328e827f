"""Similar suggestions of one theme grouped into kernpunten: vectors, clustering, nearest group
(enrich stage; pure, the store side is analysis.store.kernpunten).

Texts are compared on what they say, not on how answers open and close: a sentence that occurs
(normalised) in suggestions of at least `filler_min_themes` different themes ("Graag een
reactie.", "Kort nog dit.") is filler and left out; a werksessie bullet carries its onderwerp
heading as context. What remains is lemmatised and turned into TF-IDF vectors (lemma 1-2-grams
without the domain's stop words; rows of unit length), so a dot product is a cosine. Within a
theme, average-linkage agglomerative clustering with a cosine distance threshold makes the groups;
groups smaller than `min_size` then join their nearest group when it is at least
`attach_min_similarity` alike, so a theme is not a list of singletons.
Above `max_direct` texts per theme the clustering runs on a sample and the rest goes to the
nearest group (the pairwise distances grow with the square of the rows).
Settings: data/kernpunten.toml [grouping].
"""
from __future__ import annotations

import re

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.core import config
from analysis.enrich import nlp

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[^\W\d_]|[\"'‘“(])", re.UNICODE)


def settings() -> dict:
    return config.data_toml("kernpunten.toml")


def sentences(text: str) -> list[str]:
    """A text's sentences, each whole (split after . ! ? followed by a capital or a letter)."""
    return [s.strip() for s in _SENTENCE.split(str(text or "").strip()) if s.strip()]


def filler_sentences(texts: list[str], themes: list[str]) -> set[str]:
    """Normalised sentences that occur in texts of at least filler_min_themes themes."""
    spread: dict[str, set[str]] = {}
    for text, theme in zip(texts, themes):
        for s in sentences(text):
            spread.setdefault(nlp.normalise(s), set()).add(theme)
    least = int(settings()["grouping"]["filler_min_themes"])
    return {s for s, seen in spread.items() if len(seen) >= least}


def content(text: str, filler: set[str]) -> str:
    """The text without its filler sentences (the whole text when nothing else is left)."""
    kept = [s for s in sentences(text) if nlp.normalise(s) not in filler]
    return " ".join(kept) if kept else str(text or "")


def comparable(texts: list[str], topics: list[str | None], themes: list[str]) -> list[str]:
    """What is compared: each text without filler, with its onderwerp heading as context (terse
    werksessie bullets under one onderwerp share few words of their own)."""
    filler = filler_sentences(texts, themes)
    return [content(t, filler) + (f" {topic}" if isinstance(topic, str) and topic else "")
            for t, topic in zip(texts, topics)]


def vectorise(texts: list[str]) -> sp.csr_matrix:
    """Unit-length TF-IDF rows of the texts' lemma 1-2-grams, stop words left out (character
    n-grams beside them grouped a few more bullets on the default data but cost most of the time
    on 20,000 answers: docs/KERNPUNTEN.md)."""
    stop = nlp.stop_words()
    kept = [" ".join(w for w in t.split() if w not in stop) for t in nlp.lemma_strings(texts)]
    try:
        return TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=(1, 2),
                               sublinear_tf=True, dtype=np.float32).fit_transform(kept).tocsr()
    except ValueError:  # no word at all
        return sp.csr_matrix((len(texts), 1), dtype=np.float32)


def centroids(x: sp.csr_matrix, labels: np.ndarray, n: int) -> sp.csr_matrix:
    """Unit-length mean row per label 0..n-1."""
    member = sp.csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(n, x.shape[0]))
    c = (member @ x).tocsr()
    norms = np.sqrt(np.asarray(c.multiply(c).sum(axis=1))).ravel()
    norms[norms == 0] = 1.0
    return sp.diags(1.0 / norms) @ c


def nearest(x: sp.csr_matrix, c: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Per row of x: index of the most similar row of c, and that cosine."""
    if c.shape[0] == 0:
        return np.full(x.shape[0], -1), np.zeros(x.shape[0])
    sim = (x @ c.T).toarray()
    best = sim.argmax(axis=1)
    return best, sim[np.arange(len(best)), best]


def _agglomerate(x: sp.csr_matrix, threshold: float) -> np.ndarray:
    if x.shape[0] == 1:
        return np.zeros(1, dtype=int)
    distance = np.clip(1.0 - (x @ x.T).toarray(), 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    return AgglomerativeClustering(n_clusters=None, distance_threshold=threshold, metric="precomputed",
                                   linkage="average").fit_predict(distance)


def _absorb_small(x: sp.csr_matrix, labels: np.ndarray, min_size: int, floor: float) -> np.ndarray:
    """Groups below min_size join their nearest group of at least min_size when that is at least
    floor alike (one pass, all centroids at once)."""
    _, labels = np.unique(labels, return_inverse=True)
    sizes = np.bincount(labels)
    big = np.flatnonzero(sizes >= min_size)
    small = np.flatnonzero(sizes < min_size)
    if not len(big) or not len(small):
        return labels
    c = centroids(x, labels, len(sizes))
    best, sim = nearest(c[small], c[big])
    target = np.arange(len(sizes))
    joins = sim >= floor
    target[small[joins]] = big[best[joins]]
    return target[labels]


def group(x: sp.csr_matrix, seed: int = 0) -> np.ndarray:
    """Group labels 0..k-1 for the rows of one theme's matrix."""
    g = settings()["grouping"]
    n = x.shape[0]
    if n == 0:
        return np.zeros(0, dtype=int)
    cap = int(g["max_direct"])
    if n <= cap:
        labels = _agglomerate(x, float(g["distance_threshold"]))
    else:
        sample = np.sort(np.random.default_rng(seed).choice(n, cap, replace=False))
        sampled = _agglomerate(x[sample], float(g["distance_threshold"]))
        k = int(sampled.max()) + 1
        labels, _ = nearest(x, centroids(x[sample], sampled, k))
    labels = _absorb_small(x, labels, int(g["min_size"]), float(g["attach_min_similarity"]))
    _, dense = np.unique(labels, return_inverse=True)
    return dense
