"""Sankey and coverage data for the tracker page."""
from __future__ import annotations

import pandas as pd

from analysis.tracker import flow


def _table() -> pd.DataFrame:
    return pd.DataFrame({
        "event": ["Juni", "Juni", "Juni", "November", None],
        "theme": ["cumulatie", "cumulatie", "beprijzen", "cumulatie", "onzeker"],
        "status": ["verwerkt", "open", "niet_verwerkt", "deels_verwerkt", "open"],
    })


def test_sankey_links_sessions_themes_and_statuses():
    f = flow.sankey(_table(), "v4")
    cum = f.labels.index("Cumulatie / stapeling van effecten")
    juni = f.labels.index("Juni")
    edges = {(f.labels[s], f.labels[t]): v for s, t, v in zip(f.source, f.target, f.value)}
    assert edges[("Juni", "Cumulatie / stapeling van effecten")] == 2
    assert edges[("Cumulatie / stapeling van effecten", "Verwerkt")] == 1
    assert edges[(flow.NO_THEME, "Open")] == 1 and flow.NO_SESSION in f.labels
    assert juni < cum < f.labels.index("Verwerkt")  # columns: sessions, themes, statuses
    assert sum(v for (a, _), v in edges.items() if a in ("Juni", "November", flow.NO_SESSION)) == 5
    assert f.summary.startswith("5 suggesties uit 3 sessies") and "2 open" in f.summary
    assert list(f.table.columns) == ["van", "naar", "aantal"]


def test_coverage_shares():
    cov = flow.coverage(_table()).set_index("thema")
    row = cov.loc["Cumulatie / stapeling van effecten"]
    assert (row["suggesties"], row["besloten"], row["verwerkt"]) == (3, 2, 2)
    assert row["aandeel_besloten"] == round(2 / 3, 3)
    beprijzen = cov.loc["Beprijzen, de vervuiler betaalt"]
    assert beprijzen["besloten"] == 1 and beprijzen["verwerkt"] == 0
    sentence = flow.coverage_summary(cov.reset_index())
    assert sentence.startswith("Van 5 suggesties is over 3 (60%) besloten")
    assert flow.NO_THEME in sentence
