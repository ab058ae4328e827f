"""Werksessie reports: all-caps onderwerp headings, section headings, bullets, ONDERWERP paragraphs (harvest stage).

One line-driven reader serves both known layouts; what differs (section headings,
how a bullet line starts, the event name) comes from the kind's entry in
data/harvest.toml:
- June 2024 style: "Overwegende dat..." / "Adviseren wij..." with bullets that start
  with exactly one space (the glyph was lost in extraction);
- November 2024 style: "Sterke punten" / "Zwakke punten" / "Verbeterpunten" with
  U+F0D8 bullets, headings such as "STAPELING VAN EFFECTEN (6.2.2. NMP V4)".
A line that is not a bullet continues the current bullet (wrapped lines, also after
a blank line). The ONDERWERP paragraph after a topic is that topic's description,
never a contribution; intro, contact block and page furniture sit outside any
section and are skipped.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from analysis.core.schema import ParsedDocument
from analysis.harvest import common
from analysis.harvest.common import Row

_REF_PAREN = re.compile(r"\(([^()]*)\)\s*$")
_REF_VERSION = re.compile(r"\bN[MN]P\s+V(?:ERSIE)?\s*(\d+)\b", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_DESCRIPTION_HEADING = "onderwerp"


def parse_heading(heading: str) -> tuple[str, str | None, str | None]:
    """'STAPELING VAN EFFECTEN (6.2.2. NMP V4)' -> ('Stapeling van effecten', 'v4 §6.2.2', '4').

    The typo 'NNP V4' and 'H5 NMP VERSIE 4' (a chapter) are read as well.
    """
    heading = common.clean_text(heading)
    m = _REF_PAREN.search(heading)
    version = _REF_VERSION.search(m[1]) if m else None
    if not version:
        return common.sentence_case(heading), None, None
    inner = m[1][: version.start()]
    chapter = re.search(r"\bH(\d+)\b", inner)
    sections = re.findall(r"\d+(?:\.\d+)+", inner)
    v = version[1]
    if chapter:
        ref = f"v{v} H{chapter[1]}"
    elif sections:
        ref = f"v{v} §" + "/".join(sections)
    else:
        ref = f"v{v}"
    return common.sentence_case(heading[: m.start()]), ref, v


@dataclass
class _Topic:
    name: str
    concept_ref: str | None
    version: str | None
    description: list[str] = field(default_factory=list)
    n_rows: int = 0


def parse(text: str, document: str, kind: str) -> ParsedDocument:
    """Read a werksessie report of the given kind (a key of [kinds] in data/harvest.toml)."""
    cfg = common.config()["kinds"][kind]
    sections: dict[str, str] = cfg["sections"]
    bullet = re.compile(cfg["bullet_pattern"])
    topics: list[_Topic] = []
    topic: _Topic | None = None
    mode: str | None = None  # a section id, "description" or None (outside both)
    items: list[tuple[_Topic | None, str, list[str]]] = []

    for line in text.splitlines():
        if not line.strip() or _PAGE_NUMBER.match(line):
            continue
        key = common.heading_key(line)
        if key in sections:
            mode = sections[key]
            items.append((topic, mode, []))  # placeholder: the section may open without a bullet
        elif key == _DESCRIPTION_HEADING:
            mode = "description"
        elif common.is_caps_heading(line):
            topic = _Topic(*parse_heading(line))
            topics.append(topic)
            mode = None
        elif mode == "description" and topic is not None:
            topic.description.append(line)
        elif mode is not None:
            m = bullet.match(line)
            if m:
                items.append((topic, mode, [line[m.end():]]))
            else:
                items[-1][2].append(line)

    rows = []
    for item_topic, section, lines in items:
        body = common.join_lines(lines)
        if not body:
            continue
        if item_topic is not None:
            item_topic.n_rows += 1
        rows.append(Row(section=section, text=body,
                        topic=item_topic.name if item_topic else None,
                        concept_ref=item_topic.concept_ref if item_topic else None))

    used = [t for t in topics if t.n_rows]
    date, warnings = _date(document, text)
    contributions = common.contributions_frame(
        rows, document=document, source_type=cfg["source_type"],
        event=_event(cfg, text, used), date_=date)
    topic_table = common.topics_frame(
        document, [(t.name, t.concept_ref, common.join_lines(t.description) or None) for t in used])
    return ParsedDocument(format=kind, contributions=contributions, topics=topic_table,
                          warnings=warnings)


def _event(cfg: dict, text: str, topics: list[_Topic]) -> str:
    """The event name from the kind's template: quoted title of the first line, concept version."""
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    title = re.search(r"[‘'\"“]([^’'\"”]+)[’'\"”]", first)
    versions = Counter(t.version for t in topics if t.version)
    values = {"title": common.sentence_case(title[1]) if title else None,
              "version": versions.most_common(1)[0][0] if versions else None}
    needed = re.findall(r"{(\w+)}", cfg["event"])
    if all(values.get(n) for n in needed):
        return cfg["event"].format(**values)
    return cfg["event_fallback"]


def _date(document: str, text: str) -> tuple[str | None, list[str]]:
    """The session date: from the file name (YYYY-MM-DD) or the first full date in the text."""
    found = common.iso_date_in(document) or common.dutch_date(text)
    if found:
        return found, []
    return None, [f"Geen datum gevonden in '{document}'; zet de datum in de bestandsnaam (JJJJ-MM-DD)."]
