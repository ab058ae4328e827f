"""Big tables in pages of rows: how many pages, the rows of one page and its label (views stage).

The pages send one page of a table (data/settings.toml [pages] table_rows) instead of the whole
selection, so a table of 100,000 rows costs what a table of 200 rows costs; downloads still hold
every row.
"""
from __future__ import annotations

import pandas as pd

from analysis.core import dutch
from analysis.core.config import settings


def rows_per_page() -> int:
    return int(settings()["pages"]["table_rows"])


def page_count(n_rows: int, per_page: int) -> int:
    return max(1, -(-n_rows // max(1, per_page)))


def page_rows(df: pd.DataFrame, page: int, per_page: int) -> pd.DataFrame:
    """Rows of page `page` (1 = first); a page past the end gives the last page."""
    page = min(max(1, page), page_count(len(df), per_page))
    return df.iloc[(page - 1) * per_page: page * per_page]


def page_label(page: int, n_rows: int, per_page: int) -> str:
    """'2 van 5 (rij 201 tot en met 400 van 1.000)'."""
    first, last = (page - 1) * per_page + 1, min(n_rows, page * per_page)
    return (f"{dutch.number(page)} van {dutch.number(page_count(n_rows, per_page))} "
            f"(rij {dutch.number(first)} tot en met {dutch.number(last)} van {dutch.number(n_rows)})")
