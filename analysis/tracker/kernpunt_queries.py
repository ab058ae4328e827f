"""Reading kernpunten: the table per kernpunt, its members, its quotes (tracker stage).

Counts are per suggestion, never per theme membership: `bijdragen` are the members, `deelnemers`
the distinct participants behind them (respondent for a consultation answer, the session for a
werksessie or other document), `sessies` the distinct events; the standpunt columns count the
members per standpunt. `besluit` comes from decision_label(), the one place the decisions per
kernpunt will fill in. Quotes are whole sentences of the redacted public texts, never of a
contribution an editor marked "niet publiceren".
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from analysis.enrich import kernpunt_labels, standpunt
from analysis.store import kernpunten as stored
from analysis.store import redactions
from analysis.store.public_texts import load_public_texts
from analysis.store.store import Store
from analysis.store.tables import kernpunt_members, kernpunten
from analysis.tracker import kernpunt_decisions, vocabulary
from analysis.tracker.concept_versions import load_versions

NO_DECISION = "nog geen besluit"
TABLE_COLUMNS = ["kernpunt", "theme", "label", "label_source", "contributions", "participants",
                 "sessions", *standpunt.STANDPUNTEN, "decision"]


def members(store: Store, kernpunt_id: int | None = None) -> pd.DataFrame:
    """Members with their suggestion: contribution_id, kernpunt_id, source, standpunt,
    standpunt_score, standpunt_source, text, section, event, respondent_id, duplicate_of, theme."""
    if not stored.has_tables(store):
        return pd.DataFrame(columns=["contribution_id", "kernpunt_id", "source", "standpunt"])
    query = select(kernpunt_members)
    if kernpunt_id is not None:
        query = query.where(kernpunt_members.c.kernpunt_id == int(kernpunt_id))
    with store.engine.connect() as conn:
        rows = pd.read_sql(query, conn)
    sug = stored.suggestions(store, masked=True).rename(columns={"id": "contribution_id"})
    return rows.merge(sug[["contribution_id", "text", "section", "event", "respondent_id",
                           "duplicate_of", "theme"]], on="contribution_id", how="inner")


def participants(m: pd.DataFrame) -> pd.Series:
    """Who is behind each member: the respondent of a consultation answer, else its session."""
    return m["respondent_id"].astype(object).where(m["respondent_id"].notna(), "sessie:" + m["event"].astype(str))


def decision_label(store: Store, table: pd.DataFrame, version: str) -> pd.Series:
    """What was decided per kernpunt in concept version `version` (index aligned with table):
    'Verwerkt, §6.2.2 Stapeling van effecten (gepubliceerd)', or NO_DECISION."""
    done = kernpunt_decisions.current(store, version)
    done = done[done["status"].ne("open")] if len(done) else done  # undone: no decision again
    if done.empty or not len(table):
        return pd.Series(NO_DECISION, index=table.index, dtype="string")
    names = {s.number: s.name for v in load_versions(store) if v.id == version for s in v.sections}
    said = {int(r.kernpunt_id): ", ".join(p for p in (
        vocabulary.status_label(r.status),
        names.get(vocabulary.shown_section(r.status, r.section) or "", "")) if p)
        + (" (gepubliceerd)" if r.published else " (niet gepubliceerd)") for r in done.itertuples()}
    return table["kernpunt"].map(lambda k: said.get(int(k), NO_DECISION)).astype("string")


def kernpunt_table(store: Store, version: str | None = None) -> pd.DataFrame:
    """One row per kernpunt with members (TABLE_COLUMNS), by theme then id."""
    m = members(store)
    if m.empty:
        return pd.DataFrame(columns=TABLE_COLUMNS)
    with store.engine.connect() as conn:
        kps = pd.read_sql(select(kernpunten).where(kernpunten.c.merged_into.is_(None)), conn)
    m = m.assign(who=participants(m).astype(str), event=m["event"].astype(str))
    counts = m.groupby("kernpunt_id").agg(contributions=("contribution_id", "size"),
                                          participants=("who", "nunique"), sessions=("event", "nunique"))
    stand = pd.crosstab(m["kernpunt_id"], m["standpunt"]).reindex(columns=list(standpunt.STANDPUNTEN),
                                                                   fill_value=0)
    out = kps.rename(columns={"id": "kernpunt"}).set_index("kernpunt").join(counts, how="inner").join(stand)
    out = out.rename_axis("kernpunt").reset_index().sort_values(["theme", "kernpunt"]).reset_index(drop=True)
    for col in standpunt.STANDPUNTEN:
        out[col] = out[col].fillna(0).astype(int)
    out["decision"] = decision_label(store, out, version or "")
    return out[TABLE_COLUMNS]


def contribution_kernpunten(store: Store) -> pd.DataFrame:
    """Per placed suggestion: contribution_id, kernpunt (id), kernpunt_label, standpunt."""
    if not stored.has_tables(store):
        return pd.DataFrame(columns=["contribution_id", "kernpunt", "kernpunt_label", "standpunt"])
    with store.engine.connect() as conn:
        rows = pd.read_sql(select(kernpunt_members.c.contribution_id, kernpunt_members.c.kernpunt_id,
                                  kernpunt_members.c.standpunt, kernpunten.c.label).join(
            kernpunten, kernpunten.c.id == kernpunt_members.c.kernpunt_id), conn)
    return rows.rename(columns={"kernpunt_id": "kernpunt", "label": "kernpunt_label"})


def quotes(store: Store, kernpunt_id: int, n: int | None = None, among: set[str] | None = None) -> list[str]:
    """2-3 whole sentences that say what the kernpunt is about, from the public texts of its most
    central members (then the others), never of a hidden contribution; only of the members in
    `among` when given (one session's report quotes that session)."""
    with store.engine.connect() as conn:
        row = conn.execute(select(kernpunten.c.terms, kernpunten.c.representatives).where(
            kernpunten.c.id == int(kernpunt_id))).first()
        hidden = redactions.hidden_ids(conn)
    if row is None:
        return []
    ids = members(store, kernpunt_id)["contribution_id"].astype(str).tolist()
    first = [i for i in (row.representatives or "").split(";") if i in ids]
    order = [i for i in dict.fromkeys(first + ids) if i not in hidden and (among is None or i in among)]
    public = load_public_texts(store).set_index("id")["text"]
    texts = [str(public[i]) for i in order if i in public.index and isinstance(public[i], str)]
    return kernpunt_labels.quotes(texts, (row.terms or "").split(";"), n)
