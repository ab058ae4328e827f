"""Chart data for the tracker: the flow session -> theme -> status, and coverage per theme (tracker stage).

Pure pandas on analysis.tracker.tracker_table output, so the page only draws and
the numbers (and their text alternatives) are tested here.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.core import dutch
from analysis.core.schema import UNCERTAIN_THEME
from analysis.enrich import taxonomy
from analysis.tracker import vocabulary

NO_THEME = "Geen thema (onzeker)"
NO_SESSION = "Onbekende sessie"


def theme_label(theme: str | None) -> str:
    if not isinstance(theme, str) or theme == UNCERTAIN_THEME:
        return NO_THEME
    return taxonomy.labels().get(theme, theme)


@dataclass
class Flow:
    """Nodes and links for a plotly Sankey, plus the table and sentence that describe it."""

    labels: list[str]
    source: list[int]
    target: list[int]
    value: list[int]
    table: pd.DataFrame  # van, naar, aantal
    summary: str


def sankey(table: pd.DataFrame, version_name: str) -> Flow:
    """Suggestions flowing from their session through their primary theme to their status."""
    df = pd.DataFrame({
        "sessie": table["event"].fillna(NO_SESSION).astype(str),
        "thema": table["theme"].map(theme_label),
        "status": table["status"].map(vocabulary.status_label),
    })
    edges = pd.concat([
        df.groupby(["sessie", "thema"]).size().rename("aantal").reset_index()
        .rename(columns={"sessie": "van", "thema": "naar"}),
        df.groupby(["thema", "status"]).size().rename("aantal").reset_index()
        .rename(columns={"thema": "van", "status": "naar"}),
    ], ignore_index=True)
    # a label may occur as session and as theme; keep nodes apart by their column
    nodes = ([("sessie", s) for s in sorted(df["sessie"].unique())]
             + [("thema", t) for t in sorted(df["thema"].unique())]
             + [("status", s) for s in _status_order(df["status"])])
    index = {node: i for i, node in enumerate(nodes)}
    n_first = df.groupby(["sessie", "thema"]).ngroups
    kinds = [("sessie", "thema")] * n_first + [("thema", "status")] * (len(edges) - n_first)
    source = [index[(k[0], v)] for k, v in zip(kinds, edges["van"])]
    target = [index[(k[1], v)] for k, v in zip(kinds, edges["naar"])]
    counts = df["status"].value_counts()
    parts = ", ".join(f"{n} {label.lower()}" for label, n in counts.items())
    themes = dutch.count(df["thema"].nunique(), "thema", "thema's")
    summary = (f"{dutch.count(len(df), 'suggestie', 'suggesties')} uit "
               f"{dutch.count(df['sessie'].nunique(), 'sessie', 'sessies')} in {themes}; "
               f"status in {version_name}: {parts}.")
    return Flow([label for _, label in nodes], source, target, edges["aantal"].astype(int).tolist(),
                edges, summary)


def _status_order(labels: pd.Series) -> list[str]:
    ordered = [s["label"] for s in vocabulary.statuses().values()]
    present = set(labels)
    return [lbl for lbl in ordered if lbl in present] + sorted(present - set(ordered))


def coverage(table: pd.DataFrame) -> pd.DataFrame:
    """Per theme: suggestions, decided (status other than open) and verwerkt (fully or partly),
    with shares 0..1; sorted by theme label."""
    statuses = vocabulary.statuses()
    decided = table["status"].map(lambda s: statuses.get(s, {}).get("decided", False))
    done = table["status"].map(lambda s: statuses.get(s, {}).get("done", False))
    df = pd.DataFrame({"thema": table["theme"].map(theme_label), "besloten": decided.astype(int),
                       "verwerkt": done.astype(int)})
    out = df.groupby("thema").agg(suggesties=("besloten", "size"), besloten=("besloten", "sum"),
                                  verwerkt=("verwerkt", "sum")).reset_index()
    out["aandeel_besloten"] = (out["besloten"] / out["suggesties"]).round(3)
    out["aandeel_verwerkt"] = (out["verwerkt"] / out["suggesties"]).round(3)
    return out.sort_values("thema").reset_index(drop=True)


def coverage_summary(cov: pd.DataFrame) -> str:
    """One sentence for screen readers: overall shares and the theme lagging most."""
    if cov.empty:
        return "Er zijn nog geen suggesties."
    total = int(cov["suggesties"].sum())
    decided, done = int(cov["besloten"].sum()), int(cov["verwerkt"].sum())
    lagging = cov.sort_values(["aandeel_besloten", "suggesties"], ascending=[True, False]).iloc[0]
    return (f"Van {total} suggesties is over {decided} ({decided / total:.0%}) besloten en zijn er "
            f"{done} ({done / total:.0%}) (deels) verwerkt; het minst besloten is "
            f"'{lagging['thema']}' ({lagging['aandeel_besloten']:.0%}).")
