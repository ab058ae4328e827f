"""Evidence for link proposals, in words a person can check (tracker stage).

The targets (concept sections, later remarks) and signals the proposal scores are built from,
and the sentence per kept link that says why it was proposed.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.core import dutch


@dataclass
class _Targets:
    """What every suggestion is scored against: the sections and what sessions said about them."""

    secs: pd.DataFrame
    remarks: pd.DataFrame  # pos (row of the remark in contribs), sec (row in secs)
    vec: object
    sec_vectors: object
    remark_vectors: object
    remark_dates: np.ndarray
    remark_weight: np.ndarray  # echo_kind weight per remark
    remark_praises: np.ndarray  # a kind that praises a whole subject, about that subject
    remark_themes: list[set[str]]
    sec_themes: list[set[str]]
    remark_head: list[str]  # "bevestigd door sterk punt 6-11-2024", for the evidence
    remark_quote: list[str]


@dataclass
class _Signals:
    """Per suggestion (rows) and section (columns): the parts of the score, for the evidence."""

    text: np.ndarray
    echo: np.ndarray  # weighted echo that enters the score
    echo_sim: np.ndarray  # similarity of the best echoing remark, as shown
    echo_theme: np.ndarray  # the best remark counted because it praises the same theme
    remark: np.ndarray  # row in `remarks` of the best echoing remark, -1 if none
    theme: np.ndarray
    ref: np.ndarray

    def score(self, cfg: dict) -> np.ndarray:
        return (cfg["text"] * self.text + cfg["echo"] * self.echo
                + cfg["theme"] * self.theme + cfg["ref"] * self.ref)



_ECHO_PHRASES = {
    "sterk": "bevestigd door sterk punt",
    "zwak": "nog niet (volledig) verwerkt volgens zwak punt",
    "verbeter": "nog niet (volledig) verwerkt volgens verbeterpunt",
}


def _day(iso) -> str:
    """'6-11-2024' from '2024-11-06', as the reports write dates."""
    ts = pd.to_datetime(str(iso)[:10], format="%Y-%m-%d", errors="coerce")
    if pd.isna(ts):
        return str(iso) if isinstance(iso, str) else "onbekende datum"
    return f"{ts.day}-{ts.month}-{ts.year}"


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(str(text).split())
    return f"'{text if len(text) <= limit else text[:limit - 1].rstrip() + '…'}'"


def _evidence(rows: np.ndarray, cols: np.ndarray, t: _Targets, signals: _Signals) -> list[str]:
    """The reasons for each kept link, in plain Dutch, strongest first."""
    refs, titles = t.secs["ref"].tolist(), t.secs["title"].tolist()
    out = []
    for j, ref, text, remark, sim, by_theme, theme in zip(
            cols.tolist(), signals.ref[rows, cols].tolist(),
            signals.text[rows, cols].tolist(), signals.remark[rows, cols].tolist(),
            signals.echo_sim[rows, cols].tolist(), signals.echo_theme[rows, cols].tolist(),
            signals.theme[rows, cols].tolist()):
        parts = [f"het onderwerp van deze bijdrage gaat over {refs[j]}"] if ref else []
        parts.append(f"tekstovereenkomst {dutch.decimal(text)} met {refs[j]} '{titles[j]}'")
        if remark >= 0:
            how = ("zelfde thema, " if by_theme else "") + f"overeenkomst {dutch.decimal(sim)}"
            parts.append(f"{t.remark_head[remark]} ({how}): {t.remark_quote[remark]}")
        if theme:
            parts.append("zelfde thema" if theme == 1 else "verwant thema")
        out.append("; ".join(parts))
    return out

