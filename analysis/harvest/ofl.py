"""OFL verkenning: the insights of the three OFL werksessies in Bijlage 1 (harvest stage).

Only the "•" bullets between "Bijlage 1: Terugkoppeling werksessies" and
"Bijlage 2" become contributions (section "inzicht"), one event per
"Werksessie N: <datum>" heading. Reading rules, chosen from the text itself:
- topic = the sub-heading a bullet stands under ("Inzichten werksessie 1",
  "Hoe houden we de energie erin ...", "Een investerings-/ondersteuningsprogramma ...");
  bullets directly under a session heading, before any sub-heading, describe the
  set-up (the questions of werksessie 3: "Wat is het doel?", ...) and are skipped;
- a "-" sub-bullet is its own contribution: each names a separate method. A parent
  bullet that only introduces them (ends with ':') is not a contribution itself;
- a line after a bullet continues it, also after a blank line, unless it is a
  heading (after a blank line: numbered, or short without a sentence end), or the
  bullet text is finished (ends in . ! ? or :) and the line starts a new paragraph
  that is not followed by another bullet (then it is prose);
- a bullet ending in ',' was split by the PDF extraction: the next bullet continues it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.core.schema import ParsedDocument
from analysis.harvest import common
from analysis.harvest.common import Row

_BULLET = re.compile(r"^\s*[\u2022\uf0b7\uf0d8]\s*")
_SUB_BULLET = re.compile(r"^\s*[-\u2013]\s+")
_NUMBERED_HEADING = re.compile(r"^\s*\d{1,2}(?![.\d])[^\w(]*\s*(?=[A-Z])")
_MAX_HEADING_CHARS = 90


@dataclass
class _Item:
    topic: str | None
    session: dict
    lines: list[str] = field(default_factory=list)
    is_sub: bool = False
    has_subs: bool = False

    @property
    def text(self) -> str:
        return common.join_lines(self.lines)


def _region(lines: list[str], start: str, stop: str) -> list[str]:
    """The lines after the start heading up to (not including) the stop heading."""
    keys = [common.heading_key(ln) for ln in lines]
    try:
        begin = keys.index(start) + 1
    except ValueError:
        return []
    end = next((i for i in range(begin, len(keys)) if keys[i].startswith(stop)), len(lines))
    return lines[begin:end]


def _is_heading(line: str, prev_blank: bool) -> bool:
    clean = common.clean_text(line)
    if not clean or not prev_blank or clean[0].islower():
        return False
    if _NUMBERED_HEADING.match(clean):
        return True
    return len(clean) <= _MAX_HEADING_CHARS and clean[-1] not in ".:;,!"


def _next_nonblank(lines: list[str], i: int) -> str:
    return next((ln for ln in lines[i + 1:] if ln.strip()), "")


def parse(text: str, document: str, kind: str = "ofl_verkenning") -> ParsedDocument:
    cfg = common.config()["kinds"][kind]
    session_re = re.compile(cfg["session_pattern"])
    lines = _region(text.splitlines(), cfg["start"], cfg["stop"])
    items: list[_Item] = []
    session: dict | None = None
    topic: str | None = None
    item: _Item | None = None  # the bullet that wrapped lines continue
    prev_blank = True
    i = 0
    while i < len(lines):
        line = lines[i]
        clean = common.clean_text(line)
        if not clean:
            prev_blank, i = True, i + 1
            continue
        session_match = session_re.match(clean)
        if session_match:
            session = {"event": cfg["event"].format(number=session_match["number"]),
                       "date": common.dutch_date(session_match["date"])}
            topic, item = None, None
        elif session is None:
            pass
        elif _BULLET.match(line):
            body = line[_BULLET.match(line).end():]
            if item is not None and not item.is_sub and item.text.endswith(","):
                item.lines.append(body)
            else:
                item = _Item(topic, session, [body])
                items.append(item)
        elif _SUB_BULLET.match(line) and items and item is not None:
            parent = next(it for it in reversed(items) if not it.is_sub)
            parent.has_subs = True
            item = _Item(topic, session, [line[_SUB_BULLET.match(line).end():]], is_sub=True)
            items.append(item)
        elif item is not None and _continues(item, clean, prev_blank, _next_nonblank(lines, i)):
            item.lines.append(line)
        else:
            item = None
            if _is_heading(line, prev_blank):
                topic, i = _heading(lines, i)
        prev_blank, i = False, i + 1

    rows = [Row(section=cfg["section"], text=it.text, topic=it.topic, **it.session)
            for it in items
            if it.topic and it.text and not (it.has_subs and it.text.endswith(":"))]
    contributions = common.contributions_frame(
        rows, document=document, source_type=cfg["source_type"], event=None, date_=None)
    seen = list(dict.fromkeys(r.topic for r in rows))
    return ParsedDocument(format=kind, contributions=contributions,
                          topics=common.topics_frame(document, [(t, None, None) for t in seen]))


def _continues(item: _Item, clean: str, prev_blank: bool, next_line: str) -> bool:
    """Does this non-bullet line continue the open bullet? (see the module docstring)"""
    if not prev_blank or clean[0].islower():
        return True
    if _is_heading(clean, prev_blank):
        return False
    if item.text[-1:] not in ".!?:":
        return True
    return bool(_BULLET.match(next_line) or _SUB_BULLET.match(next_line))


def _heading(lines: list[str], i: int) -> tuple[str, int]:
    """The heading at line i without its number; a numbered question runs on to its '?'."""
    parts = [lines[i]]
    if _NUMBERED_HEADING.match(common.clean_text(lines[i])):
        while "?" not in parts[-1] and i + 1 < len(lines) and lines[i + 1].strip():
            i += 1
            parts.append(lines[i])
    heading = common.join_lines(parts)
    return _NUMBERED_HEADING.sub("", heading).strip(), i
