"""Theme assignment for contributions (first version: seed terms + onderwerp prior).

Evidence per theme comes from seed terms (data/taxonomy.toml) matched on lemmas;
the onderwerp heading of a werksessie bullet and the question of a consultation
answer act as a prior. Below the threshold the theme is 'onzeker', not forced.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from analysis import nlp, schema, taxonomy


@lru_cache(maxsize=1)
def _seed_model() -> tuple[CountVectorizer, sp.csr_matrix]:
    """Vectoriser over lemmatised seed phrases and its phrase -> theme matrix."""
    ids = taxonomy.theme_ids()
    phrases: dict[str, set[int]] = {}
    for j, theme in enumerate(taxonomy.themes()):
        for lemma_phrase in nlp.lemma_strings(theme.seeds):
            if lemma_phrase:
                phrases.setdefault(lemma_phrase, set()).add(j)
    vocab = sorted(phrases)
    longest = max(len(p.split()) for p in vocab)
    vec = CountVectorizer(vocabulary=vocab, ngram_range=(1, longest), token_pattern=r"\S+",
                          lowercase=False)
    rows, cols = zip(*[(i, j) for i, p in enumerate(vocab) for j in phrases[p]])
    to_theme = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(vocab), len(ids)))
    return vec, to_theme


def seed_evidence(lemma_texts: list[str]) -> np.ndarray:
    """Per text and theme: 1 - exp(-hits), a 0..1 evidence score from seed hits."""
    vec, to_theme = _seed_model()
    hits = (vec.transform(lemma_texts) @ to_theme).toarray()
    return 1.0 - np.exp(-hits)


def _prior(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Prior distribution over themes per row and its weight (0 = no context)."""
    ids = taxonomy.theme_ids()
    prior = np.zeros((len(df), len(ids)))
    weight = np.zeros(len(df))
    if "topic" in df.columns:
        w = taxonomy.setting("topic_prior_weight")
        for i, topic in enumerate(df["topic"].tolist()):
            found = taxonomy.topic_themes(topic if isinstance(topic, str) else None)
            if found:
                prior[i, [ids.index(t) for t in found]] = 1.0 / len(found)
                weight[i] = w
    if "question" in df.columns:
        questions = df["question"].astype("string").fillna("")
        unique = [q for q in questions.unique() if q]
        if unique:
            ev = dict(zip(unique, seed_evidence(nlp.lemma_strings(unique))))
            w = taxonomy.setting("question_prior_weight")
            for i, q in enumerate(questions.tolist()):
                if weight[i] == 0 and q and ev[q].sum() > 0:
                    prior[i] = ev[q] / ev[q].sum()
                    weight[i] = w
    return prior, weight


def assign_themes(df: pd.DataFrame) -> pd.DataFrame:
    """Copy of df with theme, themes (';'-joined, primary first) and theme_score."""
    out = df.copy()
    ids = np.array(taxonomy.theme_ids())
    texts = out["text"].astype("string").fillna("").tolist() if "text" in out.columns else [""] * len(out)
    own = seed_evidence(nlp.lemma_strings(texts))
    share = own / np.maximum(own.sum(axis=1, keepdims=True), 1e-9)
    strength = own.max(axis=1, keepdims=True)
    prior, weight = _prior(out)
    w = weight[:, None]
    score = (1 - w) * share * strength + w * prior
    primary = score.argmax(axis=1)
    best = score[np.arange(len(out)), primary]
    uncertain = best < taxonomy.setting("uncertain_below")
    second_min = taxonomy.setting("second_theme_min")
    themes_col, theme_col = [], []
    for i in range(len(out)):
        if uncertain[i]:
            theme_col.append(schema.UNCERTAIN_THEME)
            themes_col.append(pd.NA)
            continue
        extra = [ids[j] for j in np.argsort(-own[i]) if j != primary[i] and own[i, j] >= second_min]
        theme_col.append(ids[primary[i]])
        themes_col.append(";".join([ids[primary[i]], *extra]))
    out["theme"] = pd.array(theme_col, dtype="string")
    out["themes"] = pd.array(themes_col, dtype="string")
    out["theme_score"] = pd.array(np.round(best, 4), dtype="Float64")
    return out
