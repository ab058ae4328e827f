"""Unsupervised discovery: what the fixed taxonomy misses (enrich stage).

TF-IDF on lemmas and lemma pairs (bigrams), then NMF (each contribution goes to its strongest
component; NMF gives readable topics on short texts where k-means makes one catch-all
cluster). A text with no word left in the vocabulary (only stop words or words used once) has
no topic: label NO_TOPIC, shown as "geen onderwerp", never silently topic 0. Topics are named by
their most distinctive phrases (class-based TF-IDF, as BERTopic's c-TF-IDF: frequent in the
topic, rare in the others; a two-word phrase wins over its own words). The number of topics is
set by the user or chosen from the data: the k whose topics are most coherent (mean NPMI of
their top terms over the documents), which does not simply grow with k as silhouette does.
Fitting works on a sample (the page must answer in about two seconds on 100,000
contributions); every row is then assigned to its nearest topic. Settings: data/nlp.toml.
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
from threadpoolctl import threadpool_limits

from analysis.core import schema
from analysis.enrich import nlp
from analysis.enrich.ngrams import NgramVocabulary, Tokens, tfidf

NO_TOPIC = -1
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
        NO_TOPIC ("geen onderwerp") for a text without a word of the vocabulary (no lemmas, only
        stop words, words the fit never saw), as the full fit does, never silently topic 0."""
        if not len(lemma_texts):
            return np.zeros(0, int)
        tokens = Tokens.of([t.split() for t in lemma_texts])
        x = tfidf(NgramVocabulary({t: i for i, t in enumerate(self.terms)}).counts(tokens), self.idf, True, "l2")
        return _assign(np.asarray(x @ self.components.T))

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
    labels: np.ndarray                 # topic per input row (0..k-1); NO_TOPIC: no distinctive word,
    #                                    or not in the sample
    topics: pd.DataFrame               # topic, name, terms, size, examples, coherence (NPMI)
    projection: pd.DataFrame           # x, y, topic, row (a sample of at most map_points rows)
    k_scores: dict[int, float] = field(default_factory=dict)  # k -> mean NPMI when k was chosen
    no_topic: int = 0                  # rows with text but no distinctive word (labelled rows only)
    model: TopicModel | None = None    # to assign rows added later to these topics

    @property
    def coherence(self) -> float:
        """Mean NPMI of the topics' top terms (-1..1; higher: words that occur together)."""
        return float(self.topics["coherence"].mean()) if len(self.topics) else float("nan")


def _vectoriser(n: int) -> TfidfVectorizer:
    return TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True,
                           stop_words=sorted(domain_stop_words()), ngram_range=(1, int(config()["max_ngram"])),
                           min_df=2 if n >= 50 else 1, max_df=0.5 if n >= 50 else 1.0, max_features=20000)


def _assign(weights: np.ndarray) -> np.ndarray:
    """Strongest topic per row; NO_TOPIC where no topic has any weight (no vocabulary word)."""
    labels = weights.argmax(axis=1)
    labels[weights.max(axis=1) <= 0] = NO_TOPIC
    return labels


def npmi(binary, top: list[np.ndarray]) -> list[float]:
    """NPMI coherence per topic: mean over pairs of its top term columns of
    log(P(a,b) / (P(a) P(b))) / -log P(a,b), on a binary document-term matrix; -1 for pairs
    that never occur together."""
    n = binary.shape[0]
    out = []
    for cols in top:
        sub = binary[:, cols]
        together = (sub.T @ sub).toarray() / n
        p = np.diag(together)
        scores = []
        for i in range(len(cols)):
            for j in range(i + 1, len(cols)):
                pij = together[i, j]
                if pij <= 0 or p[i] <= 0 or p[j] <= 0:
                    scores.append(-1.0)
                elif pij >= 1:
                    scores.append(1.0)
                else:
                    scores.append(float(np.log(pij / (p[i] * p[j])) / -np.log(pij)))
        out.append(float(np.mean(scores)) if scores else 0.0)
    return out


def _class_tfidf(counts, labels: np.ndarray, k: int) -> np.ndarray:
    """Class-based TF-IDF (BERTopic's c-TF-IDF): per topic, term frequency in the topic times
    log(1 + average words per topic / frequency of the term over all topics)."""
    tf = np.zeros((k, counts.shape[1]))
    for topic in range(k):
        rows = np.flatnonzero(labels == topic)
        if len(rows):
            tf[topic] = np.asarray(counts[rows].sum(axis=0)).ravel()
    total = tf.sum(axis=0)
    avg = tf.sum() / max(k, 1)
    idf = np.log1p(avg / np.maximum(total, 1e-9))
    norm = tf / np.maximum(tf.sum(axis=1, keepdims=True), 1e-9)
    return norm * idf


def _phrases(terms: np.ndarray, scores: np.ndarray, n: int) -> list[str]:
    """The n most distinctive phrases; a two-word phrase that scores at least phrase_share of a
    word inside it is named instead of that word, and no word is named twice."""
    share = float(config()["phrase_share"])
    order = np.argsort(-scores)[:60]
    best = {str(terms[i]): float(scores[i]) for i in order if scores[i] > 0}
    out: list[str] = []
    used: set[str] = set()
    for term in best:
        words = term.split(" ")
        if used & set(words):
            continue
        if len(words) == 1:  # a phrase with this word that is nearly as distinctive wins
            pair = next((p for p in best if " " in p and term in p.split(" ") and not used & set(p.split(" "))
                         and best[p] >= share * best[term]), None)
            term, words = (pair, pair.split(" ")) if pair else (term, words)
        out.append(term)
        used.update(words)
        if len(out) == n:
            break
    return out


def _nmf(x, k: int) -> tuple[NMF, np.ndarray]:
    """NMF and the row weights; an unconverged fit still gives usable topics for browsing."""
    model = NMF(k, init="nndsvda", random_state=_SEED, max_iter=200, tol=1e-3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        weights = model.fit_transform(x)
    return model, weights


def _choose_k(x, fit_rows: np.ndarray, candidates: range,
              rng: np.random.Generator) -> tuple[int, dict[int, float]]:
    """The k whose topics are most coherent: mean NPMI of each NMF component's top terms over
    the documents of a sample. The smallest k within coherence_tolerance of the best wins
    (fewer, broader topics when more do not read better)."""
    rows = rng.choice(fit_rows, min(len(fit_rows), _SILHOUETTE_SAMPLE), replace=False)
    binary = (x[rows] > 0).astype(np.float64).tocsc()
    n_top = int(config()["coherence_terms"])
    scores = {}
    for k in candidates:
        if k >= len(rows):
            break
        model, _ = _nmf(x[rows], k)
        top = [np.argsort(-c)[:n_top] for c in model.components_]
        scores[k] = float(np.mean(npmi(binary, top)))
    if not scores:
        return min(2, len(fit_rows)), scores
    best = max(scores.values())
    tolerance = float(config()["coherence_tolerance"])
    return min(k for k, v in scores.items() if v >= best - tolerance), scores


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
    labels = np.full(len(texts), NO_TOPIC)
    fit_labels = _assign(weights)
    labels[fit_rows] = fit_labels
    if label_all and len(fit_rows) < len(filled):
        rest = np.setdiff1d(filled, fit_rows)
        labels[rest] = _assign(np.asarray(vec.transform([lemma_texts[i] for i in rest]) @ model.components_.T))
    terms = np.array(vec.get_feature_names_out())
    distinct = _class_tfidf((x > 0).astype(np.float64), fit_labels, k)
    binary = (x > 0).astype(np.float64).tocsc()
    n_top = int(config()["coherence_terms"])
    coherence = npmi(binary, [np.argsort(-c)[:n_top] for c in model.components_])
    rows = []
    for topic in range(k):
        top = _phrases(terms, distinct[topic], _TOP_TERMS)
        in_topic = np.flatnonzero(fit_labels == topic)
        closest = fit_rows[in_topic[np.argsort(-weights[in_topic, topic])[:_EXAMPLES]]]
        members = np.flatnonzero(labels == topic)
        rows.append({"topic": topic, "name": ", ".join(top[:int(config()["name_phrases"])]), "terms": top,
                     "size": len(members), "examples": [texts[i] for i in closest],
                     "coherence": round(coherence[topic], 4)})
    local = np.arange(len(fit_rows))
    if len(local) > cfg["map_points"]:
        local = np.sort(rng.choice(local, cfg["map_points"], replace=False))
    xy = TruncatedSVD(2, random_state=_SEED).fit_transform(x[local]) if x.shape[1] > 2 else np.zeros((len(local), 2))
    projection = pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1], "topic": labels[fit_rows[local]],
                               "row": fit_rows[local]})
    labelled = fit_rows if not label_all else filled
    no_topic = int((labels[labelled] == NO_TOPIC).sum())
    model_ = TopicModel(terms.tolist(), vec.idf_, model.components_, len(filled))
    return Discovery(k, labels, pd.DataFrame(rows, columns=["topic", "name", "terms", "size", "examples",
                                                            "coherence"]),
                     projection, scores, no_topic, model_)


def new_theme_candidates(df: pd.DataFrame, limit: int | None = 50) -> pd.DataFrame:
    """Contributions that fit no fixed theme well: 'onzeker' or a low theme score, weakest first
    (all of them when limit is None)."""
    score = df["theme_score"].astype("Float64").fillna(0.0)
    weak = (df["theme"] == schema.UNCERTAIN_THEME) | (score < float(config()["new_theme_below"]))
    out = df.loc[weak.fillna(True)].assign(_s=score).sort_values("_s", kind="stable").drop(columns="_s")
    return out if limit is None else out.head(limit)
