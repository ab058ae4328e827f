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


def propose(contribs: pd.DataFrame, versions: list[ConceptVersion]) -> pd.DataFrame:
    """Proposed links (LINK_COLUMNS) for every suggestion in contribs to the versions' sections."""
    cfg = tracker_config.tracing()
    contribs = contribs.reset_index(drop=True)
    is_sugg = contribs["section"].isin(schema.SUGGESTION_SECTIONS).to_numpy()
    sugg = contribs[is_sugg].reset_index(drop=True)
    secs = sections_frame(versions)
    if sugg.empty or secs.empty:
        return pd.DataFrame(columns=LINK_COLUMNS)

    remarks = _remarks(contribs, secs)
    sec_text = (secs["title"] + ". " + secs["text"]).tolist()
    sugg_text = sugg["text"].fillna("").astype(str).tolist()
    topics = sugg["topic"].fillna("").astype(str).tolist()
    remark_text = contribs["text"].iloc[remarks["pos"]].fillna("").astype(str).tolist()
    sample = sugg_text if len(sugg_text) <= _VECTORISER_SAMPLE else list(
        pd.Series(sugg_text).sample(_VECTORISER_SAMPLE, random_state=0))
    vec = vectoriser([*sec_text, *remark_text, *sample])

    share = cfg["topic_share"]
    text_sim = ((1 - share) * similarity(sugg_text, sec_text, vec)
                + share * similarity(topics, sec_text, vec))
    echo_sim = similarity(sugg_text, remark_text, vec)  # suggestions x remarks
    # a remark is evidence only when it was made later than the suggestion
    sugg_dates = sugg["date"].fillna("").astype(str).to_numpy()
    remark_dates = contribs["date"].iloc[remarks["pos"]].fillna("").astype(str).to_numpy()
    later = remark_dates[None, :] > sugg_dates[:, None]
    echo_sim = np.where(later, echo_sim, 0.0)

    echo = np.zeros_like(text_sim)
    best_remark = np.full(text_sim.shape, -1)
    for j in range(len(secs)):
        cols = np.flatnonzero(remarks["sec"].to_numpy() == j)
        if len(cols):
            sub = echo_sim[:, cols]
            echo[:, j] = sub.max(axis=1)
            best_remark[:, j] = cols[sub.argmax(axis=1)]
    echo = np.where(echo >= cfg["echo_min"], echo, 0.0)

    sec_themes = _section_themes(secs, remarks, contribs)
    sugg_themes = [_themes(row) for _, row in sugg.iterrows()]
    theme_hit = np.array([[bool(st & t) for t in sec_themes] for st in sugg_themes], dtype=float)
    ref_hit = np.zeros_like(text_sim)
    for i, ref in enumerate(sugg["concept_ref"]):
        parsed = parse_ref(ref)
        if parsed:
            ref_hit[i] = [(v == parsed[0] and bool(_parts(n) & _parts(parsed[1])))
                          for v, n in zip(secs["version"], secs["number"])]

    score = (cfg["text"] * text_sim + cfg["echo"] * echo + cfg["theme"] * theme_hit
             + cfg["ref"] * ref_hit)
    return _top_links(sugg, secs, contribs, remarks, score, text_sim, echo, best_remark,
                      theme_hit, ref_hit, cfg)


def _top_links(sugg, secs, contribs, remarks, score, text_sim, echo, best_remark,
               theme_hit, ref_hit, cfg) -> pd.DataFrame:
    rows = []
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
                    "evidence": _evidence(i, j, secs, contribs, remarks, text_sim, echo,
                                          best_remark, theme_hit, ref_hit, sugg)})
    return pd.DataFrame(rows, columns=LINK_COLUMNS)


def _evidence(i, j, secs, contribs, remarks, text_sim, echo, best_remark, theme_hit,
              ref_hit, sugg) -> str:
    ref = secs.at[j, "ref"]
    parts = []
    if ref_hit[i, j]:
        parts.append(f"het onderwerp van deze bijdrage gaat over {ref}")
    parts.append(f"tekstovereenkomst {_num(text_sim[i, j])} met {ref} '{secs.at[j, 'title']}'")
    if echo[i, j] > 0:
        remark = contribs.iloc[int(remarks.at[best_remark[i, j], "pos"])]
        phrase = _ECHO_PHRASES.get(remark["section"], f"genoemd als {remark['section']}")
        parts.append(f"{phrase} {_date(remark['date'])} (overeenkomst {_num(echo[i, j])}): "
                     f"{_quote(remark['text'])}")
    if theme_hit[i, j]:
        parts.append(f"zelfde thema ({', '.join(sorted(_themes(sugg.iloc[i])))})")
    return "; ".join(parts)


def refresh_links(store) -> int:
    """Recompute the proposed links of every stored suggestion and replace them in one
    transaction; reviews (bevestigd/afgewezen) are kept apart and survive. Returns the count."""
    contribs = store.load_contributions(
        ["id", "date", "topic", "concept_ref", "section", "text", "theme", "themes"])
    proposed = propose(contribs, load_versions(store))
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
