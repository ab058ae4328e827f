"""Near-duplicate detection: campaign answers and copied contributions point to the first one.

First version: texts that are identical after normalisation (case, accents,
punctuation, whitespace).
"""
from __future__ import annotations

import pandas as pd

from analysis.nlp import normalise


def _ordered(df: pd.DataFrame) -> pd.DataFrame:
    """Rows in 'earliest first' order: by document, then position within it."""
    keys = [c for c in ("document", "position") if c in df.columns]
    return df.sort_values(keys, kind="stable") if keys else df


def mark_duplicates(new_df: pd.DataFrame, existing_df: pd.DataFrame | None = None) -> pd.Series:
    """duplicate_of for each row of new_df: id of the earliest (near-)identical contribution, else NA."""
    first: dict[str, str] = {}
    if existing_df is not None and len(existing_df):
        for text, cid in zip(_ordered(existing_df)["text"], _ordered(existing_df)["id"]):
            first.setdefault(normalise(text), cid)
    result = pd.Series(pd.NA, index=new_df.index, dtype="string")
    ordered = _ordered(new_df)
    for idx, text, cid in zip(ordered.index, ordered["text"], ordered["id"]):
        key = normalise(text)
        if not key:
            continue
        if key in first:
            result.at[idx] = first[key]
        else:
            first[key] = cid
    return result
