"""Unsupervised discovery: what the fixed taxonomy misses.

TF-IDF on lemmas, then NMF (each contribution goes to its strongest
component; NMF gives readable topics on short texts where k-means makes one
catch-all cluster); the number of topics is set by the
user or chosen by the best silhouette over a small range (data/nlp.toml).
Fitting works on a sample (the page must answer in about two seconds on
100,000 contributions); every row is then assigned to its nearest topic.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF, TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score

from analysis import nlp, paths, schema

_SEED = 20241106
_TOP_TERMS = 6
_EXAMPLES = 3
_SILHOUETTE_SAMPLE = 2000


@lru_cache(maxsize=1)
def config() -> dict:
    with open(paths.DATA_DIR / "nlp.toml", "rb") as fh:
        return tomllib.load(fh)["discovery"]


@dataclass
class Discovery:
    """Topics found in a selection of contributions."""

    k: int
    labels: np.ndarray                 # topic per input row (0..k-1), -1 for texts without lemmas
    topics: pd.DataFrame               # topic, name, terms, size, examples
    projection: pd.DataFrame           # x, y, topic, row (a sample of at most map_points rows)
    silhouette: dict[int, float] = field(default_factory=dict)  # k -> score when k was chosen


def _vectorise(lemma_texts: list[str], fit_rows: np.ndarray) -> tuple[TfidfVectorizer, object]:
    min_df = 2 if len(fit_rows) >= 50 else 1
    vec = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True, min_df=min_df,
                          max_df=0.5 if len(fit_rows) >= 50 else 1.0, max_features=20000)
    vec.fit([lemma_texts[i] for i in fit_rows])
    return vec, vec.transform(lemma_texts)


def _nmf(x, fit_rows: np.ndarray, k: int) -> tuple[NMF, np.ndarray]:
    model = NMF(k, init="nndsvda", random_state=_SEED, max_iter=200, tol=1e-3).fit(x[fit_rows])
    return model, model.transform(x)


def _choose_k(x, fit_rows: np.ndarray, candidates: range,
              rng: np.random.Generator) -> tuple[int, dict[int, float]]:
    """The k whose topics separate best (silhouette, cosine on TF-IDF) on a sample."""
    rows = rng.choice(fit_rows, min(len(fit_rows), _SILHOUETTE_SAMPLE), replace=False)
    scores = {}
    for k in candidates:
        if k >= len(rows):
            break
        labels = _nmf(x, rows, k)[1][rows].argmax(axis=1)
        if len(set(labels)) > 1:
            scores[k] = float(silhouette_score(x[rows], labels, metric="cosine"))
    return (max(scores, key=scores.get) if scores else min(2, len(fit_rows))), scores


def discover(texts: list[str] | pd.Series, k: int | None = None,
             lemma_texts: list[str] | None = None) -> Discovery:
    """Topics over any selection; k=None chooses it from the data."""
    texts = [str(t) for t in texts]
    cfg = config()
    if lemma_texts is None:
        lemma_texts = nlp.lemma_strings(texts)
    filled = np.array([i for i, t in enumerate(lemma_texts) if t])
    if len(filled) < 2:
        raise ValueError("Te weinig bijdragen met tekst om onderwerpen te zoeken.")
    rng = np.random.default_rng(_SEED)
    fit_rows = filled if len(filled) <= cfg["fit_sample"] else rng.choice(filled, cfg["fit_sample"], replace=False)
    vec, x = _vectorise(lemma_texts, fit_rows)
    scores: dict[int, float] = {}
    if k is None:
        k, scores = _choose_k(x, fit_rows, range(int(cfg["k_min"]), int(cfg["k_max"]) + 1), rng)
    k = max(1, min(int(k), len(filled), x.shape[1]))
    model, weights = _nmf(x, fit_rows, k)
    labels = np.full(len(texts), -1)
    labels[filled] = weights[filled].argmax(axis=1)
    terms = np.array(vec.get_feature_names_out())
    rows = []
    for topic in range(k):
        top = terms[np.argsort(-model.components_[topic])[:_TOP_TERMS]].tolist()
        members = filled[labels[filled] == topic]
        closest = members[np.argsort(-weights[members, topic])[:_EXAMPLES]]
        rows.append({"topic": topic, "name": ", ".join(top[:3]), "terms": top, "size": len(members),
                     "examples": [texts[i] for i in closest]})
    map_rows = filled if len(filled) <= cfg["map_points"] else np.sort(rng.choice(filled, cfg["map_points"], replace=False))
    xy = TruncatedSVD(2, random_state=_SEED).fit_transform(x[map_rows]) if x.shape[1] > 2 else np.zeros((len(map_rows), 2))
    projection = pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1], "topic": labels[map_rows], "row": map_rows})
    return Discovery(k, labels, pd.DataFrame(rows), projection, scores)


def new_theme_candidates(df: pd.DataFrame, limit: int = 50) -> pd.DataFrame:
    """Contributions that fit no fixed theme well: 'onzeker' or a low theme score, weakest first."""
    score = df["theme_score"].astype("Float64").fillna(0.0)
    weak = (df["theme"] == schema.UNCERTAIN_THEME) | (score < float(config()["new_theme_below"]))
    return df.loc[weak.fillna(True)].assign(_s=score).sort_values("_s").drop(columns="_s").head(limit)
