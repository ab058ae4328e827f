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


def deidentify_tables(summary: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The de-identification figures of `evaluate`: personal data found per kind, public names
    kept per kind, for Deduce + patterns together and each alone (Dutch headers, Dutch numbers)."""
    d = summary.get("deidentify") or {}
    names = labels().get("deidentify_kinds", {})
    heads = {"combined": "Samen", "deduce": "Alleen Deduce", "patterns": "Alleen patronen"}

    def table(part: str, key: str, first: str) -> pd.DataFrame:
        block = d.get(part) or {}
        engines = list(block.get(key, {}))
        rows = [{first: names.get(kind, kind), "Aantal": dutch.number(n),
                 **{heads.get(e, e): dutch.decimal(block[key][e][kind]) for e in engines}}
                for kind, n in block.get("n", {}).items()]
        return pd.DataFrame(rows, columns=[first, "Aantal", *[heads.get(e, e) for e in engines]])

    return (table("personal", "recall", "Persoonsgegeven (aandeel verwijderd)"),
            table("public", "kept", "Publieke naam (aandeel behouden)"))


def deidentify_sentence(summary: dict) -> str:
    """One sentence above the de-identification tables: what was measured, with what."""
    d, planted = summary.get("deidentify") or {}, summary.get("deidentify_planted") or {}
    engine = (d.get("personal", {}).get("recall_total") or {"": 0})
    first = next(iter(engine))
    text = (f"Gemeten op {dutch.number(sum(d.get('texts', {}).values()))} zelf geschreven teksten "
            f"in brief- en raadplegingsstijl ({d.get('engine', '')}): "
            f"{dutch.percent(engine[first])} van de persoonsgegevens verwijderd, "
            f"{dutch.percent((d.get('public', {}).get('kept_total') or {first: 0})[first])} "
            "van de publieke namen (plaatsen, rivieren, organisaties) behouden.")
    if planted:
        text += (f" In de fictieve raadpleging van de generator: {dutch.percent(planted['recall'])} "
                 f"van {dutch.number(planted['n'])} antwoorden met persoonsgegevens volledig schoon.")
    return text


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
