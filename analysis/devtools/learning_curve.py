"""How much the theme model gains from people's corrections: a simulation on the fictional
consultation, whose generator knows each answer's true theme (devtools stage).

Correct 2%, 5%, 10% and 20% of the answers (chosen where the model is least sure, and at
random), retrain with them as human codes, and measure the primary theme's accuracy on the rest
(text only). Everything is lemmatised once; the model without corrections is the stored one
(theme_model.labelled_model()), predicted once; each retrain starts its solver from the weights
of a model fitted on a subset of its examples (theme_model.fit(start=...): the same optimum, the
loss being convex, in fewer iterations).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core import config
from analysis.devtools.generator import generate_with_truth
from analysis.enrich import nlp, theme_model

FRACTIONS = (0.02, 0.05, 0.1, 0.2)


def _answers(n_respondents: int, seed: int) -> pd.DataFrame:
    """One row per themed answer: text, truth (theme ids a right answer may have)."""
    wide, truth = generate_with_truth(n_respondents, seed=seed)
    long = wide.melt(id_vars=["respondent_id"], value_vars=list(truth["question"].unique()),
                     var_name="question", value_name="text")
    df = long.merge(truth, on=["respondent_id", "question"])
    df = df[(df["kind"] == "thema") & df["text"].notna()].reset_index(drop=True)
    df["gold"] = [{t for t in (a, b) if isinstance(t, str)} for a, b in zip(df["theme"], df["theme2"])]
    return df


def _hits(model, lemmas: list[list[str]], gold: list[set[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Per answer: is the primary theme one of the right ones, and the model's confidence."""
    proba, _ = model.predict(lemmas)
    predicted = np.array(model.theme_ids)[proba.argmax(axis=1)]
    return np.array([p in g for p, g in zip(predicted, gold)]), proba.max(axis=1)


def learning_curve(n_respondents: int = 300, seed: int = 0,
                   fractions: tuple[float, ...] = FRACTIONS) -> dict:
    """{n, weight, baseline, rows: [{fraction, strategy, corrected, accuracy, baseline_rest}]}."""
    weight = float(config.data_toml("review.toml")["retrain"]["weight"])
    df = _answers(n_respondents, seed)
    texts, labels, weights = theme_model.training_examples()
    base_lemmas = nlp.lemmatize(texts)
    lemmas = nlp.lemmatize(df["text"].tolist())
    gold = df["gold"].tolist()
    base = theme_model.labelled_model()  # = fit(base_lemmas, labels, weights), kept in data/store/
    base_hits, confidence = _hits(base, lemmas, gold)
    rng = np.random.default_rng(seed)
    rows, start = [], {"onzekerheid": base, "willekeurig": base}
    for fraction in fractions:
        k = max(1, round(fraction * len(df)))
        for strategy, chosen in (("onzekerheid", np.argsort(confidence, kind="stable")[:k]),
                                 ("willekeurig", rng.permutation(len(df))[:k])):
            rest = np.setdiff1d(np.arange(len(df)), chosen)
            model = theme_model.fit([*base_lemmas, *[lemmas[i] for i in chosen]],
                                    [*labels, *df["theme"].iloc[chosen].tolist()],
                                    [*weights, *[weight] * k], start=start[strategy])
            if strategy == "onzekerheid":  # nested sets: the next fraction starts from this one
                start[strategy] = model
            hits, _ = _hits(model, [lemmas[i] for i in rest], [gold[i] for i in rest])
            rows.append({"fraction": fraction, "strategy": strategy, "corrected": int(k),
                         "accuracy": round(float(hits.mean()), 4),
                         "baseline_rest": round(float(base_hits[rest].mean()), 4)})
    return {"n": len(df), "respondents": n_respondents, "weight": weight,
            "baseline": round(float(base_hits.mean()), 4), "rows": rows}
