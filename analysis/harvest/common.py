"""Shared helpers for the harvest parsers: text cleaning, headings, dates, the output frame (harvest stage).

Every parser collects plain rows (topic, section, text, ...) and hands them to
`contributions_frame`, so ids, positions and the schema are made in one place.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analysis.core import config as core_config
from analysis.core import schema
from analysis.core.errors import InputError

TOPIC_COLUMNS = ["document", "topic", "concept_ref", "description"]


def config() -> dict:
    """data/harvest.toml: recognition rules and vocabularies of the parsers."""
    return core_config.data_toml("harvest.toml")


def clean_text(text: str) -> str:
    """One line of contribution text: unusual spaces normalised, glyphs and private-use chars dropped.

    PDF extraction leaves narrow/en spaces, bullet glyphs from symbol fonts (U+F0D8)
    and replacement characters; none of them belong in a contribution.
    """
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Zs" or ch in "\t\r\n\v\f":
            out.append(" ")
        elif cat in ("Co", "Cc", "Cf") or ch in "\ufffd\u2022":
            continue
        else:
            out.append(ch)
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def join_lines(parts: Iterable[str]) -> str:
    """Join wrapped lines into one text; a line ending in '-' or '/' continues without a space."""
    text = ""
    for part in parts:
        part = clean_text(part)
        if not part:
            continue
        if text and re.search(r"\w[-/]$", text):
            text += part
        elif text:
            text += " " + part
        else:
            text = part
    return text


def heading_key(line: str) -> str:
    """A line reduced for comparing with a heading: no glyphs, colon, dots or case."""
    return clean_text(line).strip(" :.\u2026").lower()


def is_caps_heading(line: str, min_letters: int = 5) -> bool:
    """An all-capitals line such as 'BEPRIJZEN' or 'STAPELING VAN EFFECTEN (6.2.2. NMP V4)'."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= min_letters and all(c.isupper() for c in letters)


def sentence_case(text: str) -> str:
    """'STAPELING VAN EFFECTEN' -> 'Stapeling van effecten', keeping known acronyms in capitals."""
    acronyms = {a.upper(): a for a in config()["acronyms"]}
    words = clean_text(text).lower().split(" ")
    out = []
    for i, word in enumerate(words):
        core = word.strip("'\u2018\u2019\"()“”,.")
        if core.upper() in acronyms:
            word = word.replace(core, acronyms[core.upper()])
        elif i == 0:
            word = word[:1].upper() + word[1:]
        out.append(word)
    return " ".join(out)


def iso_date_in(name: str) -> str | None:
    """The first YYYY-MM-DD date in a file name (the seed files are named that way)."""
    m = re.search(r"(20\d\d)-(\d\d)-(\d\d)", name)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def dutch_date(text: str) -> str | None:
    """The first date written as '6 november 2024' in text, as ISO."""
    months = config()["months"]
    pattern = r"\b(\d{1,2})\s+(" + "|".join(months) + r")\s+(\d{4})\b"
    m = re.search(pattern, text, flags=re.IGNORECASE)
    if not m:
        return None
    try:
        return date(int(m[3]), months.index(m[2].lower()) + 1, int(m[1])).isoformat()
    except ValueError:
        return None


@dataclass
class Row:
    """One contribution as a parser finds it, before ids and positions are added."""

    section: str
    text: str
    topic: str | None = None
    concept_ref: str | None = None
    event: str | None = None
    date: str | None = None


def contributions_frame(rows: list[Row], *, document: str, source_type: str,
                        event: str | None, date_: str | None) -> pd.DataFrame:
    """Rows -> the validated contributions table; position is the order in the document."""
    if not rows:
        raise InputError(f"In '{document}' zijn geen bijdragen gevonden.")
    df = pd.DataFrame({
        "source_type": source_type,
        "event": [r.event or event for r in rows],
        "date": [r.date or date_ for r in rows],
        "document": document,
        "position": range(1, len(rows) + 1),
        "topic": [r.topic for r in rows],
        "concept_ref": [r.concept_ref for r in rows],
        "section": [r.section for r in rows],
        "text": [r.text for r in rows],
        "is_fictional": False,
    })
    df["id"] = [schema.contribution_id(document, p, t) for p, t in zip(df["position"], df["text"])]
    return schema.validate(df)


def topics_frame(document: str, topics: list[tuple[str, str | None, str | None]]) -> pd.DataFrame:
    """(topic, concept_ref, description) triples -> the topics table of a ParsedDocument."""
    return pd.DataFrame([(document, *t) for t in topics], columns=TOPIC_COLUMNS)
