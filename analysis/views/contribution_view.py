"""Page data of one contribution (Bijdragen detail): its fields and its near-duplicates (views stage)."""
from __future__ import annotations

import pandas as pd

from analysis.core import dutch
from analysis.core.labels import section_label, source_label
from analysis.views.frame import SESSION, metadata_fields, theme_label


def related_duplicates(df: pd.DataFrame, contribution_id: str) -> pd.DataFrame:
    """Contributions that are (near-)copies of this one, or the original it copies."""
    row = df[df["id"] == contribution_id]
    if row.empty:
        return df.iloc[:0]
    original = row["duplicate_of"].iloc[0]
    root = contribution_id if pd.isna(original) else original
    mask = (df["id"] == root) | (df["duplicate_of"] == root).fillna(False)
    return df[mask & (df["id"] != contribution_id)]


def detail(df: pd.DataFrame, contribution_id: str,
           cluster_names: dict[int, str] | None = None) -> dict | None:
    """Everything the detail view shows about one contribution; the cluster by its topic
    name (analysis.store.clusters.names) where known."""
    row = df[df["id"] == contribution_id]
    if row.empty:
        return None
    r = {k: (None if pd.isna(v) else v) for k, v in row.iloc[0].items()}
    themes = [t for t in (r["themes"] or "").split(";") if t]
    meta = {label: r[key] for key, label in metadata_fields(row).items() if r.get(key) is not None}
    return {
        "id": r["id"], "text": r["text"], "bron": source_label(r["source_type"]),
        "sessie": r[SESSION], "datum": dutch.day(r["date"]), "document": r["document"],
        "onderwerp": r["topic"], "conceptversie": r["concept_ref"],
        "soort": section_label(r["section"]), "vraag": r["question"],
        "thema": theme_label(r["theme"]) if r["theme"] else None,
        "themas": [theme_label(t) for t in themes], "score": r["theme_score"],
        "cluster": "geen onderwerp (geen kenmerkend woord)" if r["cluster"] is None or pd.isna(r["cluster"]) else
        (cluster_names or {}).get(int(r["cluster"]), str(r["cluster"])),
        "metadata": meta, "fictief": bool(r["is_fictional"]),
        "duplicaten": related_duplicates(df, contribution_id),
    }

