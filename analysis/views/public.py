"""What the public may see, enforced here rather than by hiding widgets (views stage).

Every public page and the public export read through these functions. They
select only public columns from the store (never respondent ids, metadata,
internal notes or who decided), keep only decisions whose latest version is
published, and pass all free text through analysis.enrich.deidentify. The public process
opens the store read-only (analysis.store.open_store(read_only=True)).
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd
from sqlalchemy import and_, func, inspect, select
from sqlalchemy.exc import OperationalError, ProgrammingError

from analysis.core import config as core_config
from analysis.core import dutch, schema
from analysis.enrich import deidentify
from analysis.store import redactions, tables
from analysis.store.store import Store
from analysis.store.tables import decisions
from analysis.tracker import concept_versions, explanations, kernpunt_decisions, vocabulary
from analysis.views import consent

# Columns the generic pages need besides the public ones; none of them is personal.
_STRUCTURAL = ["id", "document", "position", "theme_score", "cluster", "duplicate_of"]
DECISION_COLUMNS = ["status", "status_label", "status_explanation", "concept_version",
                    "concept_version_name", "concept_section", "public_explanation", "decided_on"]


def config() -> dict:
    return core_config.data_toml("public.toml")


def public_columns() -> list[str]:
    return list(config()["columns"])


def _initialised(store: Store) -> bool:
    """False for a missing or empty database (a read-only store cannot create one)."""
    try:
        return store.is_initialised()
    except OperationalError:
        return False


@lru_cache(maxsize=4)
def _redacted(url: str, version: int, read_only: bool) -> pd.DataFrame:
    """Public and structural columns, text redacted; cached per contributions version, so a
    tracker decision does not redo the work.

    An import stores each contribution's redacted texts (analysis.store.public_texts.write_redacted), so
    this only reads them in place of the originals (Store.load_contributions masked=; rows
    without them, a store imported before or an old backup, are redacted there); configured
    columns that are not stored are redacted here.
    """
    store = Store(url=url, read_only=read_only)
    if not _initialised(store):
        return schema.empty_contributions()
    wanted = [c for c in schema.COLUMNS if c in public_columns() or c in _STRUCTURAL]
    columns = [c for c in dict.fromkeys([*config()["redact"], "document"]) if c in wanted]
    stored = [c for c in columns if c in tables.PUBLIC_TEXT_COLUMNS]
    df = store.load_contributions(wanted, masked=stored)
    others = [c for c in columns if c not in stored]
    if others:
        df, _ = deidentify.redact_frame(df, others, use_ner=False)
    with store.engine.connect() as conn:  # "niet publiceren" on the redaction check page
        hidden = redactions.hidden_ids(conn)
        df = consent.withhold(df, conn)  # no consent: counted, its text never shown
    if hidden:
        df = df[~df["id"].astype(object).isin(hidden)]
    return schema.conform(df.reset_index(drop=True))  # respondent_id and metadata come back empty


def public_frame(store: Store) -> pd.DataFrame:
    """All contributions in the schema's shape, safe for the public pages.

    respondent_id and metadata are empty, free text and file names are redacted.
    """
    version = store.contributions_version() if _initialised(store) else 0
    return _redacted(store.url, version, store.read_only).copy()


def _version_order(store: Store) -> dict[str, int]:
    return {v.id: i for i, v in enumerate(concept_versions.load_versions(store))}


def _section_names(store: Store) -> dict[tuple[str, str], str]:
    """(version, number) -> '§6.2.2 Stapeling van effecten' / 'hoofdstuk 5 Strategische doelen'."""
    return {(v.id, s.number): s.name for v in concept_versions.load_versions(store) for s in v.sections}


def _version_names(store: Store) -> dict[str, str]:
    return {v.id: v.name for v in concept_versions.load_versions(store)}


def _explained(texts, statuses, sections, section_names, version_names) -> list[str]:
    """Each public explanation, or where it is empty the template of its status, as the
    workbench would have written it (one value per decision in every argument)."""
    return [explanations.or_template(e, st, sec, name, version)
            for e, st, sec, name, version in zip(texts, statuses, sections, section_names, version_names)]


def _published_rows(store: Store, version: str | None = None) -> pd.DataFrame:
    """Per suggestion and concept version whose latest decision row is published: that row's
    public columns (of one concept version when given).

    A decision counts only when its latest row is published, so withdrawing publication (a new
    unpublished row) removes it from the public view. Only public columns are selected: the
    internal note and the actor never leave the database.
    """
    cols = ["suggestion_id", "concept_version", "status", "section", "public_explanation", "at"]
    latest = (select(decisions.c.suggestion_id, decisions.c.concept_version,
                     func.max(decisions.c.row_version).label("rv"))
              .group_by(decisions.c.suggestion_id, decisions.c.concept_version).subquery())
    query = (select(*[decisions.c[c] for c in cols])
             .join(latest, and_(decisions.c.suggestion_id == latest.c.suggestion_id,
                                decisions.c.concept_version == latest.c.concept_version,
                                decisions.c.row_version == latest.c.rv))
             .where(decisions.c.published.is_(True)))
    return _read_decisions(store, query, version, cols)


def _read_decisions(store: Store, query, version: str | None, columns: list[str]) -> pd.DataFrame:
    """query's rows over the decisions (of that one concept version when given); no rows, not
    an error, while the store or its decisions table does not exist yet (a fresh public site)."""
    empty = pd.DataFrame(columns=columns)
    if not _initialised(store) or not inspect(store.engine).has_table(decisions.name):
        return empty
    if version is not None:
        query = query.where(decisions.c.concept_version == version)
    try:
        with store.engine.connect() as conn:
            return pd.read_sql(query, conn)
    except (OperationalError, ProgrammingError):
        return empty


def _latest_version(store: Store, rows: pd.DataFrame) -> pd.DataFrame:
    """One row per suggestion: the one of the latest concept version."""
    order = _version_order(store)
    rows = rows.assign(_order=rows["concept_version"].map(lambda v: order.get(v, -1)))
    rows = rows.sort_values(["suggestion_id", "_order"]).drop_duplicates("suggestion_id", keep="last")
    return rows.drop(columns="_order").reset_index(drop=True)


def published_decisions(store: Store, version: str | None = None) -> pd.DataFrame:
    """Per suggestion, the published decision of the latest concept version that has one
    (of that one concept version when given); see _published_rows."""
    return _latest_version(store, _published_rows(store, version))


def _decision_keys(store: Store, version: str | None = None) -> pd.DataFrame:
    """suggestion_id, concept_version of every decision (published or not)."""
    query = select(decisions.c.suggestion_id, decisions.c.concept_version).distinct()
    return _read_decisions(store, query, version, ["suggestion_id", "concept_version"])


def own_decision_ids(store: Store, version: str | None = None) -> set[str]:
    """Suggestions with a decision of their own (published or not) in that concept version (in
    any when None). Only ids leave the database: what an unpublished decision says never does."""
    return set(_decision_keys(store, version)["suggestion_id"])


def _with_inherited(store: Store, rows: pd.DataFrame, ids: pd.Series, duplicate_of: pd.Series) -> pd.DataFrame:
    """rows (published decisions per suggestion and version) plus, per concept version, the
    original's published decision for each near-duplicate that has no decision of its own in
    that version. A near-duplicate whose own decision is unpublished inherits nothing there: it
    has no published decision in that version (as in the tracker table, where its own row wins)."""
    pairs = pd.DataFrame({"suggestion_id": ids.astype(object).to_numpy(),
                          "original": duplicate_of.astype(object).to_numpy()})
    pairs = pairs[pairs["original"].isin(set(rows["suggestion_id"]))]
    if not len(pairs):
        return rows
    inherited = pairs.merge(rows.rename(columns={"suggestion_id": "original"}), on="original")
    own = _decision_keys(store).astype(object).assign(_own=True)
    inherited = inherited.merge(own, on=["suggestion_id", "concept_version"], how="left")
    inherited = inherited[inherited["_own"].isna()].drop(columns=["_own", "original"])
    return pd.concat([rows.astype({"suggestion_id": object}), inherited], ignore_index=True)


def _decision_columns(store: Store, ids: pd.Series, duplicate_of: pd.Series | None = None
                      ) -> pd.DataFrame:
    """The DECISION_COLUMNS for each id (index aligned with ids); suggestions without one say so.
    A near-duplicate without a decision of its own in a concept version shows its original's
    there (duplicate_of), as the tracker table does (analysis.tracker.queries.
    inherit_from_originals); then the latest concept version with a published decision counts.
    A status that means "not in the programme" shows no section, even where an old row holds one."""
    rows = _published_rows(store)
    if duplicate_of is not None and len(rows):
        rows = _with_inherited(store, rows, ids, duplicate_of)
    d = _latest_version(store, rows).set_index("suggestion_id")
    names, versions = _section_names(store), _version_names(store)
    explain = config()["status_explanation"]
    out = pd.DataFrame(index=ids.index, columns=DECISION_COLUMNS, dtype="string")
    key = ids.astype(object)  # object: pyarrow strings' isin is slow at 100k
    hit = key.isin(set(d.index))
    rows = d.reindex(key[hit])
    rows["section"] = [vocabulary.shown_section(st, sec) if isinstance(sec, str) else None
                       for st, sec in zip(rows["status"], rows["section"])]
    out.loc[hit, "status"] = rows["status"].to_numpy()
    out.loc[hit, "concept_version"] = rows["concept_version"].to_numpy()
    out.loc[hit, "concept_version_name"] = rows["concept_version"].map(versions).to_numpy()
    section_names = [names.get((v, s)) if isinstance(s, str) else None
                     for v, s in zip(rows["concept_version"], rows["section"])]
    out.loc[hit, "concept_section"] = section_names
    out.loc[hit, "public_explanation"] = _explained(
        rows["public_explanation"], rows["status"], rows["section"], section_names,
        [versions.get(v, "") for v in rows["concept_version"]])
    out.loc[hit, "decided_on"] = (pd.to_datetime(rows["at"], utc=True).dt.tz_convert(dutch.TIMEZONE)
                                  .dt.strftime("%Y-%m-%d").to_numpy())
    # astype: mapping an all-missing column gives pyarrow's null type, which then refuses text
    out["status_label"] = out["status"].map(vocabulary.status_label, na_action="ignore").astype("string")
    out["status_explanation"] = out["status"].map(explain, na_action="ignore").astype("string")
    # patterns only: a public page view never loads Deduce (stored texts were redacted with it)
    redacted, _ = deidentify.redact_frame(out.loc[hit, ["public_explanation"]].assign(id=ids[hit]),
                                       ["public_explanation"], use_ner=False)
    out.loc[hit, "public_explanation"] = redacted["public_explanation"].to_numpy()
    return out


def version_decisions(store: Store, version: str) -> pd.DataFrame:
    """The published decisions of one concept version, public columns only (suggestion_id,
    status, section, public_explanation redacted, at): what a public report may print."""
    d = published_decisions(store, version)
    if len(d):
        redacted, _ = deidentify.redact_frame(
            d[["suggestion_id", "public_explanation"]].rename(columns={"suggestion_id": "id"})
            .astype("string"), ["public_explanation"])
        names, name = _section_names(store), _version_names(store).get(version, "")
        d["public_explanation"] = _explained(
            redacted["public_explanation"], d["status"], d["section"],
            [names.get((version, sec)) for sec in d["section"]], [name] * len(d))
    return d.drop(columns="concept_version")


def kernpunt_version_decisions(store: Store, version: str) -> pd.DataFrame:
    """The published decision per kernpunt of one concept version (kernpunt_id, status, section,
    public_explanation redacted, as decided: empty stays empty); a kernpunt whose latest decision
    is not published has none. No internal note or who decided leaves this function."""
    cols = ["kernpunt_id", "status", "section", "public_explanation"]
    if not _initialised(store) or not inspect(store.engine).has_table(tables.kernpunt_decisions.name):
        return pd.DataFrame(columns=cols)
    d = kernpunt_decisions.current(store, version)
    if d.empty:
        return pd.DataFrame(columns=cols)
    d = d[d["published"].astype(bool)][cols].reset_index(drop=True)
    redacted, _ = deidentify.redact_frame(d[["kernpunt_id", "public_explanation"]].rename(
        columns={"kernpunt_id": "id"}).astype("string"), ["public_explanation"])
    return d.assign(public_explanation=redacted["public_explanation"].fillna("").to_numpy())


def _folded(frame: pd.DataFrame, decided: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(folded, n_similar): a near-duplicate whose original is shown with the same decision is
    folded into it (shown once, the decision beside all of them); n_similar counts, per
    original, the contributions folded into it."""
    ids = frame["id"].astype(object)
    dup = frame["duplicate_of"].astype(object)
    said = decided["status"].fillna("") + "\x1f" + decided["public_explanation"].fillna("")
    by_id = pd.Series(said.to_numpy(), index=ids.to_numpy())
    by_id = by_id[~by_id.index.duplicated()]
    original_said = by_id.reindex(dup.to_numpy()).to_numpy()
    folded = pd.Series(dup.notna().to_numpy() & dup.isin(set(ids)).to_numpy()
                       & (original_said == said.to_numpy()), index=frame.index)
    counts = dup[folded].value_counts()
    return folded, ids.map(counts).fillna(0).astype(int)


def expected(store: Store) -> str:
    """When a decision is expected for input without one (data/public.toml [next_decision],
    per latest concept version)."""
    versions = concept_versions.load_versions(store)
    sentences = config()["next_decision"]
    return sentences.get(versions[-1].id, sentences["default"]) if versions else sentences["default"]


def public_contributions(store: Store) -> pd.DataFrame:
    """The public table: public columns, redacted text, published decisions; no ids or metadata.

    Input without a decision says why (not a suggestion, or when a decision is expected); a
    near-duplicate that shares its original's decision is marked `folded` and counted in the
    original's `n_similar`, so pages show a decision once per group. Used by the public page,
    the static site, the public report's counts and `python -m analysis export --public`.
    """
    frame = public_frame(store)
    out = frame[public_columns()].copy()
    decided = _decision_columns(store, frame["id"], frame["duplicate_of"])
    suggestion = frame["section"].isin(schema.SUGGESTION_SECTIONS)
    waiting = suggestion & decided["status"].isna()
    decided.loc[waiting, "status_label"] = config()["no_decision"]
    decided.loc[waiting, "status_explanation"] = expected(store)
    decided.loc[~suggestion, "status_explanation"] = frame.loc[~suggestion, "section"].map(
        config()["not_a_suggestion"]).astype("string")
    for col in DECISION_COLUMNS:
        out[col] = decided[col].astype("string")
    out["folded"], out["n_similar"] = _folded(frame, decided)
    return out.reset_index(drop=True)
