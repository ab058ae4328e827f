"""Page data of the dossier per concept-version section (views stage): for one section, side by
side in time, the input linked to it (confirmed and proposed links), the consultation answers
linked to it, what participants later said about that section (rows whose concept_ref names it,
e.g. the November 2024 sterk / zwak / verbeter points on `v4 §6.2.2`), and the decisions.

It answers "what was asked, what did the version do with it, what did participants think of the
result" in one screen; download() is the same as one table with Dutch headers.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select

from analysis.core import dutch
from analysis.core.labels import labels, section_label, source_label
from analysis.harvest.concept_document import ConceptVersion, Section
from analysis.store import public_texts
from analysis.store.store import Store
from analysis.store.tables import link_reviews, links
from analysis.tracker import queries, vocabulary
from analysis.views import export, people_export

COLUMNS = ["id", "source_type", "event", "date", "topic", "concept_ref", "section", "text", "theme"]
REFLECTION_KINDS = ("sterk", "zwak", "verbeter")


@dataclass
class Dossier:
    version: ConceptVersion
    section: Section
    input: pd.DataFrame          # linked contributions from sessions and verkenningen
    consultation: pd.DataFrame   # linked raadpleging answers
    reflections: pd.DataFrame    # what participants said about this section of the version
    decisions: pd.DataFrame      # decisions in this version on this section or its linked input

    def summary(self) -> str:
        confirmed = int((self.input["Koppeling"] == vocabulary.link_states()["bevestigd"]).sum())
        groups = labels()["section_groups"]
        kinds = self.reflections["_kind"].value_counts() if len(self.reflections) else pd.Series(dtype=int)
        parts = ", ".join(dutch.count(int(kinds[k]), section_label(k).lower(), groups[k].lower())
                          for k in REFLECTION_KINDS if k in kinds)
        return (f"{self.section.ref} {self.section.title}: {dutch.count(len(self.input), 'bijdrage', 'bijdragen')}"
                f" uit werksessies en verkenningen gekoppeld ({dutch.number(confirmed)} bevestigd), "
                f"{dutch.count(len(self.consultation), 'antwoord', 'antwoorden')} uit de raadpleging, "
                f"{dutch.count(len(self.reflections), 'reactie', 'reacties')} op deze sectie"
                + (f" ({parts})" if parts else "")
                + f", {dutch.count(len(self.decisions), 'besluit', 'besluiten')}.")

    def download(self) -> pd.DataFrame:
        """Everything in one table, a column saying which part of the dossier a row is."""
        parts = [("Inbreng gekoppeld", self.input), ("Raadpleging gekoppeld", self.consultation),
                 (f"Reactie op {self.version.name}", self.reflections), ("Besluit", self.decisions)]
        frames = [df.drop(columns=["_kind"], errors="ignore").assign(**{"Deel van het dossier": name})
                  for name, df in parts if len(df)]
        if not frames:
            return pd.DataFrame(columns=["Deel van het dossier"])
        out = pd.concat(frames, ignore_index=True)
        cols = ["Deel van het dossier", *[c for c in out.columns if c != "Deel van het dossier"]]
        return people_export.blank(out[cols])


def display(table: pd.DataFrame) -> pd.DataFrame:
    """A dossier table as the page shows it: dates written out (26 juni 2024), moments as
    26-6-2024 14:05, scores with a decimal comma; the tables themselves keep real dates and
    numbers for the download."""
    out = table.copy()
    for col in out.columns:
        values = out[col]
        if pd.api.types.is_datetime64_any_dtype(values) and export.timed(values):
            out[col] = dutch.moments(values.dt.tz_localize(dutch.TIMEZONE, ambiguous="NaT",
                                                           nonexistent="shift_forward"))
        elif pd.api.types.is_datetime64_any_dtype(values):
            out[col] = dutch.days(values)
        elif pd.api.types.is_float_dtype(values):
            out[col] = values.map(lambda s: dutch.decimal(s) if pd.notna(s) else "")
    return out


def section_options(version: ConceptVersion) -> dict[str, str]:
    """Section number -> '§6.2.2 Stapeling van effecten', in document order."""
    return {s.number: s.name for s in version.sections}


def _read(store: Store, query) -> pd.DataFrame:
    with store.engine.connect() as conn:
        return pd.read_sql(query, conn)


def _section_links(store: Store, version_id: str, number: str) -> pd.DataFrame:
    """suggestion_id, state, score for this section: proposals and hand-made links, not rejected."""
    proposed = _read(store, select(links.c.suggestion_id, links.c.score).where(
        links.c.concept_version == version_id, links.c.section == number))
    reviews = _read(store, select(link_reviews.c.suggestion_id, link_reviews.c.state, link_reviews.c.row_version)
                    .where(link_reviews.c.concept_version == version_id, link_reviews.c.section == number))
    reviews = reviews.sort_values("row_version").drop_duplicates("suggestion_id", keep="last")
    out = proposed.merge(reviews[["suggestion_id", "state"]], on="suggestion_id", how="outer")
    out["state"] = out["state"].fillna("voorgesteld")
    return out[out["state"] != "afgewezen"].reset_index(drop=True)


def _decision_rows(store: Store, version_id: str) -> pd.DataFrame:
    d = queries.current_decisions(store)
    return d[(d["concept_version"] == version_id) & (d["status"] != "open")] if len(d) else d


def _status_labels(status: pd.Series) -> pd.Series:
    status = status.astype("string").fillna("open")
    return status.map({s: vocabulary.status_label(s) for s in status.unique()})


def _linked_rows(df: pd.DataFrame, decided: pd.DataFrame) -> pd.DataFrame:
    states = vocabulary.link_states()
    status = decided.set_index("suggestion_id")["status"] if len(decided) else pd.Series(dtype="string")
    df = df.sort_values(["_confirmed", "score"], ascending=[False, False], kind="stable")
    return pd.DataFrame({
        "Sessie": df["event"].fillna(""), "Datum": people_export.calendar_dates(df["date"]),
        "Bron": df["source_type"].map(source_label), "Soort": df["section"].map(section_label),
        "Bijdrage": df["text"], "Koppeling": df["state"].map(states),
        "Score": pd.to_numeric(df["score"], errors="coerce").round(2),
        "Besluit": _status_labels(df["id"].map(status[~status.index.duplicated(keep="last")])),
    }).reset_index(drop=True)


def dossier(store: Store, version: ConceptVersion, number: str, contributions: pd.DataFrame | None = None
            ) -> Dossier:
    """The dossier of one section; contributions may be passed in (a page caches them)."""
    section = next(s for s in version.sections if s.number == number)
    df = contributions if contributions is not None else store.load_contributions(COLUMNS, masked=public_texts.INTERNAL)
    ref = f"{version.id} {section.ref}"
    reflections = df[(df["concept_ref"] == ref) & df["section"].isin(REFLECTION_KINDS)].sort_values(
        ["date", "section"], kind="stable")
    linked = _section_links(store, version.id, number)
    about_version = df["concept_ref"].fillna("").str.startswith(f"{version.id} ")
    rows = df[~about_version].merge(linked, left_on="id", right_on="suggestion_id", how="inner")
    rows["_confirmed"] = rows["state"] == "bevestigd"
    rows = rows.sort_values("date", kind="stable")
    decided = _decision_rows(store, version.id)
    consult = rows["source_type"] == "raadpleging"
    mine = set(linked["suggestion_id"]) | set(reflections["id"])
    dec = decided[(decided["section"] == number) | decided["suggestion_id"].isin(mine)] if len(decided) else decided
    texts = df.set_index("id")
    dec_rows = pd.DataFrame({
        "Suggestie": dec["suggestion_id"].map(texts["text"]) if len(dec) else [],
        "Sessie": dec["suggestion_id"].map(texts["event"]) if len(dec) else [],
        "Besluit": dec["status"].map(vocabulary.status_label) if len(dec) else [],
        "Onderdeel": dec["section"].map(lambda s: section_options(version).get(s, "") if isinstance(s, str) else "")
        if len(dec) else [],
        "Openbare toelichting": dec["public_explanation"].fillna("") if len(dec) else [],
        "Interne notitie": dec["internal_note"].fillna("") if len(dec) else [],
        "Openbaar gemaakt": people_export.yes_no(dec["published"].astype(bool)) if len(dec) else [],
        "Besloten door": dec["actor"].fillna("") if len(dec) else [],
        "Besloten op": people_export.local_moments(dec["at"]) if len(dec) else [],
    }).reset_index(drop=True)
    return Dossier(
        version, section, _linked_rows(rows[~consult], decided), _linked_rows(rows[consult], decided),
        pd.DataFrame({"Sessie": reflections["event"].fillna(""),
                      "Datum": people_export.calendar_dates(reflections["date"]),
                      "Soort": reflections["section"].map(section_label),
                      "Bijdrage": reflections["text"], "_kind": reflections["section"]}).reset_index(drop=True),
        dec_rows)
