"""Page data of one theme (Thema's): co-occurring themes, top terms, quotes (views stage; the
comparison across sessions is analysis.compare.sessions)."""
from __future__ import annotations

import pandas as pd

from analysis.enrich import nlp
from analysis.views.frame import (
    SESSION,
    THEME_PREFIX,
    in_theme,
    theme_column,
    theme_columns,
    theme_label,
)

# Top terms are counted on at most this many contributions (a fixed random sample).
TERM_SAMPLE = 5000


def cooccurring(df: pd.DataFrame, theme_id: str) -> pd.DataFrame:
    """Other themes found in the same contributions, most frequent first."""
    member = in_theme(df, theme_id)
    cols = [c for c in theme_columns(df) if c != theme_column(theme_id)]
    counts = member[cols].sum().sort_values(ascending=False)
    counts = counts[counts > 0]
    return pd.DataFrame({"Thema": [theme_label(c[len(THEME_PREFIX):]) for c in counts.index],
                         "Samen genoemd": counts.astype(int).to_numpy(),
                         "Aandeel (%)": (counts / max(len(member), 1) * 100).round(1).to_numpy()})


def top_terms(texts: pd.Series, n: int = 15) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Most frequent words and 2-3 word phrases (stop words left out), by number of contributions.

    Counted on at most TERM_SAMPLE contributions (a fixed sample) so it stays fast.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    empty = pd.DataFrame(columns=["Term", "Bijdragen"])
    texts = texts.dropna()
    if len(texts) > TERM_SAMPLE:
        texts = texts.sample(TERM_SAMPLE, random_state=0)
    if texts.empty:
        return empty, empty.rename(columns={"Term": "Zinsdeel"})

    def ranked(ngrams: tuple[int, int], min_df: int) -> pd.DataFrame:
        vec = CountVectorizer(ngram_range=ngrams, stop_words=list(nlp.stop_words()), binary=True,
                              token_pattern=r"(?u)\b[^\W\d_][\w-]{2,}\b", min_df=min_df)
        try:
            matrix = vec.fit_transform(texts)
        except ValueError:  # nothing left after stop words
            return empty
        freq = pd.Series(matrix.sum(axis=0).A1, index=vec.get_feature_names_out())
        freq = freq.sort_values(ascending=False, kind="stable").head(n)
        return pd.DataFrame({"Term": freq.index, "Bijdragen": freq.astype(int).to_numpy()})

    words = ranked((1, 1), 1)
    phrases = ranked((2, 3), 2).rename(columns={"Term": "Zinsdeel"})
    return words, phrases


def terms(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """top_terms of the contributions' texts (for the page cache, which passes the rows)."""
    return top_terms(df["text"])


def representative_quotes(df: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """Clear examples: high theme score, not a duplicate, readable length, spread over sessions."""
    pool = df[df["duplicate_of"].isna()]
    length = pool["text"].str.len()
    pool = pool[(length >= 40) & (length <= 400)]
    if pool.empty:
        pool = df
    pool = pool.sort_values("theme_score", ascending=False, na_position="last")
    picked = (pool.assign(_rank=pool.groupby(SESSION, observed=True).cumcount())
              .sort_values(["_rank", "theme_score"], ascending=[True, False], na_position="last")
              .head(n))
    return picked.drop(columns="_rank")
