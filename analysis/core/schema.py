"""The one contributions schema, defined once and checked on every import (core stage).

Every parser, the store, the NLP stage and the pages speak this table. A
column is added here or nowhere.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

from analysis.core import dutch
from analysis.core.errors import InputError

# Ordered: (column, pandas dtype, required-non-empty, meaning)
_COLUMNS: list[tuple[str, str, bool, str]] = [
    ("id", "string", True, "stable hash of document + position + text"),
    ("source_type", "string", True, "werksessie, raadpleging, ofl_verkenning, document"),
    ("event", "string", False, "which session or consultation"),
    ("date", "string", False, "ISO date (YYYY-MM-DD) of the event"),
    ("document", "string", True, "file name the contribution came from"),
    ("position", "Int64", True, "order within the document"),
    ("topic", "string", False, "onderwerp heading as written in the source"),
    ("concept_ref", "string", False, "concept version + section, e.g. 'v4 §6.2.2'"),
    ("section", "string", True, "overwegende, advies, sterk, zwak, verbeter, inzicht, antwoord"),
    ("text", "string", True, "the contribution, cleaned"),
    ("respondent_id", "string", False, "raadpleging only"),
    ("question", "string", False, "raadpleging only: the question answered"),
    ("metadata", "string", False, "raadpleging only: JSON of respondent metadata"),
    ("consent", "string", False, "raadpleging only: 'ja'/'nee' may the answer be shown publicly; "
                                 "empty: the source asked nothing (a public session)"),
    ("consent_name", "string", False, "raadpleging only: 'ja'/'nee' may name and place be named; "
                                      "empty: not asked"),
    ("is_fictional", "boolean", True, "generated example data ('fictief voorbeeld')"),
    ("theme", "string", False, "primary theme id, or 'onzeker'"),
    ("themes", "string", False, "all theme ids that apply, ';'-joined"),
    ("theme_score", "Float64", False, "confidence of the primary theme, 0..1"),
    ("cluster", "Int64", False, "discovery topic number"),
    ("duplicate_of", "string", False, "id of the first (near-)identical contribution"),
]

COLUMNS: list[str] = [c[0] for c in _COLUMNS]
DTYPES: dict[str, str] = {c[0]: c[1] for c in _COLUMNS}
REQUIRED: list[str] = [c[0] for c in _COLUMNS if c[2]]
DERIVED: list[str] = ["theme", "themes", "theme_score", "cluster", "duplicate_of"]

SECTIONS: tuple[str, ...] = (
    "overwegende", "advies", "sterk", "zwak", "verbeter", "inzicht", "antwoord",
)
# Actionable contributions: these get a decision in the tracker.
SUGGESTION_SECTIONS: tuple[str, ...] = ("advies", "verbeter", "zwak", "antwoord")

UNCERTAIN_THEME = "onzeker"


def contribution_id(document: str, position: int, text: str) -> str:
    """Stable id: the same text at the same place in the same file keeps its id."""
    key = f"{document}\x1f{position}\x1f{text}".encode()
    return hashlib.sha1(key).hexdigest()[:16]


def empty_contributions() -> pd.DataFrame:
    return conform(pd.DataFrame(columns=COLUMNS))


def conform(df: pd.DataFrame) -> pd.DataFrame:
    """Return df with exactly the schema's columns, order and dtypes.

    Missing optional columns are added empty; unknown columns are dropped so
    that nothing outside the schema reaches the store.
    """
    out = pd.DataFrame(index=df.index)
    for col in COLUMNS:
        if col in df.columns:
            out[col] = df[col]
        elif col == "is_fictional":
            out[col] = False
        else:
            out[col] = pd.NA
    out = out.astype(DTYPES)
    return out.reset_index(drop=True)


def validate(df: pd.DataFrame) -> pd.DataFrame:
    """Conform and check df; raise InputError with a plain message when it breaks the schema."""
    out = conform(df)
    for col in REQUIRED:
        missing = out[col].isna()
        if out[col].dtype == "string":
            missing |= out[col].str.strip().eq("").fillna(False)
        if missing.any():
            raise InputError(f"{dutch.count(int(missing.sum()), 'bijdrage', 'bijdragen')} zonder "
                             f"verplicht veld '{col}'.")
    bad = ~out["section"].isin(SECTIONS)
    if bad.any():
        unknown = sorted(set(out.loc[bad, "section"]))
        raise InputError(f"Onbekende {'sectie' if len(unknown) == 1 else 'secties'}: {', '.join(unknown)}.")
    dup = out["id"].duplicated()
    if dup.any():
        raise InputError(f"{dutch.count(int(dup.sum()), 'bijdrage', 'bijdragen')} met een dubbel id.")
    return out


@dataclass
class ParsedDocument:
    """What a parser returns: the contributions plus what it learned on the way."""

    format: str
    contributions: pd.DataFrame
    topics: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["document", "topic", "concept_ref", "description"]))
    warnings: list[str] = field(default_factory=list)
