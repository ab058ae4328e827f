"""Respondents' consent to publish their answers, read from a consultation export (harvest stage).

Internetconsultatie-style exports ask "Mag uw reactie openbaar worden gemaakt?" and sometimes
whether name and place of residence may be named. The answer decides whether an answer may be
shown publicly (analysis.views.consent withholds it otherwise; it is still counted). Headers and
values are recognised by the lists of data/harvest.toml [raadpleging.consent]. Privacy by
default: in a consent column an empty or unrecognised value means no consent.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.core import dutch
from analysis.harvest import common

YES, NO = "ja", "nee"


def _cfg() -> dict:
    return common.config()["raadpleging"]["consent"]


def _matches(header: str, patterns: list[str]) -> bool:
    text = " ".join(str(header).casefold().split())
    return any(re.search(p, text) for p in patterns)


def detect_columns(columns: list[str]) -> tuple[str | None, str | None]:
    """(consent column, name column) by header, or None. A header that asks about the name is
    the name column unless it is the only one asking about publication at all."""
    cfg = _cfg()
    about_name = [c for c in columns if _matches(c, cfg["name_column_patterns"])]
    about_answer = [c for c in columns if _matches(c, cfg["column_patterns"])]
    consent = next((c for c in about_answer if c not in about_name), None)
    if consent is None and about_answer:
        consent = about_answer[0]
    name = next((c for c in about_name if c != consent), None)
    return consent, name


def _value(text: str) -> str:
    return " ".join(str(text).casefold().split()).rstrip(".!")


def read_choice(values: pd.Series, with_remarks: bool = True) -> tuple[np.ndarray, int, int]:
    """Per value 'ja' or 'nee' (empty and unrecognised: 'nee'), and how many were empty and
    how many unrecognised, for the import's warnings."""
    cfg = _cfg()
    v = values.astype("string").fillna("").map(_value)
    yes = v.isin(cfg["yes"])
    no = v.isin(cfg["no"])
    if with_remarks:
        yes |= v.str.startswith(tuple(cfg["yes_prefixes"])) & ~no
        no |= v.str.startswith(tuple(cfg["no_prefixes"])) & ~yes
    empty = v.eq("")
    unknown = ~(yes | no | empty)
    return np.where(yes.to_numpy(), YES, NO).astype(object), int(empty.sum()), int(unknown.sum())


def name_from_consent(values: pd.Series) -> np.ndarray:
    """The name choice inside a consent value ("Ja, met mijn naam" -> 'ja', "Ja, zonder naam"
    -> 'nee'); None where the value does not say."""
    cfg = _cfg()
    v = values.astype("string").fillna("").map(_value)
    said_no = v.map(lambda s: any(p in s for p in cfg["name_no"])).to_numpy(dtype=bool)
    said_yes = v.map(lambda s: any(p in s for p in cfg["name_yes"])).to_numpy(dtype=bool)
    return np.where(said_no, NO, np.where(said_yes, YES, None)).astype(object)


def per_respondent(df: pd.DataFrame, consent_col: str | None, name_col: str | None
                   ) -> tuple[np.ndarray | None, np.ndarray | None, list[str]]:
    """consent and consent_name per row of df ('ja'/'nee'; None for "not asked") plus Dutch
    warnings for empty and unrecognised consent values. Without consent nothing about the name
    may be shown either."""
    warnings: list[str] = []
    consent = name = None
    if consent_col:
        consent, empty, unknown = read_choice(df[consent_col])
        if empty:
            warnings.append(f"{dutch.count(empty, 'respondent', 'respondenten')} zonder antwoord in "
                            f"'{consent_col}': hun antwoorden tellen mee, maar worden niet openbaar getoond.")
        if unknown:
            warnings.append(f"{dutch.count(unknown, 'respondent', 'respondenten')} met een onbekende "
                            f"waarde in '{consent_col}' (geen ja of nee): hun antwoorden tellen mee, "
                            "maar worden niet openbaar getoond.")
        name = name_from_consent(df[consent_col])
    if name_col:
        name, _, _ = read_choice(df[name_col], with_remarks=True)
    if consent is not None and name is not None:
        name = np.where(consent == NO, NO, name).astype(object)
    return consent, name, warnings
