"""Evidence for link proposals, in words a person can check (tracker stage).

The targets (concept sections, later remarks) and signals the proposal scores are built from,
and the sentence per kept link that says why it was proposed. What it quotes is always a
sentence of the concept section itself, never a contribution: a later remark that echoes the
suggestion is only described ("in november 2024 herhaalden deelnemers deze suggestie als zwak
punt bij deze sectie"), since it is often the suggestion's own words once more.
"""
from __future__ import annotations

import re
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
    remark_kind: list[str]  # sterk, zwak, verbeter, ...
    remark_when: list[str]  # "in november 2024"


@dataclass
class _Signals:
    """Per suggestion (rows) and section (columns): the parts of the score, for the evidence."""

    text: np.ndarray
    echo: np.ndarray  # weighted echo that enters the score
    repeat: np.ndarray  # the best echoing remark repeats the suggestion (nearly) word for word
    echo_theme: np.ndarray  # the best remark counted because it praises the same theme
    remark: np.ndarray  # row in `remarks` of the best echoing remark, -1 if none
    near: np.ndarray  # similarity of the nearest later remark, in the section it was written under
    nearest: np.ndarray  # per suggestion: row in `remarks` of that remark, -1 if none
    theme: np.ndarray
    ref: np.ndarray
    topic: np.ndarray  # the onderwerp's match to the section: its concept_ref names it, or likeness

    def score(self, cfg: dict) -> np.ndarray:
        return (cfg["text"] * self.text + cfg["echo"] * self.echo + cfg["nearest"] * self.near
                + cfg["theme"] * self.theme + cfg["ref"] * self.ref)


def own_score(sentence_similarity: np.ndarray, topic: np.ndarray, cfg: dict) -> np.ndarray:
    """What bulk acceptance goes by: how well the contribution's own text matches a sentence of
    the section (best_sentences), raised by at most topic_lift when its onderwerp matches the
    section. A session heading says where a remark was made, not what it says ("Vergeet het
    platteland niet!" under Stapeling van effecten), so it alone stays below every bulk
    threshold (review.toml [bulk] min_score is above topic_lift)."""
    return np.minimum(sentence_similarity + cfg["topic_lift"] * topic, 1.0)


_KIND_NAMES = {"sterk": "sterk punt", "zwak": "zwak punt", "verbeter": "verbeterpunt"}
_NOT_YET = " (dus misschien nog niet verwerkt)"


def when(iso) -> str:
    """'in november 2024' from '2024-11-06'; 'later' when the date is unknown."""
    ts = pd.to_datetime(str(iso)[:10], format="%Y-%m-%d", errors="coerce")
    return "later" if pd.isna(ts) else f"in {dutch.month_name(ts.month)} {ts.year}"


def echo_clause(kind: str, moment: str, repeat: bool, by_theme: bool) -> str:
    """What a later session said about the section, without quoting it: 'in november 2024
    herhaalden deelnemers deze suggestie als zwak punt bij deze sectie (dus misschien nog niet
    verwerkt)'. A zwak punt or verbeterpunt says it may not be in yet."""
    name = _KIND_NAMES.get(kind, f"opmerking ({kind})")
    not_yet = _NOT_YET if kind in ("zwak", "verbeter") else ""
    if repeat:
        return f"{moment} herhaalden deelnemers deze suggestie als {name} bij deze sectie{not_yet}"
    if by_theme:
        return f"{moment} noemden deelnemers het onderwerp van deze sectie een {name}"
    return f"{moment} noemden deelnemers iets vergelijkbaars een {name} van deze sectie{not_yet}"


def _quote(text: str, limit: int = 140) -> str:
    text = " ".join(str(text).split())
    return f"'{text if len(text) <= limit else text[:limit - 1].rstrip() + '…'}'"


def _sentences(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"(?<=[.!?;])\s+|\n+", str(text or "")) if p.strip()]
    return parts or [""]


def best_sentences(cols: np.ndarray, texts: list[str], sections: pd.Series,
                   vec) -> tuple[list[str], np.ndarray]:
    """Per kept link k: the sentence of section cols[k] most like texts[k] (TF-IDF cosine with
    the proposals' vectoriser, the first on a tie) and that similarity. It is the contribution's
    own evidence for the section: what the evidence quotes is what bulk acceptance scores, and
    neither looks at the session's onderwerp. Each distinct text and sentence is vectorised once;
    texts and the sentences of one section meet in one sparse product."""
    if not len(cols):
        return [], np.zeros(0)
    text_code, distinct = pd.factorize(pd.Series(texts, dtype=object))
    by_section = {j: _sentences(sections.iat[j]) for j in set(cols.tolist())}
    text_vectors = vec.transform(list(distinct))
    sentence_vectors = vec.transform([sentence for j in by_section for sentence in by_section[j]])
    out = np.empty(len(cols), dtype=object)
    similarity = np.zeros(len(cols))
    first = 0
    for j, sentences in by_section.items():
        links = np.flatnonzero(cols == j)
        sims = (text_vectors[text_code[links]] @ sentence_vectors[first:first + len(sentences)].T).toarray()
        best = sims.argmax(axis=1)  # the first of equal similarities
        out[links] = np.asarray(sentences, dtype=object)[best]
        similarity[links] = sims[np.arange(len(links)), best]
        first += len(sentences)
    return out.tolist(), similarity


def _evidence(rows: np.ndarray, cols: np.ndarray, t: _Targets, signals: _Signals,
              sentences: list[str]) -> list[str]:
    """Why each kept link was proposed, for a person: what the section says (the link's
    best_sentences), what a later session said about it, strongest first ('In §6.2.2 *Stapeling
    van effecten* staat: ...')."""
    refs, titles = t.secs["ref"].tolist(), t.secs["title"].tolist()
    out = []
    for j, ref, remark, repeat, by_theme, near, nearest, theme, sentence in zip(
            cols.tolist(), signals.ref[rows, cols].tolist(), signals.remark[rows, cols].tolist(),
            signals.repeat[rows, cols].tolist(), signals.echo_theme[rows, cols].tolist(),
            signals.near[rows, cols].tolist(), signals.nearest[rows].tolist(),
            signals.theme[rows, cols].tolist(), sentences):
        where = f"{refs[j]} *{titles[j]}*"
        parts = [f"in {where} staat: {_quote(sentence)}" if sentence
                 else f"de titel van {where} past bij deze bijdrage"]
        if ref:
            parts.insert(0, f"het onderwerp van deze bijdrage verwijst zelf naar {refs[j]}")
        if remark >= 0:
            parts.append(echo_clause(t.remark_kind[remark], t.remark_when[remark], repeat, by_theme))
        if near and nearest != remark:
            parts.append(f"{t.remark_when[nearest]} schreven deelnemers de opmerking die het meest "
                         "op deze suggestie lijkt bij deze sectie")
        if theme:
            parts.append("de sectie gaat over een thema van deze bijdrage")
        text = "; ".join(parts)
        out.append(text[:1].upper() + text[1:])
    return out
