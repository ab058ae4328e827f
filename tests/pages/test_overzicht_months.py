"""AppTest: the Overzicht month chart's sentence names Dutch months, first to last, on the default data."""
from __future__ import annotations

import re

import pandas as pd
from apptests import open_page

from analysis.core import dutch
from analysis.views import frame as views_frame


def test_the_month_caption_is_dutch(monkeypatch, default_data_store):
    monkeypatch.setenv("DATABASE_URL", default_data_store.url)
    monkeypatch.setenv("NMP_MODE", "internal")
    at = open_page("app_pages/overzicht.py")
    caption = next(c.value for c in at.caption if c.value.startswith("Bijdragen per maand"))
    dates = pd.to_datetime(views_frame.load(default_data_store)["date"], errors="coerce").dropna()
    first, last = dutch.month_year(dates.min()), dutch.month_year(dates.max())
    assert caption.startswith(f"Bijdragen per maand van {first} tot {last}; de drukste maand was ")
    assert not re.search(r"\d{4}-\d{2}", caption)  # no ISO months such as 2023-06
    busiest = caption.removesuffix(".").rsplit(" was ", 1)[1]
    assert re.fullmatch(r"(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
                        r"november|december) \d{4}", busiest)
