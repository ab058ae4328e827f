"""Page data of the tracker overview: filtering, the display table, chart inputs (views stage).

The tracker page only draws what these functions return; the rows come from
analysis.tracker.queries.tracker_table.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from analysis.tracker import flow


@dataclass(frozen=True)
class TrackerFilters:
    """What the person chose above the table; empty means all."""

    themes: tuple[str, ...] = ()
    sessions: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()


def options(table: pd.DataFrame, column: str) -> list[str]:
    return sorted(table[column].dropna().unique())


def section_names(sections: Iterable) -> dict[str, str]:
    """Section number -> '§6.2.2 Stapeling van effecten', in document order."""
    return {s.number: s.name for s in sections}


def filtered(table: pd.DataFrame, f: TrackerFilters) -> pd.DataFrame:
    shown = table
    if f.themes:
        shown = shown[shown["theme"].isin(f.themes)]
    if f.sessions:
        shown = shown[shown["event"].isin(f.sessions)]
    if f.statuses:
        shown = shown[shown["status"].isin(f.statuses)]
    if f.sections:
        shown = shown[shown["decided_section"].isin(f.sections) | shown["best_link"].isin(f.sections)]
    return shown.reset_index(drop=True)


def display_rows(shown: pd.DataFrame, sections: dict[str, str]) -> pd.DataFrame:
    """One row per suggestion with Dutch headers and labels, for the overview table."""
    def name(s: object) -> str:
        return sections.get(s, s) if isinstance(s, str) else ""

    return pd.DataFrame({
        "Sessie": shown["event"], "Onderwerp": shown["topic"].fillna(""), "Suggestie": shown["text"],
        "Thema": shown["theme"].map(flow.theme_label), "Status": shown["status_label"],
        "Sectie": shown["decided_section"].map(name),
        "Bevestigde koppelingen": shown["confirmed_links"].fillna(""),
        "Voorstel": shown["best_link"].map(lambda s: sections.get(s, "") if isinstance(s, str) else ""),
        "Score": shown["best_score"], "Gepubliceerd": shown["published"].map({True: "ja", False: "nee"}),
    })


def version_changes(diff: pd.DataFrame) -> pd.DataFrame:
    """compare() output with Dutch headers, for the concept-version import result."""
    return diff.rename(columns={"number": "sectie", "old_number": "was sectie", "title": "titel",
                                "old_title": "oude titel", "similarity": "overeenkomst"})


def export_title(version_name: str) -> str:
    """The first line of the tracker download (data/export.toml)."""
    from analysis.views import people_export

    return people_export.texts()["titles"]["tracker"].format(version=version_name)
