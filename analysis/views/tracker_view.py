"""Tracker status beside the contributions (Thema's, Bijdragen): status and section per row (views stage)."""
from __future__ import annotations

import pandas as pd

from analysis.tracker import vocabulary

TRACKER_COLUMNS = ["Status", "Sectie in conceptversie"]


def tracker_beside(table: pd.DataFrame, public: bool = False) -> pd.DataFrame:
    """Per suggestion id: its status and the concept-version section it went into.

    `table` is analysis.tracker.tracker_table(store, version). The section is the
    decided one, else the confirmed links, else the software's best proposal marked
    'voorgesteld'. Public mode shows only published decisions (others read 'Open').
    """
    if table is None or table.empty:
        return pd.DataFrame(columns=["id", *TRACKER_COLUMNS])
    decided = table["decided_section"].astype("string")
    confirmed = table["confirmed_links"].astype("string")
    proposed = table["best_link"].astype("string") + " (voorgesteld)"
    section = decided.fillna(confirmed).fillna(proposed)
    status = table["status_label"].astype("string")
    if public:
        hidden = ~table["published"].astype(bool)
        status = status.mask(hidden, vocabulary.status_label("open"))
        section = section.mask(hidden, pd.NA)
    return pd.DataFrame({"id": table["id"], "Status": status, "Sectie in conceptversie": section})


def attach_tracker(shown: pd.DataFrame, ids: pd.Series, done: pd.DataFrame) -> pd.DataFrame:
    """Put status and section right after the text, so what was said and what was done line up."""
    lookup = done.set_index("id")
    out = shown.copy()
    status = ids.map(lookup["Status"]).fillna(vocabulary.status_label("open"))
    section = ids.map(lookup["Sectie in conceptversie"]).fillna("")
    out.insert(1, "Status", status.to_numpy())
    out.insert(2, "Sectie in conceptversie", section.to_numpy())
    return out

