"""How well participants find their own input: hits in the top 5 for the queries of
data/labelled/public_search.csv, with the public search and with the old exact-word one
(devtools stage; `tests/views/test_public_search.py` prints both)."""
from __future__ import annotations

import pandas as pd

from analysis.core.paths import DATA_DIR
from analysis.views import public_search

QUERIES = DATA_DIR / "labelled" / "public_search.csv"


def exact_words(df: pd.DataFrame, query: str) -> pd.DataFrame:
    """The search before December 2026, as the baseline: every word in the text, document order."""
    text = df["text"].fillna("").str.casefold()
    mask = pd.Series(True, index=df.index)
    for word in query.casefold().split():
        mask &= text.str.contains(word, regex=False)
    return df[mask]


def top5(df: pd.DataFrame, ranked: pd.DataFrame, expected: str) -> bool:
    return ranked.head(5)["text"].fillna("").str.contains(expected, case=False, regex=False).any()


def hits(df: pd.DataFrame) -> dict:
    """{'n', 'before', 'after', 'missed'}: top-5 hits of the old and the new search over the
    public rows df (public.public_contributions of the default data)."""
    queries = pd.read_csv(QUERIES)
    index = public_search.build(df["text"])
    before = after = 0
    missed = []
    for q in queries.itertuples():
        before += top5(df, exact_words(df, q.query), q.expected)
        found = top5(df, public_search.search(df, q.query, index=index), q.expected)
        after += found
        if not found:
            missed.append(q.query)
    return {"n": len(queries), "before": before, "after": after, "missed": missed}
