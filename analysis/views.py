"""Data functions behind the dashboard pages: load, filter, aggregate.

Pages stay thin: they read what these functions return and draw it. Everything
here is plain pandas so it is testable without Streamlit and fast on a 100,000
answer consultation (theme membership is precomputed as one boolean column per
theme, so counting, filtering and co-occurrence are column sums).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pandas as pd

from analysis import nlp, paths, schema, taxonomy, tracker_config
from analysis.store import Store

THEME_PREFIX = "t:"
SESSION = "session"
# Top terms are counted on at most this many contributions (a fixed random sample).
TERM_SAMPLE = 5000


# ---- vocabularies (data files) ---------------------------------------------

def labels() -> dict:
    return paths.data_toml("labels.toml")


def theme_labels() -> dict[str, str]:
    """Theme id -> Dutch label, in taxonomy order (data/taxonomy.toml)."""
    return taxonomy.labels()


def theme_label(theme_id: str) -> str:
    if theme_id == schema.UNCERTAIN_THEME:
        return labels()["uncertain"]["label"]
    return theme_labels().get(theme_id, theme_id)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:&])")


def md_escape(text: object) -> str:
    """User text for st.markdown, shown literally: no links or images to other sites, no
    headings, lists or Streamlit directives (:red[..], :material/..:) made by a respondent."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", "" if text is None else str(text)).replace("\n", "  \n")


def section_label(section: str) -> str:
    return labels()["sections"].get(section, section)


def source_label(source_type: str) -> str:
    return labels()["source_types"].get(source_type, source_type)


def metadata_fields() -> dict[str, str]:
    """Respondent metadata key -> label, the filters the pages offer."""
    return dict(labels()["respondent_metadata"])


def fictional_label() -> str:
    return labels()["fictional"]["label"]


# ---- loading ----------------------------------------------------------------

def theme_column(theme_id: str) -> str:
    return THEME_PREFIX + theme_id


def theme_columns(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if c.startswith(THEME_PREFIX)]


def _parse_metadata(values: pd.Series, keys: list[str]) -> pd.DataFrame:
    """One string column per metadata key; JSON is parsed once per distinct value."""
    parsed: dict[str, dict] = {}
    for raw in values.dropna().unique():
        try:
            obj = json.loads(raw)
        except (TypeError, ValueError):
            obj = {}
        parsed[raw] = obj if isinstance(obj, dict) else {}
    out = pd.DataFrame(index=values.index)
    for key in keys:
        lookup = {raw: (str(obj[key]) if obj.get(key) not in (None, "") else None)
                  for raw, obj in parsed.items()}
        out[key] = values.map(lookup).astype("string")
    return out


def prepare(df: pd.DataFrame) -> pd.DataFrame:
    """Add what every page needs: session name, metadata columns, one bool column per theme."""
    out = df.copy()
    out[SESSION] = out["event"].fillna(out["document"]).astype("string")
    meta = _parse_metadata(out["metadata"], list(metadata_fields()))
    for key in meta.columns:
        out[key] = meta[key]
    themes = out["themes"].fillna("").astype(str)
    padded = ";" + themes.str.replace(" ", "", regex=False) + ";"
    for theme_id in theme_labels():
        out[theme_column(theme_id)] = padded.str.contains(f";{theme_id};", regex=False)
    out["is_fictional"] = out["is_fictional"].fillna(False).astype(bool)
    return out


def load(store: Store) -> pd.DataFrame:
    """All contributions, prepared. Pages cache this on store.version()."""
    return prepare(store.load_contributions())


# ---- filtering ----------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    """What the user narrowed the view to; an empty tuple means 'no restriction'."""

    sources: tuple[str, ...] = ()
    sessions: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    metadata: tuple[tuple[str, tuple[str, ...]], ...] = ()
    query: str = ""


def search_mask(text: pd.Series, query: str) -> pd.Series:
    """Every word of the query must occur (case-insensitive, anywhere in the text)."""
    mask = pd.Series(True, index=text.index)
    lowered = text.fillna("").str.lower()
    for word in query.lower().split():
        mask &= lowered.str.contains(word, regex=False)
    return mask


def apply_filters(df: pd.DataFrame, f: Filters) -> pd.DataFrame:
    mask = pd.Series(True, index=df.index)
    if f.sources:
        mask &= df["source_type"].isin(f.sources)
    if f.sessions:
        mask &= df[SESSION].isin(f.sessions)
    if f.sections:
        mask &= df["section"].isin(f.sections)
    if f.themes:
        cols = [theme_column(t) for t in f.themes if theme_column(t) in df.columns]
        theme_mask = df[cols].any(axis=1) if cols else pd.Series(False, index=df.index)
        if schema.UNCERTAIN_THEME in f.themes:
            theme_mask |= unassigned_mask(df)
        mask &= theme_mask
    for key, values in f.metadata:
        if values:
            mask &= df[key].isin(values).fillna(False)
    if f.query.strip():
        mask &= search_mask(df["text"], f.query)
    return df[mask]


def options(df: pd.DataFrame, column: str) -> list[str]:
    """Distinct non-empty values of a column, sorted; sessions in date order."""
    if column == SESSION:
        order = df.dropna(subset=[SESSION]).sort_values(["date", SESSION], na_position="last")
        return list(dict.fromkeys(order[SESSION].tolist()))
    return sorted(df[column].dropna().unique().tolist())


def unassigned_mask(df: pd.DataFrame) -> pd.Series:
    cols = theme_columns(df)
    no_theme = ~df[cols].any(axis=1) if cols else pd.Series(True, index=df.index)
    return no_theme | df["theme"].eq(schema.UNCERTAIN_THEME).fillna(False)


def in_theme(df: pd.DataFrame, theme_id: str) -> pd.DataFrame:
    if theme_id == schema.UNCERTAIN_THEME:
        return df[unassigned_mask(df)]
    return df[df[theme_column(theme_id)]]


# ---- overview ------------------------------------------------------------------

def headline(df: pd.DataFrame) -> dict[str, int]:
    return {
        "bijdragen": len(df),
        "bronnen": int(df["source_type"].nunique()),
        "sessies": int(df[SESSION].nunique()),
        "documenten": int(df["document"].nunique()),
        "suggesties": int(df["section"].isin(schema.SUGGESTION_SECTIONS).sum()),
        "fictief": int(df["is_fictional"].sum()),
    }


def by_source(df: pd.DataFrame) -> pd.DataFrame:
    counts = df.groupby("source_type", observed=True).size().sort_values(ascending=False)
    return pd.DataFrame({"Bron": [source_label(s) for s in counts.index],
                         "Bijdragen": counts.to_numpy()})


def by_session(df: pd.DataFrame) -> pd.DataFrame:
    """Sessions in date order with their source and number of contributions."""
    grouped = (df.groupby([SESSION], observed=True)
               .agg(Datum=("date", "min"), Bron=("source_type", "first"), Bijdragen=("id", "size"))
               .reset_index().sort_values(["Datum", SESSION], na_position="last"))
    grouped["Bron"] = grouped["Bron"].map(source_label)
    return grouped.rename(columns={SESSION: "Sessie"})[["Sessie", "Datum", "Bron", "Bijdragen"]]


def over_time(df: pd.DataFrame) -> pd.DataFrame:
    """Contributions per month (the consultation spans weeks; sessions are single days)."""
    dates = pd.to_datetime(df["date"], errors="coerce")
    month = dates.dt.to_period("M").astype("string")
    counts = (pd.DataFrame({"Maand": month, "Bron": df["source_type"].map(source_label)})
              .dropna(subset=["Maand"]).groupby(["Maand", "Bron"]).size()
              .rename("Bijdragen").reset_index().sort_values("Maand"))
    return counts


def theme_counts(df: pd.DataFrame) -> pd.DataFrame:
    """Contributions per theme (a contribution may count for several themes)."""
    cols = theme_columns(df)
    counts = df[cols].sum() if cols else pd.Series(dtype=int)
    out = pd.DataFrame({"thema_id": [c[len(THEME_PREFIX):] for c in counts.index],
                        "Bijdragen": counts.astype(int).to_numpy()})
    out["Thema"] = out["thema_id"].map(theme_label)
    uncertain = int(unassigned_mask(df).sum())
    out = pd.concat([out, pd.DataFrame({"thema_id": [schema.UNCERTAIN_THEME],
                                        "Bijdragen": [uncertain],
                                        "Thema": [theme_label(schema.UNCERTAIN_THEME)]})])
    return out[["thema_id", "Thema", "Bijdragen"]].reset_index(drop=True)


def theme_section_balance(df: pd.DataFrame, sections: tuple[str, ...]) -> pd.DataFrame:
    """Per theme, how many contributions of each section (e.g. sterk / zwak / verbeter)."""
    rows = []
    sub = df[df["section"].isin(sections)]
    for theme_id in theme_labels():
        part = sub[sub[theme_column(theme_id)]] if theme_column(theme_id) in sub else sub.iloc[:0]
        counts = part["section"].value_counts()
        rows.append({"Thema": theme_label(theme_id),
                     **{section_label(s): int(counts.get(s, 0)) for s in sections}})
    return pd.DataFrame(rows)


def session_theme_share(df: pd.DataFrame) -> pd.DataFrame:
    """Session x theme: the share (%) of a session's contributions that touch the theme."""
    cols = theme_columns(df)
    if not len(df) or not cols:
        return pd.DataFrame()
    share = df.groupby(SESSION, observed=True)[cols].mean().mul(100).round(1)
    share = share.loc[[s for s in options(df, SESSION) if s in share.index]]
    share.columns = [theme_label(c[len(THEME_PREFIX):]) for c in cols]
    share.index.name = "Sessie"
    return share


def last_import(imports: pd.DataFrame) -> tuple[str | None, pd.DataFrame]:
    """When the last import ran and what it changed per document."""
    if imports is None or not len(imports):
        return None, pd.DataFrame(columns=["Document", "Toegevoegd", "Verwijderd", "Ongewijzigd"])
    row = imports.iloc[-1]
    try:
        changes = json.loads(row["summary"] or "[]")
    except ValueError:
        changes = []
    table = pd.DataFrame([{"Document": c.get("document"), "Toegevoegd": c.get("added", 0),
                           "Verwijderd": c.get("removed", 0), "Ongewijzigd": c.get("unchanged", 0)}
                          for c in changes],
                         columns=["Document", "Toegevoegd", "Verwijderd", "Ongewijzigd"])
    at = pd.Timestamp(row["at"]).strftime("%d-%m-%Y %H:%M") if pd.notna(row["at"]) else None
    return at, table


# ---- one theme ------------------------------------------------------------------

def theme_by_session(df: pd.DataFrame, theme_id: str) -> pd.DataFrame:
    """How the theme moved between sessions: count and share of each session's input."""
    sessions = options(df, SESSION)
    member = in_theme(df, theme_id)
    total = df.groupby(SESSION, observed=True).size()
    count = member.groupby(SESSION, observed=True).size()
    out = pd.DataFrame({"Sessie": sessions})
    out["Datum"] = out["Sessie"].map(df.groupby(SESSION, observed=True)["date"].min())
    out["Bijdragen"] = out["Sessie"].map(count).fillna(0).astype(int)
    out["Aandeel (%)"] = (out["Bijdragen"] / out["Sessie"].map(total) * 100).round(1).fillna(0.0)
    return out


def section_counts(df: pd.DataFrame) -> pd.DataFrame:
    counts = df["section"].value_counts()
    order = [s for s in labels()["section_groups"] if s in counts.index]
    return pd.DataFrame({"Soort": [section_label(s) for s in order],
                         "Bijdragen": [int(counts[s]) for s in order]})


def cooccurring(df: pd.DataFrame, theme_id: str) -> pd.DataFrame:
    """Other themes found in the same contributions, most frequent first."""
    member = in_theme(df, theme_id)
    cols = [c for c in theme_columns(df) if c != theme_column(theme_id)]
    counts = member[cols].sum().sort_values(ascending=False)
    counts = counts[counts > 0]
    return pd.DataFrame({"Thema": [theme_label(c[len(THEME_PREFIX):]) for c in counts.index],
                         "Samen genoemd": counts.astype(int).to_numpy(),
                         "Aandeel (%)": (counts / max(len(member), 1) * 100).round(1).to_numpy()})


def top_terms(texts: pd.Series, n: int = 15) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Most frequent words and 2-3 word phrases (stop words left out), by number of contributions.

    Counted on at most TERM_SAMPLE contributions (a fixed sample) so it stays fast.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    empty = pd.DataFrame(columns=["Term", "Bijdragen"])
    texts = texts.dropna()
    if len(texts) > TERM_SAMPLE:
        texts = texts.sample(TERM_SAMPLE, random_state=0)
    if texts.empty:
        return empty, empty.rename(columns={"Term": "Zinsdeel"})

    def ranked(ngrams: tuple[int, int], min_df: int) -> pd.DataFrame:
        vec = CountVectorizer(ngram_range=ngrams, stop_words=list(nlp.stop_words()), binary=True,
                              token_pattern=r"(?u)\b[^\W\d_][\w-]{2,}\b", min_df=min_df)
        try:
            matrix = vec.fit_transform(texts)
        except ValueError:  # nothing left after stop words
            return empty
        freq = pd.Series(matrix.sum(axis=0).A1, index=vec.get_feature_names_out())
        freq = freq.sort_values(ascending=False, kind="stable").head(n)
        return pd.DataFrame({"Term": freq.index, "Bijdragen": freq.astype(int).to_numpy()})

    words = ranked((1, 1), 1)
    phrases = ranked((2, 3), 2).rename(columns={"Term": "Zinsdeel"})
    return words, phrases


def representative_quotes(df: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """Clear examples: high theme score, not a duplicate, readable length, spread over sessions."""
    pool = df[df["duplicate_of"].isna()]
    length = pool["text"].str.len()
    pool = pool[(length >= 40) & (length <= 400)]
    if pool.empty:
        pool = df
    pool = pool.sort_values("theme_score", ascending=False, na_position="last")
    picked = (pool.assign(_rank=pool.groupby(SESSION, observed=True).cumcount())
              .sort_values(["_rank", "theme_score"], ascending=[True, False], na_position="last")
              .head(n))
    return picked.drop(columns="_rank")


# ---- tables for display and download ------------------------------------------------

DISPLAY_COLUMNS = {
    "text": "Bijdrage",
    "section": "Soort",
    SESSION: "Sessie",
    "event": "Sessie",
    "date": "Datum",
    "source_type": "Bron",
    "topic": "Onderwerp",
    "concept_ref": "Conceptversie",
    "themes": "Thema's",
}


def display_table(df: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """Rows with Dutch headers and labels; generated rows carry 'fictief voorbeeld'."""
    cols = columns or list(DISPLAY_COLUMNS)
    out = pd.DataFrame(index=df.index)
    for col in cols:
        values = df[col]
        if col == "section":
            values = values.map(section_label)
        elif col == "source_type":
            values = values.map(source_label)
        elif col == "themes":
            values = values.fillna("").map(
                lambda s: ", ".join(theme_label(t) for t in s.split(";") if t))
        if pd.api.types.is_string_dtype(values):
            values = values.fillna("")  # an empty cell, not the word None
        out[DISPLAY_COLUMNS.get(col, col)] = values
    if df["is_fictional"].any():
        out["Label"] = df["is_fictional"].map({True: fictional_label(), False: ""})
    return out.reset_index(drop=True)


def export_table(df: pd.DataFrame, public: bool = False) -> pd.DataFrame:
    """The selection in schema columns for download; public mode leaves out respondent data."""
    cols = [c for c in schema.COLUMNS if not (public and c in ("respondent_id", "metadata"))]
    return df[cols].reset_index(drop=True)


# ---- one contribution --------------------------------------------------------------

def related_duplicates(df: pd.DataFrame, contribution_id: str) -> pd.DataFrame:
    """Contributions that are (near-)copies of this one, or the original it copies."""
    row = df[df["id"] == contribution_id]
    if row.empty:
        return df.iloc[:0]
    original = row["duplicate_of"].iloc[0]
    root = contribution_id if pd.isna(original) else original
    mask = (df["id"] == root) | (df["duplicate_of"] == root).fillna(False)
    return df[mask & (df["id"] != contribution_id)]


def detail(df: pd.DataFrame, contribution_id: str,
           cluster_names: dict[int, str] | None = None) -> dict | None:
    """Everything the detail view shows about one contribution; the cluster by its topic
    name (analysis.clusters.names) where known."""
    row = df[df["id"] == contribution_id]
    if row.empty:
        return None
    r = {k: (None if pd.isna(v) else v) for k, v in row.iloc[0].items()}
    themes = [t for t in (r["themes"] or "").split(";") if t]
    meta = {label: r[key] for key, label in metadata_fields().items() if r.get(key) is not None}
    return {
        "id": r["id"], "text": r["text"], "bron": source_label(r["source_type"]),
        "sessie": r[SESSION], "datum": r["date"], "document": r["document"],
        "onderwerp": r["topic"], "conceptversie": r["concept_ref"],
        "soort": section_label(r["section"]), "vraag": r["question"],
        "thema": theme_label(r["theme"]) if r["theme"] else None,
        "themas": [theme_label(t) for t in themes], "score": r["theme_score"],
        "cluster": None if r["cluster"] is None else
        (cluster_names or {}).get(int(r["cluster"]), str(r["cluster"])), "metadata": meta, "fictief": bool(r["is_fictional"]),
        "duplicaten": related_duplicates(df, contribution_id),
    }


# ---- about this analysis ------------------------------------------------------------

def documents_table(documents: pd.DataFrame) -> pd.DataFrame:
    """The stored source documents with Dutch headers."""
    if documents is None or documents.empty:
        return pd.DataFrame(columns=["Document", "Bron", "Formaat", "Bijdragen", "Ingelezen"])
    return pd.DataFrame({
        "Document": documents["document"],
        "Bron": documents["source_type"].map(source_label),
        "Formaat": documents["format"],
        "Bijdragen": documents["n_rows"],
        "Ingelezen": pd.to_datetime(documents["imported_at"]).dt.strftime("%d-%m-%Y %H:%M"),
    })


def evaluation_table(summary: dict) -> pd.DataFrame:
    """The figures of `evaluate` with their Dutch description (data/labels.toml [evaluation])."""
    rows = []
    for key, description in labels()["evaluation"].items():
        group, metric = key.split(".", 1)
        figures = summary.get(group) or {}
        if isinstance(figures.get(metric), (int, float)):
            rows.append({"Meting": description, "Waarde": round(float(figures[metric]), 3),
                         "Aantal": "" if figures.get("n") is None else str(figures["n"])})
    return pd.DataFrame(rows, columns=["Meting", "Waarde", "Aantal"])


# ---- what was done (tracker) ------------------------------------------------------------

TRACKER_COLUMNS = ["Status", "Sectie in conceptversie"]


def tracker_beside(table: pd.DataFrame, public: bool = False) -> pd.DataFrame:
    """Per suggestion id: its status and the concept-version section it went into.

    `table` is analysis.tracker.tracker_table(store, version). The section is the
    decided one, else the confirmed links, else the software's best proposal marked
    'voorgesteld'. Public mode shows only published decisions (others read 'Open').
    """
    if table is None or table.empty:
        return pd.DataFrame(columns=["id", *TRACKER_COLUMNS])
    decided = table["decided_section"].astype("string")
    confirmed = table["confirmed_links"].astype("string")
    proposed = table["best_link"].astype("string") + " (voorgesteld)"
    section = decided.fillna(confirmed).fillna(proposed)
    status = table["status_label"].astype("string")
    if public:
        hidden = ~table["published"].astype(bool)
        status = status.mask(hidden, tracker_config.status_label("open"))
        section = section.mask(hidden, pd.NA)
    return pd.DataFrame({"id": table["id"], "Status": status, "Sectie in conceptversie": section})


def attach_tracker(shown: pd.DataFrame, ids: pd.Series, done: pd.DataFrame) -> pd.DataFrame:
    """Put status and section right after the text, so what was said and what was done line up."""
    lookup = done.set_index("id")
    out = shown.copy()
    status = ids.map(lookup["Status"]).fillna(tracker_config.status_label("open"))
    section = ids.map(lookup["Sectie in conceptversie"]).fillna("")
    out.insert(1, "Status", status.to_numpy())
    out.insert(2, "Sectie in conceptversie", section.to_numpy())
    return out


# ---- discovery (Verkennen) -----------------------------------------------------------------

@dataclass
class Exploration:
    """Topics and map for the Verkennen page, computed on a fixed sample of contributions."""

    k: int
    topics: pd.DataFrame  # Onderwerp, Kernwoorden, Bijdragen (in the sample), Voorbeeld
    points: pd.DataFrame  # x, y, Onderwerp, Thema, Bijdrage
    sampled: int
    total: int


def explore(df: pd.DataFrame, k: int, sample: int) -> Exploration:
    """Discovery topics (analysis.discover) on at most `sample` contributions, fixed seed.

    A sample keeps the page at about two seconds on 100,000 answers; the map shows
    the same rows, so table and map agree.
    """
    from analysis import discover

    rows = df if len(df) <= sample else df.sample(sample, random_state=0)
    rows = rows.reset_index(drop=True)
    found = discover.discover(rows["text"].fillna(""), k=k)
    names = {int(r.topic): f"{int(r.topic) + 1}: {r.name}" for r in found.topics.itertuples()}
    topics = pd.DataFrame({
        "Onderwerp": [names[int(t)] for t in found.topics["topic"]],
        "Kernwoorden": [", ".join(terms) for terms in found.topics["terms"]],
        "Bijdragen": found.topics["size"].astype(int).to_numpy(),
        "Voorbeeld": [ex[0] if len(ex) else "" for ex in found.topics["examples"]],
    }).sort_values("Bijdragen", ascending=False, kind="stable").reset_index(drop=True)
    picked = rows.iloc[found.projection["row"].to_numpy()]
    points = pd.DataFrame({
        "x": found.projection["x"].to_numpy(), "y": found.projection["y"].to_numpy(),
        "Onderwerp": found.projection["topic"].map(lambda t: names.get(int(t), "geen tekst")).to_numpy(),
        "Thema": picked["theme"].fillna(schema.UNCERTAIN_THEME).map(theme_label).to_numpy(),
        "Bijdrage": picked["text"].str.slice(0, 120).to_numpy(),
    })
    return Exploration(found.k, topics, points, len(rows), len(df))


def without_theme(df: pd.DataFrame, limit: int = 500) -> pd.DataFrame:
    """Contributions that fit no fixed theme well (analysis.discover), weakest first."""
    from analysis import discover

    return discover.new_theme_candidates(df, limit=limit)
