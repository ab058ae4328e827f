"""The suggestion tracker: decisions, link reviews, audit log and the tables the pages show.

Every human change is a new row (row_version + 1), never an update: the
current decision is the latest row, the history is all rows plus the audit
log. A save names the version it was based on; when someone else saved in
between, StaleVersionError is raised and nothing is written. The unique
constraint on (key, row_version) makes this hold for concurrent writers on
SQLite and PostgreSQL: the row is inserted first, so the database decides.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timezone

import pandas as pd
from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from analysis import auth, schema, tracker_config
from analysis.concept_versions import ConceptVersion, load_versions, write_version
from analysis.errors import InputError, PermissionDenied, StaleVersionError
from analysis.store import Store, contributions
from analysis.tracker_tables import audit, decisions, link_reviews, links

SUGGESTION_COLUMNS = ["id", "event", "date", "document", "topic", "concept_ref", "section",
                      "text", "theme", "themes", "duplicate_of"]


@dataclass
class Decision:
    """What an editor decides for a suggestion in one concept version."""

    status: str
    section: str | None = None
    public_explanation: str = ""
    internal_note: str = ""
    published: bool = False

    def cleaned(self) -> Decision:
        return Decision(self.status, (self.section or "").strip() or None,
                        (self.public_explanation or "").strip(),
                        (self.internal_note or "").strip(), bool(self.published))


# ---- who may edit --------------------------------------------------------

def can_edit(store: Store, role: str | None, action: str = "edit_decision") -> bool:
    try:
        require_editor(store, role, action)
    except PermissionDenied:
        return False
    return True


def require_editor(store: Store, role: str | None, action: str) -> None:
    """PermissionDenied unless this role may perform this tracker action in this mode.

    Who may do what lives in one place, data/roles.toml, read by analysis.auth.
    """
    if store.read_only:
        raise PermissionDenied("De opslag is alleen-lezen geopend; wijzigen kan hier niet.")
    if auth.current_mode() == "public":
        raise PermissionDenied("In de openbare versie kan niets worden gewijzigd.")
    auth.require(role or auth.PUBLIC, action)


def _actor(actor: str) -> str:
    actor = (actor or "").strip()
    if not actor:
        raise InputError("Vul in wie de wijziging doet.")
    return actor


def _now() -> datetime:
    return datetime.now(timezone.utc)


# ---- validation ------------------------------------------------------------

def _version(store: Store, version_id: str) -> ConceptVersion:
    for v in load_versions(store):
        if v.id == version_id:
            return v
    raise InputError(f"Onbekende conceptversie '{version_id}'.")


def validate(decision: Decision, version: ConceptVersion) -> Decision:
    """The cleaned decision, or InputError with a plain Dutch sentence."""
    d = decision.cleaned()
    statuses = tracker_config.statuses()
    if d.status not in statuses:
        raise InputError(f"Onbekende status '{d.status}'; kies uit: {', '.join(statuses)}.")
    rules, label = statuses[d.status], statuses[d.status]["label"]
    if d.section and version.section(d.section) is None:
        raise InputError(f"Sectie '{d.section}' bestaat niet in {version.name}.")
    if rules["needs_section"] and not d.section:
        raise InputError(f"Kies bij status '{label}' de sectie van {version.name} "
                         "waarin de suggestie is verwerkt.")
    if d.published and rules["public_explanation_required"] and not d.public_explanation:
        raise InputError(f"Een besluit '{label}' kan pas worden gepubliceerd met een "
                         "openbare toelichting.")
    return d


def _check_suggestions(conn: Connection, ids: list[str]) -> None:
    found = set(conn.execute(select(contributions.c.id).where(
        contributions.c.id.in_(ids), contributions.c.section.in_(schema.SUGGESTION_SECTIONS))
    ).scalars())
    missing = [i for i in ids if i not in found]
    if missing:
        raise InputError(f"{len(missing)} gekozen bijdrage(n) bestaan niet of zijn geen suggestie "
                         f"(bijv. '{missing[0]}').")


# ---- writing ---------------------------------------------------------------

def _append_versioned(conn: Connection, table, key: dict, based_on: int, values: dict) -> int:
    """Insert row_version based_on + 1 for key; StaleVersionError when key moved on meanwhile."""
    new = int(based_on) + 1
    try:  # the insert comes first in the transaction, so the database serialises writers
        conn.execute(insert(table).values(**key, row_version=new, **values))
    except IntegrityError as exc:
        raise StaleVersionError(_stale_message()) from exc
    where = [table.c[k] == v for k, v in key.items()]
    count = conn.execute(select(func.count()).select_from(table).where(*where)).scalar()
    if count != new:
        raise StaleVersionError(_stale_message())
    return new


def _stale_message() -> str:
    return ("Iemand anders heeft deze suggestie intussen gewijzigd; uw wijziging is niet "
            "opgeslagen. Laad de nieuwste versie en voer uw wijziging opnieuw in.")


def _audit(conn: Connection, actor: str, role: str, action: str, summary: str,
           suggestion_id: str | None = None, concept_version: str | None = None,
           detail: dict | None = None) -> None:
    conn.execute(insert(audit).values(
        at=_now(), actor=actor, role=role, action=action, suggestion_id=suggestion_id,
        concept_version=concept_version, summary=summary,
        detail=json.dumps(detail, ensure_ascii=False) if detail else None))


def _decision_summary(d: Decision, version: ConceptVersion, previous: str | None) -> str:
    where = f", {version.section(d.section).ref}" if d.section else ""
    text = f"Status '{tracker_config.status_label(d.status)}' in {version.id}{where}"
    if previous and previous != d.status:
        text += f" (was '{tracker_config.status_label(previous)}')"
    return text + ("; gepubliceerd" if d.published else "; niet gepubliceerd")


def save_decisions(store: Store, suggestion_ids: Iterable[str], concept_version: str,
                   decision: Decision, based_on: dict[str, int], actor: str, role: str) -> dict[str, int]:
    """Record one decision for one or more suggestions in one transaction.

    based_on maps each suggestion id to the row_version the editor saw (0 when
    it had no decision yet). Returns the new row_version per suggestion. All or
    nothing: one stale suggestion refuses the whole group.
    """
    require_editor(store, role, "publish_decision" if decision.published else "edit_decision")
    actor = _actor(actor)
    ids = list(dict.fromkeys(suggestion_ids))
    version = _version(store, concept_version)
    d = validate(decision, version)
    if not ids:
        raise InputError("Kies ten minste één suggestie.")
    out = {}
    at = _now()
    with store.engine.begin() as conn:
        for sid in ids:
            key = {"suggestion_id": sid, "concept_version": version.id}
            out[sid] = _append_versioned(conn, decisions, key, based_on.get(sid, 0),
                                         {**asdict(d), "actor": actor, "at": at})
            previous = conn.execute(select(decisions.c.status).where(
                decisions.c.suggestion_id == sid, decisions.c.concept_version == version.id,
                decisions.c.row_version == out[sid] - 1)).scalar()
            _audit(conn, actor, role, "besluit", _decision_summary(d, version, previous),
                   sid, version.id, {**asdict(d), "row_version": out[sid], "group_size": len(ids)})
        _check_suggestions(conn, ids)
        store.bump_version(conn)
    return out


def save_decision(store: Store, suggestion_id: str, concept_version: str, decision: Decision,
                  based_on: int, actor: str, role: str) -> int:
    """One suggestion's decision (see save_decisions); returns its new row_version."""
    return save_decisions(store, [suggestion_id], concept_version, decision,
                          {suggestion_id: based_on}, actor, role)[suggestion_id]


def review_link(store: Store, suggestion_id: str, concept_version: str, section: str,
                state: str, based_on: int, actor: str, role: str) -> int:
    """Confirm (bevestigd), reject (afgewezen) or reopen (voorgesteld) a link; a section
    that was never proposed can be linked by confirming it."""
    require_editor(store, role, "review_link")
    actor = _actor(actor)
    states = tracker_config.link_states()
    if state not in states:
        raise InputError(f"Onbekende koppelingsstatus '{state}'; kies uit: {', '.join(states)}.")
    version = _version(store, concept_version)
    sec = version.section(section)
    if sec is None:
        raise InputError(f"Sectie '{section}' bestaat niet in {version.name}.")
    with store.engine.begin() as conn:
        new = _append_versioned(
            conn, link_reviews, {"suggestion_id": suggestion_id, "concept_version": version.id,
                                 "section": section},
            based_on, {"state": state, "actor": actor, "at": _now()})
        _check_suggestions(conn, [suggestion_id])
        _audit(conn, actor, role, "koppeling",
               f"Koppeling met {version.id} {sec.ref} '{sec.title}': {states[state].lower()}",
               suggestion_id, version.id, {"section": section, "state": state, "row_version": new})
        store.bump_version(conn)
    return new


def import_concept_version(store: Store, version: ConceptVersion, actor: str, role: str) -> pd.DataFrame:
    """Store a parsed concept version (replacing one with the same id), audit it, and recompute
    the proposed links. Returns the comparison with the previous version (empty if none)."""
    from analysis.concept_versions import compare
    from analysis.tracing import refresh_links

    require_editor(store, role, "manage_concept_versions")
    actor = _actor(actor)
    earlier = [v for v in load_versions(store) if v.id != version.id
               and (v.date or "") <= (version.date or "9999")]
    with store.engine.begin() as conn:
        write_version(conn, version, actor, _now())
        _audit(conn, actor, role, "conceptversie",
               f"{version.name} ({version.id}) ingelezen uit '{version.source}': "
               f"{len(version.sections)} secties", concept_version=version.id)
        store.bump_version(conn)
    refresh_links(store)
    return compare(earlier[-1], version) if earlier else pd.DataFrame()


# ---- reading ---------------------------------------------------------------

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

    Columns: suggestion_id, version, section, rank, score, evidence, state, review_version,
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
    contribs = store.load_contributions(SUGGESTION_COLUMNS)
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
    rank, score (and evidence). Ranks follow the score, so that is the first proposal, read
    with a plain filter; suggestions whose link was rejected are ranked again without it.
    A section linked by hand without a proposal is the best only when nothing else is."""
    columns = [links.c.suggestion_id, links.c.section, links.c.rank, links.c.score,
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


def tracker_table(store: Store, concept_version: str, with_evidence: bool = False) -> pd.DataFrame:
    """One row per suggestion: what was said beside what was done in concept_version.

    Adds status (open when undecided), status_label, decided_section, public_explanation,
    published, row_version (0 = no decision yet), decided_by, decided_at, best_link
    (highest proposal not rejected), best_score, confirmed_links (';'-joined), and with
    with_evidence the best link's evidence text (the pages show it per suggestion from
    current_links; the export shows it for all). Reads only this version's decisions and links.
    """
    table = suggestions(store)
    dec = _latest(_read(store, select(decisions).where(
        decisions.c.concept_version == concept_version)), ["suggestion_id", "concept_version"])
    cols = ["status", "section", "public_explanation", "internal_note", "published",
            "row_version", "actor", "at"]
    dec = (dec[["suggestion_id", *cols]] if len(dec) else pd.DataFrame(columns=["suggestion_id", *cols]))
    dec = dec.rename(columns={"section": "decided_section", "actor": "decided_by", "at": "decided_at"})
    table = table.merge(dec, left_on="id", right_on="suggestion_id", how="left").drop(
        columns=["suggestion_id"])
    table["status"] = table["status"].fillna("open")
    labels = {s: tracker_config.status_label(s) for s in table["status"].unique()}
    table["status_label"] = table["status"].map(labels)
    table["row_version"] = table["row_version"].fillna(0).astype(int)
    table["published"] = table["published"].fillna(False).astype(bool)

    reviews = _version_reviews(store, concept_version)
    best = _best_links(store, concept_version, reviews, with_evidence)
    best = best.drop(columns=["rank"]).rename(columns={"section": "best_link", "score": "best_score"})
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
        "op": utc_text(t["decided_at"]),
    })


def utc_text(values: pd.Series) -> pd.Series:
    """Timestamps as 'YYYY-MM-DD HH:MM UTC' text: the same on both backends, and Excel-safe."""
    return pd.to_datetime(values, utc=True).dt.strftime("%Y-%m-%d %H:%M UTC")
