"""How often a link proposal names the concept-version section a reader would choose (tracker stage).

data/labelled/sections.csv holds suggestions from the June and November 2024 reports with
the v4 section(s) judged right. The proposals are computed as an import of the default data
set computes them (all its documents, themes assigned, onderwerp paragraphs as context). A
suggestion counts for top-1 when its best proposal is a judged section, for top-3 when one
of its first three is; `top1_first` is stricter: the best proposal is the section named
first. `dev` rows tune data/tracker.toml [tracing]; `heldout` rows are only measured, so the
two figures side by side show how much of the tuning is flattery.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core import config
from analysis.enrich import labelled
from analysis.enrich.themes import assign_themes
from analysis.harvest import parse_path
from analysis.harvest.concept_document import default_versions
from analysis.tracker.proposals import propose

VERSION = "v4"  # the labelled set judges concept version 4


def default_data() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(contributions with themes, onderwerpen) of the default data set, as an import stores them."""
    docs = [parse_path(path) for path in config.default_files()]
    contribs = assign_themes(pd.concat([d.contributions for d in docs], ignore_index=True))
    return contribs, pd.concat([d.topics for d in docs], ignore_index=True)


def ranks(gold: pd.DataFrame, contribs: pd.DataFrame, links: pd.DataFrame) -> pd.Series:
    """Per labelled row, the rank of the first judged section among its proposals (0: none).
    A labelled text that no longer matches a contribution is an error, not a miss."""
    ids = contribs.assign(document=contribs["document"].astype(str), text=contribs["text"].astype(str))
    ids = ids.drop_duplicates(["document", "text"]).set_index(["document", "text"])["id"]
    keys = list(zip(gold["document"], gold["text"]))
    missing = [text for (doc, text) in keys if (doc, text) not in ids.index]
    if missing:
        raise ValueError(f"gelabelde suggesties niet gevonden: {missing[:3]}")
    mine = links[links["version"] == VERSION]
    by_id = {sid: dict(zip(g["section"], g["rank"])) for sid, g in mine.groupby("suggestion_id")}
    out = []
    for key, sections in zip(keys, gold["gold"]):
        found = by_id.get(ids[key], {})
        hits = [found[s] for s in sections.split(";") if s in found]
        out.append(int(min(hits)) if hits else 0)
    return pd.Series(out, index=gold.index, dtype=int)


def _figures(rank: np.ndarray, first: np.ndarray) -> dict:
    def share(hit: np.ndarray) -> float:
        return round(float(hit.mean()), 4) if len(hit) else 0.0
    return {"top1": share(rank == 1), "top3": share(rank >= 1), "top1_first": share(first == 1),
            "n": int(len(rank))}


def section_accuracy(data: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> dict:
    """Top-1 and top-3 accuracy per split (dev, heldout), and per split and report."""
    contribs, topics = data if data is not None else default_data()
    gold = labelled.sections()
    links = propose(contribs, default_versions(), topics)
    rank = ranks(gold, contribs, links).to_numpy()
    first = ranks(gold.assign(gold=gold["gold"].str.split(";").str[0]), contribs, links).to_numpy()
    split, doc = gold["split"].to_numpy(), gold["document"].to_numpy()
    result = {s: _figures(rank[split == s], first[split == s]) for s in ("dev", "heldout")}
    result["by_document"] = {s: {d: _figures(rank[(split == s) & (doc == d)], first[(split == s) & (doc == d)])
                                 for d in sorted(set(doc))} for s in ("dev", "heldout")}
    result["misses"] = [f"{t} -> {g}" for t, g, r in zip(gold["text"], gold["gold"], rank) if r != 1]
    return result
