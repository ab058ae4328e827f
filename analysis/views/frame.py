"""The contributions frame every page reads: loading, theme columns, filters (views stage).

Plain pandas, testable without Streamlit and fast on a 100,000 answer consultation: theme
membership is precomputed as one boolean column per theme, so counting, filtering and
co-occurrence are column sums.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from analysis.core import schema
from analysis.core.labels import labels
from analysis.enrich import taxonomy
from analysis.harvest import metadata
from analysis.store import public_texts
from analysis.store.store import Store

THEME_PREFIX = "t:"
META_PREFIX = "m:"  # respondent metadata kept under its own column name (kind "anders")


SESSION = "session"


def theme_column(theme_id: str) -> str:
    return THEME_PREFIX + theme_id


def theme_columns(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if c.startswith(THEME_PREFIX)]


def metadata_column(key: str) -> str:
    """The frame column of a stored metadata key: a standard key as itself (leeftijdsgroep,
    provincie, ...), a kept column under META_PREFIX, so it never meets the frame's own columns."""
    return key if key in metadata.field_labels() else META_PREFIX + key


def metadata_frame(values: pd.Series) -> pd.DataFrame:
    """One string column per metadata key found in the JSON (the standard keys always); each
    distinct JSON text is parsed once."""
    parsed: dict[str, dict] = {}
    for raw in values.dropna().unique():
        try:
            obj = json.loads(raw)
        except (TypeError, ValueError):
            obj = {}
        parsed[raw] = obj if isinstance(obj, dict) else {}
    keys = dict.fromkeys([*metadata.field_labels(), *(k for obj in parsed.values() for k in obj)])
    out = pd.DataFrame(index=values.index)
    for key in keys:
        lookup = {raw: (str(obj[key]) if obj.get(key) not in (None, "") else None)
                  for raw, obj in parsed.items()}
        out[metadata_column(str(key))] = values.map(lookup).astype("string")
    return out


def metadata_labels(columns: Iterable[str]) -> dict[str, str]:
    """Metadata column -> Dutch label among columns: the standard fields in data/metadata.toml
    order, then the kept columns by their own name."""
    columns = list(columns)
    known = {k: label for k, label in metadata.field_labels().items() if k in columns}
    return {**known, **{c: c[len(META_PREFIX):] for c in columns if str(c).startswith(META_PREFIX)}}


def metadata_fields(df: pd.DataFrame) -> dict[str, str]:
    """Metadata column -> Dutch label, for the metadata columns of a prepared frame that hold a
    value (what the filters, the detail view and the downloads show)."""
    return {c: label for c, label in metadata_labels(df.columns).items() if df[c].notna().any()}


def prepare(df: pd.DataFrame) -> pd.DataFrame:
    """Add what every page needs: session name, metadata columns, one bool column per theme."""
    out = df.copy()
    out[SESSION] = out["event"].fillna(out["document"]).astype("string")
    meta = metadata_frame(out["metadata"])
    for key in meta.columns:
        out[key] = meta[key]
    themes = out["themes"].fillna("").astype(str)
    padded = ";" + themes.str.replace(" ", "", regex=False) + ";"
    for theme_id in theme_labels():
        out[theme_column(theme_id)] = padded.str.contains(f";{theme_id};", regex=False)
    out["is_fictional"] = out["is_fictional"].fillna(False).astype(bool)
    return out


def load(store: Store) -> pd.DataFrame:
    """All contributions, prepared, with human theme codes applied (theme_source says whose)
    and the text de-identified (public_texts.INTERNAL): internal pages show what was said, an
    editor reveals one original (analysis.tracker.originals). Pages cache this on
    store.contributions_version()."""
    return prepare(store.load_contributions(theme_source=True, masked=public_texts.INTERNAL))


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the view to; an empty tuple means 'no restriction'."""

    sources: tuple[str, ...] = ()
    sessions: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    metadata: tuple[tuple[str, tuple[str, ...]], ...] = ()
    query: str = ""


def search_mask(text: pd.Series, query: str) -> pd.Series:
    """Every word of the query must occur (case-insensitive, anywhere in the text)."""
    mask = pd.Series(True, index=text.index)
    lowered = text.fillna("").str.lower()
    for word in query.lower().split():
        mask &= lowered.str.contains(word, regex=False)
    return mask


def apply_filters(df: pd.DataFrame, f: Filters) -> pd.DataFrame:
    mask = pd.Series(True, index=df.index)
    if f.sources:
        mask &= df["source_type"].isin(f.sources)
    if f.sessions:
        mask &= df[SESSION].isin(f.sessions)
    if f.sections:
        mask &= df["section"].isin(f.sections)
    if f.themes:
        cols = [theme_column(t) for t in f.themes if theme_column(t) in df.columns]
        theme_mask = df[cols].any(axis=1) if cols else pd.Series(False, index=df.index)
        if schema.UNCERTAIN_THEME in f.themes:
            theme_mask |= unassigned_mask(df)
        mask &= theme_mask
    for key, values in f.metadata:
        if values:
            mask &= df[key].isin(values).fillna(False)
    if f.query.strip():
        mask &= search_mask(df["text"], f.query)
    return df[mask]


def options(df: pd.DataFrame, column: str) -> list[str]:
    """Distinct non-empty values of a column, alphabetically ('Fryslân' among the F's); sessions
    in date order, age groups in band order."""
    if column == SESSION:
        order = df.dropna(subset=[SESSION]).sort_values(["date", SESSION], na_position="last")
        return list(dict.fromkeys(order[SESSION].tolist()))
    values = df[column].dropna().unique().tolist()
    if column == "leeftijdsgroep":
        return metadata.band_order(values)
    return sorted(values, key=metadata.sort_key)


def unassigned_mask(df: pd.DataFrame) -> pd.Series:
    cols = theme_columns(df)
    no_theme = ~df[cols].any(axis=1) if cols else pd.Series(True, index=df.index)
    return no_theme | df["theme"].eq(schema.UNCERTAIN_THEME).fillna(False)


def in_theme(df: pd.DataFrame, theme_id: str) -> pd.DataFrame:
    if theme_id == schema.UNCERTAIN_THEME:
        return df[unassigned_mask(df)]
    return df[df[theme_column(theme_id)]]


def theme_labels() -> dict[str, str]:
    """Theme id -> Dutch label, in taxonomy order (data/taxonomy.toml)."""
    return taxonomy.labels()


def theme_label(theme_id: str) -> str:
    if theme_id == schema.UNCERTAIN_THEME:
        return labels()["uncertain"]["label"]
    return theme_labels().get(theme_id, theme_id)
