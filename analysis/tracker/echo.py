"""What later sessions said about the sections, as parts of a link proposal's score (tracker stage).

Per suggestion and section, the later remark that best echoes the suggestion (a sterk punt says
it is in; a zwak punt or verbeterpunt that repeats it says it is not yet); and per suggestion the
nearest later remark by its own words, whose section the November report's heading names.
"""
from __future__ import annotations

import numpy as np

from analysis.tracker.evidence import _Targets


def echo(sim: np.ndarray, raw: np.ndarray, sugg_dates: np.ndarray, remark_prior: np.ndarray,
         t: _Targets, cfg: dict) -> tuple[np.ndarray, ...]:
    """What later sessions said: per section, the remark that best echoes each suggestion.

    A remark counts when it was made later than the suggestion and is similar enough (sim,
    with the onderwerp), or when it is a kind that praises a whole subject ("Goed dat
    stapeling van effecten onderdeel is van NMP") and shares one of the suggestion's themes
    (remark_prior: the theme prior against each remark). A remark whose text alone (raw) is
    nearly the suggestion's is a repeat and weighs echo_kind.repeat.
    Returns per suggestion and section: the echo, whether its remark is a repeat, whether it
    counted by theme, and which remark it is (-1: none); and per suggestion the nearest later
    remark that is not a repeat, by the texts alone (-1: none as similar as echo_min), with
    its similarity.
    """
    later = t.remark_dates[None, :] > sugg_dates[:, None]
    same = remark_prior * t.remark_praises[None, :]
    relevance = np.where(later, sim + cfg["echo_theme"] * same, 0.0)
    repeats = raw >= cfg["repeat_min"]
    weight = np.where(repeats, cfg["echo_kind"]["repeat"], t.remark_weight[None, :])
    relevance = np.where(relevance >= cfg["echo_min"], relevance, 0.0) * weight

    shape = (len(sugg_dates), len(t.secs))
    found, repeat, by_theme = np.zeros(shape), np.zeros(shape, dtype=bool), np.zeros(shape, dtype=bool)
    best_remark = np.full(shape, -1)
    idx = np.arange(len(sugg_dates))
    for j in range(len(t.secs)):
        cols = np.flatnonzero(t.remarks["sec"].to_numpy() == j)
        if not len(cols):
            continue
        best = cols[relevance[:, cols].argmax(axis=1)]
        found[:, j] = relevance[idx, best]
        hit = found[:, j] > 0
        best_remark[:, j] = np.where(hit, best, -1)
        repeat[:, j] = hit & repeats[idx, best]
        by_theme[:, j] = hit & ~repeat[:, j] & (same[idx, best] > 0)
    own = np.where(later & ~repeats, raw, 0.0)
    nearest = own.argmax(axis=1) if own.shape[1] else np.zeros(len(sugg_dates), dtype=int)
    closeness = own[idx, nearest] if own.shape[1] else np.zeros(len(sugg_dates))
    nearest = np.where(closeness >= cfg["echo_min"], nearest, -1)
    return found, repeat, by_theme, best_remark, nearest, closeness


def nearest_section(nearest: np.ndarray, closeness: np.ndarray, t: _Targets) -> np.ndarray:
    """Per suggestion and section: the similarity of the nearest later remark, in its section."""
    near = np.zeros((len(nearest), len(t.secs)))
    found = np.flatnonzero(nearest >= 0)
    near[found, t.remarks["sec"].to_numpy()[nearest[found]]] = closeness[found]
    return near
