"""The public counts: per theme, how many suggestions and what was decided (views stage).

One suggestion counts once, under its primary theme, so the totals add up to the number of
suggestions on every public channel (page, documents, site); a near-duplicate counts as the
suggestion it is, with the decision it shows.
"""
from __future__ import annotations

import pandas as pd

from analysis.core import schema
from analysis.tracker import vocabulary
from analysis.views import frame, public


def decided_statuses() -> list[str]:
    return [s for s in vocabulary.statuses() if s != "open"]


def _primary(sugg: pd.DataFrame) -> pd.Series:
    return sugg["theme"].fillna(schema.UNCERTAIN_THEME)


def in_theme(df: pd.DataFrame, theme: str) -> pd.DataFrame:
    """The suggestions that count for a theme: those whose primary theme it is ('onzeker' when
    none), so every suggestion is on exactly one theme page."""
    sugg = df[df["section"].isin(schema.SUGGESTION_SECTIONS)]
    return sugg[_primary(sugg).eq(theme)]


def theme_summary(df: pd.DataFrame) -> pd.DataFrame:
    """'U zei - wij deden' per theme of public.public_contributions() rows: one row per primary
    theme in taxonomy order (then 'onzeker'); columns theme, suggesties, besloten and one
    column per decided status id."""
    sugg = df[df["section"].isin(schema.SUGGESTION_SECTIONS)]
    themes = _primary(sugg)
    statuses = decided_statuses()
    order = [*frame.theme_labels(), schema.UNCERTAIN_THEME]
    rows = []
    for theme_id in [t for t in order if t in set(themes)]:
        group = sugg[themes == theme_id]
        counts = group["status"].value_counts()
        row = {"theme": theme_id, "suggesties": len(group),
               "besloten": int(group["status"].isin(statuses).sum())}
        row.update({s: int(counts.get(s, 0)) for s in statuses})
        rows.append(row)
    return pd.DataFrame(rows, columns=["theme", "suggesties", "besloten", *statuses])


def summary_table(summary: pd.DataFrame) -> pd.DataFrame:
    """theme_summary() with Dutch headers, for the chart and its text alternative:
    Thema, Ideeën, one column per decided status label, Nog geen besluit."""
    out = pd.DataFrame({"Thema": summary["theme"].map(frame.theme_label),
                        "Ideeën": summary["suggesties"]})
    for s in decided_statuses():
        out[vocabulary.status_label(s)] = summary[s]
    out[public.config()["no_decision"]] = summary["suggesties"] - summary["besloten"]
    return out.reset_index(drop=True)
