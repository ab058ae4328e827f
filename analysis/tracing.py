"""Automatic link proposals: which concept-version section did a suggestion go into?

Each suggestion gets, per concept version, its best few sections with a score
and the evidence behind it, in plain Dutch:
- text similarity between the suggestion (and its onderwerp) and the section;
- what a later session said about that section: a sterk punt that echoes the
  suggestion says it is in; a zwak punt or verbeterpunt that repeats it says
  it is not (yet); either way the section is where it belongs;
- the suggestion's theme as a weak prior, and its own concept_ref (a November
  remark on "v4 §6.2.2" is about §6.2.2).
Proposals stay `voorgesteld` until a person reviews them (analysis.tracker).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np
import pandas as pd
from sqlalchemy import delete, insert

from analysis import schema, tracker_config
from analysis.concept_versions import ConceptVersion, load_versions, parse_ref, sections_frame
from analysis.textsim import similarity, vectoriser
from analysis.tracker_tables import links

LINK_COLUMNS = ["suggestion_id", "suggestion_text", "version", "section", "section_title",
                "rank", "score", "evidence"]
_VECTORISER_SAMPLE = 20000  # suggestions used to fit the idf; enough to learn common words

_ECHO_PHRASES = {
    "sterk": "bevestigd door sterk punt",
    "zwak": "nog niet (volledig) verwerkt volgens zwak punt",
    "verbeter": "nog niet (volledig) verwerkt volgens verbeterpunt",
}


def _num(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def _date(iso) -> str:
    """'6-11-2024' from '2024-11-06', as the reports write dates."""
    try:
        d = datetime.strptime(str(iso)[:10], "%Y-%m-%d")
    except ValueError:
        return str(iso) if isinstance(iso, str) else "onbekende datum"
    return f"{d.day}-{d.month}-{d.year}"


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(str(text).split())
    return f"'{text if len(text) <= limit else text[:limit - 1].rstrip() + '…'}'"


def _parts(number: str) -> set[str]:
    return {p.strip().lstrip("§") for p in str(number).split("/") if p.strip()}


def _themes(row: pd.Series) -> set[str]:
    found = set()
    for col in ("themes", "theme"):
        value = row.get(col)
        if isinstance(value, str):
            found |= {t for t in value.split(";") if t and t != schema.UNCERTAIN_THEME}
    return found


def _remarks(contribs: pd.DataFrame, secs: pd.DataFrame) -> pd.DataFrame:
    """Contributions whose concept_ref names a known section: one row per (contribution, section)."""
    rows = []
    for pos, ref in enumerate(contribs["concept_ref"]):
        parsed = parse_ref(ref)
        if parsed is None:
            continue
        version, number = parsed
        for j in np.flatnonzero((secs["version"] == version).to_numpy()):
            if _parts(secs.at[j, "number"]) & _parts(number):
                rows.append((pos, j))
    return pd.DataFrame(rows, columns=["pos", "sec"])


def _section_themes(secs: pd.DataFrame, remarks: pd.DataFrame, contribs: pd.DataFrame) -> list[set[str]]:
    """The section's own themes; without them, the two commonest themes of remarks on it."""
    out = []
    for j, given in enumerate(secs["themes"]):
        themes = {t for t in str(given or "").split(";") if t}
        if not themes:
            about = contribs["theme"].iloc[remarks.loc[remarks["sec"] == j, "pos"]]
            themes = set(about[about.notna() & (about != schema.UNCERTAIN_THEME)]
                         .value_counts().index[:2])
        out.append(themes)
    return out


def _topic_context(sugg: pd.DataFrame, topics: pd.DataFrame | None) -> list[str]:
    """Each suggestion's onderwerp: its heading plus the framing paragraph when known."""
    described = {}
    if topics is not None and len(topics):
        described = {(d, t): str(desc) for d, t, desc in
                     zip(topics["document"], topics["topic"], topics["description"])
                     if isinstance(desc, str)}
    return [f"{t}. {described.get((d, t), '')}" if isinstance(t, str) else ""
            for d, t in zip(sugg["document"], sugg["topic"])]


def _primary_themes(df: pd.DataFrame) -> list[str | None]:
    return [t if isinstance(t, str) and t != schema.UNCERTAIN_THEME else None for t in df["theme"]]


def _theme_prior(sugg: pd.DataFrame, sec_themes: list[set[str]]) -> np.ndarray:
    """1 when the suggestion's primary theme is one of the section's, 0.5 for a secondary theme."""
    out = np.zeros((len(sugg), len(sec_themes)))
    for i, ((_, row), primary) in enumerate(zip(sugg.iterrows(), _primary_themes(sugg))):
        others = _themes(row) - {primary}
        for j, themes in enumerate(sec_themes):
            out[i, j] = 1.0 if primary in themes else (0.5 if others & themes else 0.0)
    return out


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


def _names_subject(rows: pd.DataFrame, remarks: pd.DataFrame, secs: pd.DataFrame, vec,
                   cfg: dict) -> np.ndarray:
    """Remarks about a section's subject as a whole: they name its title ("Goed dat 'stapeling
    van effecten' onderdeel is van NMP") or say it is there ("Goed dat er nu pricing in staat")."""
    text = rows["text"].fillna("").astype(str)
    titles = secs["title"].iloc[remarks["sec"]].astype(str).tolist()
    named = np.array([similarity([t], [ti], vec)[0, 0] for t, ti in zip(text, titles)]
                     ) >= cfg["praise_title_min"] if len(text) else np.zeros(0, dtype=bool)
    pattern = "|".join(f"(?:{p})" for p in cfg["praise_patterns"])
    return named | text.str.lower().str.contains(pattern, regex=True).to_numpy()


def _echo(sim: np.ndarray, raw: np.ndarray, sugg: pd.DataFrame, contribs: pd.DataFrame,
          remarks: pd.DataFrame, secs: pd.DataFrame, vec, cfg: dict) -> tuple[np.ndarray, ...]:
    """What later sessions said: per section, the remark that best echoes each suggestion.

    A remark counts when it was made later than the suggestion and is similar
    enough (sim, with the onderwerp; raw, the texts alone, is what the evidence
    shows), or when it is a kind that praises a whole subject ("Goed dat stapeling
    van effecten onderdeel is van NMP") and shares the suggestion's primary theme.
    """
    rows = contribs.iloc[remarks["pos"]]
    later = (rows["date"].fillna("").astype(str).to_numpy()[None, :]
             > sugg["date"].fillna("").astype(str).to_numpy()[:, None])
    kinds = rows["section"].astype(str)
    weight = kinds.map(cfg["echo_kind"]).fillna(cfg["echo_kind"]["other"]).to_numpy(dtype=float)
    praises = kinds.isin(cfg["echo_theme_kinds"]).to_numpy() & _names_subject(rows, remarks, secs, vec, cfg)
    remark_themes = [_themes(r) for _, r in rows.iterrows()]
    same = np.array([[p is not None and p in t for t in remark_themes]
                     for p in _primary_themes(sugg)], dtype=bool).reshape(len(sugg), len(rows))
    same &= praises[None, :]
    relevance = np.where(later, sim + cfg["echo_theme"] * same, 0.0)
    relevance = np.where(relevance >= cfg["echo_min"], relevance, 0.0) * weight[None, :]

    shape = (len(sugg), len(secs))
    echo, shown, by_theme = np.zeros(shape), np.zeros(shape), np.zeros(shape, dtype=bool)
    best_remark = np.full(shape, -1)
    idx = np.arange(len(sugg))
    for j in range(len(secs)):
        cols = np.flatnonzero(remarks["sec"].to_numpy() == j)
        if not len(cols):
            continue
        best = cols[relevance[:, cols].argmax(axis=1)]
        echo[:, j] = relevance[idx, best]
        hit = echo[:, j] > 0
        best_remark[:, j] = np.where(hit, best, -1)
        shown[:, j] = np.where(hit, raw[idx, best], 0.0)
        by_theme[:, j] = hit & same[idx, best]
    return echo, shown, by_theme, best_remark


def propose(contribs: pd.DataFrame, versions: list[ConceptVersion],
            topics: pd.DataFrame | None = None) -> pd.DataFrame:
    """Proposed links (LINK_COLUMNS) for every suggestion in contribs to the versions' sections.

    topics (document, topic, description) adds each onderwerp's framing paragraph as context.
    """
    cfg = tracker_config.tracing()
    contribs = contribs.reset_index(drop=True)
    sugg = contribs[contribs["section"].isin(schema.SUGGESTION_SECTIONS)].reset_index(drop=True)
    secs = sections_frame(versions)
    if sugg.empty or secs.empty:
        return pd.DataFrame(columns=LINK_COLUMNS)

    remarks = _remarks(contribs, secs)
    remark_text = contribs["text"].iloc[remarks["pos"]].fillna("").astype(str).tolist()
    # what sessions wrote about a section describes it too ("Goed dat er nu pricing in staat")
    said = {j: " ".join(remark_text[k] for k in np.flatnonzero(remarks["sec"].to_numpy() == j))
            for j in range(len(secs))}
    sec_text = [f"{t}. {x} {said[j]}" for j, (t, x) in enumerate(zip(secs["title"], secs["text"]))]
    sugg_text = sugg["text"].fillna("").astype(str).tolist()
    context = _topic_context(sugg, topics)
    sample = sugg_text if len(sugg_text) <= _VECTORISER_SAMPLE else list(
        pd.Series(sugg_text).sample(_VECTORISER_SAMPLE, random_state=0))
    vec = vectoriser([*sec_text, *remark_text, *sample])

    share = cfg["topic_share"]

    def blended(targets: list[str]) -> tuple[np.ndarray, np.ndarray]:
        raw = similarity(sugg_text, targets, vec)
        return (1 - share) * raw + share * similarity(context, targets, vec), raw

    echo, shown, by_theme, best_remark = _echo(*blended(remark_text), sugg, contribs, remarks,
                                               secs, vec, cfg)
    ref_hit = np.zeros((len(sugg), len(secs)))
    for i, ref in enumerate(sugg["concept_ref"]):
        parsed = parse_ref(ref)
        if parsed:
            ref_hit[i] = [(v == parsed[0] and bool(_parts(n) & _parts(parsed[1])))
                          for v, n in zip(secs["version"], secs["number"])]
    signals = _Signals(text=blended(sec_text)[0], echo=echo, echo_sim=shown, echo_theme=by_theme,
                       remark=best_remark,
                       theme=_theme_prior(sugg, _section_themes(secs, remarks, contribs)),
                       ref=ref_hit)
    return _top_links(sugg, secs, contribs, remarks, signals, cfg)


def _top_links(sugg, secs, contribs, remarks, signals: _Signals, cfg: dict) -> pd.DataFrame:
    rows = []
    score = signals.score(cfg)
    sugg_dates = sugg["date"].fillna("").astype(str).to_numpy()
    for version, date in secs.groupby("version", sort=False)["version_date"].first().items():
        cols = np.flatnonzero(secs["version"].to_numpy() == version)
        for i in range(len(sugg)):
            if date and sugg_dates[i] and sugg_dates[i] > str(date):
                continue  # a suggestion made after this version cannot have entered it
            order = cols[np.argsort(-score[i, cols], kind="stable")][:cfg["top_k"]]
            for rank, j in enumerate((j for j in order if score[i, j] >= cfg["min_score"]), 1):
                rows.append({
                    "suggestion_id": sugg.at[i, "id"], "suggestion_text": sugg.at[i, "text"],
                    "version": version, "section": secs.at[j, "number"],
                    "section_title": secs.at[j, "title"], "rank": rank,
                    "score": round(float(score[i, j]), 3),
                    "evidence": _evidence(i, j, secs, contribs, remarks, signals)})
    return pd.DataFrame(rows, columns=LINK_COLUMNS)


def _evidence(i: int, j: int, secs, contribs, remarks, signals: _Signals) -> str:
    """The reasons for one proposed link, in plain Dutch, strongest first."""
    ref = secs.at[j, "ref"]
    parts = []
    if signals.ref[i, j]:
        parts.append(f"het onderwerp van deze bijdrage gaat over {ref}")
    parts.append(f"tekstovereenkomst {_num(signals.text[i, j])} met {ref} '{secs.at[j, 'title']}'")
    if signals.remark[i, j] >= 0:
        remark = contribs.iloc[int(remarks.at[signals.remark[i, j], "pos"])]
        phrase = _ECHO_PHRASES.get(remark["section"], f"genoemd als {remark['section']}")
        how = ("zelfde thema, " if signals.echo_theme[i, j] else "") + \
            f"overeenkomst {_num(signals.echo_sim[i, j])}"
        parts.append(f"{phrase} {_date(remark['date'])} ({how}): {_quote(remark['text'])}")
    if signals.theme[i, j]:
        parts.append("zelfde thema" if signals.theme[i, j] == 1 else "verwant thema")
    return "; ".join(parts)


def refresh_links(store) -> int:
    """Recompute the proposed links of every stored suggestion and replace them in one
    transaction; reviews (bevestigd/afgewezen) are kept apart and survive. Returns the count."""
    contribs = store.load_contributions(
        ["id", "document", "date", "topic", "concept_ref", "section", "text", "theme", "themes"])
    proposed = propose(contribs, load_versions(store), store.load_topics())
    now = datetime.now(timezone.utc)
    records = [{"suggestion_id": r.suggestion_id, "concept_version": r.version,
                "section": r.section, "rank": int(r.rank), "score": float(r.score),
                "evidence": r.evidence, "computed_at": now}
               for r in proposed.itertuples(index=False)]
    with store.engine.begin() as conn:
        conn.execute(delete(links))
        for start in range(0, len(records), 5000):
            conn.execute(insert(links), records[start:start + 5000])
        store.bump_version(conn)
    return len(records)
