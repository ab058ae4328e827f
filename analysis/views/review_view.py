"""Page data of the review workbench (Beoordelen): one suggestion with everything needed to
decide it, its proposals with readable evidence, the prefilled explanation (views stage).

The queue and the writes live in analysis.tracker.review and analysis.tracker.batches; this
module only shapes what the page shows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.core import dutch
from analysis.core.labels import source_label
from analysis.core.schema import UNCERTAIN_THEME
from analysis.enrich.nlp import stop_words
from analysis.tracker import explanations, review, vocabulary
from analysis.tracker.decisions import Decision
from analysis.views import display
from analysis.views.frame import SESSION, metadata_fields, metadata_labels, theme_label, theme_labels


def with_context(suggestions: pd.DataFrame, contributions: pd.DataFrame) -> pd.DataFrame:
    """Suggestions with session, source and respondent columns and their groups: the base of
    the review table, which changes with the contributions only (not with a decision)."""
    wanted = ["id", SESSION, "source_type", "question", *metadata_fields(contributions)]
    extra = contributions[[c for c in wanted if c in contributions.columns]]
    return review.group_columns(suggestions.merge(extra, on="id", how="left"))


def review_table(tracker: pd.DataFrame) -> pd.DataFrame:
    """The tracker table (made from with_context's base), grouped (review.with_groups)."""
    return review.with_groups(tracker)


def theme_choices() -> list[str]:
    """The themes the queue filter and the bulk action both offer: the taxonomy's, in its order,
    and 'onzeker' for suggestions the model could not place."""
    return [*theme_labels(), UNCERTAIN_THEME]


def context(row: pd.Series) -> list[tuple[str, str]]:
    """(label, value) pairs of the suggestion's context, only those that are known."""
    pairs = [("Sessie", row.get(SESSION)), ("Datum", dutch.day(row.get("date")) if isinstance(
        row.get("date"), str) else None), ("Bron", source_label(row.get("source_type"))),
        ("Onderwerp", row.get("topic")), ("Vraag", row.get("question"))]
    pairs += [(label, row.get(key)) for key, label in metadata_labels(row.index).items()]
    return [(k, str(v)) for k, v in pairs if isinstance(v, str) and v.strip()]


def themes(row: pd.Series) -> list[str]:
    """'Cumulatie / stapeling van effecten (0,27)' for the primary theme, then the others."""
    ids = [t for t in str(row.get("themes") or "").split(";") if t]
    primary = row.get("theme")
    out = []
    if isinstance(primary, str):
        score = row.get("theme_score")
        out.append(theme_label(primary) + (f" ({dutch.decimal(float(score))})"
                                           if pd.notna(score) else ""))
    out += [theme_label(t) for t in ids if t != primary]
    return out


_WORD = re.compile(r"\w{4,}")


def overlap_words(text: str) -> set[str]:
    stop = stop_words()
    return {w.lower() for w in _WORD.findall(str(text)) if w.lower() not in stop}


def highlight(evidence: str, suggestion: str) -> str:
    """Evidence as markdown: literal text, section titles in italics, words it shares with the
    suggestion in bold."""
    words = overlap_words(suggestion)
    safe = display.md_escape(evidence)
    safe = re.sub(r"\\\*(.+?)\\\*", r"*\1*", safe)
    if not words:
        return safe
    return re.sub(r"\w{4,}", lambda m: f"**{m.group(0)}**" if m.group(0).lower() in words
                  else m.group(0), safe)


def proposals(links: pd.DataFrame, suggestion: str, version: str,
              sections: dict[str, str]) -> pd.DataFrame:
    """The version's proposed sections for one suggestion, best first, without rejected ones:
    section, name, score (Dutch), evidence (markdown, highlighted), state."""
    mine = links[(links["version"] == version) & (links["state"] != "afgewezen")]
    mine = mine[mine["section"].isin(sections)].sort_values("score", ascending=False,
                                                            na_position="last")
    return pd.DataFrame({
        "section": mine["section"], "name": mine["section"].map(sections),
        "score": [dutch.decimal(float(s)) if pd.notna(s) else "" for s in mine["score"]],
        "evidence": [highlight(e, suggestion) for e in mine["evidence"]],
        "state": mine["state"].map(vocabulary.link_states()),
    }).reset_index(drop=True)


def count_words(n: int) -> str:
    return dutch.count(n, "suggestie", "suggesties")


def review_progress(tracker: pd.DataFrame) -> tuple[int, int]:
    """(reviewed, total) suggestions of a tracker table, for Overzicht."""
    return review.progress(review.with_groups(tracker)) if len(tracker) else (0, 0)


def progress_line(done: int, total: int) -> str:
    return f"{dutch.number(done)} van {count_words(total)} beoordeeld"


@dataclass(frozen=True)
class QueuePlace:
    """Where the shown suggestion is in its queue: position (1-based, 0 = not in this queue)
    and the queue item that follows it (None: it is the last)."""

    position: int
    following: str | None


def queue_place(ids: tuple[str, ...], current: str | None) -> QueuePlace:
    """The order is the queue's own and does not wrap: after the last item comes the end."""
    if current is None:
        return QueuePlace(0, None)
    if current in ids:
        at = ids.index(current)
        return QueuePlace(at + 1, ids[at + 1] if at + 1 < len(ids) else None)
    return QueuePlace(0, ids[0] if ids else None)


def queue_line(place: QueuePlace, items: int, suggestions: int) -> str:
    """'12 van 58 in deze wachtrij (70 suggesties; een groep telt als één).'"""
    held = f" ({count_words(suggestions)}; een groep telt als één)" if suggestions != items else ""
    if place.position:
        return f"{dutch.number(place.position)} van {dutch.number(items)} in deze wachtrij{held}."
    return f"Niet in deze wachtrij; deze wachtrij telt {dutch.number(items)}{held}."


def end_line(items: int) -> str:
    return (f"Einde van de wachtrij. Er staan nog {dutch.number(items)} open in deze wachtrij "
            "(overgeslagen of later toegevoegd).")


def stored_sentence(decision: pd.Series, sections: dict[str, str]) -> str:
    """'Nu opgeslagen door Anna: Verwerkt, §6.2.2 Stapeling van effecten, gepubliceerd.'"""
    section = vocabulary.shown_section(decision["status"], decision.get("section"))
    parts = [vocabulary.status_label(decision["status"])]
    if section:
        parts.append(sections.get(section, section))
    parts.append("gepubliceerd" if bool(decision.get("published")) else "niet gepubliceerd")
    return f"Nu opgeslagen door {decision['actor']}: {', '.join(parts)}."


def status_line(row: pd.Series) -> str:
    """'Status nu: Verwerkt (van de oorspronkelijke suggestie in de groep)'."""
    inherited = isinstance(row.get("decision_from"), str)
    return f"Status nu: {row['status_label']}" + (
        " (besluit van de oorspronkelijke suggestie in de groep)" if inherited else "")


def progress_table(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per theme or session: beoordeeld, totaal, aandeel (Dutch headers)."""
    p = review.progress(table, by)
    name = "Thema" if by == "theme" else "Sessie"
    values = p["value"].map(theme_label) if by == "theme" else p["value"]
    return pd.DataFrame({name: values, "Beoordeeld": p["beoordeeld"], "Totaal": p["totaal"],
                         "Aandeel": [dutch.percent(b / t) if t else "" for b, t in
                                     zip(p["beoordeeld"], p["totaal"])]})


def source_name(source_type: str) -> str:
    return source_label(source_type)


def queue_label(row: pd.Series, limit: int = 90) -> str:
    short = display.short(row["text"], limit)
    size = f" (groep van {int(row['group_size'])})" if int(row["group_size"]) > 1 else ""
    return f"{short}{size}"


def group_rows(members: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"Tekst": members["text"], "Sessie": members[SESSION],
                         "Status": members["status_label"]})


def bulk_decisions(found: pd.DataFrame, status: str, publish: bool, version_name: str,
                   sections: dict[str, str]) -> list[tuple[str, Decision]]:
    """(suggestion id, Decision) per candidate: the status, its best proposal's section and that
    section's explanation template: exactly what the confirm button writes."""
    return [(r.id, Decision(status, r.best_link, explanations.fill(
        status, r.best_link, sections.get(r.best_link), version_name), "", publish))
            for r in found.itertuples()]


def bulk_summary(items: list[tuple[str, Decision]], sections: dict[str, str]) -> list[str]:
    """What a bulk confirmation will write, in sentences: count and status, sections, publish,
    and each distinct explanation with how often."""
    if not items:
        return []
    decisions = [d for _, d in items]
    by_section = pd.Series([d.section for d in decisions]).value_counts()
    texts = pd.Series([d.public_explanation for d in decisions]).value_counts()
    published = decisions[0].published
    lines = [f"{count_words(len(items))} krijgen de status "
             f"'{vocabulary.status_label(decisions[0].status)}'.",
             "Sectie (het beste voorstel van elke suggestie): " + "; ".join(
                 f"{sections.get(sec, sec)} ({dutch.number(n)}×)" for sec, n in by_section.items()) + ".",
             "Publiceren: ja, ze staan daarna op de openbare pagina." if published else
             "Publiceren: nee, de besluiten blijven intern tot u ze publiceert."]
    lines += [f"Openbare toelichting ({dutch.number(n)}×): '{t}'" for t, n in texts.items()]
    return lines


def sample_rows(sample: pd.DataFrame, sections: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"Suggestie": sample["text"], "Voorstel": sample["best_link"].map(sections),
                         "Score": [dutch.decimal(float(s)) for s in sample["best_own_score"]]})


def history_rows(history: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"Wanneer": dutch.moments(history["at"]), "Wie": history["actor"],
                         "Wat": history["summary"]})
