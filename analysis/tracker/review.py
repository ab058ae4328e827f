"""The review queue: which suggestion to decide next, groups, progress, bulk candidates (tracker stage).

Works on the tracker table (analysis.tracker.queries.tracker_table) with the columns
`session` and `source_type` added. A group is an original with its near-duplicates and campaign
copies (duplicate_of); the queue holds one item per group, and a decision on it is applied to
every member. "Beoordeeld" means the status is no longer open (own or inherited decision).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.core import config
from analysis.core.errors import InputError
from analysis.tracker import vocabulary


def settings() -> dict:
    """data/review.toml. A bulk threshold that a session heading alone could pass (min_score
    not above tracker.toml's topic_lift) is refused: it would accept remarks for where they
    were made, not for what they say."""
    cfg = config.data_toml("review.toml")
    if float(cfg["bulk"]["min_score"]) <= float(vocabulary.tracing()["topic_lift"]):
        raise InputError("In data/review.toml moet [bulk] min_score boven topic_lift van "
                         "data/tracker.toml liggen: anders neemt 'in één keer overnemen' een "
                         "opmerking over om het onderwerp van de sessie alleen.")
    return cfg


def orders() -> dict[str, str]:
    return dict(settings()["orders"])


def reviewed_choices() -> dict[str, str]:
    return dict(settings()["reviewed"])


@dataclass(frozen=True)
class QueueFilters:
    """What the queue is narrowed to; empty means all."""

    themes: tuple[str, ...] = ()
    sessions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    reviewed: str = "open"  # open, beoordeeld or alle
    search: str = ""  # every word must occur in the text (any case)


def group_columns(table: pd.DataFrame) -> pd.DataFrame:
    """Adds doc_order, group (the original's id), group_size and is_lead (first member in
    document order): they change with the contributions only, so a caller may add them to the
    suggestions once and keep them across decisions."""
    out = table.reset_index(drop=True).copy()
    out["doc_order"] = range(len(out))
    out["group"] = out["duplicate_of"].astype(object).where(out["duplicate_of"].notna(), out["id"])
    out["group_size"] = out.groupby("group")["id"].transform("size").astype(int)
    out["is_lead"] = ~out["group"].duplicated()
    return out


def with_groups(table: pd.DataFrame) -> pd.DataFrame:
    """group_columns (unless table has them already) and reviewed (status not open)."""
    out = table.reset_index(drop=True) if "group" in table.columns else group_columns(table)
    return out.assign(reviewed=out["status"].ne("open"))


def _theme_mask(df: pd.DataFrame, themes: tuple[str, ...]) -> pd.Series:
    padded = ";" + df["themes"].fillna("").astype(str) + ";"
    mask = df["theme"].isin(themes)
    for t in themes:
        mask |= padded.str.contains(f";{t};", regex=False)
    return mask


def queue(table: pd.DataFrame, f: QueueFilters, order: str = "document") -> pd.DataFrame:
    """The groups to review (one lead row each), filtered and ordered; no cap."""
    t = table if "group" in table.columns else with_groups(table)
    mask = t["is_lead"].copy()
    if f.themes:
        mask &= _theme_mask(t, f.themes)
    if f.sessions:
        mask &= t["session"].isin(f.sessions)
    if f.sources:
        mask &= t["source_type"].isin(f.sources)
    if f.statuses:
        mask &= t["status"].isin(f.statuses)
    for word in f.search.split():
        mask &= t["text"].astype(str).str.contains(word, case=False, regex=False)
    if f.reviewed == "open":
        mask &= ~t["reviewed"]
    elif f.reviewed == "beoordeeld":
        mask &= t["reviewed"]
    shown = t[mask.fillna(False).astype(bool)]
    score = shown["best_score"].astype(float)
    if order == "zeker":
        shown = shown.assign(_k=-score.fillna(-1.0)).sort_values(["_k", "doc_order"])
    elif order == "onzeker":
        shown = shown.assign(_k=score.fillna(-1.0)).sort_values(["_k", "doc_order"])
    elif order == "groep":
        shown = shown.assign(_k=-shown["group_size"]).sort_values(["_k", "doc_order"])
    else:
        shown = shown.sort_values("doc_order")
    return shown.drop(columns=["_k"], errors="ignore").reset_index(drop=True)


def members(table: pd.DataFrame, suggestion_id: str) -> pd.DataFrame:
    """Every suggestion in the group of suggestion_id (itself included), in document order."""
    t = table if "group" in table.columns else with_groups(table)
    group = t.loc[t["id"] == suggestion_id, "group"]
    if group.empty:
        return t.iloc[:0]
    return t[t["group"] == group.iloc[0]]


def progress(table: pd.DataFrame, by: str | None = None) -> pd.DataFrame | tuple[int, int]:
    """(reviewed, total) over all suggestions; with by ('theme' or 'session') one row per value
    with columns value, beoordeeld, totaal."""
    t = table if "reviewed" in table.columns else with_groups(table)
    if by is None:
        return int(t["reviewed"].sum()), len(t)
    grouped = t.groupby(t[by].fillna("onbekend"), sort=False)["reviewed"]
    return pd.DataFrame({"beoordeeld": grouped.sum().astype(int), "totaal": grouped.size()}) \
        .rename_axis("value").reset_index()


def bulk_candidates(table: pd.DataFrame, theme: str, threshold: float) -> pd.DataFrame:
    """Open suggestions with this (primary or other) theme whose best proposal's own score
    (best_own_score: the text's own match to the section, not the ranking score) is at least
    threshold: what "accept all proposals with score >= t" would decide. A link stored before
    own scores existed has none and is not a candidate until the links are computed again."""
    t = table if "group" in table.columns else with_groups(table)
    own = pd.to_numeric(t["best_own_score"], errors="coerce")
    mask = (~t["reviewed"]) & t["best_link"].notna() & (own >= threshold)
    mask &= _theme_mask(t, (theme,))
    return t[mask.fillna(False).astype(bool)].reset_index(drop=True)


def sample(candidates: pd.DataFrame, n: int | None = None) -> pd.DataFrame:
    """What to look at before confirming a bulk action: all candidates when there are at most
    twice n, else the n with the lowest own scores (where a wrong proposal hides), lowest first."""
    n = int(n or settings()["bulk"]["sample"])
    ordered = candidates.sort_values("best_own_score", kind="stable")
    return ordered if len(candidates) <= 2 * n else ordered.head(n)
