"""Deduce, the Dutch de-identification library, as a finder of personal data (enrich stage).

Deduce (LGPL, github.com/vmenger/deduce) finds person names (initials, interfixes, hyphenated
surnames, from shipped name lists and context patterns), street addresses, postcodes, phone
numbers, e-mail addresses and BSNs. It was built for medical records, so for this domain its
place-name, institution, date and age removal is switched off (data/privacy.toml [deduce]),
and what it calls a person is checked against the public names of data/privacy.toml
[public_names]: "Limburg", "de Maas" or "Stichting Leefbaar Limburg" stay, "mevrouw Kampen"
or "Pieter Kampen" go. Deduce builds lookup structures once after install (scripts/lib.sh
`build_deduce`, minutes) and then loads in seconds; `get_deduce()` loads it once per process.
Only texts the cheap `may_hold_name` test selects are given to it. Pure: no store, no I/O.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import metadata

from analysis.core import config as core_config
from analysis.core.collector import paused_collector


def config() -> dict:
    return core_config.data_toml("privacy.toml")


def available() -> bool:
    try:
        metadata.version("deduce")
    except metadata.PackageNotFoundError:
        return False
    return True


def version() -> str:
    return metadata.version("deduce") if available() else "niet geïnstalleerd"


def loaded() -> bool:
    """Deduce is loaded in this process already (the next redaction here pays no load)."""
    return get_deduce.cache_info().currsize > 0


@lru_cache(maxsize=1)
def get_deduce():
    """The Deduce instance, loaded once per process (None when the package is missing)."""
    if not available():
        return None
    import logging

    import deduce

    logging.getLogger().setLevel(max(logging.getLogger().level, logging.WARNING))
    # Deduce's lookup tries are millions of small objects that live as long as the process.
    # With the cyclic collector running, loading takes 3-4x longer, every later full collection
    # walks them again and the interpreter spends ~15 s freeing them at exit; building them
    # with the collector paused and then freezing them (gc.freeze) avoids all three.
    with paused_collector(freeze=True):
        return deduce.Deduce()


def build() -> str:
    """Build (or load) Deduce's lookup structures; called during set-up. Returns the version."""
    get_deduce()
    return version()


def _words(key: str) -> list[str]:
    return list(config()["public_names"].get(key, []))


@lru_cache(maxsize=1)
def _rules() -> dict:
    spec = config()["public_names"]
    keep = {w.casefold() for k in spec["keep_lists"] for w in _words(k)}
    lead = {w.casefold() for w in _words("leading_words")}
    org = {w.casefold() for w in _words("organisation_words")}
    cue = "|".join(re.escape(w) for w in sorted(_words("person_cues"), key=len, reverse=True))
    before = re.compile(rf"(?:\b[A-Z]\.\s*|\b(?i:{cue})\.?\s+)$") if cue else None
    gate = config()["deduce"]
    phrases = "|".join(re.escape(w) for w in sorted({w for k in spec["keep_lists"] for w in _words(k)},
                                                    key=len, reverse=True))
    return {"keep": keep, "keep_re": re.compile(rf"(?<![\w-])(?:{phrases})(?![\w-])"),
            "lead": lead, "org": org, "before": before,
            "cue_capital": re.compile(rf"(?i:\b(?:{cue}))\.?[\s,:]+[A-ZÀ-Ý]") if cue else None,
            # the same cue found in the lower-cased text (a plain alternation is far faster than a
            # case-insensitive one); the capital is then checked in the original
            "cue_lower": re.compile(rf"\b(?:{cue.lower()})\.?[\s,:]+") if cue else None,
            "common": {w.casefold() for w in gate["common_sentence_starts"]}}


def known_words() -> set[str]:
    """Casefolded words that are no name: common sentence openers and the public names."""
    r = _rules()
    parts = {p for phrase in r["keep"] for p in re.split(r"[\s-]+", phrase)}
    return r["common"] | r["keep"] | parts | {w.casefold() for w in config()["kinds"]["naam"]["not_names"]}


_CAPITALISED = re.compile(r"(?:^|(?<=[\s(\"'’-]))([A-ZÀ-Ý][a-zà-ÿ'’]+)")
_CAPITAL_RUNS = re.compile(r"[A-ZÀ-Ý][a-zà-ÿ'’]+")  # _CAPITALISED's words and more, found faster
_CONTEXT = re.compile(r"\b[A-Z]\.\s?(?:[A-Z]|[a-z]{1,3}\s+[A-Z])"          # initials: J. Jansen, J. de Vries
                      r"|\b[1-9]\d{3}\s?[A-Za-z]{2}\b|\b[Pp]ostbus\b")        # postcode, postbus
# interfix + surname ("de Vries"), street + house number ("Kerkstraat 12"): unless the word is a
# public name or a common word ("van Amsterdam", "de Waddenzee", "Na 17 jaar"), which the span
# check (is_public) would keep anyway unless an initial, title, cue or first name -- each a
# reason of its own to read the text -- stands next to it
_CONTEXT_WORD = re.compile(r"\b(?:van|de|der|den|ter|ten|te|el|al)\s+(?P<word>[A-Z][\w'’-]*)"
                           r"|\b(?P<street>[A-Z][a-zà-ÿ]+)\s+\d{1,4}[a-zA-Z]?\b")
_STARTS = re.compile(r"(?:^|[.!?:;]\s+|\n\s*)$")


def may_hold_name(text: str) -> bool:
    """The cheap test deciding which texts Deduce reads: a capitalised word that is in Deduce's
    first-name list (anywhere) or surname list (not at a sentence start), an initial, an interfix
    before a capital, a street with a house number, or a title or cue word before a capital --
    where that word is no common word and does not lie within a public name of the text
    (is_public would keep Deduce's finding there anyway, unless an initial, title, cue or first
    name stands next to it, each a reason of its own to read the text). What Deduce finds
    elsewhere needs one of these, so the other texts are skipped (measured by `bench`: share
    of texts read, and the evaluation set's recall)."""
    if not text:
        return False
    if _CONTEXT.search(text):
        return True
    public = _PublicSpans(text)
    for m in _CONTEXT_WORD.finditer(text):
        group = "word" if m.group("word") else "street"
        if not public.covers(m.group(group), m.start(group), m.end(group)):
            return True
    if get_deduce() is None:
        return False
    # the loop below only acts on a listed word: most texts hold none (each distinct word is
    # checked once, among every run a capital starts, which includes every word _CAPITALISED finds)
    if all(_listed(word) is None for word in set(_CAPITAL_RUNS.findall(text))):
        return any(True for _ in _cue_capitals(text))
    for m in _CAPITALISED.finditer(text):
        word = m.group(1)
        found = _listed(word)
        if found is None or public.covers(word, m.start(1), m.end(1)):
            continue
        if found == "first" or not _STARTS.search(text[max(0, m.start() - 3):m.start()]):
            return True
    return any(True for _ in _cue_capitals(text))


class _PublicSpans:
    """Whether a word of a text is a common word or lies within one of its public names; the
    public names are looked for only when a word could be part of one."""

    def __init__(self, text: str):
        self.text, self.spans = text, None

    def covers(self, word: str, start: int, end: int) -> bool:
        folded = word.casefold()
        r = _rules()
        if folded in r["common"]:
            return True
        if folded not in _keep_parts():
            return False
        if self.spans is None:
            self.spans = [m.span() for m in r["keep_re"].finditer(self.text)]
        return any(a <= start and end <= b for a, b in self.spans)


@lru_cache(maxsize=1)
def _keep_parts() -> frozenset[str]:
    """Casefolded words of the public names."""
    return frozenset(p for phrase in _rules()["keep"] for p in re.split(r"[\s-]+", phrase))


_CAPITAL = re.compile(r"[A-ZÀ-Ý]")


def _cue_capitals(text: str):
    """Start of each person cue followed by a capital ("mevrouw Kampen", "Groet, Jan"): what
    the rules' cue_capital finds, through the lower-cased text."""
    r = _rules()
    if r["cue_lower"] is None:
        return
    lowered = text.lower()
    if len(lowered) != len(text):  # a character that changes length when lower-cased: rare
        yield from (m.start() for m in r["cue_capital"].finditer(text))
        return
    for m in r["cue_lower"].finditer(lowered):
        if _CAPITAL.match(text, m.end()):
            yield m.start()


@lru_cache(maxsize=100_000)
def _listed(word: str) -> str | None:
    """'first' or 'last' when a capitalised word is in Deduce's first-name or surname list and
    is no common word, else None."""
    if word.casefold() in _rules()["common"]:
        return None
    d = get_deduce()
    if [word] in d.lookup_structs["first_name"]:
        return "first"
    return "last" if [word] in d.lookup_structs["surname"] else None


def _person_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Deduce's person span split at sentence breaks, leading non-name words trimmed, and
    dropped where what remains is a public name (not next to an initial, title or cue) or an
    organisation ("Stichting ...")."""
    r = _rules()
    parts, pos = [], start
    for m in re.finditer(r"[.!?]\s+(?=[A-Z])|\s*\n\s*|,\s+", text[start:end]):
        before = re.search(r"(\w+)$", text[start:start + m.start()])
        if m.group().startswith(".") and before and (
                len(before.group(1)) == 1 or before.group(1).casefold() in r["lead"]):
            continue  # "J. Jansen", "dr. Jansen": no sentence break
        parts.append((pos, start + m.start()))
        pos = start + m.end()
    parts.append((pos, end))
    out = []
    for s, e in parts:
        words = list(re.finditer(r"\S+", text[s:e]))
        while words and words[0].group().strip(",.:;").casefold() in r["lead"]:
            words.pop(0)
        if not words:
            continue
        s2 = s + words[0].start()
        names = [w.group().strip(",.:;") for w in words]
        if any(n.casefold() in r["org"] for n in names):
            continue
        if is_public(text, s2, e):
            continue
        out.append((s2, e))
    return out


def is_public(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] lies within a public name of data/privacy.toml [public_names]
    ("Zee" in "Wijk aan Zee", "de Maas") with no initial, title or cue right before it."""
    r = _rules()
    while start < end and text[start] in " \t\n,.:;":
        start += 1
    while end > start and text[end - 1] in " \t\n,.:;":
        end -= 1
    article = re.match(r"(?i)(?:de|het)\s+", text[start:end])
    if article:  # "de Maas": the article is no part of the name
        start += article.end()
    if start >= end:
        return True
    lo = max(0, start - 40)
    window = text[lo:min(len(text), end + 40)]
    inside = any(m.start() + lo <= start and end <= m.end() + lo
                 for m in r["keep_re"].finditer(window))
    head = text[lo:start]
    head = re.sub(r"(?i)(?:\b(?:de|het)\s+)$", "", head)  # "de Maas": the article is no cue
    return inside and not (r["before"] and r["before"].search(head))


def find(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each personal datum Deduce finds; kinds as in data/privacy.toml
    [kinds] (naam, adres, telefoon, email, bsn). Empty when Deduce is not installed."""
    d = get_deduce()
    if d is None or not text:
        return []
    spec = config()["deduce"]
    doc = d.deidentify(text, disabled=set(spec["disabled"]))
    tags = spec["tags"]
    out = []
    for a in doc.annotations:
        kind = tags.get(a.tag.split("+")[0], tags.get(a.tag))
        if kind is None:
            continue
        if kind == "naam":
            out += [(s, e, kind) for s, e in _person_parts(text, a.start_char, a.end_char)]
        else:
            out.append((a.start_char, a.end_char, kind))
    return out
