"""Theme assignment for contributions: the text's own evidence plus its context (enrich stage).

The classifier in analysis.enrich.theme_model scores the text alone. Context acts as a
prior on top: a werksessie bullet inherits the theme(s) its onderwerp heading
maps to (topic_patterns in data/taxonomy.toml), a consultation answer leans
towards what its question is about. The text's own strong evidence adds second
themes (a cumulatie bullet under the normering onderwerp carries both). Below
the threshold the theme is 'onzeker' rather than a forced guess.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core import schema
from analysis.enrich import nlp, taxonomy
from analysis.enrich.theme_model import get_model


def _column(df: pd.DataFrame, name: str) -> list[str]:
    if name not in df.columns:
        return [""] * len(df)
    return df[name].astype("string").fillna("").tolist()


def _prior(topics: list[str], questions: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Prior over themes per row and its weight: onderwerp first, else question, else none.
    Worked out once per distinct onderwerp and question, then indexed per row."""
    ids = taxonomy.theme_ids()
    topic_code, topic_values = pd.factorize(pd.Series(topics, dtype=object))
    by_topic = np.zeros((len(topic_values), len(ids)))
    for k, topic in enumerate(topic_values):
        found = taxonomy.topic_themes(topic) if topic else None
        if found:
            by_topic[k, [ids.index(t) for t in found]] = 1.0 / len(found)
    has_topic = by_topic.any(axis=1)
    prior = by_topic[topic_code] if len(topics) else np.zeros((0, len(ids)))
    weight = np.where(has_topic[topic_code], float(taxonomy.setting("topic_prior_weight")), 0.0)
    q_code, q_values = pd.factorize(pd.Series(questions, dtype=object))
    asked = np.array([bool(q) for q in q_values], dtype=bool)
    if asked.any():
        proba, _ = get_model().predict(nlp.lemmatize([q for q in q_values if q]))
        by_q = np.zeros((len(q_values), len(ids)))
        by_q[asked] = proba / np.maximum(proba.sum(axis=1, keepdims=True), 1e-9)
        use = (weight == 0) & asked[q_code]
        prior[use] = by_q[q_code[use]]
        weight[use] = taxonomy.setting("question_prior_weight")
    return prior, weight


def score_texts(texts: list[str], topics: list[str] | None = None,
                questions: list[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(combined scores with context, second-theme mask from the text's own words), rows x theme ids.
    The text-only part is computed once per distinct text (campaign answers repeat)."""
    codes, distinct = pd.factorize(pd.Series(texts, dtype=object))
    own, seed_ev = get_model().predict(nlp.lemmatize(distinct.tolist()))
    own, seed_ev = own[codes], seed_ev[codes]
    prior, weight = _prior(topics or [""] * len(texts), questions or [""] * len(texts))
    w = weight[:, None]
    combined = (1 - w) * own + w * prior
    # a seed-term hit makes a second theme count even when the classifier is lukewarm about it
    seeded = (seed_ev >= taxonomy.setting("seed_hit")) & (own >= taxonomy.setting("seed_second_min"))
    second = (own >= taxonomy.setting("second_theme_min")) | seeded
    return combined, np.where(second, own + seed_ev, 0.0)


def assign_themes(df: pd.DataFrame) -> pd.DataFrame:
    """Copy of df with theme, themes (';'-joined, primary first) and theme_score (0..1)."""
    out = df.copy()
    ids = np.array(taxonomy.theme_ids())
    combined, second = score_texts(_column(out, "text"), _column(out, "topic"), _column(out, "question"))
    primary = combined.argmax(axis=1) if len(out) else np.zeros(0, dtype=int)
    best = combined[np.arange(len(out)), primary]
    below = best < taxonomy.setting("uncertain_below")
    # primary first, then the second themes by falling strength: one code row per text, and the
    # ';'-joined string built once per distinct combination (there are few)
    order = np.argsort(-second, axis=1) if len(out) else np.zeros((0, len(ids)), dtype=int)
    extra = (np.take_along_axis(second, order, axis=1) > 0) & (order != primary[:, None])
    codes = np.hstack([primary[:, None], np.where(extra, order, -1)])
    combos, inverse = np.unique(codes, axis=0, return_inverse=True)
    joined = np.array([";".join(ids[c] for c in combo if c >= 0) for combo in combos] or [""], dtype=object)
    theme_col = np.where(below, schema.UNCERTAIN_THEME, ids[primary] if len(out) else np.array([], dtype=object))
    themes_col = np.where(below, None, joined[inverse.ravel()] if len(out) else np.array([], dtype=object))
    out["theme"] = pd.array(theme_col.astype(object), dtype="string")
    out["themes"] = pd.array(themes_col, dtype="string")
    out["theme_score"] = pd.array(np.round(best, 4), dtype="Float64")
    return out
