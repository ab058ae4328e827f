"""Tables for display and download: Dutch headers and labels, markdown-safe text (views stage)."""
from __future__ import annotations

import re

import pandas as pd

from analysis.core import dutch, schema
from analysis.core.labels import fictional_label, section_label, source_label
from analysis.views.frame import SESSION, theme_label

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:&])")


def short(text: object, limit: int) -> str:
    """The text on one line, cut to limit characters with '…' where it is longer."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def md_escape(text: object) -> str:
    """User text for st.markdown, shown literally: no links or images to other sites, no
    headings, lists or Streamlit directives (:red[..], :material/..:) made by a respondent."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", "" if text is None else str(text)).replace("\n", "  \n")


DISPLAY_COLUMNS = {
    "text": "Bijdrage",
    "section": "Soort",
    SESSION: "Sessie",
    "event": "Sessie",
    "date": "Datum",
    "source_type": "Bron",
    "topic": "Onderwerp",
    "concept_ref": "Conceptversie",
    "themes": "Thema's",
}


def display_table(df: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """Rows with Dutch headers and labels; generated rows carry 'fictief voorbeeld'."""
    cols = columns or list(DISPLAY_COLUMNS)
    out = pd.DataFrame(index=df.index)
    for col in cols:
        values = df[col]
        if col == "section":
            values = values.map(section_label)
        elif col == "source_type":
            values = values.map(source_label)
        elif col == "date":
            values = dutch.days(values)  # 26 juni 2024, as a person writes it
        elif col == "themes":
            values = values.fillna("").map(
                lambda s: ", ".join(theme_label(t) for t in s.split(";") if t))
        if pd.api.types.is_string_dtype(values):
            values = values.fillna("")  # an empty cell, not the word None
        out[DISPLAY_COLUMNS.get(col, col)] = values
    if df["is_fictional"].any():
        out["Label"] = df["is_fictional"].map({True: fictional_label(), False: ""})
    return out.reset_index(drop=True)


def export_table(df: pd.DataFrame, public: bool = False) -> pd.DataFrame:
    """The selection in schema columns for download; public mode leaves out respondent data."""
    cols = [c for c in schema.COLUMNS if not (public and c in ("respondent_id", "metadata"))]
    return df[cols].reset_index(drop=True)

