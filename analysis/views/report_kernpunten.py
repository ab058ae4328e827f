"""The nota van antwoord per kernpunt: what was brought in, our reaction, what changes (views stage).

A kernpunt with a decision is one block of the report; its members in the report (one session,
or all) are counted in it. A member whose shown decision differs from the kernpunt's (an
exception with its own decision) is listed under it with its own; a member without a decision
shown (in the public variant: its own decision is not published) stays with the undecided
input. The public variant reads published kernpunt decisions through analysis.views.public;
the internal one every current decision, with its note and who decided.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from analysis.core import config, dutch
from analysis.enrich import standpunt
from analysis.store.store import Store
from analysis.tracker import explanations, kernpunt_decisions, kernpunt_queries, vocabulary
from analysis.views import public


@dataclass
class KernpuntBlock:
    """One decided kernpunt as the report prints it; exceptions are report_data.Group rows."""

    kernpunt: int
    label: str
    contributions: int
    participants: int
    sessions: int
    standpunten: str
    quotes: list[str]
    status: str
    reaction: str
    change: str
    published: bool = True
    note: str = ""
    actor: str = ""
    moment: str = ""
    exceptions: list = field(default_factory=list)


@dataclass
class Scope:
    """What the report knows of the kernpunten once: decisions, members, names."""

    decisions: pd.DataFrame
    members: pd.DataFrame
    labels: dict[int, str]
    sections: dict[str, str]
    version_name: str


def _cfg() -> dict:
    return config.data_toml("report.toml")


def load(store: Store, version_id: str, version_name: str, sections: dict[str, str], internal: bool) -> Scope:
    """The kernpunt decisions the report may print (public: published only) and the members."""
    d = kernpunt_decisions.current(store, version_id) if internal else \
        public.kernpunt_version_decisions(store, version_id).assign(published=True)
    d = d[d["status"].notna() & d["status"].ne("open")] if len(d) else d
    m = kernpunt_queries.members(store)
    table = kernpunt_queries.kernpunt_table(store)
    labels = dict(zip(table["kernpunt"].astype(int), table["label"].astype(str)))
    return Scope(d.set_index(d["kernpunt_id"].astype(int)) if len(d) else d, m, labels, sections, version_name)


def said(scope: Scope, status: str, section, explanation) -> tuple[str, str, str]:
    """(status, shown section, reaction): an empty explanation reads as its status's template,
    so a member and its kernpunt compare as the public sees them."""
    sec = vocabulary.shown_section(status, section if isinstance(section, str) else None) or ""
    return status, sec, explanations.or_template(explanation, status, sec or None,
                                                 scope.sections.get(sec), scope.version_name)


def change(scope: Scope, status: str, section: str) -> str:
    """'Verwerkt in NMP conceptversie 4, §6.2.2 Stapeling van effecten'; outside the programme
    'Al in beleid: geen onderdeel van het programma'."""
    t = _cfg()["text"]
    label = vocabulary.status_label(status)
    if status not in vocabulary.in_programme():
        return t["change_out"].format(status=label, none=t["no_section"])
    where = scope.sections.get(section, f"§{section}") if section else ""
    return t["change_in" if where else "change_version"].format(
        status=label, version=scope.version_name, section=where)


def standpunt_split(stands: pd.Series) -> str:
    """'12 voorstellen, 3 zorgen of vragen, 1 bezwaar': most first, in Dutch numbers."""
    words = _cfg()["standpunt"]
    counts = stands.value_counts()
    order = sorted((s for s in standpunt.STANDPUNTEN if counts.get(s, 0)), key=lambda s: -counts[s])
    return ", ".join(f"{dutch.number(int(counts[s]))} {words[s][0 if counts[s] == 1 else 1]}" for s in order)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w{4,}", text.casefold()))


def pick_quotes(found: list[str], label: str) -> list[str]:
    """Up to quotes_per_kernpunt of the kernpunt's sentences (most central first) of at most
    quote_max_chars that add something: not mostly the label's or an earlier quote's words (the
    same point in other words is said once). Without one, the shortest sentence, so every
    kernpunt quotes someone and the nota stays short."""
    cfg = _cfg()
    n, limit, overlap = int(cfg["quotes_per_kernpunt"]), int(cfg["quote_max_chars"]), float(cfg["quote_overlap"])
    chosen: list[str] = []
    for q in found:
        w = _words(q)
        seen = [s for s in (_words(label), *map(_words, chosen)) if s]
        if len(chosen) < n and len(q) <= limit and q not in chosen and \
                all(len(w & s) <= overlap * max(1, min(len(w), len(s))) for s in seen):
            chosen.append(q)
    return chosen or sorted(found, key=len)[:1]


def block(store: Store, scope: Scope, kp: int, part: pd.DataFrame, quotable: set[str]) -> KernpuntBlock:
    """The block of kernpunt kp over its members in the report (part: contribution_id, standpunt,
    respondent_id, event)."""
    row = scope.decisions.loc[kp]
    status, sec, reaction = said(scope, row["status"], row["section"], row["public_explanation"])
    note = row.get("internal_note")
    return KernpuntBlock(
        kp, scope.labels.get(kp, ""), len(part), int(kernpunt_queries.participants(part).nunique()),
        int(part["event"].nunique()),
        standpunt_split(part["standpunt"]),
        pick_quotes(kernpunt_queries.quotes(store, kp, 12, among=quotable), scope.labels.get(kp, "")),
        status, reaction, change(scope, status, sec), bool(row["published"]),
        note.strip() if isinstance(note, str) else "",
        str(row["actor"]) if "actor" in row.index else "",
        dutch.moment(row["at"]) if "at" in row.index else "")
