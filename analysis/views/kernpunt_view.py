"""Page data of the kernpunten: the kernpunt queue of the workbench (Beoordelen per kernpunt)
and the page Kernpunten (views stage).

The reads and writes live in analysis.tracker (kernpunt_queries, kernpunt_decisions,
kernpunt_edits); this module only orders and shapes what the pages show, in Dutch.
"""
from __future__ import annotations

import pandas as pd

from analysis.core import dutch
from analysis.enrich import standpunt
from analysis.tracker import edits, vocabulary
from analysis.tracker.edits import FormValues
from analysis.tracker.kernpunt_queries import NO_DECISION
from analysis.views import display, people_export
from analysis.views.frame import SESSION


def form_key(kernpunt_id: int) -> str:
    """The workbench form's owner for a kernpunt (never a suggestion id)."""
    return f"kernpunt {int(kernpunt_id)}"


def with_suggestions(members: pd.DataFrame, review: pd.DataFrame) -> pd.DataFrame:
    """Members (kernpunt_queries.members) with their suggestion's session, own status and best
    proposal from the workbench's review table."""
    cols = ["id", SESSION, "status", "status_label", "best_link", "best_score", "row_version"]
    extra = review[[c for c in cols if c in review.columns]].rename(columns={"id": "contribution_id"})
    return members.merge(extra, on="contribution_id", how="left")


def queue(table: pd.DataFrame, members: pd.DataFrame, themes: tuple[str, ...] = (),
          search: str = "") -> tuple[int, ...]:
    """Kernpunt ids to decide: undecided first, then by theme and id; only the themes chosen
    (none: all); every word of search must occur in the label or in a member's text."""
    shown = table[table["theme"].isin(themes)] if themes else table
    words = search.lower().split()
    if words:
        texts = members.groupby("kernpunt_id")["text"].agg(lambda t: " ".join(t.astype(str)))
        hay = (shown["label"].astype(str) + " " + shown["kernpunt"].map(texts).fillna("")).str.lower()
        for word in words:
            shown = shown[hay.loc[shown.index].str.contains(word, regex=False)]
    shown = shown.assign(done=shown["decision"] != NO_DECISION)
    return tuple(int(k) for k in shown.sort_values(["done", "theme", "kernpunt"])["kernpunt"])


def progress_line(table: pd.DataFrame) -> tuple[float, str]:
    """Share of kernpunten decided, and '12 van 101 kernpunten besloten'."""
    done, total = int((table["decision"] != NO_DECISION).sum()), len(table)
    return (done / total if total else 0.0,
            f"{dutch.number(done)} van {dutch.count(total, 'kernpunt', 'kernpunten')} besloten")


def queue_line(position: int, items: int) -> str:
    """'3 van 101 kernpunten in deze wachtrij.'"""
    if position:
        return f"{dutch.number(position)} van {dutch.count(items, 'kernpunt', 'kernpunten')} in deze wachtrij."
    return f"Niet in deze wachtrij; deze wachtrij telt {dutch.count(items, 'kernpunt', 'kernpunten')}."


def counts_line(row: pd.Series) -> str:
    """'12 suggesties · 9 deelnemers · 3 sessies'."""
    return " · ".join([dutch.count(int(row["contributions"]), "suggestie", "suggesties"),
                       dutch.count(int(row["participants"]), "deelnemer", "deelnemers"),
                       dutch.count(int(row["sessions"]), "sessie", "sessies")])


def standpunt_line(row: pd.Series) -> str:
    """'steunt 3 · bezwaar 1 · zorg of vraag 2 · voorstel 6' (standpunten without members left out)."""
    return " · ".join(f"{standpunt.label(s)} {dutch.number(int(row[s]))}"
                      for s in standpunt.STANDPUNTEN if int(row[s]))


def member_rows(members: pd.DataFrame, exceptions: set[str]) -> pd.DataFrame:
    """The members as the workbench shows them: text, session, standpunt, own status."""
    own = members["status_label"].fillna(vocabulary.status_label("open")).astype(str)
    mark = members["contribution_id"].isin(exceptions).map({True: " (uitzondering)", False: ""})
    return pd.DataFrame({"Suggestie": members["text"].astype(str),
                         "Sessie": members.get(SESSION, members["event"]).astype(str),
                         "Standpunt": members["standpunt"].map(standpunt.label),
                         "Eigen status": own + mark}).reset_index(drop=True)


def proposals(members: pd.DataFrame, sections: dict[str, str], n: int = 3) -> pd.DataFrame:
    """The sections proposed most often as the members' best link, most often first: section,
    name, score (their mean, Dutch) and evidence ('Beste voorstel voor 8 van 12 suggesties')."""
    best = members[members["best_link"].isin(sections)]
    if best.empty:
        return pd.DataFrame(columns=["section", "name", "score", "evidence"])
    top = best.groupby("best_link").agg(n=("contribution_id", "size"), score=("best_score", "mean"))
    top = top.sort_values(["n", "score"], ascending=False).head(n)
    return pd.DataFrame({
        "section": top.index, "name": top.index.map(sections),
        "score": [dutch.decimal(float(s)) for s in top["score"]],
        "evidence": [f"Beste voorstel voor {dutch.number(int(k))} van "
                     f"{dutch.count(len(members), 'suggestie', 'suggesties')}" for k in top["n"]],
    }).reset_index(drop=True)


def stored(decision: pd.Series | None) -> FormValues:
    """The form values of a kernpunt's stored decision (kernpunt_decisions.current), or empty."""
    if decision is None:
        return FormValues()
    return edits.of_decision(decision["status"], decision["section"], decision["public_explanation"],
                             decision["internal_note"], decision["published"])


def saved_line(result: dict) -> str:
    """'Vastgelegd voor 12 suggesties; 1 uitzondering behouden.'"""
    line = f"Vastgelegd voor {dutch.count(len(result['members']), 'suggestie', 'suggesties')}"
    kept = len(result["exceptions"])
    if kept:
        line += f"; {dutch.count(kept, 'uitzondering', 'uitzonderingen')} behouden"
    return line + "."


def exceptions_line(kept: int) -> str:
    """What the checkbox "Ook de uitzonderingen overschrijven" is about."""
    if not kept:
        return "Geen suggestie in dit kernpunt heeft een eigen besluit."
    return (f"{dutch.count(kept, 'suggestie', 'suggesties')} in dit kernpunt "
            f"{'heeft' if kept == 1 else 'hebben'} een eigen besluit; dat blijft staan, tenzij u dit aanvinkt.")


def standpunten() -> dict[str, str]:
    """Standpunt id -> its Dutch label, in their order (what a person chooses from)."""
    return {s: standpunt.label(s) for s in standpunt.STANDPUNTEN}


def choice_label(row: pd.Series, limit: int = 90) -> str:
    """A kernpunt in a list to choose from: 'Label (12 suggesties)'."""
    return f"{display.short(row['label'], limit)} ({dutch.count(int(row['contributions']), 'suggestie', 'suggesties')})"


def member_label(row: pd.Series, limit: int = 100) -> str:
    """A member in a list to choose from: its text and standpunt."""
    return f"{display.short(row['text'], limit)} ({standpunt.label(row['standpunt'])})"


def theme_rows(table: pd.DataFrame) -> pd.DataFrame:
    """A theme's kernpunten as the page Kernpunten lists them: the download's Dutch columns
    without the number and the theme (the page shows one theme at a time)."""
    out = people_export.kernpunten(table)
    heads = people_export.texts()["kernpunten"]
    return out.drop(columns=[heads["kernpunt"], heads["theme"]])
