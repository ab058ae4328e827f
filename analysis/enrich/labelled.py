"""Labelled data in data/labelled/: what the theme classifier learns from and is judged on (enrich stage).

werksessie.csv  bullets of the June and November werksessie reports with the theme
                ids of their onderwerp (`themes`, via topic_patterns in taxonomy.toml) and,
                for a few bullets whose own words clearly speak to another theme, those
                themes by hand (`own_themes`).
training.csv    sentences written for this project (not taken from any source
                document), incl. off-topic ones labelled 'geen'.
dev.csv         sentences written for this project in the register of policy letters,
                advisory reports and consultation answers, labelled by hand; used to
                tune the model and its settings (never trained on), incl. a few 'geen'.
heldout.csv     sentences from documents the classifier never saw, labelled by hand;
                used only by `evaluate`, never for training or tuning.
sections.csv    suggestions of the June and November 2024 reports with the concept version 4
                section(s) a reader would link them to (`gold`, ';'-joined) and why (`note`);
                `split` dev (the tracing weights are tuned on it) or heldout (only measured).
                Judges the link proposals (analysis.tracker.evaluation), not the themes.
standpunt.csv   werksessie bullets and consultation-style sentences with their standpunt
                (analysis.enrich.standpunt); split 'train' is learned from, 'heldout' only
                measured.
"""
from __future__ import annotations

import hashlib

import pandas as pd

from analysis.core import paths

LABELLED_DIR = paths.DATA_DIR / "labelled"
WERKSESSIE = LABELLED_DIR / "werksessie.csv"
TRAINING = LABELLED_DIR / "training.csv"
DEV = LABELLED_DIR / "dev.csv"
HELDOUT = LABELLED_DIR / "heldout.csv"
SECTIONS = LABELLED_DIR / "sections.csv"
STANDPUNT = LABELLED_DIR / "standpunt.csv"
OFF_TOPIC = "geen"  # label of training sentences that fit no theme


def _read(path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype="string", keep_default_na=False)
    df["themes"] = df["themes"].str.strip()
    return df


def werksessie() -> pd.DataFrame:
    """Columns document, topic, section, text, themes (of the onderwerp), own_themes (by hand)."""
    return _read(WERKSESSIE)


def training_sentences() -> pd.DataFrame:
    """Columns text, themes ('geen' for sentences that fit no theme)."""
    return _read(TRAINING)


def dev() -> pd.DataFrame:
    """Columns text, themes ('geen' for off-topic), register (beleid, advies, raadpleging)."""
    return _read(DEV)


def heldout() -> pd.DataFrame:
    """Columns text, themes, source."""
    return _read(HELDOUT)


def sections() -> pd.DataFrame:
    """Columns text, document, gold (';'-joined section numbers), split (dev/heldout), note."""
    return pd.read_csv(SECTIONS, dtype="string", keep_default_na=False)


def training_hash() -> str:
    """Changes whenever anything the classifier is trained on changes (nlp.toml holds the
    lemma corrections, which change the features)."""
    h = hashlib.sha1()
    for path in (WERKSESSIE, TRAINING, paths.DATA_DIR / "taxonomy.toml", paths.DATA_DIR / "nlp.toml"):
        h.update(path.read_bytes())
    return h.hexdigest()[:12]
