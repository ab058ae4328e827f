"""The standpunt classifier: steunt, bezwaar, zorg_vraag or voorstel per contribution (enrich stage).

A logistic regression on three blocks of evidence, stacked into one sparse matrix:
  - TF-IDF of word 1-2-grams of the lower-cased text (character n-grams beside them were one
    sentence better in cross-validation on the train split and cost 4 of 7 seconds on 20,000
    answers: left out),
  - cue phrases per standpunt from data/standpunt.toml ("goed dat", "niet eens", "waarom",
    "zou moeten"), a cue shortly after a negation ("niet goed dat", "geen bezwaar") counting
    for the standpunt of [negation.flip], plus whether the text asks a question,
  - the section's prior (sterk -> steunt, zwak -> zorg_vraag/bezwaar, advies -> voorstel).
Trained on the train split of data/labelled/standpunt.csv (the held-out split is only measured,
by analysis.enrich.evaluation) plus, once people corrected standpunten, their corrections
(analysis.tracker.learning.retrain_standpunt). Fitting takes well under a second; the fitted
model is cached in data/store/ keyed on the labelled data and the cue file.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import joblib
import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from analysis.core import config, files, paths
from analysis.enrich import labelled

STANDPUNTEN: tuple[str, ...] = ("steunt", "bezwaar", "zorg_vraag", "voorstel")
MODEL_VERSION = "2"
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+)[^\w]*([^\W\d_]+)", re.UNICODE)
_CHUNK = 20_000


def settings() -> dict:
    return config.data_toml("standpunt.toml")


def label(standpunt: str) -> str:
    """'zorg_vraag' -> 'zorg of vraag' (what people read)."""
    return settings()["labels"].get(standpunt, standpunt)


@lru_cache(maxsize=1)
def _cue_map() -> tuple[dict[tuple[str, ...], list[int]], int]:
    """Every cue's words -> the standpunten it counts for, and the longest cue in words."""
    cues = settings()["cues"]
    found: dict[tuple[str, ...], list[int]] = {}
    for s in STANDPUNTEN:
        for c in cues[s]:
            found.setdefault(tuple(c.split()), []).append(STANDPUNTEN.index(s))
    return found, max(len(k) for k in found)


def cue_features(texts: list[str], sections: list[str]) -> np.ndarray:
    """Per text: cue hits per standpunt (negation-flipped; a sentence starting with a request
    verb counts for voorstel), 'asks a question', section prior."""
    s = settings()
    negations, window = set(s["negation"]["words"]), int(s["negation"]["window"])
    flip = {STANDPUNTEN.index(a): STANDPUNTEN.index(b) for a, b in s["negation"]["flip"].items()}
    priors, starts = s["section_prior"], set(s["imperative"]["starts"])
    m = s["model"]
    voorstel = STANDPUNTEN.index("voorstel")
    cue_map, longest = _cue_map()
    out = np.zeros((len(texts), 2 * len(STANDPUNTEN) + 1))
    for i, (text, section) in enumerate(zip(texts, sections)):
        lowered = str(text).lower()
        words = _WORD.findall(lowered)
        out[i, voorstel] += sum(1 for first in _SENTENCE_START.findall(lowered) if first in starts)
        for j in range(len(words)):
            for n in range(1, longest + 1):
                for k in cue_map.get(tuple(words[j:j + n]), ()) if j + n <= len(words) else ():
                    negated = any(w in negations for w in words[max(0, j - window):j])
                    out[i, flip.get(k, k) if negated else k] += 1
        out[i, :len(STANDPUNTEN)] = m["cue_weight"] * np.log1p(out[i, :len(STANDPUNTEN)])
        out[i, len(STANDPUNTEN)] = m["cue_weight"] * float("?" in str(text))
        for name in priors.get(str(section), []):
            out[i, len(STANDPUNTEN) + 1 + STANDPUNTEN.index(name)] = m["prior_weight"]
    return out


@dataclass
class StandpuntModel:
    words: TfidfVectorizer
    classifier: LogisticRegression

    def features(self, texts: list[str], sections: list[str]) -> sp.csr_matrix:
        lowered = [str(t).lower() for t in texts]
        return sp.hstack([self.words.transform(lowered),
                          sp.csr_matrix(cue_features(texts, sections))]).tocsr()

    def predict(self, texts: list[str], sections: list[str]) -> tuple[list[str], np.ndarray]:
        """(standpunt per text, probability of it)."""
        labels: list[str] = []
        scores = [np.zeros(0)]
        for start in range(0, len(texts), _CHUNK):
            proba = self.classifier.predict_proba(self.features(texts[start:start + _CHUNK],
                                                                sections[start:start + _CHUNK]))
            best = proba.argmax(axis=1)
            labels += [str(self.classifier.classes_[b]) for b in best]
            scores.append(proba[np.arange(len(best)), best])
        return labels, np.concatenate(scores)


def labelled_set() -> pd.DataFrame:
    """data/labelled/standpunt.csv (text, register, standpunt, split) with the section each text
    would have in the store: the werksessie bullet's own section, 'antwoord' for consultation."""
    df = pd.read_csv(labelled.STANDPUNT, dtype=str, keep_default_na=False)
    sections = dict(zip(labelled.werksessie()["text"], labelled.werksessie()["section"]))
    df["section"] = [sections.get(t, "") if r == "werksessie" else "antwoord"
                     for t, r in zip(df["text"], df["register"])]
    return df


def fit(texts: list[str], sections: list[str], labels: list[str],
        weights: list[float] | None = None) -> StandpuntModel:
    lowered = [str(t).lower() for t in texts]
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b").fit(lowered)
    model = StandpuntModel(words, LogisticRegression(
        C=float(settings()["model"]["C"]), max_iter=5000, class_weight="balanced"))
    model.classifier.fit(model.features(texts, sections), labels,
                         sample_weight=None if weights is None else np.asarray(weights))
    return model


def train(human: tuple[list[str], list[str], list[str]] | None = None) -> StandpuntModel:
    """Fitted on the train split; human = (texts, sections, standpunten) people set, each with
    [model] human_weight."""
    df = labelled_set()
    df = df[df["split"] == "train"]
    texts, sections, labels = df["text"].tolist(), df["section"].tolist(), df["standpunt"].tolist()
    weights = [1.0] * len(texts)
    if human is not None:
        texts, sections, labels = texts + human[0], sections + human[1], labels + human[2]
        weights += [float(settings()["model"]["human_weight"])] * len(human[0])
    return fit(texts, sections, labels, weights)


def _key() -> str:
    h = hashlib.sha1(labelled.STANDPUNT.read_bytes())
    h.update((paths.DATA_DIR / "standpunt.toml").read_bytes())
    h.update((paths.DATA_DIR / "labelled" / "werksessie.csv").read_bytes())
    return f"{MODEL_VERSION}-{h.hexdigest()[:12]}"


def human_model_path():
    return paths.STORE_DIR / "human-standpunt-model.joblib"


def save_human_model(model: StandpuntModel, n_codes: int) -> None:
    """Keep the model retrained with n_codes human standpunten; get_model() uses it from now on."""
    path = human_model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    files.dump_atomically({"key": _key(), "n_codes": int(n_codes), "model": model}, path)
    get_model.cache_clear()


@lru_cache(maxsize=1)
def get_model() -> StandpuntModel:
    """The model retrained with people's standpunten when there is one for the current labelled
    data, else the one fitted on the labelled data (cached in data/store/)."""
    try:
        saved = joblib.load(human_model_path())
        if saved.get("key") == _key():
            return saved["model"]
    except Exception:  # none yet, or unreadable: the labelled-data model
        pass
    return files.cached_model(paths.STORE_DIR, "standpunt_model", _key(), train)


def classify(texts: list[str], sections: list[str]) -> tuple[list[str], np.ndarray]:
    """Standpunt and its probability for each text."""
    if not texts:
        return [], np.zeros(0)
    return get_model().predict(texts, sections)
