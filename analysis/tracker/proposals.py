"""Automatic link proposals: which concept-version section did a suggestion go into? (tracker stage)

Each suggestion gets, per concept version, its best few sections with a score
and the evidence behind it, in plain Dutch:
- text similarity between the suggestion (and its onderwerp) and the section;
- what a later session said about that section: a sterk punt that echoes the
  suggestion says it is in; a zwak punt or verbeterpunt that repeats it says
  it is not (yet); either way the section is where it belongs;
- the section under which a later session wrote the remark closest to the suggestion's own
  words (the November report's headings name the v4 section each remark is about);
- the suggestion's theme as a weak prior, and its own concept_ref (a November
  remark on "v4 §6.2.2" is about §6.2.2).
The score ranks sections. Bulk acceptance goes by own_score instead: how well the text itself
matches a sentence of the section (evidence.own_score), since a session heading alone puts a
remark like "Vergeet het platteland niet!" first under its section without saying what it says.
A later remark that repeats the suggestion word for word (the November report lists three
June adviezen again as zwakke punten of H5) is the suggestion itself once more: it counts
only a little, and it does not describe the section it was written under.
Proposals stay `voorgesteld` until a person reviews them (analysis.tracker).

At 100,000 answers this must stay cheap: similarities are sparse TF-IDF
products, work on repeated values (texts, themes, references) is done once per
distinct value, suggestions are scored in chunks, evidence is written only for
the links kept, and an import recomputes only its own documents' suggestions."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.core import schema
from analysis.enrich.textsim import vectoriser
from analysis.harvest.concept_document import ConceptVersion, parse_ref
from analysis.tracker import vocabulary
from analysis.tracker.concept_versions import sections_frame
from analysis.tracker.echo import echo, nearest_section
from analysis.tracker.evidence import _evidence, _Signals, _Targets, best_sentences, own_score, when

LINK_COLUMNS = ["suggestion_id", "suggestion_text", "version", "section", "section_title",
                "rank", "score", "own_score", "evidence"]


_VECTORISER_SAMPLE = 10000  # suggestions used to fit the idf; enough to learn common words


_CHUNK = 10000  # suggestions scored at once: bounds the (suggestions x sections) matrices


def _parts(number: str) -> set[str]:
    return {p.strip().lstrip("§") for p in str(number).split("/") if p.strip()}


def _theme_set(theme, themes) -> set[str]:
    """A contribution's themes (primary and others), without 'onzeker'."""
    found = set()
    for value in (themes, theme):
        if isinstance(value, str):
            found |= {t for t in value.split(";") if t and t != schema.UNCERTAIN_THEME}
    return found


def _primary(theme) -> str | None:
    return theme if isinstance(theme, str) and theme != schema.UNCERTAIN_THEME else None


def _distinct(keys: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(code per row, first row of each code). Texts, themes and references repeat over
    100,000 answers, so work is done once per distinct value and then indexed by code."""
    codes, _ = pd.factorize(keys.reset_index(drop=True), use_na_sentinel=False)
    return codes, np.unique(codes, return_index=True)[1]


def _similarities(texts: pd.Series, targets: list, vec) -> tuple[np.ndarray, list[np.ndarray]]:
    """(code per text, per target matrix the cosine similarity of each distinct text to each
    of its rows). TF-IDF rows are l2-normalised, so this is a sparse product; each distinct
    text is vectorised once (answers to a campaign repeat)."""
    codes, first = _distinct(texts)
    vectors = _transform(vec, texts.iloc[first].tolist())
    return codes, [(vectors @ target.T).toarray().astype(float) for target in targets]


def _transform(vec, texts: list[str]):
    """TF-IDF rows of texts; an empty matrix (not an error) when there are none."""
    if not len(texts):
        return sparse.csr_matrix((0, len(vec.vocabulary_)), dtype=np.float32)
    return vec.transform(texts)


def _named_sections(ref, secs: pd.DataFrame) -> np.ndarray:
    """Rows of secs that a concept_ref ("v4 §6.2.3/6.2.4") names."""
    parsed = parse_ref(ref)
    if parsed is None:
        return np.zeros(0, dtype=int)
    version, number = parsed
    return np.array([j for j, (v, n) in enumerate(zip(secs["version"], secs["number"]))
                     if v == version and _parts(n) & _parts(number)], dtype=int)


def _remarks(contribs: pd.DataFrame, secs: pd.DataFrame) -> pd.DataFrame:
    """Contributions whose concept_ref names a known section: one row per (contribution, section)."""
    codes, first = _distinct(contribs["concept_ref"])
    named = [_named_sections(contribs["concept_ref"].iat[i], secs) for i in first]
    some = np.array([len(n) > 0 for n in named])[codes]
    rows = [(pos, j) for pos in np.flatnonzero(some) for j in named[codes[pos]]]
    return pd.DataFrame(rows, columns=["pos", "sec"], dtype=int)


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


def _topic_context(sugg: pd.DataFrame, topics: pd.DataFrame | None) -> pd.Series:
    """Each suggestion's onderwerp: its heading plus the framing paragraph when known."""
    described = {}
    if topics is not None and len(topics):
        described = {(d, t): str(desc) for d, t, desc in
                     zip(topics["document"], topics["topic"], topics["description"])
                     if isinstance(desc, str)}
    return pd.Series([f"{t}. {described.get((d, t), '')}" if isinstance(t, str) else ""
                      for d, t in zip(sugg["document"], sugg["topic"])], dtype=object)


def _dates(values: pd.Series) -> np.ndarray:
    """ISO dates as a fixed-width string array ('' when unknown): compared in C, not per object."""
    return values.fillna("").astype(str).to_numpy().astype("U10")


def _names_subject(rows: pd.DataFrame, titles: list[str], vec, cfg: dict) -> np.ndarray:
    """Remarks about a section's subject as a whole: they name its title ("Goed dat 'stapeling
    van effecten' onderdeel is van NMP") or say it is there ("Goed dat er nu pricing in staat")."""
    text = rows["text"].fillna("").astype(str)
    if not len(text):
        return np.zeros(0, dtype=bool)
    pairwise = vec.transform(text.tolist()).multiply(vec.transform(titles)).sum(axis=1)
    pattern = "|".join(f"(?:{p})" for p in cfg["praise_patterns"])
    return ((np.asarray(pairwise).ravel() >= cfg["praise_title_min"])
            | text.str.lower().str.contains(pattern, regex=True).to_numpy())


def _copies(rows: pd.DataFrame, sugg: pd.DataFrame) -> np.ndarray:
    """Remarks whose text (case and outer spaces aside) is that of an earlier suggestion. Only
    the suggestions whose text is some remark's are grouped: 100,000 answers stay cheap."""
    def words(text: pd.Series) -> pd.Series:
        return text.astype("string").fillna("").str.lower().str.strip()
    if rows.empty:
        return np.zeros(0, dtype=bool)
    said = words(rows["text"])
    texts = words(sugg["text"])
    same = texts.isin(set(said)).to_numpy()
    first_said = pd.Series(_dates(sugg["date"])[same], index=texts[same].to_numpy()).groupby(level=0).min()
    earliest = said.map(first_said).fillna("").to_numpy().astype("U10")
    return (earliest != "") & (earliest < _dates(rows["date"]))


def _targets(contribs: pd.DataFrame, secs: pd.DataFrame, sugg: pd.DataFrame, cfg: dict) -> _Targets:
    remarks = _remarks(contribs, secs)
    rows = contribs.iloc[remarks["pos"]]
    remark_text = rows["text"].fillna("").astype(str).tolist()
    # what sessions wrote about a section describes it too ("Goed dat er nu pricing in staat"),
    # except what they copied from earlier input: that says nothing about the section
    own = ~_copies(rows, sugg)
    said = {j: " ".join(remark_text[k] for k in np.flatnonzero((remarks["sec"].to_numpy() == j) & own))
            for j in range(len(secs))}
    sec_text = [f"{t}. {x} {said[j]}" for j, (t, x) in enumerate(zip(secs["title"], secs["text"]))]
    sugg_text = sugg["text"].fillna("").astype(str)
    sample = sugg_text if len(sugg_text) <= _VECTORISER_SAMPLE else sugg_text.sample(
        _VECTORISER_SAMPLE, random_state=0)
    vec = vectoriser([*sec_text, *remark_text, *sample])
    kinds = rows["section"].astype(str)
    dates = rows["date"].astype(object).tolist()
    moments = {d: when(d) for d in set(dates)}  # a report has one date
    titles = secs["title"].iloc[remarks["sec"]].astype(str).tolist()
    return _Targets(
        secs=secs, remarks=remarks, vec=vec, sec_vectors=vec.transform(sec_text),
        remark_vectors=_transform(vec, remark_text), remark_dates=_dates(rows["date"]),
        remark_weight=kinds.map(cfg["echo_kind"]).fillna(cfg["echo_kind"]["other"]).to_numpy(dtype=float),
        remark_praises=kinds.isin(cfg["echo_theme_kinds"]).to_numpy()
        & _names_subject(rows, titles, vec, cfg),
        remark_themes=[_theme_set(a, b) for a, b in zip(rows["theme"], rows["themes"])],
        sec_themes=_section_themes(secs, remarks, contribs),
        remark_kind=kinds.tolist(), remark_when=[moments[d] for d in dates])


def _theme_priors(sugg: pd.DataFrame, *theme_sets: list[set[str]], secondary: float) -> list[np.ndarray]:
    """Per list of theme sets (the sections', the remarks'): 1 where the suggestion's primary
    theme is in the set, `secondary` for one of its other themes. Both sides repeat, so each
    distinct pair is judged once."""
    theme = sugg["theme"].astype(object).to_numpy()
    themes = sugg["themes"].astype(object).to_numpy()
    codes, first = _distinct(pd.Series(theme).astype(str) + "|" + pd.Series(themes).astype(str))
    out = []
    for sets in theme_sets:
        set_codes, set_first = _distinct(pd.Series([";".join(sorted(t)) for t in sets], dtype=object))
        table = np.zeros((len(first), len(set_first)))
        for u, i in enumerate(first):
            primary = _primary(theme[i])
            others = _theme_set(theme[i], themes[i]) - {primary}
            table[u] = [1.0 if primary in sets[k] else (secondary if others & sets[k] else 0.0)
                        for k in set_first]
        out.append(table[np.ix_(codes, set_codes)])
    return out


def _ref_hits(sugg: pd.DataFrame, secs: pd.DataFrame) -> np.ndarray:
    """1 where the suggestion's own concept_ref names the section."""
    codes, first = _distinct(sugg["concept_ref"])
    table = np.zeros((len(first), len(secs)))
    for u, i in enumerate(first):
        table[u, _named_sections(sugg["concept_ref"].iat[i], secs)] = 1.0
    return table[codes]


@dataclass
class _Similarities:
    """Every suggestion's similarity (its text, its onderwerp) to the sections and remarks."""

    text: tuple[np.ndarray, list[np.ndarray]]
    context: tuple[np.ndarray, list[np.ndarray]]

    def blended(self, rows: slice, target: int, share: float) -> tuple[np.ndarray, np.ndarray]:
        """(1 - share) * text + share * onderwerp similarity, and the text's alone, for rows."""
        raw = self.text[1][target][self.text[0][rows]]
        return (1 - share) * raw + share * self.context[1][target][self.context[0][rows]], raw


def _signals(sugg: pd.DataFrame, sims: _Similarities, rows: slice, t: _Targets,
             cfg: dict) -> _Signals:
    theme, remark_prior = _theme_priors(sugg, t.sec_themes, t.remark_themes,
                                        secondary=cfg["theme_secondary"])
    echoed, repeat, by_theme, best_remark, nearest, closeness = echo(
        *sims.blended(rows, 1, cfg["topic_share"]), _dates(sugg["date"]), remark_prior, t, cfg)
    ref = _ref_hits(sugg, t.secs)
    return _Signals(text=sims.blended(rows, 0, cfg["topic_share"])[0], echo=echoed, repeat=repeat,
                    echo_theme=by_theme, remark=best_remark,
                    near=nearest_section(nearest, closeness, t), nearest=nearest,
                    theme=theme, ref=ref,
                    topic=np.maximum(ref, sims.context[1][0][sims.context[0][rows]]))


def propose(contribs: pd.DataFrame, versions: list[ConceptVersion],
            topics: pd.DataFrame | None = None, only: Iterable[str] | None = None) -> pd.DataFrame:
    """Proposed links (LINK_COLUMNS) for every suggestion in contribs to the versions' sections.

    topics (document, topic, description) adds each onderwerp's framing paragraph as context.
    only: the ids of the suggestions to compute (all when None). The vocabulary, the
    remarks and the section descriptions always come from all of contribs, so a
    suggestion gets the same links whether it is computed alone or with all others.
    """
    cfg = vocabulary.tracing()
    contribs = contribs.reset_index(drop=True)
    sugg = contribs[contribs["section"].isin(schema.SUGGESTION_SECTIONS)].reset_index(drop=True)
    secs = sections_frame(versions)
    if sugg.empty or secs.empty:
        return pd.DataFrame(columns=LINK_COLUMNS)
    t = _targets(contribs, secs, sugg, cfg)
    if only is not None:
        # as objects: pandas checks a pyarrow string column against 100,000 ids one scalar at a time
        sugg = sugg[sugg["id"].astype(object).isin(set(only))].reset_index(drop=True)
    targets = [t.sec_vectors, t.remark_vectors]
    sims = _Similarities(_similarities(sugg["text"].fillna("").astype(str), targets, t.vec),
                         _similarities(_topic_context(sugg, topics), targets, t.vec))
    parts = []
    for start in range(0, len(sugg), _CHUNK):
        rows = slice(start, start + _CHUNK)
        chunk = sugg.iloc[rows]
        parts.append(_top_links(chunk, t, _signals(chunk, sims, rows, t, cfg), cfg))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=LINK_COLUMNS)


def _top_links(sugg: pd.DataFrame, t: _Targets, signals: _Signals, cfg: dict) -> pd.DataFrame:
    """The top_k sections per suggestion and version (score at least min_score), with evidence.

    A stable sort over the version's few sections keeps the earlier section on equal scores.
    """
    score = signals.score(cfg)
    sugg_dates = _dates(sugg["date"])
    found = []
    for version, date in t.secs.groupby("version", sort=False)["version_date"].first().items():
        cols = np.flatnonzero(t.secs["version"].to_numpy() == version)
        rows = np.arange(len(sugg))
        if date:  # a suggestion made after this version cannot have entered it
            rows = rows[~((sugg_dates[rows] != "") & (sugg_dates[rows] > str(date)))]
        order = cols[np.argsort(-score[np.ix_(rows, cols)], axis=1, kind="stable")[:, :cfg["top_k"]]]
        i = np.repeat(rows, order.shape[1])
        j = order.ravel()
        kept = score[i, j] >= cfg["min_score"]  # sorted, so what is kept is each row's prefix
        rank = np.tile(np.arange(1, order.shape[1] + 1), len(rows))
        found.append((version, i[kept], j[kept], rank[kept]))
    if not found:
        return pd.DataFrame(columns=LINK_COLUMNS)
    i = np.concatenate([f[1] for f in found])
    j = np.concatenate([f[2] for f in found])
    sentences, own = best_sentences(j, sugg["text"].fillna("").astype(str).to_numpy()[i].tolist(),
                                    t.secs["text"], t.vec)
    return pd.DataFrame({
        "suggestion_id": sugg["id"].to_numpy()[i], "suggestion_text": sugg["text"].to_numpy()[i],
        "version": np.repeat([f[0] for f in found], [len(f[1]) for f in found]).astype(object),
        "section": t.secs["number"].to_numpy()[j], "section_title": t.secs["title"].to_numpy()[j],
        "rank": np.concatenate([f[3] for f in found]),
        "score": np.round(score[i, j], 3),
        "own_score": np.round(own_score(own, signals.topic[i, j], cfg), 3),
        "evidence": _evidence(i, j, t, signals, sentences),
    }, columns=LINK_COLUMNS)

