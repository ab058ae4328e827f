"""Page data of the review workbench (Beoordelen): one suggestion with everything needed to
decide it, its proposals with readable evidence, the prefilled explanation (views stage).

The queue and the writes live in analysis.tracker.review and analysis.tracker.batches; this
module only shapes what the page shows.
"""
from __future__ import annotations

import re

import pandas as pd

from analysis.core import config, dutch
from analysis.core.labels import metadata_fields, source_label
from analysis.enrich.nlp import stop_words
from analysis.tracker import review, vocabulary
from analysis.views import display
from analysis.views.frame import SESSION, theme_label

_EXTRA = ["id", SESSION, "source_type", "question", *metadata_fields()]


def review_table(tracker: pd.DataFrame, contributions: pd.DataFrame) -> pd.DataFrame:
    """The tracker table with session, source and respondent columns, grouped (review.with_groups)."""
    extra = contributions[[c for c in _EXTRA if c in contributions.columns]]
    table = tracker.merge(extra, on="id", how="left")
    return review.with_groups(table)


def context(row: pd.Series) -> list[tuple[str, str]]:
    """(label, value) pairs of the suggestion's context, only those that are known."""
    pairs = [("Sessie", row.get(SESSION)), ("Datum", dutch.day(row.get("date")) if isinstance(
        row.get("date"), str) else None), ("Bron", source_label(row.get("source_type"))),
        ("Onderwerp", row.get("topic")), ("Vraag", row.get("question"))]
    pairs += [(label, row.get(key)) for key, label in metadata_fields().items()]
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


def explanation(status: str | None, section: str | None, version_name: str,
                sections: dict[str, str]) -> str:
    """The public explanation template for this status (and section), filled in (data/explanations.toml)."""
    if not status:
        return ""
    cfg = config.data_toml("explanations.toml")
    template = cfg.get("sections", {}).get(section or "", {}).get(status) \
        or cfg["statuses"].get(status, "")
    return template.format(sectie=sections.get(section or "", "het programma"), versie=version_name)


def review_progress(tracker: pd.DataFrame) -> tuple[int, int]:
    """(reviewed, total) suggestions of a tracker table, for Overzicht."""
    return review.progress(review.with_groups(tracker)) if len(tracker) else (0, 0)


def progress_line(done: int, total: int) -> str:
    return f"{dutch.number(done)} van {dutch.number(total)} beoordeeld"


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
    text = " ".join(str(row["text"]).split())
    short = text if len(text) <= limit else text[:limit - 1] + "…"
    size = f" (groep van {int(row['group_size'])})" if int(row["group_size"]) > 1 else ""
    return f"{short}{size}"


def group_rows(members: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"Tekst": members["text"], "Sessie": members[SESSION],
                         "Status": members["status_label"]})


def sample_rows(sample: pd.DataFrame, sections: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"Suggestie": sample["text"], "Voorstel": sample["best_link"].map(sections),
                         "Score": [dutch.decimal(float(s)) for s in sample["best_score"]]})


def history_rows(history: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"Wanneer": dutch.moments(history["at"]), "Wie": history["actor"],
                         "Wat": history["summary"]})
