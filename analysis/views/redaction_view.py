"""Page data of "Afscherming controleren": per contribution the original beside the public
text, each redaction marked with its reason, and the editor's checks (views stage).

Reads the stored originals and public texts; the checks are written by
analysis.views.redaction_actions. Identical texts form one group (listed once, with their
count); an entry is named by session, respondent and the public text's first words. A filter
ranks texts by the capitalised words the filters left alone, the likeliest place for a name
that slipped through.
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

ACTION = "check_redaction"
MARK_OPEN, MARK_CLOSE = "⟦", "⟧"
MANUAL, AUTOMATIC = "handmatig", "automatisch"
_CAPITAL = re.compile(r"(?<=[^\s.!?:;\"(\[])\s+([A-ZÀ-Ý][\w'’-]+)")


def leftover_capitals(public_text: str, known: set[str] | None = None) -> list[str]:
    """Capitalised words not at a sentence start that the public text still shows and that are
    no public name or common word (data/privacy.toml): where a missed name would hide."""
    if not isinstance(public_text, str):
        return []
    known = deduce_names.known_words() if known is None else known
    return [w for w in _CAPITAL.findall(public_text) if w.casefold() not in known]


def overview(store: Store, suspect_only: bool = False, words: str = "") -> pd.DataFrame:
    """One row per group of identical texts: id (its first contribution), text (original), public
    text, n redactions, suspect words (';'-joined), hidden, group, n_same, label; most suspect
    first when suspect_only (then only those)."""
    return narrow(overview_all(store), suspect_only, words)


def overview_all(store: Store) -> pd.DataFrame:
    """Every contribution, unfiltered, with its group of identical texts (group: the first id,
    n_same: how many) and its label (who, first words): what a page caches per store version."""
    df = store.load_contributions(["id", "document", "position", "event", "respondent_id", "text",
                                   "consent", "consent_name"])
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
    df["group"] = df.groupby(df["text"].fillna(""), sort=False)["id"].transform("first")
    df["n_same"] = df.groupby("group")["id"].transform("size")
    df["who"] = _distinct(pd.Series(who(df), index=df.index), df["group"])
    firsts = df.drop_duplicates("group")
    names = _distinct(pd.Series(entry_labels(firsts), index=firsts.index))
    df["label"] = df["group"].map(dict(zip(firsts["group"], names)))
    return df


def who(df: pd.DataFrame) -> list[str]:
    """Session and respondent (or place in the document) of each row."""
    t = labels.labels()["redaction"]
    return [t["who"].format(session=e if isinstance(e, str) and e else d,
                            who=t["respondent"].format(id=r) if isinstance(r, str) and r
                            else t["position"].format(n=dutch.number(int(p))))
            for e, d, r, p in zip(df["event"], df["document"], df["respondent_id"], df["position"])]


def entry_labels(df: pd.DataFrame) -> list[str]:
    """A row as the picker names it: who and the public text's first words (never the original's
    personal data), or the group's count."""
    t = labels.labels()["redaction"]
    first = [" ".join(str(x).split()[:int(t["words"])]) + ("…" if len(str(x).split()) > int(t["words"]) else "")
             for x in df["public"].fillna(df["text"]).fillna("")]
    return [t["group"].format(n=dutch.number(n), who=w, words=f) if n > 1 else t["one"].format(who=w, words=f)
            for n, w, f in zip(df["n_same"], df["who"], first)]


def _distinct(names: pd.Series, within: pd.Series | None = None) -> pd.Series:
    """Names made distinct (within each group): "x", "x (2)" in order, as a picker keeps its
    choice by its text."""
    keys = [names] if within is None else [within, names]
    n = names.groupby(keys, sort=False).cumcount()
    return names.where(n == 0, names + " (" + (n + 1).astype(str) + ")")


def narrow(df: pd.DataFrame, suspect_only: bool = False, words: str = "") -> pd.DataFrame:
    """One row per group of identical texts of overview_all(), holding every word (case-
    insensitive, in every original text); only the suspect ones, most suspect first, when
    suspect_only and not searching: a search finds every text that holds the words."""
    for w in words.casefold().split():
        df = df[df["text"].fillna("").str.casefold().str.contains(w, regex=False)]
    if suspect_only and not words.split():
        df = df[df["n_suspect"] > 0].sort_values("n_suspect", ascending=False, kind="stable")
    return df.drop_duplicates("group").reset_index(drop=True)


def focused(entries: pd.DataFrame, df: pd.DataFrame, group: str | None) -> pd.DataFrame:
    """The entries with this group's entry first when it is missing: the contribution just
    edited stays in the picker although the filter would now leave it out."""
    if not group or group in set(entries["group"]):
        return entries
    return pd.concat([df[df["id"] == group], entries], ignore_index=True)


def members(df: pd.DataFrame, group: str) -> dict[str, str]:
    """The contributions of a group of identical texts (overview_all's group), id -> who."""
    rows = df[df["group"] == group]
    return dict(zip(rows["id"], rows["who"]))


def target(df: pd.DataFrame, ids: list[str]) -> str:
    """The contributions an action is for, as its button and message name them."""
    rows = df[df["id"].isin(ids)].drop_duplicates("group")
    return entry_labels(rows.assign(n_same=len(ids)))[0] if len(rows) else ""


def count_line(entries: pd.DataFrame) -> str:
    """How many contributions the list holds, and in how many texts when identical ones are one entry."""
    total, said = int(entries["n_same"].sum()), labels.labels()["redaction"]
    if total == len(entries):
        return dutch.count(total, "bijdrage", "bijdragen")
    return said["listed"].format(n=dutch.number(total), k=dutch.count(len(entries), *said["listed_texts"]))


def action_label(label: str, ids: list[str]) -> str:
    """A button's text, with the number of contributions it acts on when more than one."""
    return label if len(ids) == 1 else f"{label} ({dutch.count(len(ids), 'bijdrage', 'bijdragen')})"


def overview_table(df: pd.DataFrame) -> pd.DataFrame:
    """The overview with Dutch headers for st.dataframe."""
    return pd.DataFrame({
        "Bijdrage": df["label"], "Openbare tekst": df["public"].fillna(""),
        "Afgeschermd": df["n_redactions"].map(dutch.number),
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
    consent_note, and redactions: a table of what is hidden, why and by whom (automatic or an
    editor's), with _key: what undo_key() undoes (empty for a release: add it again instead)."""
    with store.engine.connect() as conn:
        found = conn.execute(select(contributions.c.text, contributions.c.consent, contributions.c.consent_name)
                             .where(contributions.c.id == contribution_id)).first()
        if found is None:
            raise InputError("Deze bijdrage bestaat niet (meer).")
        state = redactions.states(conn, [contribution_id]).get(contribution_id, redactions.EditState())
    original = found[0] if isinstance(found[0], str) else ""
    spans = deidentify.checked_spans(original, list(state.added.values()), state.released)
    public, _ = deidentify.apply_spans(original, spans)
    marked = original
    for s, e, *_ in sorted(spans, reverse=True):
        marked = f"{marked[:s]}{MARK_OPEN}{marked[s:e]}{MARK_CLOSE}{marked[e:]}"
    rows = [{"Afgeschermd": original[s:e], "Vervangen door": ph, "Reden": reason,
             "Door": "redacteur" if kind == MANUAL else "automatisch",
             "_key": undo_key(kind == MANUAL, original[s:e])} for s, e, kind, reason, ph in spans]
    released = [{"Afgeschermd": p, "Vervangen door": "", "Reden": "vrijgegeven door een redacteur",
                 "Door": "redacteur", "_key": ""} for p in sorted(state.released)]
    return {"original": original, "public": public, "marked": marked, "hidden": state.hidden,
            "consent": consent_label(found[1], found[2]), "withheld": found[1] == "nee",
            "consent_note": _consent_note(found[1], found[2]),
            "redactions": pd.DataFrame(rows + released,
                                       columns=["Afgeschermd", "Vervangen door", "Reden", "Door", "_key"])}


def undo_key(manual: bool, text: str) -> str:
    """What undoing a shown redaction means, by its content, never its place in a list: every
    editor's redaction of this text (case-insensitive), or releasing the automatic one."""
    return f"{MANUAL}:{text.casefold()}" if manual else f"{AUTOMATIC}:{text}"


def history(store: Store, names: dict[str, str]) -> pd.DataFrame:
    """The edits of these contributions (id -> who), newest first, each naming its contribution."""
    with store.engine.connect() as conn:
        log = redactions.edits(conn, list(names))
    return pd.DataFrame({"Wanneer": dutch.moments(log["at"]), "Bijdrage": log["contribution_id"].map(names),
                         "Wie": log["actor"], "Wat": log["action"].map(_action_label),
                         "Tekst of reden": log["phrase"].fillna(log["reason"]).fillna("")}).iloc[::-1] \
        .reset_index(drop=True)


def _action_label(action: str) -> str:
    return {"toevoegen": "afgeschermd", "ongedaan": "afscherming ongedaan gemaakt",
            "vrijgeven": "automatische afscherming vrijgegeven", "niet_publiceren": "niet publiceren",
            "wel_publiceren": "weer publiceren"}.get(action, action)
