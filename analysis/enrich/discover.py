"""Unsupervised discovery: what the fixed taxonomy misses (enrich stage).

TF-IDF on lemmas, then NMF (each contribution goes to its strongest
component; NMF gives readable topics on short texts where k-means makes one
catch-all cluster); the number of topics is set by the
user or chosen by the best silhouette over a small range (data/nlp.toml).
Fitting works on a sample (the page must answer in about two seconds on
100,000 contributions); every row is then assigned to its nearest topic.
"""
from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF, TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

from analysis.core import schema
from analysis.enrich import nlp
from analysis.enrich.ngrams import NgramVocabulary, Tokens, tfidf

_SEED = 20241106
_TOP_TERMS = 6
_EXAMPLES = 3
_SILHOUETTE_SAMPLE = 1000


def config() -> dict:
    return nlp.settings()["discovery"]


@lru_cache(maxsize=1)
def domain_stop_words() -> frozenset[str]:
    """`stop_words` of data/nlp.toml as lemmas (and as written): kept out of topic vocabularies."""
    words = config().get("stop_words", [])
    return frozenset(w for w in (*words, *nlp.lemma_strings(words)) if w)


@dataclass
class TopicModel:
    """What a later import needs to put new rows into the fitted topics: vocabulary, idf weights,
    NMF components (topics x terms). Stored as JSON (analysis.store.clusters)."""

    terms: list[str]
    idf: np.ndarray
    components: np.ndarray
    fitted_rows: int = 0
    fit_seconds: float = 0.0

    def assign(self, lemma_texts: list[str]) -> np.ndarray:
        """Nearest topic per text, as discover(label_all=True) labels rows outside its sample;
        -1 for a text without lemmas."""
        tokens = Tokens.of([t.split() for t in lemma_texts])
        x = tfidf(NgramVocabulary({t: i for i, t in enumerate(self.terms)}).counts(tokens), self.idf, True, "l2")
        labels = np.asarray((x @ self.components.T).argmax(axis=1)).ravel() if len(lemma_texts) else np.zeros(0, int)
        return np.where([bool(t) for t in lemma_texts], labels, -1)

    def to_json(self) -> str:
        return json.dumps({"terms": self.terms, "idf": self.idf.round(6).tolist(),
                           "components": self.components.round(6).tolist(),
                           "fitted_rows": self.fitted_rows, "fit_seconds": self.fit_seconds})

    @classmethod
    def from_json(cls, text: str) -> TopicModel:
        d = json.loads(text)
        return cls(d["terms"], np.asarray(d["idf"]), np.asarray(d["components"]),
                   int(d.get("fitted_rows", 0)), float(d.get("fit_seconds", 0.0)))


@dataclass
class Discovery:
    """Topics found in a selection of contributions."""

    k: int
    labels: np.ndarray                 # topic per input row (0..k-1); -1: no lemmas, or not in the sample
    topics: pd.DataFrame               # topic, name, terms, size, examples
    projection: pd.DataFrame           # x, y, topic, row (a sample of at most map_points rows)
    silhouette: dict[int, float] = field(default_factory=dict)  # k -> score when k was chosen
    model: TopicModel | None = None    # to assign rows added later to these topics


def _vectoriser(n: int) -> TfidfVectorizer:
    return TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True,
                           stop_words=sorted(domain_stop_words()),
                           min_df=2 if n >= 50 else 1, max_df=0.5 if n >= 50 else 1.0, max_features=20000)


def _nmf(x, k: int) -> tuple[NMF, np.ndarray]:
    """NMF and the row weights; an unconverged fit still gives usable topics for browsing."""
    model = NMF(k, init="nndsvda", random_state=_SEED, max_iter=200, tol=1e-3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        weights = model.fit_transform(x)
    return model, weights


def _choose_k(x, fit_rows: np.ndarray, candidates: range,
              rng: np.random.Generator) -> tuple[int, dict[int, float]]:
    """The k whose topics separate best (silhouette, cosine on TF-IDF) on a sample."""
    rows = rng.choice(fit_rows, min(len(fit_rows), _SILHOUETTE_SAMPLE), replace=False)
    scores = {}
    for k in candidates:
        if k >= len(rows):
            break
        labels = _nmf(x[rows], k)[1].argmax(axis=1)
        if len(set(labels)) > 1:
            scores[k] = float(silhouette_score(x[rows], labels, metric="cosine"))
    return (max(scores, key=scores.get) if scores else min(2, len(fit_rows))), scores


def discover(texts: list[str] | pd.Series, k: int | None = None,
             lemma_texts: list[str] | None = None, label_all: bool = False) -> Discovery:
    """Topics over any selection; k=None chooses it from the data.

    On more than `fit_sample` rows the topics are fitted on a random sample and only
    that sample is labelled, unless label_all=True (slower: every row is vectorised).
    BLAS runs single-threaded here: on these small matrices a second thread on a
    shared 2-core machine made choosing k 2-5x slower, not faster.
    """
    with threadpool_limits(limits=1):
        return _discover(texts, k, lemma_texts, label_all)


def _discover(texts, k, lemma_texts, label_all) -> Discovery:
    texts = [str(t) for t in texts]
    cfg = config()
    if lemma_texts is None:
        lemma_texts = nlp.lemma_strings(texts)
    filled = np.array([i for i, t in enumerate(lemma_texts) if t])
    if len(filled) < 2:
        raise ValueError("Te weinig bijdragen met tekst om onderwerpen te zoeken.")
    rng = np.random.default_rng(_SEED)
    fit_rows = filled if len(filled) <= cfg["fit_sample"] else rng.choice(filled, cfg["fit_sample"], replace=False)
    fit_rows = np.sort(fit_rows)
    vec = _vectoriser(len(fit_rows))
    x = vec.fit_transform([lemma_texts[i] for i in fit_rows])  # rows follow fit_rows
    scores: dict[int, float] = {}
    if k is None:
        candidates = range(int(cfg["k_min"]), int(cfg["k_max"]) + 1, int(cfg["k_step"]))
        k, scores = _choose_k(x, np.arange(len(fit_rows)), candidates, rng)
    k = max(1, min(int(k), len(filled), x.shape[1]))
    model, weights = _nmf(x, k)
    labels = np.full(len(texts), -1)
    labels[fit_rows] = weights.argmax(axis=1)
    if label_all and len(fit_rows) < len(filled):
        rest = np.setdiff1d(filled, fit_rows)
        labels[rest] = (vec.transform([lemma_texts[i] for i in rest]) @ model.components_.T).argmax(axis=1)
    terms = np.array(vec.get_feature_names_out())
    rows = []
    for topic in range(k):
        top = terms[np.argsort(-model.components_[topic])[:_TOP_TERMS]].tolist()
        in_topic = np.flatnonzero(weights.argmax(axis=1) == topic)
        closest = fit_rows[in_topic[np.argsort(-weights[in_topic, topic])[:_EXAMPLES]]]
        members = np.flatnonzero(labels == topic)
        rows.append({"topic": topic, "name": ", ".join(top[:3]), "terms": top, "size": len(members),
                     "examples": [texts[i] for i in closest]})
    local = np.arange(len(fit_rows))
    if len(local) > cfg["map_points"]:
        local = np.sort(rng.choice(local, cfg["map_points"], replace=False))
    xy = TruncatedSVD(2, random_state=_SEED).fit_transform(x[local]) if x.shape[1] > 2 else np.zeros((len(local), 2))
    projection = pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1], "topic": labels[fit_rows[local]],
                               "row": fit_rows[local]})
    model_ = TopicModel(terms.tolist(), vec.idf_, model.components_, len(filled))
    return Discovery(k, labels, pd.DataFrame(rows), projection, scores, model_)


def new_theme_candidates(df: pd.DataFrame, limit: int = 50) -> pd.DataFrame:
    """Contributions that fit no fixed theme well: 'onzeker' or a low theme score, weakest first."""
    score = df["theme_score"].astype("Float64").fillna(0.0)
    weak = (df["theme"] == schema.UNCERTAIN_THEME) | (score < float(config()["new_theme_below"]))
    return df.loc[weak.fillna(True)].assign(_s=score).sort_values("_s").drop(columns="_s").head(limit)
