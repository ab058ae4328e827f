"""Generic prose (a letter, an unknown layout): every paragraph or bullet is a contribution (harvest stage).

This is the fallback when no known layout is recognised, so that any text can be
imported and explored; the import page shows a warning asking for a check.
Short lines standing alone (no sentence end) are taken as headings and become
the topic of the paragraphs below them.
"""
from __future__ import annotations

import re

from analysis.core.schema import ParsedDocument
from analysis.harvest import common
from analysis.harvest.common import Row

_BULLET = re.compile(r"^\s*(?:[\u2022\uf0b7\uf0d8\u25aa\u27a2*]|-\s)\s*")
_PAGE_FURNITURE = re.compile(r"^\s*(pagina\s+)?\d{1,3}(\s*(van|/)\s*\d{1,3})?\s*$", re.IGNORECASE)
_MIN_WORDS = 4
_MAX_HEADING_CHARS = 60


def _blocks(text: str) -> list[list[str]]:
    """Paragraphs: runs of non-blank lines; a bullet line always starts a new one."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        if _PAGE_FURNITURE.match(line):
            continue
        if not line.strip():
            if current:
                blocks.append(current)
            current = []
        elif _BULLET.match(line) and current:
            blocks.append(current)
            current = [line[_BULLET.match(line).end():]]
        else:
            current.append(line[_BULLET.match(line).end():] if _BULLET.match(line) else line)
    if current:
        blocks.append(current)
    return blocks


def _is_heading(block: list[str], body: str) -> bool:
    return (len(block) == 1 and 0 < len(body) <= _MAX_HEADING_CHARS
            and (body[0].isupper() or body[0].isdigit()) and body[-1] not in ".!?;:,")


def parse(text: str, document: str, kind: str = "tekst") -> ParsedDocument:
    cfg = common.config()["kinds"][kind]
    rows: list[Row] = []
    topic: str | None = None
    paragraph: list[str] = []  # a paragraph may run on over blank lines until its sentence ends
    for block in [*_blocks(text), []]:
        body = common.join_lines(block)
        if paragraph and block and not _is_heading(block, body) \
                and common.join_lines(paragraph)[-1] not in ".!?:;":
            paragraph += block
            continue
        if paragraph and len(common.join_lines(paragraph).split()) >= _MIN_WORDS:
            rows.append(Row(section=cfg["section"], text=common.join_lines(paragraph), topic=topic))
        paragraph = []
        if block and _is_heading(block, body):
            heading = common.sentence_case(body) if common.is_caps_heading(body) else body
            topic = heading
        else:
            paragraph = block
    date = common.iso_date_in(document) or common.dutch_date(text)
    contributions = common.contributions_frame(
        rows, document=document, source_type=cfg["source_type"], event=None, date_=date)
    seen = list(dict.fromkeys(r.topic for r in rows if r.topic))
    return ParsedDocument(
        format=kind, contributions=contributions,
        topics=common.topics_frame(document, [(t, None, None) for t in seen]),
        warnings=[f"'{document}' heeft geen bekende indeling; elke alinea is als bijdrage "
                  "ingelezen. Controleer het resultaat."])
