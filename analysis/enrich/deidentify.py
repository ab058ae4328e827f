"""Personal data (AVG) in open answers: find it, replace only the datum, log why (enrich stage).

Everything shown or exported publicly passes through `redact`. Deduce, a Dutch
de-identification library (analysis.enrich.deduce_names), finds names, addresses, phone
numbers, e-mail addresses and BSNs in the texts a cheap test selects; the project's own
patterns (e-mail, phone incl. +31, IBAN, postcode + huisnummer, BSN-like numbers passing the
elfproef, names after cues or from a first-name list) always run as well. The rest of
the answer stays as written, so a participant still recognises their own words:
"mail mij op [e-mailadres]". Vocabularies and patterns live in data/privacy.toml."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis.core import config as core_config
from analysis.enrich import deduce_names


class Finding(NamedTuple):
    """One removed personal datum: what kind, and why (plain Dutch, for the log)."""

    kind: str
    reason: str


@dataclass(frozen=True)
class _Kind:
    name: str
    placeholder: str
    reason: str
    priority: int
    patterns: tuple
    requires: re.Pattern | None  # a quick test that must find something before the patterns run


def config() -> dict:
    return core_config.data_toml("privacy.toml")



def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class _CueName:
    """A name after a cue ("mijn naam is ...", "groet, ..."); only the name is replaced.

    Cues are found in the lower-cased text with a plain alternation (much faster
    than an case-insensitive one), the name is then matched at the cue's end in
    the original text, where capitals still tell a name from an ordinary word.
    """

    groupindex = {"name": 1}  # like re.Pattern: the finding is the span of group "name"

    def __init__(self, cues: str, name: str):
        self.cues = re.compile(rf"\b(?:{cues})\b")
        self.name = re.compile(rf"\.?[\s,:;-]*(?P<name>{name})")

    def finditer(self, text: str):
        lowered = text.lower()
        if len(lowered) != len(text):  # rare characters that change length when lower-cased
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        for cue in self.cues.finditer(lowered):
            m = self.name.match(text, cue.end())
            if m:
                yield m


class _ListedWords:
    """A pattern that can only match where one of its listed words is a whole word of the text
    (a maximal \\w run; of a listed "Anne-Marie" its first run, "Anne"), tried only on texts
    holding one: the first-name alternation tried at every position of every text cost more than
    all other patterns together. The words are looked for as runs from one of their first
    letters (any whole word is such a run)."""

    def __init__(self, pattern: re.Pattern, words: Iterable[str]):
        runs = (re.match(r"\w+", w) for w in words)
        self.pattern, self.groupindex = pattern, pattern.groupindex
        self.words = frozenset(m.group() for m in runs if m)
        first_letters = "".join(sorted({re.escape(w[0]) for w in self.words}))
        self.runs = re.compile(f"[{first_letters}]\\w*") if first_letters else None

    def finditer(self, text: str):
        if self.runs is None or self.words.isdisjoint(self.runs.findall(text)):
            return iter(())
        return self.pattern.finditer(text)


def _name_patterns(spec: dict) -> tuple:
    """Names after a cue, and known first names (with what follows them as a surname)."""
    word = r"[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)?"
    initials = r"(?:[A-Z]\.\s?){1,4}"
    tussen = rf"(?:(?i:{_alternation(spec['tussenvoegsels'])})\s+)"
    not_names = rf"(?!(?:{_alternation(spec['not_names'])})\b)"
    # After a tussenvoegsel any capitalised word is a surname ("de Boer"); a bare next word
    # must not be a known non-name ("Jan Stichting ...").
    more = rf"(?:[ \t]+(?:{tussen}{word}|{not_names}{word}))"
    # A name is initials or a capitalised word, then up to two more parts.
    name = rf"{not_names}(?:{initials}\s?{tussen}?{word}|{word}{more}{{0,2}})"
    first = (rf"(?<![\w-])(?:{_alternation(spec['first_names'])})\b(?:-{word})?"
             rf"{more}{{0,2}}")
    return (_CueName(_alternation(c.lower() for c in spec["cues"]), name),
            _ListedWords(re.compile(rf"(?P<name>{first})"), spec["first_names"]))


def _filled(pattern: str, spec: dict) -> str:
    """pattern with {street_suffixes} replaced by the kind's list as an alternation."""
    return pattern.replace("{street_suffixes}", _alternation(spec.get("street_suffixes", [])))


@lru_cache(maxsize=1)
def _kinds() -> tuple[_Kind, ...]:
    kinds = []
    for name, spec in config()["kinds"].items():  # [manual] is applied by checked_spans
        if name == "naam":
            patterns = _name_patterns(spec)
        else:
            patterns = tuple(re.compile(_filled(p, spec)) for p in spec["patterns"])
        requires = re.compile(_filled(spec["requires"], spec)) if spec.get("requires") else None
        kinds.append(_Kind(name, spec["placeholder"], spec["reason"], int(spec["priority"]),
                           patterns, requires))
    return tuple(kinds)


def elfproef(digits: str) -> bool:
    """The BSN check: 9 digits, sum of d_i * (9..2) minus the last digit is a multiple of 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "0" * 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


def ner_active() -> bool:
    """Whether names are also found by Deduce (else: the patterns only)."""
    return deduce_names.available()


def _pattern_spans(text: str) -> list[tuple[int, int, _Kind]]:
    spans = []
    for kind in _kinds():
        if kind.requires is not None and not kind.requires.search(text):
            continue
        for pattern in kind.patterns:
            for m in pattern.finditer(text):
                group = "name" if "name" in pattern.groupindex else 0
                start, end = m.span(group)
                if kind.name == "bsn" and not elfproef(re.sub(r"\D", "", m.group(0))):
                    continue
                spans.append((start, end, kind))
    return spans


@lru_cache(maxsize=1)
def _deduce_kinds() -> dict[str, _Kind]:
    """Each [kinds] kind as found by Deduce: same placeholder, priority one below the pattern's
    (a pattern's finding wins a tie), Deduce's reason."""
    reason = config()["deduce"]["reason"]
    return {k.name: _Kind(k.name, k.placeholder, f"{k.reason} ({reason})", k.priority - 1, (), None)
            for k in _kinds()}


def _deduce_spans(text: str) -> list[tuple[int, int, _Kind]]:
    kinds = _deduce_kinds()
    return [(s, e, kinds[k]) for s, e, k in deduce_names.find(text) if k in kinds]


_NAME_GAP = re.compile(r"\s*\(?[A-Z][\w'’-]*\)?\s*")


def _chosen(text: str, spans: list[tuple[int, int, _Kind]]) -> list[tuple[int, int, _Kind]]:
    """Overlapping spans merged into one (nothing any finder saw survives), with the kind of
    the longest (then higher priority) member; two names with only a capitalised word between
    them are one ("Cornelis (Cor) Dekkers"). A name inside a public name stays ("Yara" in
    "Yara in Sluiskil", "Zee" in "Wijk aan Zee"; data/privacy.toml [public_names])."""
    spans = [(s, e, k) for s, e, k in spans if e > s and not (
        k.name == "naam" and deduce_names.is_public(text, s, e))]
    merged: list[list] = []
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -s[1])):
        last = merged[-1] if merged else None
        joins = last is not None and (start < last[1] or (
            kind.name == last[2].name == "naam" and _NAME_GAP.fullmatch(text[last[1]:start])))
        if not joins:
            merged.append([start, end, kind, end - start])
            continue
        if (end - start, kind.priority) > (last[3], last[2].priority):
            last[2], last[3] = kind, end - start
        last[1] = max(last[1], end)
    return [(s, e, k) for s, e, k, _ in merged]


def _apply(text: str, spans: list[tuple[int, int, _Kind]]) -> tuple[str, list[Finding]]:
    """Replace the chosen spans right to left."""
    chosen = _chosen(text, spans)
    out = text
    for start, end, kind in sorted(chosen, key=lambda s: s[0], reverse=True):
        out = out[:start] + kind.placeholder + out[end:]
    return out, [Finding(k.name, k.reason) for _, _, k in sorted(chosen, key=lambda s: s[0])]


def redact(text: str | None, use_ner: bool | None = None) -> tuple[str, list[Finding]]:
    """(text with every personal datum replaced by its placeholder, what was replaced and why).
    use_ner=False: the patterns only (no Deduce; e.g. on a public page view)."""
    return redact_many([text], use_ner)[0]


def spans(text: str, use_ner: bool | None = None) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, reason) of each personal datum that redact() would replace."""
    found = _pattern_spans(text) if text else []
    if text and use_ner in (None, True) and deduce_names.may_hold_name(text):
        found += _deduce_spans(text)
    return [(s, e, k.name, k.reason) for s, e, k in _chosen(text, found)]


def _whole(phrase: str) -> re.Pattern:
    """The phrase as a redaction by hand finds it: case-insensitive, whole words only."""
    return re.compile(rf"(?<!\w){re.escape(phrase.strip())}(?!\w)", re.IGNORECASE)


def occurs(phrase: str, text: str | None) -> bool:
    """Whether a redaction of phrase by hand would hide something in text (a part of a word
    would not: "arie" hides nothing in "Marieke")."""
    return bool(phrase.strip()) and isinstance(text, str) and _whole(phrase).search(text) is not None


def checked_spans(text: str, added: Iterable[tuple[str, str]] = (), released: Iterable[str] = (),
                  use_ner: bool | None = None) -> list[tuple[int, int, str, str, str]]:
    """(start, end, kind, reason, placeholder) of what the public text hides, after an editor's
    check: automatic findings whose text was released stay visible, phrases added by hand are
    hidden wherever they occur (case-insensitive, whole words)."""
    released = set(released)
    found = [] if not text else _pattern_spans(text)
    if text and use_ner in (None, True) and deduce_names.may_hold_name(text):
        found += _deduce_spans(text)
    manual = config()["manual"]
    for phrase, reason in added:
        kind = _Kind("handmatig", manual["placeholder"], reason or manual["reason"], 1000, (), None)
        found += [(m.start(), m.end(), kind) for m in _whole(phrase).finditer(text)]
    out = []
    for s, e, k in _chosen(text, found):
        if k.name != "handmatig" and text[s:e] in released:
            continue
        out.append((s, e, k.name, k.reason, k.placeholder))
    return out


def apply_spans(text: str, spans: list[tuple[int, int, str, str, str]]) -> tuple[str, list[Finding]]:
    """text with each checked span replaced by its placeholder, and the findings."""
    out = text
    for s, e, _, _, placeholder in sorted(spans, reverse=True):
        out = out[:s] + placeholder + out[e:]
    return out, [Finding(k, r) for _, _, k, r, _ in spans]


def redact_many(texts: Iterable[str | None], use_ner: bool | None = None
                ) -> list[tuple[str, list[Finding]]]:
    """redact() for many texts; Deduce reads only those the cheap test selects."""
    items = ["" if t is None or (not isinstance(t, str) and pd.isna(t)) else str(t) for t in texts]
    deduce = use_ner in (None, True) and deduce_names.available()
    results = []
    for text in items:
        found = _pattern_spans(text) if text else []
        if deduce and text and deduce_names.may_hold_name(text):
            found += _deduce_spans(text)
        results.append(_apply(text, found) if found else (text, []))
    return results


def redact_frame(df: pd.DataFrame, columns: Iterable[str], key: str = "id",
                 use_ner: bool | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A copy of df with columns redacted, and the log: key, field, kind, reason, n."""
    out = df.copy()
    rows = []
    for col in columns:
        if col not in out.columns:
            continue
        # each distinct value once (campaign texts, questions and file names repeat a lot), then
        # indexed per row; a missing value has code -1, the last entry
        codes, distinct = pd.factorize(out[col])
        results = redact_many(distinct.tolist(), use_ner)
        out[col] = pd.array(np.array([text for text, _ in results] + [pd.NA], dtype=object)[codes],
                            dtype="string")
        counted = [Counter(findings) for _, findings in results]  # in the order first found
        keys = out[key].tolist() if key in out.columns else out.index.tolist()
        for row in np.flatnonzero(np.array([bool(c) for c in counted] + [False], dtype=bool)[codes]).tolist():
            rows += [{"contribution_id": keys[row], "field": col, "kind": f.kind, "reason": f.reason, "n": n}
                     for f, n in counted[codes[row]].items()]
    log = pd.DataFrame(rows, columns=["contribution_id", "field", "kind", "reason", "n"])
    return out, log
