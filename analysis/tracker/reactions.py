"""Reactions: what a later session said about an earlier suggestion (tracker stage).

Near-duplicate groups stay within one event (analysis.enrich.near_duplicates), so the November
werksessie's zwak punt "Houd rekening met cumulatie bij normering." is no copy of the June advice
it repeats: it is a reaction to it, shown beside it and decided on its own. A reaction is a
contribution of another event, of a reflecting kind (data/tracker.toml [reactions] sections),
dated after the suggestion, whose text is at least `min_similarity` like the suggestion's
(cosine of character n-gram TF-IDF, analysis.enrich.textsim).

Cheap per suggestion: `index(contributions)` is made once per contributions version (the
reflections' TF-IDF rows; the idf fitted on them and a sample of the other texts), after which
`Reactions.of(suggestion)` vectorises one text and multiplies it with those rows.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.enrich.textsim import vectoriser
from analysis.tracker import vocabulary
from analysis.tracker.evidence import _KIND_NAMES, _NOT_YET, _quote, when

REACTION_COLUMNS = ["id", "event", "date", "section", "text", "similarity", "lead"]
# Texts besides the reflections the idf is fitted on: enough to learn which words are common
# ("milieu", "overheid"), while 100,000 answers would cost seconds to fit.
_IDF_SAMPLE = 2000


def _dates(values: pd.Series) -> np.ndarray:
    """ISO dates as fixed-width strings ('' when unknown), compared as text."""
    return values.astype("string").fillna("").str.slice(0, 10).to_numpy().astype("U10")


def _lead(section: str, date: str, text: str) -> str:
    """'In november 2024 noemden deelnemers dit nog een zwak punt (...): '...'', for a person."""
    name = _KIND_NAMES.get(section, f"opmerking ({section})")
    not_yet = _NOT_YET if section in ("zwak", "verbeter") else ""
    still = "nog " if not_yet else ""
    line = f"{when(date)} noemden deelnemers dit {still}een {name}{not_yet}: {_quote(text)}"
    return line[:1].upper() + line[1:]


@dataclass(frozen=True)
class Reactions:
    """The contributions that may react to a suggestion, vectorised once."""

    rows: pd.DataFrame  # REACTION_COLUMNS without similarity
    vec: object
    vectors: sparse.csr_matrix
    dates: np.ndarray
    min_similarity: float

    def of(self, suggestion: Mapping) -> pd.DataFrame:
        """The reactions to one suggestion (anything with text, event and date, such as a row of
        the tracker or review table): REACTION_COLUMNS, earliest first, on one date the most
        similar first; similarity rounded to two decimals. Empty when its date is unknown."""
        text, date = suggestion.get("text"), _dates(pd.Series([suggestion.get("date")]))[0]
        if not len(self.rows) or not date or not isinstance(text, str) or not text.strip():
            return pd.DataFrame(columns=REACTION_COLUMNS)
        similarity = (self.vectors @ self.vec.transform([text]).T).toarray().ravel()
        event = suggestion.get("event")
        keep = ((self.dates > date) & (similarity >= self.min_similarity)
                & (self.rows["event"] != (event if isinstance(event, str) else "")).to_numpy())
        out = self.rows[keep].assign(similarity=similarity[keep].round(2))
        return (out.sort_values(["date", "similarity"], ascending=[True, False], kind="stable")
                [REACTION_COLUMNS].reset_index(drop=True))


def index(contributions: pd.DataFrame) -> Reactions:
    """What Reactions.of reads, from the contributions (id, event, date, section, text; with
    duplicate_of, copies within an event are left out: their original stands for them)."""
    cfg = vocabulary.reactions()
    df = contributions
    mask = df["section"].isin(cfg["sections"]) & df["date"].notna() & df["text"].notna()
    if "duplicate_of" in df.columns:
        mask &= df["duplicate_of"].isna()
    rows = df.loc[mask.to_numpy(), ["id", "event", "date", "section", "text"]].reset_index(drop=True)
    rows["event"] = rows["event"].astype("string").fillna("")
    rows["lead"] = [_lead(s, d, t) for s, d, t in zip(rows["section"], rows["date"], rows["text"])]
    texts = df["text"].dropna()
    sample = texts if len(texts) <= _IDF_SAMPLE else texts.sample(_IDF_SAMPLE, random_state=0)
    vec = vectoriser([*rows["text"], *sample])
    vectors = vec.transform(rows["text"].tolist()) if len(rows) else sparse.csr_matrix((0, len(vec.vocabulary_)))
    return Reactions(rows, vec, vectors, _dates(rows["date"]), float(cfg["min_similarity"]))
