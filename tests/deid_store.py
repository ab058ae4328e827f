"""A store holding the de-identification evaluation set (data/labelled/deidentify.csv) as a
consultation export, with a published decision on one answer: the public must see none of its
personal data. Shared by the AppTest and the browser test. Import as `from deid_store import ...`."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.enrich import deid_evaluation
from analysis.ingest.pipeline import ingest_paths
from analysis.store.store import Store
from analysis.tracker import decisions

QUESTION = "Wat moet de overheid volgens u doen om het milieu te verbeteren?"


def personal_data() -> list[str]:
    """Every marked personal datum of the set."""
    return [datum for text in deid_evaluation.load_set()["text"]
            for _, datum in deid_evaluation.parse(text)[1]]


def build(tmp: Path) -> Store:
    texts = [deid_evaluation.parse(t)[0] for t in deid_evaluation.load_set()["text"]]
    export = pd.DataFrame({"respondent_id": [f"R{i:04d}" for i in range(len(texts))],
                           "datum": "2023-06-20", "fictief": "ja", QUESTION: texts})
    csv = tmp / "raadpleging-fictief-deidentify.csv"
    export.to_csv(csv, index=False)
    store = Store(url=f"sqlite:///{tmp / 'store.sqlite'}")
    ingest_paths(store, [csv])
    first = store.load_contributions()
    sid = first.loc[first["section"] == "antwoord", "id"].iloc[0]
    decisions.save_decision(store, sid, "v4", decisions.Decision(
        "niet_verwerkt", None, "Dit past beter bij het gemeentelijk beleid.", published=True),
        0, "test@minienw.example", "editor")
    return store


def leaked(text: str) -> list[str]:
    """The personal data of the set that occur in text (as whole words)."""
    return [d for d in personal_data()
            if re.search(rf"(?<![\w@.]){re.escape(d)}(?![\w@])", text)]
