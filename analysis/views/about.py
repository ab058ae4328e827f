"""Data functions behind the dashboard pages: load, filter, aggregate.

Pages stay thin: they read what these functions return and draw it. Everything
here is plain pandas so it is testable without Streamlit and fast on a 100,000
answer consultation (theme membership is precomputed as one boolean column per
theme, so counting, filtering and co-occurrence are column sums)."""
from __future__ import annotations

import pandas as pd

from analysis.core.labels import labels, source_label


def documents_table(documents: pd.DataFrame) -> pd.DataFrame:
    """The stored source documents with Dutch headers."""
    if documents is None or documents.empty:
        return pd.DataFrame(columns=["Document", "Bron", "Formaat", "Bijdragen", "Ingelezen"])
    return pd.DataFrame({
        "Document": documents["document"],
        "Bron": documents["source_type"].map(source_label),
        "Formaat": documents["format"],
        "Bijdragen": documents["n_rows"],
        "Ingelezen": pd.to_datetime(documents["imported_at"]).dt.strftime("%d-%m-%Y %H:%M"),
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

