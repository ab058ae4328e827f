"""The editor's checks on the redaction page (views stage): mask a phrase, undo a masking, hide
a contribution, for one contribution or a group of identical texts at once.

Each action is checked server-side (data/roles.toml action check_redaction), acts on the ids
it is given and nothing else, is written by analysis.store.public_texts.record_edits (the
history and the public text, in one transaction) and returns the sentence that names what it
did and for which contributions (analysis.views.redaction_view.target).
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Connection

from analysis.core import labels
from analysis.core.errors import InputError
from analysis.enrich import deidentify
from analysis.store import db, public_texts, redactions
from analysis.store.store import Store
from analysis.store.tables import contributions
from analysis.tracker.decisions import require_editor
from analysis.views.redaction_view import AUTOMATIC, MANUAL, target, undo_key

ACTION = "check_redaction"


def _said() -> dict:
    return labels.labels()["redaction"]


def _actor(actor: str) -> str:
    if not (actor or "").strip():
        raise InputError("Vul in wie de wijziging doet.")
    return actor.strip()


def _originals(conn: Connection, ids: list[str]) -> dict[str, str]:
    """Contribution id -> its original text."""
    rows = db.read_where_in(conn, select(contributions.c.id, contributions.c.text), contributions.c.id, ids)
    return dict(zip(rows["id"], rows["text"]))


def _masked(store: Store, ids: list[str]) -> dict[str, tuple[list[tuple[str, str]], redactions.EditState]]:
    """Per contribution what its public text hides now, (kind, text) each, and its edit state;
    identical texts in the same state are looked at once."""
    with store.engine.connect() as conn:
        originals, states = _originals(conn, ids), redactions.states(conn, ids)
    seen: dict[tuple, list[tuple[str, str]]] = {}
    out = {}
    for cid in ids:
        text, state = originals.get(cid) or "", states.get(cid, redactions.EditState())
        key = (text, tuple(state.added.values()), frozenset(state.released))
        if key not in seen:
            seen[key] = [(kind, text[s:e]) for s, e, kind, *_ in
                         deidentify.checked_spans(text, list(state.added.values()), state.released)]
        out[cid] = (seen[key], state)
    return out


def add_redaction(store: Store, df: pd.DataFrame, ids: list[str], phrase: str, reason: str,
                  actor: str, role: str) -> str:
    """Mask a word or phrase (whole words) in each of these contributions' public text."""
    require_editor(store, role, ACTION)
    name, phrase = _actor(actor), (phrase or "").strip()
    with store.engine.connect() as conn:
        originals = _originals(conn, ids)
    if not ids or len(phrase) < 2 or not all(deidentify.occurs(phrase, originals.get(i)) for i in ids):
        raise InputError(_said()["not_in_text"])
    public_texts.record_edits(store, [(i, None) for i in ids], "toevoegen", name, role,
                              phrase=phrase, reason=(reason or "").strip() or None)
    return _said()["added"].format(phrase=phrase, target=target(df, ids))


def undo_redaction(store: Store, df: pd.DataFrame, ids: list[str], key: str, actor: str, role: str) -> str:
    """Undo the masking key names (redaction_view.undo_key) in each of these contributions that
    shows it: every editor's redaction of that text, or a release of the automatic one."""
    require_editor(store, role, ACTION)
    name = _actor(actor)
    kind, text = key.split(":", 1)
    masked = _masked(store, ids)
    if kind == MANUAL:
        targets = [(cid, edit) for cid, (_, state) in masked.items()
                   for edit, (phrase, _) in state.added.items() if phrase.strip().casefold() == text]
        action = "ongedaan"
    else:
        targets = [(cid, None) for cid, (spans, _) in masked.items()
                   if any(undo_key(k == MANUAL, t) == key for k, t in spans)]
        action = "vrijgeven"
    if kind not in (MANUAL, AUTOMATIC) or not targets:
        raise InputError(_said()["not_there"])
    # the text as the contribution writes it, for the history and the message
    phrase = next((t for spans, _ in masked.values() for k, t in spans
                   if undo_key(k == MANUAL, t) == key), text)
    public_texts.record_edits(store, targets, action, name, role, phrase=phrase)
    done = list(dict.fromkeys(cid for cid, _ in targets))
    still = any(t.casefold() == text.casefold() for spans, _ in _masked(store, done).values() for _, t in spans)
    said = "still_hidden" if still else "undone" if kind == MANUAL else "released"
    return _said()[said].format(phrase=phrase, target=target(df, done))


def set_hidden(store: Store, df: pd.DataFrame, ids: list[str], hidden: bool, reason: str, actor: str,
               role: str) -> str:
    """Mark these contributions "niet publiceren" (or publish them again)."""
    require_editor(store, role, ACTION)
    public_texts.record_edits(store, [(i, None) for i in ids], "niet_publiceren" if hidden else "wel_publiceren",
                              _actor(actor), role, reason=(reason or "").strip() or None)
    return _said()["hidden" if hidden else "shown"].format(target=target(df, ids))
