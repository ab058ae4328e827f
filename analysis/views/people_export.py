"""Downloads for people: Dutch headers, labels instead of ids, ja/nee, respondent metadata as
columns, local dates, and (in XLSX) a sheet that says what the file is and when it was made
(views stage).

Every dashboard download and `python -m analysis export --labels nl` go through these tables
and analysis.views.export.to_bytes(..., about=...). Headers live in data/export.toml.
"""
from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from analysis.core import config, dutch, files, schema
from analysis.core.labels import section_label, source_label
from analysis.enrich import standpunt
from analysis.harvest.concept_document import ConceptVersion
from analysis.store import public_texts
from analysis.tracker import concept_versions, kernpunt_queries, queries, vocabulary
from analysis.views import frame

_DOC_DATE = re.compile(r"(?<!\d)\d{4}(-\d{2}){0,2}(?!\d)")


def texts() -> dict:
    return config.data_toml("export.toml")


def yes_no(values: pd.Series) -> pd.Series:
    t = texts()
    return values.map(lambda v: t["yes"] if v is True or v == 1 else t["no"]).astype("string")


def theme_names(values: pd.Series) -> pd.Series:
    return values.fillna("").astype(str).map(
        lambda s: ", ".join(frame.theme_label(t) for t in s.split(";") if t.strip())).astype("string")


def calendar_dates(values: pd.Series) -> pd.Series:
    """ISO dates (YYYY-MM-DD) as dates: date cells in XLSX, 2024-06-26 in CSV (views.export)."""
    return pd.to_datetime(values, errors="coerce", format="%Y-%m-%d")


def local_moments(values: pd.Series) -> pd.Series:
    """Stored UTC moments as Amsterdam wall-clock time (no time zone: spreadsheets have none)."""
    ts = pd.to_datetime(values, utc=True, errors="coerce")
    return ts.dt.tz_convert(dutch.TIMEZONE).dt.tz_localize(None)


def version_ref_names(versions: list[ConceptVersion]) -> dict[str, str]:
    """'v4' -> 'NMP conceptversie 4'."""
    return {v.id: v.name for v in versions}


def concept_refs(values: pd.Series, versions: list[ConceptVersion]) -> pd.Series:
    """'v4 §6.2.2' -> 'NMP conceptversie 4 §6.2.2 Stapeling van effecten'."""
    names = version_ref_names(versions)
    titles = {(v.id, s.number): s.title for v in versions for s in v.sections}

    def one(ref: object) -> str:
        if not isinstance(ref, str) or not ref.strip():
            return ""
        vid, _, sec = ref.strip().partition(" ")
        number = sec.lstrip("§").rstrip(".")
        title = titles.get((vid, number), "")
        return " ".join(p for p in (names.get(vid, vid), sec, title) if p)
    return values.map(one).astype("string")


def references(rows: pd.DataFrame) -> pd.Series:
    """The Kenmerk of each row (source_type, document, position): 'WS 2024-06-26 · 26' for the 26th
    contribution of the werksessie document dated 26 June 2024; see data/export.toml [reference]."""
    t = texts()["reference"]
    docs = rows[["source_type", "document"]].drop_duplicates("document").dropna(subset=["document"])

    def code(source: object, document: str) -> str:
        found = _DOC_DATE.search(document)
        prefix = t["sources"].get(source, "") if isinstance(source, str) else ""
        return f"{prefix} {found.group(0)}".strip() if found else files.clean_name(Path(document).stem)

    codes = pd.Series([code(s, d) for s, d in zip(docs["source_type"], docs["document"])], index=docs["document"])
    shared = codes.duplicated(keep=False)
    codes[shared] = [files.clean_name(Path(d).stem) for d in codes.index[shared]]
    place = pd.to_numeric(rows["position"], errors="coerce").astype("Int64").astype("string")
    return (rows["document"].map(codes) + t["separator"] + place).fillna("").astype("string")


def contributions(df: pd.DataFrame, public: bool = False, versions: list[ConceptVersion] | None = None,
                  cluster_names: dict[int, str] | None = None) -> pd.DataFrame:
    """Contributions as people read them; public leaves out respondent, metadata, document, id
    and consent."""
    heads = texts()["contributions"]
    out = pd.DataFrame(index=df.index)
    fields = frame.metadata_fields(df)  # a prepared frame has the metadata columns already
    meta = df
    if not fields and "metadata" in df.columns:
        meta = frame.metadata_frame(df["metadata"])
        fields = frame.metadata_fields(meta)
    hidden = {"respondent_id", "document", "id", "consent", "consent_name"} if public else set()
    for col, head in heads.items():
        if col in hidden or col not in df.columns:
            continue
        values = df[col]
        if col == "date":
            values = calendar_dates(values)
        elif col == "source_type":
            values = values.map(source_label, na_action="ignore")
        elif col == "section":
            values = values.map(section_label, na_action="ignore")
        elif col == "concept_ref":
            values = concept_refs(values, versions or [])
        elif col == "theme":
            values = values.fillna(schema.UNCERTAIN_THEME).map(frame.theme_label)
        elif col == "themes":
            values = theme_names(values)
        elif col == "theme_score":
            values = pd.to_numeric(values, errors="coerce").round(2)
        elif col == "theme_source":
            values = values.map(texts()["theme_source"], na_action="ignore")
        elif col == "cluster":
            values = pd.to_numeric(values, errors="coerce").map(
                lambda c: (cluster_names or {}).get(int(c), "") if pd.notna(c) else "")
        elif col == "duplicate_of":
            values = yes_no(values.notna())
        elif col == "kernpunt":
            values = df["kernpunt_label"] if "kernpunt_label" in df.columns else values.astype("string")
        elif col == "standpunt":
            values = values.map(standpunt.label, na_action="ignore")
        elif col == "is_fictional":
            values = yes_no(values.fillna(False).astype(bool))
        elif col == "id" and {"document", "position"} <= set(df.columns):
            values = references(df)
        out[head] = values
        if col == "text" and not public:  # respondent metadata as separate columns, after the text
            for key, label in fields.items():
                out[label] = meta[key]
    names = version_ref_names(versions or [])
    for col, head in texts()["public_decisions"].items():
        if col in df.columns:
            values = df[col]
            if col == "concept_version":
                values = values.map(lambda v: names.get(v, v), na_action="ignore")
            elif col == "decided_on":
                values = calendar_dates(values)
            out[head] = values
    return blank(out).reset_index(drop=True)


def contributions_download(store, public: bool) -> pd.DataFrame:
    """`export --labels nl [--public]`: every stored contribution as people read it."""
    from analysis.store import clusters
    from analysis.views.public import public_contributions

    versions = concept_versions.load_versions(store)
    if public:
        return contributions(public_contributions(store), public=True, versions=versions)
    return contributions(with_kernpunten(store, store.load_contributions(theme_source=True,
                                                                         masked=public_texts.INTERNAL)),
                         versions=versions, cluster_names=clusters.names(store))


def with_kernpunten(store, df: pd.DataFrame) -> pd.DataFrame:
    """df (with id) plus kernpunt (id), kernpunt_label and standpunt of each suggestion."""
    found = kernpunt_queries.contribution_kernpunten(store).set_index("contribution_id")
    ids = df["id"].astype(str)
    return df.assign(kernpunt=ids.map(found["kernpunt"]).astype("Int64"),
                     kernpunt_label=ids.map(found["kernpunt_label"]).astype("string"),
                     standpunt=ids.map(found["standpunt"]).astype("string"))


def kernpunten(table: pd.DataFrame) -> pd.DataFrame:
    """kernpunt_queries.kernpunt_table as people read it: theme label, Dutch headers."""
    heads = texts()["kernpunten"]
    out = table.assign(theme=table["theme"].map(frame.theme_label))
    return blank(pd.DataFrame({heads[c]: out[c] for c in heads})).reset_index(drop=True)


def blank(out: pd.DataFrame) -> pd.DataFrame:
    """Empty cells instead of None/NaN/<NA> in text columns."""
    for col in out.columns:
        if pd.api.types.is_string_dtype(out[col]) or out[col].dtype == object:
            out[col] = out[col].astype("string").fillna("")
    return out


def tracker(table: pd.DataFrame, version: ConceptVersion, internal: bool = True) -> pd.DataFrame:
    """queries.tracker_table(..., with_evidence=True) plus source_type and position (for the
    Kenmerk, references) as people read it."""
    heads = texts()["tracker"]
    sections = {s.number: s.name for s in version.sections}

    def names(value: object) -> str:
        if not isinstance(value, str) or not value:
            return ""
        return "; ".join(sections.get(s, f"§{s}") for s in value.split(";") if s)

    t = table
    cols = {
        "event": t["event"], "date": calendar_dates(t["date"]), "topic": t["topic"],
        "section": t["section"].map(section_label, na_action="ignore"), "text": t["text"],
        "theme": t["theme"].fillna(schema.UNCERTAIN_THEME).map(frame.theme_label),
        "version": pd.Series(version.name, index=t.index),
        "status": t["status"].map(vocabulary.status_label),
        "decided_section": t["decided_section"].map(names),
        "confirmed_links": t["confirmed_links"].map(names),
        "best_link": t["best_link"].map(names),
        "best_score": pd.to_numeric(t["best_score"], errors="coerce").round(2),
        "evidence": t["evidence"] if "evidence" in t.columns else pd.Series("", index=t.index),
        "public_explanation": t["public_explanation"],
        "internal_note": t["internal_note"], "published": yes_no(t["published"].astype(bool)),
        "row_version": t["row_version"], "decided_by": t["decided_by"],
        "decided_at": local_moments(t["decided_at"]), "id": references(t),
    }
    if not internal:
        for c in ("internal_note", "decided_by"):
            cols.pop(c)
    return blank(pd.DataFrame({heads[c]: v for c, v in cols.items()})).reset_index(drop=True)


def tracker_download(store, version_id: str) -> pd.DataFrame:
    """The tracker page's download: every suggestion of the version, with evidence."""
    version = next(v for v in concept_versions.load_versions(store) if v.id == version_id)
    table = queries.tracker_table(store, version_id, with_evidence=True)
    places = store.load_contributions(["id", "source_type", "position"]).set_index("id")
    table = table.assign(source_type=table["id"].map(places["source_type"]),
                         position=table["id"].map(places["position"]))
    return tracker(table, version)


def about(title: str, n: int, public: bool = False, fictional: bool = False) -> list[str]:
    """The lines that open a download: what it is, when it was made, how many rows."""
    t = texts()
    lines = [title, t["made"].format(moment=dutch.moment(datetime.now(UTC))),
             t["rows"].format(n=dutch.number(n))]
    if public:
        lines.append(t["public_note"])
    if fictional:
        lines.append(t["fictional_note"])
    return lines


def has_fictional_rows(table: pd.DataFrame) -> bool:
    """True when a people table (contributions()) holds generated example rows."""
    head = texts()["contributions"]["is_fictional"]
    return head in table.columns and bool(table[head].eq(texts()["yes"]).any())

