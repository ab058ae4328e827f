"""How much the theme model gains from people's corrections: a simulation on the fictional
consultation, whose generator knows each answer's true theme (devtools stage).

Correct 2%, 5%, 10% and 20% of the answers (chosen where the model is least sure, and at
random), retrain with them as human codes, and measure the primary theme's accuracy on the rest
(text only). Everything is lemmatised once, so each retrain is a refit: fast enough for CI on a
few hundred respondents.
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


def _accuracy(model, lemmas: list[list[str]], gold: list[set[str]]) -> tuple[float, np.ndarray]:
    proba, _ = model.predict(lemmas)
    ids = np.array(model.theme_ids)
    predicted = ids[proba.argmax(axis=1)]
    return float(np.mean([p in g for p, g in zip(predicted, gold)])), proba.max(axis=1)


def learning_curve(n_respondents: int = 300, seed: int = 0,
                   fractions: tuple[float, ...] = FRACTIONS) -> dict:
    """{n, weight, baseline, rows: [{fraction, strategy, corrected, accuracy, baseline_rest}]}."""
    weight = float(config.data_toml("review.toml")["retrain"]["weight"])
    df = _answers(n_respondents, seed)
    texts, labels, weights = theme_model.training_examples()
    base_lemmas = nlp.lemmatize(texts)
    lemmas = nlp.lemmatize(df["text"].tolist())
    gold = df["gold"].tolist()
    base = theme_model.fit(base_lemmas, labels, weights)
    baseline, confidence = _accuracy(base, lemmas, gold)
    rng = np.random.default_rng(seed)
    rows = []
    for fraction in fractions:
        k = max(1, round(fraction * len(df)))
        for strategy, chosen in (("onzekerheid", np.argsort(confidence, kind="stable")[:k]),
                                 ("willekeurig", rng.permutation(len(df))[:k])):
            rest = np.setdiff1d(np.arange(len(df)), chosen)
            model = theme_model.fit([*base_lemmas, *[lemmas[i] for i in chosen]],
                                    [*labels, *df["theme"].iloc[chosen].tolist()],
                                    [*weights, *[weight] * k])
            acc, _ = _accuracy(model, [lemmas[i] for i in rest], [gold[i] for i in rest])
            before, _ = _accuracy(base, [lemmas[i] for i in rest], [gold[i] for i in rest])
            rows.append({"fraction": fraction, "strategy": strategy, "corrected": int(k),
                         "accuracy": round(acc, 4), "baseline_rest": round(before, 4)})
    return {"n": len(df), "respondents": n_respondents, "weight": weight,
            "baseline": round(baseline, 4), "rows": rows}
