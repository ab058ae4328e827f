"""Page data of Overzicht and Thema's: counts per source, session, month and theme (views stage)."""
from __future__ import annotations

import json

import pandas as pd

from analysis.core import dutch, schema
from analysis.core.labels import section_label, source_label
from analysis.views.frame import (
    SESSION,
    THEME_PREFIX,
    options,
    theme_column,
    theme_columns,
    theme_label,
    theme_labels,
    unassigned_mask,
)


def headline(df: pd.DataFrame) -> dict[str, int]:
    return {
        "bijdragen": len(df),
        "bronnen": int(df["source_type"].nunique()),
        "sessies": int(df[SESSION].nunique()),
        "documenten": int(df["document"].nunique()),
        "suggesties": int(df["section"].isin(schema.SUGGESTION_SECTIONS).sum()),
        "fictief": int(df["is_fictional"].sum()),
    }


def by_source(df: pd.DataFrame) -> pd.DataFrame:
    counts = df.groupby("source_type", observed=True).size().sort_values(ascending=False)
    return pd.DataFrame({"Bron": [source_label(s) for s in counts.index],
                         "Bijdragen": counts.to_numpy()})


def by_session(df: pd.DataFrame) -> pd.DataFrame:
    """Sessions in date order with their source and number of contributions."""
    grouped = (df.groupby([SESSION], observed=True)
               .agg(Datum=("date", "min"), Bron=("source_type", "first"), Bijdragen=("id", "size"))
               .reset_index().sort_values(["Datum", SESSION], na_position="last"))
    grouped["Bron"] = grouped["Bron"].map(source_label)
    return grouped.rename(columns={SESSION: "Sessie"})[["Sessie", "Datum", "Bron", "Bijdragen"]]


def _months(df: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(df["date"], errors="coerce").dt.to_period("M")


def over_time(df: pd.DataFrame) -> pd.DataFrame:
    """Contributions per month and source, in time order, the month as a chart reads it ("jun
    2023"; the consultation spans weeks, sessions are single days)."""
    counts = (pd.DataFrame({"month": _months(df), "Bron": df["source_type"].map(source_label)})
              .dropna(subset=["month"]).groupby(["month", "Bron"]).size()
              .rename("Bijdragen").reset_index().sort_values(["month", "Bron"]))
    counts.insert(0, "Maand", [dutch.month_year(m, short=True) for m in counts.pop("month")])
    return counts.reset_index(drop=True)


def over_time_caption(df: pd.DataFrame) -> str:
    """The chart's sentence: 'Bijdragen per maand van juni 2023 tot november 2024; de drukste
    maand was juni 2024.' (the earliest of equally busy months); '' without dates."""
    per_month = _months(df).dropna().value_counts().sort_index()
    if per_month.empty:
        return ""
    first, last, busiest = (dutch.month_year(m) for m in
                            (per_month.index[0], per_month.index[-1], per_month.idxmax()))
    if first == last:
        return f"Alle bijdragen met een datum zijn van {first}."
    return f"Bijdragen per maand van {first} tot {last}; de drukste maand was {busiest}."


def theme_counts(df: pd.DataFrame) -> pd.DataFrame:
    """Contributions per theme (a contribution may count for several themes)."""
    cols = theme_columns(df)
    counts = df[cols].sum() if cols else pd.Series(dtype=int)
    out = pd.DataFrame({"thema_id": [c[len(THEME_PREFIX):] for c in counts.index],
                        "Bijdragen": counts.astype(int).to_numpy()})
    out["Thema"] = out["thema_id"].map(theme_label)
    uncertain = int(unassigned_mask(df).sum())
    out = pd.concat([out, pd.DataFrame({"thema_id": [schema.UNCERTAIN_THEME],
                                        "Bijdragen": [uncertain],
                                        "Thema": [theme_label(schema.UNCERTAIN_THEME)]})])
    return out[["thema_id", "Thema", "Bijdragen"]].reset_index(drop=True)


def theme_section_balance(df: pd.DataFrame, sections: tuple[str, ...]) -> pd.DataFrame:
    """Per theme, how many contributions of each section (e.g. sterk / zwak / verbeter)."""
    rows = []
    sub = df[df["section"].isin(sections)]
    for theme_id in theme_labels():
        part = sub[sub[theme_column(theme_id)]] if theme_column(theme_id) in sub else sub.iloc[:0]
        counts = part["section"].value_counts()
        rows.append({"Thema": theme_label(theme_id),
                     **{section_label(s): int(counts.get(s, 0)) for s in sections}})
    return pd.DataFrame(rows)


def session_theme_share(df: pd.DataFrame) -> pd.DataFrame:
    """Session x theme: the share (%) of a session's contributions that touch the theme."""
    cols = theme_columns(df)
    if not len(df) or not cols:
        return pd.DataFrame()
    share = df.groupby(SESSION, observed=True)[cols].mean().mul(100).round(1)
    share = share.loc[[s for s in options(df, SESSION) if s in share.index]]
    share.columns = [theme_label(c[len(THEME_PREFIX):]) for c in cols]
    share.index.name = "Sessie"
    return share


def last_import(imports: pd.DataFrame) -> tuple[str | None, pd.DataFrame]:
    """When the last import ran and what it changed per document."""
    if imports is None or not len(imports):
        return None, pd.DataFrame(columns=["Document", "Toegevoegd", "Verwijderd", "Ongewijzigd"])
    row = imports.iloc[-1]
    try:
        changes = json.loads(row["summary"] or "[]")
    except ValueError:
        changes = []
    table = pd.DataFrame([{"Document": c.get("document"), "Toegevoegd": c.get("added", 0),
                           "Verwijderd": c.get("removed", 0), "Ongewijzigd": c.get("unchanged", 0)}
                          for c in changes],
                         columns=["Document", "Toegevoegd", "Verwijderd", "Ongewijzigd"])
    at = dutch.moment(row["at"]) or None
    return at, table

