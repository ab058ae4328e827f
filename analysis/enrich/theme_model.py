"""The text-only theme classifier: features, training on data/labelled/, a cached fitted model (enrich stage).

Three kinds of evidence, stacked into one sparse matrix for a logistic regression:
  - TF-IDF of lemma 1-2-grams (what is said),
  - TF-IDF of character 3-5-grams of the lemmas (compounds share evidence with
    their parts: vergunningverlening ~ vergunning, omgevingsdiensten ~ OD),
  - seed-term hits per theme from data/taxonomy.toml (abbreviations and
    loanwords people actually write: VTH, ZZS, pricing, level playing field).
Training takes about a second; the fitted model is kept in data/store/ keyed on
a hash of the labelled data and taxonomy, so a cold start only loads it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import (
    CountVectorizer,
    TfidfTransformer,
    TfidfVectorizer,
)
from sklearn.linear_model import LogisticRegression

from analysis.core import files, paths
from analysis.enrich import labelled, nlp, taxonomy
from analysis.enrich.ngrams import NgramVocabulary, Tokens, tfidf

MODEL_VERSION = "5"  # bump when features, weights or lemmatisation change
_CHUNK = 20_000
# Block weights and C chosen on data/labelled/dev.csv (docs/NLP.md): character n-grams
# carry policy prose (long compounds) best; a strong seed block made the model lean on
# single words ("optelsom" -> cumulatie) and lost about 8 points there.
_CHAR_WEIGHT = 1.5
_SEED_WEIGHT = 0.25
_C = 10.0
# Sample weights: a sentence's first label counts fully, further labels and bare seed terms less.
_W_PRIMARY, _W_SECONDARY, _W_SEED = 1.0, 0.5, 0.3
# Werksessie bullets are terse and labelled by their onderwerp, not their own words; at half
# weight they no longer outvote the written sentences (about 2 points on dev).
_W_WERKSESSIE = 0.5


@dataclass
class Seeds:
    """Lemmatised seed phrases and their phrase -> theme matrix."""

    vectoriser: CountVectorizer
    to_theme: sp.csr_matrix

    @classmethod
    def build(cls) -> Seeds:
        phrases: dict[str, set[int]] = {}
        for j, theme in enumerate(taxonomy.themes()):
            for phrase in nlp.lemma_strings(theme.seeds):
                if phrase:
                    phrases.setdefault(phrase, set()).add(j)
        vocab = sorted(phrases)
        longest = max(len(p.split()) for p in vocab)
        vec = CountVectorizer(vocabulary=vocab, ngram_range=(1, longest), token_pattern=r"\S+",
                              lowercase=False)
        pairs = [(i, j) for i, p in enumerate(vocab) for j in phrases[p]]
        rows, cols = zip(*pairs)
        to_theme = sp.csr_matrix((np.ones(len(pairs)), (rows, cols)),
                                 shape=(len(vocab), len(taxonomy.theme_ids())))
        return cls(vec, to_theme)

    @cached_property
    def _phrases(self) -> NgramVocabulary:
        vocab = self.vectoriser.vocabulary  # the phrase list it was built with (columns in that order)
        return NgramVocabulary(vocab if isinstance(vocab, dict) else {p: i for i, p in enumerate(vocab)})

    def evidence(self, lemma_texts: list[str] | Tokens) -> np.ndarray:
        """Per text and theme: 1 - exp(-hits), so one hit gives 0.63 and more saturate to 1."""
        tokens = lemma_texts if isinstance(lemma_texts, Tokens) else Tokens.of([t.split() for t in lemma_texts])
        hits = (self._phrases.counts(tokens) @ self.to_theme).toarray()
        return 1.0 - np.exp(-hits)


@dataclass
class ThemeModel:
    words: TfidfVectorizer
    char_columns: np.ndarray  # hashed char n-gram columns seen in training
    chars: TfidfTransformer
    seeds: Seeds
    classifier: LogisticRegression
    theme_ids: list[str]

    @cached_property
    def _word_ngrams(self) -> NgramVocabulary:
        return NgramVocabulary(self.words.vocabulary_)

    def features(self, lemma_lists: list[list[str]]) -> tuple[sp.csr_matrix, np.ndarray]:
        """One sparse matrix for all texts; n-grams are counted as integer codes (analysis.enrich.ngrams),
        equal to the fitted vectorisers' transform on the joined lemmas."""
        tokens = Tokens.of(lemma_lists)
        seed_ev = self.seeds.evidence(tokens)
        w = self.words
        x = sp.hstack([
            tfidf(self._word_ngrams.counts(tokens), w.idf_, w.sublinear_tf, w.norm),
            _CHAR_WEIGHT * self.chars.transform(nlp.char_ngram_counts(lemma_lists, self.char_columns)),
            sp.csr_matrix(_SEED_WEIGHT * seed_ev),
        ]).tocsr()
        return x, seed_ev

    def predict(self, lemma_lists: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """(probabilities over theme_ids, seed evidence); probability mass of 'geen' is left out."""
        cols = [list(self.classifier.classes_).index(t) for t in self.theme_ids]
        probas, seeds = [np.zeros((0, len(cols)))], [np.zeros((0, len(cols)))]
        for start in range(0, len(lemma_lists), _CHUNK):  # bounded memory on 100k rows
            x, seed_ev = self.features(lemma_lists[start:start + _CHUNK])
            probas.append(self.classifier.predict_proba(x)[:, cols])
            seeds.append(seed_ev)
        return np.vstack(probas), np.vstack(seeds)


def _add(examples: tuple[list, list, list], text: str, ids: list[str], weights: list[float]) -> None:
    for theme, weight in zip(ids, weights):
        examples[0].append(text)
        examples[1].append(theme)
        examples[2].append(weight)


def training_examples(werksessie: pd.DataFrame | None = None) -> tuple[list[str], list[str], list[float]]:
    """(texts, labels, weights) from the labelled files and the seed terms.

    A werksessie bullet is labelled with its onderwerp's theme(s), sharing
    _W_WERKSESSIE of weight; where its own words clearly speak to other themes (`own_themes`,
    e.g. "Frame het ook als gezondheid" under the continu-gesprek onderwerp), those
    lead and the onderwerp follows with half weight.
    """
    ws = labelled.werksessie() if werksessie is None else werksessie
    examples: tuple[list, list, list] = ([], [], [])
    for text, themes, own in zip(ws["text"], ws["themes"], ws["own_themes"]):
        topic_ids = [t for t in str(themes).split(";") if t]
        own_ids = [t for t in own.split(";") if t]
        if own_ids:
            rest = [t for t in topic_ids if t not in own_ids]
            _add(examples, text, own_ids + rest,
                 [_W_WERKSESSIE * w for w in [_W_PRIMARY] + [_W_SECONDARY] * (len(own_ids) + len(rest) - 1)])
        else:
            _add(examples, text, topic_ids, [_W_WERKSESSIE / len(topic_ids)] * len(topic_ids))
    for text, themes in zip(*labelled.training_sentences()[["text", "themes"]].T.values):
        ids = [t for t in str(themes).split(";") if t]
        _add(examples, text, ids, [_W_PRIMARY] + [_W_SECONDARY] * (len(ids) - 1))
    for theme in taxonomy.themes():
        for seed in (theme.label, *theme.seeds):
            _add(examples, seed, [theme.id], [_W_SEED])
    return examples


def train(werksessie: pd.DataFrame | None = None,
          human: tuple[list[str], list[str], float] | None = None) -> ThemeModel:
    """The model fitted on the labelled data; human = (texts, primary theme ids, weight) adds
    contributions whose themes a person confirmed (analysis.tracker.learning)."""
    texts, labels, weights = training_examples(werksessie)
    if human is not None:
        texts, labels = [*texts, *human[0]], [*labels, *human[1]]
        weights = [*weights, *[float(human[2])] * len(human[0])]
    return fit(nlp.lemmatize(texts), labels, weights)


def fit(lemma_lists: list[list[str]], labels: list[str], weights: list[float],
        start: ThemeModel | None = None) -> ThemeModel:
    """Fit features and classifier on lemmatised examples (train() lemmatises; simulations that
    refit many times lemmatise once). With start (a model fitted on a subset of these examples)
    the solver starts from its weights: the same optimum (the loss is convex), reached in a
    fraction of the iterations."""
    joined = [" ".join(lemmas) for lemmas in lemma_lists]
    words = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=(1, 2),
                            sublinear_tf=True).fit(joined)
    char_counts = nlp.char_ngram_counts(lemma_lists)
    char_columns = np.unique(char_counts.indices)
    chars = TfidfTransformer(sublinear_tf=True).fit(char_counts[:, char_columns])
    classifier = LogisticRegression(C=_C, max_iter=5000, class_weight="balanced",
                                    warm_start=start is not None)
    model = ThemeModel(words, char_columns, chars, Seeds.build(), classifier, taxonomy.theme_ids())
    x, _ = model.features(lemma_lists)
    if start is not None and set(start.classifier.classes_) == set(labels):
        classifier.coef_ = _carried_weights(start, model)
        classifier.intercept_ = start.classifier.intercept_.copy()
    model.classifier.fit(x, labels, sample_weight=np.asarray(weights))
    return model


def _carried_weights(old: ThemeModel, new: ThemeModel) -> np.ndarray:
    """old's coefficients placed on new's feature columns (words by term, character n-grams by
    hashed column, seeds as they are); columns old did not have start at 0."""
    coef = old.classifier.coef_
    n_words, n_chars = len(new.words.vocabulary_), len(new.char_columns)
    out = np.zeros((coef.shape[0], n_words + n_chars + coef.shape[1] - len(old.words.vocabulary_)
                    - len(old.char_columns)))
    vocab = old.words.vocabulary_
    pairs = [(j, vocab[t]) for t, j in new.words.vocabulary_.items() if t in vocab]
    if pairs:
        new_j, old_j = map(np.asarray, zip(*pairs))
        out[:, new_j] = coef[:, old_j]
    pos = np.searchsorted(old.char_columns, new.char_columns)
    pos = np.minimum(pos, len(old.char_columns) - 1)
    hit = old.char_columns[pos] == new.char_columns
    n_old_words = len(vocab)
    out[:, n_words + np.flatnonzero(hit)] = coef[:, n_old_words + pos[hit]]
    out[:, n_words + n_chars:] = coef[:, n_old_words + len(old.char_columns):]
    return out


def _key() -> str:
    return f"{MODEL_VERSION}-{labelled.training_hash()}-{nlp.pipeline_info()['model']}"


def human_model_path() -> Path:
    """Where the model retrained with people's theme codes is kept (analysis.tracker.learning)."""
    return paths.STORE_DIR / "human-theme-model.joblib"


def save_human_model(model: ThemeModel, n_codes: int) -> None:
    """Keep a model retrained with n_codes human codes; get_model() uses it from now on (as long
    as the labelled data it was built on are unchanged)."""
    path = human_model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    files.dump_atomically({"key": _key(), "n_codes": int(n_codes), "model": model}, path)
    get_model.cache_clear()


def human_model_codes() -> int:
    """How many human codes the model in use was retrained with (0: the labelled data only).
    The saved model is read once per version of its file (every theme save asks)."""
    path = human_model_path()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return 0
    return _codes_in(str(path), stamp, _key())


@lru_cache(maxsize=4)
def _codes_in(path: str, stamp: int, key: str) -> int:
    try:
        saved = joblib.load(path)
    except Exception:
        return 0
    return int(saved.get("n_codes", 0)) if saved.get("key") == key else 0


@lru_cache(maxsize=1)
def get_model() -> ThemeModel:
    """The fitted model: the one retrained with people's codes when there is one for the current
    labelled data, else labelled_model()."""
    if human_model_path().exists():
        try:
            saved = joblib.load(human_model_path())
            if saved.get("key") == _key():
                return saved["model"]
        except Exception:  # unreadable: fall back to the labelled-data model
            pass
    return labelled_model()


def labelled_model() -> ThemeModel:
    """The model fitted on the labelled data only (train()): from data/store/ when the labelled
    data are unchanged, else trained and saved."""
    return files.cached_model(paths.STORE_DIR, "theme_model", _key(), train)
