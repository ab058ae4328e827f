"""Page data of "Over deze analyse": the source documents, the evaluation figures (views stage)."""
from __future__ import annotations

import pandas as pd

from analysis.core import dutch
from analysis.core.labels import labels, source_label
from analysis.enrich import taxonomy


def documents_table(documents: pd.DataFrame) -> pd.DataFrame:
    """The stored source documents with Dutch headers."""
    if documents is None or documents.empty:
        return pd.DataFrame(columns=["Document", "Bron", "Formaat", "Bijdragen", "Ingelezen"])
    return pd.DataFrame({
        "Document": documents["document"],
        "Bron": documents["source_type"].map(source_label),
        "Formaat": documents["format"],
        "Bijdragen": documents["n_rows"],
        "Ingelezen": dutch.moments(documents["imported_at"]),
    })


def evaluation_table(summary: dict) -> pd.DataFrame:
    """The figures of `evaluate` with their Dutch description (data/labels.toml [evaluation])."""
    rows = []
    for key, description in labels()["evaluation"].items():
        group, metric = key.split(".", 1)
        figures = summary.get(group) or {}
        if isinstance(figures.get(metric), (int, float)):
            rows.append({"Meting": description, "Waarde": round(float(figures[metric]), 3),
                         "Aantal": "" if figures.get("n") is None else str(figures["n"])})
    return pd.DataFrame(rows, columns=["Meting", "Waarde", "Aantal"])


def uncertain_below() -> float:
    """Below this top score a contribution is 'onzeker' (data/taxonomy.toml)."""
    return float(taxonomy.setting("uncertain_below"))


def agreement_table(agreement: pd.DataFrame) -> pd.DataFrame:
    """Per theme: how many contributions people reviewed and how often the model agreed."""
    from analysis.views.frame import theme_label

    return pd.DataFrame({"Thema (volgens mensen)": agreement["theme"].map(theme_label),
                         "Beoordeeld": agreement["n"].astype(int),
                         "Model had hetzelfde hoofdthema": [dutch.percent(a) for a in agreement["agree"]]})


def learning_curve_table(summary: dict) -> pd.DataFrame:
    """The simulation of `evaluate` (people correct a share of the answers) with Dutch headers."""
    curve = summary.get("learning_curve") or {}
    strategies = {"onzekerheid": "waar het model het minst zeker is", "willekeurig": "willekeurig"}
    return pd.DataFrame([{
        "Gecorrigeerd": f"{dutch.percent(r['fraction'], 0)} ({dutch.number(r['corrected'])})",
        "Gekozen": strategies.get(r["strategy"], r["strategy"]),
        "Juist op de rest": dutch.percent(r["accuracy"]),
        "Zonder correcties": dutch.percent(r["baseline_rest"]),
    } for r in curve.get("rows", [])], columns=["Gecorrigeerd", "Gekozen", "Juist op de rest",
                                               "Zonder correcties"])
