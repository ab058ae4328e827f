"""Quality of theme assignment and discovery, measured against labelled data (enrich stage).

`python -m analysis evaluate` runs evaluate() and caches the figures in
data/evaluation.json; the "Over deze analyse" page reads them through
evaluation_summary() without recomputing anything.

Figures:
- werksessie, with context: primary theme vs the onderwerp's theme, on the
  June and November reports as the harvest parser reads them (what the store holds);
- werksessie, text only, cross-validated: the classifier is retrained without
  the fold it is tested on (no in-sample flattery);
- dev sentences (written for tuning, never trained on) and held-out sentences
  from documents the classifier never saw: share whose primary theme is among
  the hand-labelled themes;
- discovery vs onderwerpen: NMI and ARI;
- standpunt on the held-out split of data/labelled/standpunt.csv: accuracy and F1 per class.
A prediction counts as right for an onderwerp that maps to several themes
(e.g. "Normering, vergunningen, toezicht en handhaving") when it is one of them.
"""
from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score, f1_score, normalized_mutual_info_score

from analysis.core import config, files, paths, schema
from analysis.enrich import labelled, nlp, taxonomy, theme_model
from analysis.enrich.discover import discover
from analysis.enrich.themes import assign_themes

RESULTS = paths.DATA_DIR / "evaluation.json"
_FOLDS = 5


def _werksessie_contributions() -> pd.DataFrame:
    """The June and November reports as parsed by the harvest parser (as the store holds them)."""
    from analysis.harvest import parse_path

    files = [f for f in config.default_files() if f.name.startswith("werksessie-")]
    frames = [parse_path(f).contributions for f in files]
    df = pd.concat(frames, ignore_index=True)
    df["gold"] = df["topic"].map(lambda t: taxonomy.topic_themes(t))
    return df[df["gold"].map(len) > 0].reset_index(drop=True)


def _scores(predicted: list[str], gold: list[list[str]]) -> dict:
    """Macro-F1 and accuracy; a prediction within a multi-theme gold set counts as that theme."""
    truth = [p if p in g else g[0] for p, g in zip(predicted, gold)]
    labels = sorted({t for g in gold for t in g})
    return {
        "macro_f1": round(float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)), 4),
        "accuracy": round(float(np.mean([p in g for p, g in zip(predicted, gold)])), 4),
        "uncertain": int(sum(p == schema.UNCERTAIN_THEME for p in predicted)),
        "n": len(predicted),
    }


def werksessie_with_context(df: pd.DataFrame) -> dict:
    themed = assign_themes(df.drop(columns=["gold"]))
    return _scores(themed["theme"].tolist(), df["gold"].tolist())


def werksessie_text_only_cv(folds: int = _FOLDS) -> dict:
    """Text only; each bullet is scored by a model trained without its fold."""
    ws = labelled.werksessie()
    rng = np.random.default_rng(7)
    fold = rng.integers(0, folds, len(ws))
    predicted = [""] * len(ws)
    threshold = taxonomy.setting("uncertain_below")
    for k in range(folds):
        model = theme_model.train(ws[fold != k])
        test = np.flatnonzero(fold == k)
        proba, _ = model.predict(nlp.lemmatize(ws["text"].iloc[test].tolist()))
        for i, row in zip(test, proba):
            best = int(row.argmax())
            predicted[i] = model.theme_ids[best] if row[best] >= threshold else schema.UNCERTAIN_THEME
    gold = [t.split(";") for t in ws["themes"]]
    return _scores(predicted, gold)


def _text_only(sentences: pd.DataFrame, group: str) -> dict:
    """Share of on-topic sentences whose primary theme is among the gold themes, overall and
    per `group`; sentences labelled 'geen' only count towards `off_topic_uncertain`."""
    themed = assign_themes(sentences[["text"]])
    gold = [t.split(";") for t in sentences["themes"]]
    on_topic = np.array([g != [labelled.OFF_TOPIC] for g in gold])
    uncertain = (themed["theme"] == schema.UNCERTAIN_THEME).to_numpy()
    hit = np.array([p in g for p, g in zip(themed["theme"], gold)])
    groups = sentences[group].to_numpy()
    by_group = {g: round(float(hit[on_topic & (groups == g)].mean()), 4)
                for g in sorted(set(groups[on_topic]))}
    result = {"primary_in_gold": round(float(hit[on_topic].mean()), 4), "n": int(on_topic.sum()),
              "uncertain": int(uncertain[on_topic].sum()), f"by_{group}": by_group}
    if (~on_topic).any():
        result["off_topic_uncertain"] = f"{int(uncertain[~on_topic].sum())}/{int((~on_topic).sum())}"
    return result


def dev_text_only() -> dict:
    """The sentences the model settings were tuned on (flattering by construction)."""
    return _text_only(labelled.dev(), "register")


def heldout_text_only() -> dict:
    return _text_only(labelled.heldout(), "source")


def discovery_agreement(df: pd.DataFrame) -> dict:
    """Discovery topics vs the onderwerpen of the werksessie bullets, at k = number of
    onderwerp themes and at the k discovery chooses itself: NMI and ARI on the bullets that got
    a topic, NMI on all bullets with "geen onderwerp" as one more group, topic coherence (mean
    NPMI of the top terms), and how many bullets had no distinctive word."""
    gold = np.array([g[0] for g in df["gold"]])
    texts = df["text"].tolist()
    lemmas = nlp.lemma_strings(texts)
    out: dict = {"n": len(df)}
    for name, k in (("", len(set(gold))), ("auto_", None)):
        result = discover(texts, k=k, lemma_texts=lemmas)
        keep = result.labels >= 0
        figures = {
            "k": result.k,
            "nmi": round(float(normalized_mutual_info_score(gold[keep], result.labels[keep])), 4),
            "ari": round(float(adjusted_rand_score(gold[keep], result.labels[keep])), 4),
            "nmi_all": round(float(normalized_mutual_info_score(gold, result.labels)), 4),
            "npmi": round(result.coherence, 4),
            "no_topic": int((~keep).sum()),
        }
        out.update({f"{name}{key}": value for key, value in figures.items()})
    return out


def standpunt_heldout() -> dict:
    """The standpunt classifier (trained on the train split only) on the held-out split of
    data/labelled/standpunt.csv: accuracy, F1 per standpunt, accuracy per register."""
    from analysis.enrich import standpunt

    df = standpunt.labelled_set()
    held = df[df["split"] == "heldout"]
    predicted, _ = standpunt.train().predict(held["text"].tolist(), held["section"].tolist())
    hit = np.array(predicted) == held["standpunt"].to_numpy()
    f1 = f1_score(held["standpunt"], predicted, labels=list(standpunt.STANDPUNTEN), average=None,
                  zero_division=0)
    return {"accuracy": round(float(hit.mean()), 4), "n": int(len(held)),
            "f1": {s: round(float(v), 4) for s, v in zip(standpunt.STANDPUNTEN, f1)},
            "macro_f1": round(float(np.mean(f1)), 4),
            "by_register": {r: round(float(hit[held["register"].to_numpy() == r].mean()), 4)
                            for r in sorted(set(held["register"]))}}


def evaluate(write: bool = True, extra: dict | None = None) -> dict:
    """Compute every figure (plus extra, figures a later stage measured); with write=True
    cache them in data/evaluation.json."""
    from analysis.enrich import deid_evaluation

    ws = _werksessie_contributions()
    result = {
        "computed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "pipeline": nlp.pipeline_info()["description"],
        "werksessie_context": werksessie_with_context(ws),
        "werksessie_text_only_cv": werksessie_text_only_cv(),
        "dev_text_only": dev_text_only(),
        "heldout_text_only": heldout_text_only(),
        "discovery_vs_onderwerp": discovery_agreement(ws),
        "standpunt_heldout": standpunt_heldout(),
        "deidentify": deid_evaluation.evaluate_set(),
        **(extra or {}),
    }
    if write:
        files.write_text_atomically(json.dumps(result, indent=2, ensure_ascii=False), RESULTS)
    return result


def evaluation_summary(path: Path = RESULTS) -> dict:
    """The cached figures for the 'Over deze analyse' page; {} when evaluate has not run yet."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
