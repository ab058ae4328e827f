"""Tracker reads: the latest decision and link review per key, histories, and the one-row-per-
suggestion table the tracker pages and exports show (tracker stage).
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select

from analysis.core import dutch, schema
from analysis.store import public_texts
from analysis.store.store import Store
from analysis.store.tables import audit, decisions, link_reviews, links
from analysis.tracker import vocabulary

SUGGESTION_COLUMNS = ["id", "event", "date", "document", "topic", "concept_ref", "section",
                      "text", "theme", "themes", "duplicate_of"]


def _read(store: Store, query) -> pd.DataFrame:
    with store.engine.connect() as conn:
        return pd.read_sql(query, conn)


def _latest(df: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    if df.empty:
        return df
    return (df.sort_values("row_version").groupby(key, as_index=False).tail(1)
            .reset_index(drop=True))


def current_decisions(store: Store, suggestion_ids: list[str] | None = None) -> pd.DataFrame:
    """The latest decision row per suggestion and concept version."""
    query = select(decisions)
    if suggestion_ids is not None:
        query = query.where(decisions.c.suggestion_id.in_(suggestion_ids))
    return _latest(_read(store, query), ["suggestion_id", "concept_version"])


def decision_history(store: Store, suggestion_id: str) -> pd.DataFrame:
    return _read(store, select(decisions).where(decisions.c.suggestion_id == suggestion_id)
                 .order_by(decisions.c.concept_version, decisions.c.row_version))


def audit_log(store: Store, suggestion_id: str | None = None) -> pd.DataFrame:
    """The audit trail, newest first; for one suggestion when given."""
    query = select(audit).order_by(audit.c.id.desc())
    if suggestion_id is not None:
        query = query.where(audit.c.suggestion_id == suggestion_id)
    return _read(store, query)


def current_links(store: Store, suggestion_id: str | None = None) -> pd.DataFrame:
    """Proposed links with their review state, plus links a person added without a proposal;
    for one suggestion when given (the detail view: a few rows instead of every link).

    Columns: suggestion_id, version, section, rank, score, own_score, evidence, state, review_version,
    reviewed_by, reviewed_at.
    """
    key = ["suggestion_id", "concept_version", "section"]
    proposed_q, reviews_q = select(links), select(link_reviews)
    if suggestion_id is not None:
        proposed_q = proposed_q.where(links.c.suggestion_id == suggestion_id)
        reviews_q = reviews_q.where(link_reviews.c.suggestion_id == suggestion_id)
    proposed = _read(store, proposed_q)
    reviews = _latest(_read(store, reviews_q), key)
    reviews = reviews.rename(columns={"row_version": "review_version", "actor": "reviewed_by",
                                      "at": "reviewed_at"})[
        [*key, "state", "review_version", "reviewed_by", "reviewed_at"]] if len(reviews) else \
        pd.DataFrame(columns=[*key, "state", "review_version", "reviewed_by", "reviewed_at"])
    out = proposed.merge(reviews, on=key, how="outer")
    out["state"] = out["state"].fillna("voorgesteld")
    out["review_version"] = out["review_version"].fillna(0).astype(int)
    out["evidence"] = out["evidence"].fillna("handmatig gekoppeld")
    return out.rename(columns={"concept_version": "version"}).drop(columns=["computed_at"])


def suggestions(store: Store) -> pd.DataFrame:
    """The stored suggestions, their text de-identified as the internal pages show it."""
    contribs = store.load_contributions(SUGGESTION_COLUMNS, masked=public_texts.INTERNAL)
    return contribs[contribs["section"].isin(schema.SUGGESTION_SECTIONS)].reset_index(drop=True)


def _version_reviews(store: Store, concept_version: str) -> pd.DataFrame:
    """The latest review state per (suggestion_id, section) in one concept version."""
    key = ["suggestion_id", "concept_version", "section"]
    reviews = _latest(_read(store, select(*[link_reviews.c[c] for c in [*key, "state", "row_version"]])
                            .where(link_reviews.c.concept_version == concept_version)), key)
    return reviews[["suggestion_id", "section", "state"]] if len(reviews) else \
        pd.DataFrame(columns=["suggestion_id", "section", "state"])


def _best_links(store: Store, concept_version: str, reviews: pd.DataFrame,
                with_evidence: bool) -> pd.DataFrame:
    """Per suggestion its highest-scoring link that is not rejected: suggestion_id, section,
    rank, score, own_score (and evidence). Ranks follow the score, so that is the first proposal,
    read with a plain filter; suggestions whose link was rejected are ranked again without it.
    A section linked by hand without a proposal is the best only when nothing else is."""
    columns = [links.c.suggestion_id, links.c.section, links.c.rank, links.c.score, links.c.own_score,
               *([links.c.evidence] if with_evidence else [])]
    best = _read(store, select(*columns).where(links.c.concept_version == concept_version,
                                               links.c.rank == 1))
    rejected = reviews[reviews["state"] == "afgewezen"]
    if len(rejected):
        ids = rejected["suggestion_id"].unique().tolist()
        theirs = pd.concat([_read(store, select(*columns).where(
            links.c.concept_version == concept_version, links.c.suggestion_id.in_(ids[i:i + 900])))
            for i in range(0, len(ids), 900)], ignore_index=True)
        keep = theirs.merge(rejected, on=["suggestion_id", "section"], how="left")["state"].isna()
        theirs = theirs[keep.to_numpy()].sort_values(["suggestion_id", "rank"]).drop_duplicates(
            "suggestion_id")
        best = pd.concat([best[~best["suggestion_id"].isin(ids)], theirs], ignore_index=True)
    manual = reviews[(reviews["state"] != "afgewezen") & ~reviews["suggestion_id"].isin(best["suggestion_id"])]
    if len(manual):
        manual = manual.drop_duplicates("suggestion_id")[["suggestion_id", "section"]]
        best = pd.concat([best, manual.assign(**({"evidence": "handmatig gekoppeld"}
                                                 if with_evidence else {}))], ignore_index=True)
    return best


def inherit_from_originals(table: pd.DataFrame, columns: list[str], own: str = "status",
                           key: str = "id") -> pd.DataFrame:
    """A near-duplicate without a decision of its own (own column empty) takes its original's
    (duplicate_of) values of columns; decision_from names the original it came from (else NA)."""
    columns = [c for c in dict.fromkeys(columns) if c in table.columns and c != key]
    table = table.copy()
    table["decision_from"] = pd.Series(pd.NA, index=table.index, dtype="string")
    if "duplicate_of" not in table.columns or not len(table):
        return table
    decided = table[table[own].notna()].drop_duplicates(key).set_index(key)
    dup = table["duplicate_of"].astype(object)
    take = table[own].isna().to_numpy() & dup.isin(set(decided.index)).to_numpy()
    if take.any():
        source = decided.reindex(dup[take])
        for col in columns:
            table.loc[take, col] = source[col].to_numpy()
        table.loc[take, "decision_from"] = dup[take].to_numpy()
    return table


def best_links(store: Store, concept_version: str) -> pd.DataFrame:
    """Per suggestion its best link that is not rejected (suggestion_id, section, rank, score):
    what tracker_table's best_link and best_score come from. It changes with an import or a link
    review, not with a decision, so the workbench keeps it (review_count) across saves."""
    return _best_links(store, concept_version, _version_reviews(store, concept_version), False)


def review_count(store: Store, concept_version: str) -> int:
    """How many link reviews the concept version has (append-only: a new one changes it)."""
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(link_reviews).where(
            link_reviews.c.concept_version == concept_version)).scalar() or 0)


def tracker_table(store: Store, concept_version: str, with_evidence: bool = False,
                  base: pd.DataFrame | None = None, best: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per suggestion: what was said beside what was done in concept_version.

    A near-duplicate without a decision of its own shows its original's (decision_from names
    the original; its row_version stays 0, so a save gives it its own).
    Adds status (open when undecided), status_label, decided_section, public_explanation,
    published, row_version (0 = no decision yet), decided_by, decided_at, best_link
    (highest proposal not rejected), best_score, best_own_score (that link's own_score: what bulk
    acceptance goes by; empty for links stored before it existed), confirmed_links (';'-joined),
    and with with_evidence the best link's evidence text (the pages show it per suggestion from
    current_links; the export shows it for all). Reads only this version's decisions and links.
    base is suggestions(store) when the caller keeps it (it changes only with the contributions
    version, not with a decision; it may carry more columns): then only decisions and links are
    read; best is best_links(store, concept_version) when the caller keeps that too.
    """
    table = suggestions(store) if base is None else base
    dec = _latest(_read(store, select(decisions).where(
        decisions.c.concept_version == concept_version)), ["suggestion_id", "concept_version"])
    cols = ["status", "section", "public_explanation", "internal_note", "published",
            "row_version", "actor", "at"]
    dec = (dec[["suggestion_id", *cols]] if len(dec) else pd.DataFrame(columns=["suggestion_id", *cols]))
    dec = dec.rename(columns={"section": "decided_section", "actor": "decided_by", "at": "decided_at"})
    table = table.merge(dec, left_on="id", right_on="suggestion_id", how="left").drop(
        columns=["suggestion_id"])
    table = inherit_from_originals(table, ["status", "decided_section", "public_explanation",
                                           "published", "decided_by", "decided_at"])
    table["status"] = table["status"].fillna("open")
    table["decided_section"] = [vocabulary.shown_section(st, sec) if isinstance(sec, str) else sec
                                for st, sec in zip(table["status"], table["decided_section"])]
    labels = {s: vocabulary.status_label(s) for s in table["status"].unique()}
    table["status_label"] = table["status"].map(labels)
    table["row_version"] = table["row_version"].fillna(0).astype(int)
    table["published"] = table["published"].fillna(False).astype(bool)

    reviews = _version_reviews(store, concept_version)
    if best is None or with_evidence:
        best = _best_links(store, concept_version, reviews, with_evidence)
    best = best.drop(columns=["rank"]).rename(columns={"section": "best_link", "score": "best_score",
                                                       "own_score": "best_own_score"})
    confirmed = (reviews[reviews["state"] == "bevestigd"].groupby("suggestion_id")["section"]
                 .agg(lambda s: ";".join(sorted(s))).rename("confirmed_links").reset_index())
    table = table.merge(best, left_on="id", right_on="suggestion_id", how="left").drop(
        columns=["suggestion_id"])
    table = table.merge(confirmed, left_on="id", right_on="suggestion_id", how="left").drop(
        columns=["suggestion_id"])
    return table


def export_table(store: Store, concept_version: str) -> pd.DataFrame:
    """The tracker as analysts download it (Dutch column names); neutralise on the way out."""
    t = tracker_table(store, concept_version, with_evidence=True)
    return pd.DataFrame({
        "id": t["id"], "sessie": t["event"], "datum": t["date"], "onderwerp": t["topic"],
        "soort": t["section"], "suggestie": t["text"], "thema": t["theme"],
        "conceptversie": concept_version, "status": t["status_label"],
        "sectie": t["decided_section"], "bevestigde_koppelingen": t["confirmed_links"],
        "voorgestelde_sectie": t["best_link"], "score": t["best_score"], "bewijs": t["evidence"],
        "openbare_toelichting": t["public_explanation"], "interne_notitie": t["internal_note"],
        "gepubliceerd": t["published"], "versie": t["row_version"], "door": t["decided_by"],
        "op": dutch.moments(t["decided_at"]),
    })


