"""Tracker writes: decisions, link reviews and concept-version imports (tracker stage).

Each write is appended with an audit entry in one transaction; a save based on a stale
row_version raises StaleVersionError; every write checks the role server-side.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from analysis.access import roles
from analysis.core import dutch, schema
from analysis.core.errors import InputError, PermissionDenied, StaleVersionError
from analysis.harvest.concept_document import ConceptVersion
from analysis.store.store import Store
from analysis.store.tables import audit, contributions, decisions, link_reviews
from analysis.tracker import vocabulary
from analysis.tracker.concept_versions import load_versions, write_version


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


def can_edit(store: Store, role: str | None, action: str = "edit_decision") -> bool:
    try:
        require_editor(store, role, action)
    except PermissionDenied:
        return False
    return True


def require_editor(store: Store, role: str | None, action: str) -> None:
    """PermissionDenied unless this role may perform this tracker action in this mode.

    Who may do what lives in one place, data/roles.toml, read by analysis.access.roles.
    """
    if store.read_only:
        raise PermissionDenied("De opslag is alleen-lezen geopend; wijzigen kan hier niet.")
    if roles.current_mode() == "public":
        raise PermissionDenied("In de openbare versie kan niets worden gewijzigd.")
    roles.require(role or roles.PUBLIC, action)


def _actor(actor: str) -> str:
    actor = (actor or "").strip()
    if not actor:
        raise InputError("Vul in wie de wijziging doet.")
    return actor


def _now() -> datetime:
    return datetime.now(UTC)


def _version(store: Store, version_id: str) -> ConceptVersion:
    for v in load_versions(store):
        if v.id == version_id:
            return v
    raise InputError(f"Onbekende conceptversie '{version_id}'.")


def validate(decision: Decision, version: ConceptVersion) -> Decision:
    """The cleaned decision, or InputError with a plain Dutch sentence."""
    d = decision.cleaned()
    statuses = vocabulary.statuses()
    if d.status not in statuses:
        raise InputError(f"Onbekende status '{d.status}'; kies uit: {', '.join(statuses)}.")
    rules, label = statuses[d.status], statuses[d.status]["label"]
    if d.section and version.section(d.section) is None:
        raise InputError(f"Sectie '{d.section}' bestaat niet in {version.name}.")
    if d.section and d.status in vocabulary.not_in_programme():
        raise InputError(f"Bij status '{label}' staat de suggestie niet in het programma en hoort "
                         "er geen sectie bij; maak de sectie leeg of kies een andere status.")
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
        one = len(missing) == 1
        raise InputError(f"{dutch.count(len(missing), 'gekozen bijdrage bestaat', 'gekozen bijdragen bestaan')} "
                         f"niet of {'is' if one else 'zijn'} geen suggestie (bijv. '{missing[0]}').")


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
    text = f"Status '{vocabulary.status_label(d.status)}' in {version.id}{where}"
    if previous and previous != d.status:
        text += f" (was '{vocabulary.status_label(previous)}')"
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


@dataclass
class DecisionRow:
    """One decision of a bulk append (a spreadsheet row, a workbench batch)."""

    suggestion_id: str
    concept_version: str
    decision: Decision


def latest_row_versions(conn: Connection, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """(suggestion_id, concept_version) -> its latest row_version (0 when undecided)."""
    keys = list(dict.fromkeys(keys))
    out = dict.fromkeys(keys, 0)
    ids = list({k[0] for k in keys})
    for start in range(0, len(ids), 900):
        rows = conn.execute(select(decisions.c.suggestion_id, decisions.c.concept_version,
                                   func.max(decisions.c.row_version))
                            .where(decisions.c.suggestion_id.in_(ids[start:start + 900]))
                            .group_by(decisions.c.suggestion_id, decisions.c.concept_version))
        for sid, ver, rv in rows:
            if (sid, ver) in out:
                out[(sid, ver)] = int(rv)
    return out


def validate_rows(store: Store, rows: Iterable[DecisionRow]) -> list[DecisionRow]:
    """Each row cleaned and validated against its concept version; InputError names the first
    bad row (1-based position) so a caller can say which line of a file it was."""
    versions = {v.id: v for v in load_versions(store)}
    out = []
    for n, row in enumerate(rows, start=1):
        version = versions.get(row.concept_version)
        if version is None:
            raise InputError(f"Rij {n}: onbekende conceptversie '{row.concept_version}'.")
        try:
            out.append(DecisionRow(row.suggestion_id, version.id, validate(row.decision, version)))
        except InputError as exc:
            raise InputError(f"Rij {n}: {exc}") from exc
    return out


def append_decisions(store: Store, rows: Iterable[DecisionRow], actor: str, role: str,
                     action: str = "besluit") -> int:
    """Append many decisions (each on top of its key's latest row_version) with an audit entry
    each, in one transaction: all or nothing. Validates every row first (validate_rows).
    Returns the number of decisions written."""
    rows = list(rows)
    publish = any(r.decision.published for r in rows)
    require_editor(store, role, "publish_decision" if publish else "edit_decision")
    actor = _actor(actor)
    rows = validate_rows(store, rows)
    if not rows:
        return 0
    versions = {v.id: v for v in load_versions(store)}
    at = _now()
    with store.engine.begin() as conn:
        _check_suggestions(conn, list(dict.fromkeys(r.suggestion_id for r in rows)))
        latest = latest_row_versions(conn, [(r.suggestion_id, r.concept_version) for r in rows])
        previous = {}
        for r in rows:
            key = (r.suggestion_id, r.concept_version)
            d, version = r.decision, versions[r.concept_version]
            if key not in previous and latest[key]:
                previous[key] = conn.execute(select(decisions.c.status).where(
                    decisions.c.suggestion_id == key[0], decisions.c.concept_version == key[1],
                    decisions.c.row_version == latest[key])).scalar()
            new = _append_versioned(conn, decisions, {"suggestion_id": key[0], "concept_version": key[1]},
                                    latest[key], {**asdict(d), "actor": actor, "at": at})
            latest[key] = new
            _audit(conn, actor, role, action, _decision_summary(d, version, previous.get(key)),
                   key[0], key[1], {**asdict(d), "row_version": new, "group_size": len(rows)})
            previous[key] = d.status
        store.bump_version(conn)
    return len(rows)


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
    states = vocabulary.link_states()
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
    from analysis.tracker.concept_versions import compare
    from analysis.tracker.links import refresh_links

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

