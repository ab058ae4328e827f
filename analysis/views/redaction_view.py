"""Page data of "Afscherming controleren": per contribution the original beside the public
text, each redaction marked with its reason, and the editor's checks (views stage).

Reads the stored originals and public texts; the checks are written by
analysis.store.public_texts.record_edit after a server-side role check here
(data/roles.toml action check_redaction). A filter ranks texts by the capitalised words the
filters left alone, the likeliest place for a name that slipped through.
"""
from __future__ import annotations

import re

import pandas as pd
from sqlalchemy import select

from analysis.core import dutch, labels
from analysis.core.errors import InputError
from analysis.enrich import deduce_names, deidentify
from analysis.store import public_texts, redactions
from analysis.store.store import Store
from analysis.store.tables import contributions
from analysis.tracker.decisions import require_editor

ACTION = "check_redaction"
MARK_OPEN, MARK_CLOSE = "⟦", "⟧"
_CAPITAL = re.compile(r"(?<=[^\s.!?:;\"(\[])\s+([A-ZÀ-Ý][\w'’-]+)")


def leftover_capitals(public_text: str, known: set[str] | None = None) -> list[str]:
    """Capitalised words not at a sentence start that the public text still shows and that are
    no public name or common word (data/privacy.toml): where a missed name would hide."""
    if not isinstance(public_text, str):
        return []
    known = deduce_names.known_words() if known is None else known
    return [w for w in _CAPITAL.findall(public_text) if w.casefold() not in known]


def overview(store: Store, suspect_only: bool = False, words: str = "") -> pd.DataFrame:
    """One row per contribution: id, text (original), public text, n redactions, suspect words
    (';'-joined), hidden; most suspect first when suspect_only (then only those)."""
    return narrow(overview_all(store), suspect_only, words)


def overview_all(store: Store) -> pd.DataFrame:
    """overview() of every contribution, unfiltered: what a page caches per store version."""
    df = store.load_contributions(["id", "document", "text", "consent", "consent_name"])
    pub = public_texts.load_public_texts(store)[["id", "text"]].rename(columns={"text": "public"})
    df = df.merge(pub, on="id", how="left")
    with store.engine.connect() as conn:
        hidden = redactions.hidden_ids(conn)
    df["hidden"] = df["id"].isin(hidden)
    known = deduce_names.known_words()  # once, and each distinct public text once
    suspects = {t: ";".join(leftover_capitals(t, known)) for t in df["public"].dropna().unique()}
    df["suspect"] = df["public"].map(suspects).fillna("").astype(str)
    df["n_suspect"] = df["suspect"].str.count(";").add(1).where(df["suspect"] != "", 0)
    df["n_redactions"] = df["public"].fillna("").str.count(r"\[[a-zA-Z-]+\]")
    return df


def narrow(df: pd.DataFrame, suspect_only: bool = False, words: str = "") -> pd.DataFrame:
    """The rows of overview_all() holding every word (case-insensitive); only the suspect ones,
    most suspect first, when suspect_only."""
    for w in words.casefold().split():
        df = df[df["text"].fillna("").str.casefold().str.contains(w, regex=False)]
    if suspect_only:
        df = df[df["n_suspect"] > 0].sort_values("n_suspect", ascending=False, kind="stable")
    return df.reset_index(drop=True)


def overview_table(df: pd.DataFrame) -> pd.DataFrame:
    """The overview with Dutch headers for st.dataframe."""
    return pd.DataFrame({
        "Openbare tekst": df["public"].fillna(""), "Afgeschermd": df["n_redactions"].map(dutch.number),
        "Mogelijk nog een naam": df["suspect"].str.replace(";", ", "),
        "Niet publiceren": df["hidden"].map({True: "ja", False: "nee"}),
        "Toestemming openbaar": [consent_label(c, n) for c, n in zip(df["consent"], df["consent_name"])],
        "Document": df["document"]})


def consent_label(consent: object, name: object) -> str:
    """The respondent's consent as the page says it (data/labels.toml [consent])."""
    t = labels.labels()["consent"]
    consent = consent if isinstance(consent, str) else ""
    if consent == "nee":
        return t["no"]
    if consent != "ja":
        return t["not_asked"]
    name = name if isinstance(name, str) else ""
    return {"ja": t["yes_with_name"], "nee": t["yes_without_name"]}.get(name, t["yes"])


def _consent_note(consent: str | None, name: str | None) -> str:
    """Why the public does not see this text, or that a name stays hidden even with consent."""
    t = labels.labels()["consent"]
    if consent == "nee":
        return t["withheld"]
    return t["name_note"] if consent == "ja" and name == "ja" else ""


def detail(store: Store, contribution_id: str) -> dict:
    """original, public, marked (original with each redaction between ⟦ ⟧), hidden, consent
    (as the page says it), withheld (no consent: the public never sees the text) with its
    consent_note, and
    redactions: a table of what is hidden, why and by whom (automatic or an editor's edit)."""
    with store.engine.connect() as conn:
        found = conn.execute(select(contributions.c.text, contributions.c.consent, contributions.c.consent_name)
                             .where(contributions.c.id == contribution_id)).first()
        if found is None:
            raise InputError("Deze bijdrage bestaat niet (meer).")
        original = found[0] if isinstance(found[0], str) else ""
        state = redactions.states(conn, [contribution_id]).get(contribution_id, redactions.EditState())
        log = redactions.edits(conn, [contribution_id])
    spans = deidentify.checked_spans(original, list(state.added.values()), state.released)
    public, _ = deidentify.apply_spans(original, spans)
    marked = original
    for s, e, *_ in sorted(spans, reverse=True):
        marked = f"{marked[:s]}{MARK_OPEN}{marked[s:e]}{MARK_CLOSE}{marked[e:]}"
    manual = {phrase.casefold(): edit for edit, (phrase, _) in state.added.items()}
    rows = [{"Afgeschermd": original[s:e], "Vervangen door": ph, "Reden": reason,
             "Door": "redacteur" if kind == "handmatig" else "automatisch",
             "_edit": manual.get(original[s:e].casefold()), "_auto": kind != "handmatig"}
            for s, e, kind, reason, ph in spans]
    released = [{"Afgeschermd": p, "Vervangen door": "", "Reden": "vrijgegeven door een redacteur",
                 "Door": "redacteur", "_edit": None, "_auto": False} for p in sorted(state.released)]
    history = pd.DataFrame({"Wanneer": dutch.moments(log["at"]), "Wie": log["actor"],
                            "Wat": log["action"].map(_action_label),
                            "Tekst of reden": log["phrase"].fillna(log["reason"]).fillna("")})
    return {"original": original, "public": public, "marked": marked, "hidden": state.hidden,
            "consent": consent_label(found[1], found[2]), "withheld": found[1] == "nee",
            "consent_note": _consent_note(found[1], found[2]),
            "redactions": pd.DataFrame(rows + released,
                                       columns=["Afgeschermd", "Vervangen door", "Reden", "Door", "_edit", "_auto"]),
            "history": history.iloc[::-1].reset_index(drop=True)}


def _action_label(action: str) -> str:
    return {"toevoegen": "afgeschermd", "ongedaan": "afscherming ongedaan gemaakt",
            "vrijgeven": "automatische afscherming vrijgegeven", "niet_publiceren": "niet publiceren",
            "wel_publiceren": "weer publiceren"}.get(action, action)


def _actor(actor: str) -> str:
    if not (actor or "").strip():
        raise InputError("Vul in wie de wijziging doet.")
    return actor.strip()


def add_redaction(store: Store, contribution_id: str, phrase: str, reason: str, actor: str,
                  role: str) -> int:
    """Hide a word or phrase of the original everywhere in this contribution's public text."""
    require_editor(store, role, ACTION)
    phrase = (phrase or "").strip()
    original = detail(store, contribution_id)["original"]
    if len(phrase) < 2 or phrase.casefold() not in original.casefold():
        raise InputError("Kies een woord of zin die letterlijk in de oorspronkelijke tekst staat.")
    return public_texts.record_edit(store, contribution_id, "toevoegen", _actor(actor), role,
                                    phrase=phrase, reason=(reason or "").strip() or None)


def undo_redaction(store: Store, contribution_id: str, edit_id: int | None, phrase: str,
                   actor: str, role: str) -> int:
    """Undo an editor's redaction (edit_id), or release an automatic one (its text)."""
    require_editor(store, role, ACTION)
    if edit_id is not None:
        return public_texts.record_edit(store, contribution_id, "ongedaan", _actor(actor), role,
                                        phrase=phrase, undoes=int(edit_id))
    return public_texts.record_edit(store, contribution_id, "vrijgeven", _actor(actor), role, phrase=phrase)


def set_hidden(store: Store, contribution_id: str, hidden: bool, reason: str, actor: str, role: str) -> int:
    """Mark a contribution "niet publiceren" (or publish it again)."""
    require_editor(store, role, ACTION)
    return public_texts.record_edit(store, contribution_id,
                                    "niet_publiceren" if hidden else "wel_publiceren",
                                    _actor(actor), role, reason=(reason or "").strip() or None)
