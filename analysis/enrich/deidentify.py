"""Personal data (AVG) in open answers: find it, replace only the datum, log why (enrich stage).

Everything shown or exported publicly passes through `redact`. Patterns (e-mail,
phone, IBAN, postcode + huisnummer, BSN-like numbers passing the elfproef,
names after cues or from a first-name list) always run; spaCy's NER adds person
names where a Dutch model with NER (nl_core_news_sm) is installed. The rest of
the answer stays as written, so a participant still recognises their own words:
"mail mij op [e-mailadres]". Vocabularies and patterns live in data/privacy.toml."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import pandas as pd

from analysis.core import config as core_config

NER_MODEL = "nl_core_news_sm"


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


def _name_patterns(spec: dict) -> tuple:
    """Names after a cue, and known first names (with what follows them as a surname)."""
    word = r"[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)?"
    initials = r"(?:[A-Z]\.\s?){1,4}"
    tussen = rf"(?:(?i:{_alternation(spec['tussenvoegsels'])})\s+)"
    not_names = rf"(?!(?:{_alternation(spec['not_names'])})\b)"
    # After a tussenvoegsel any capitalised word is a surname ("de Boer"); a bare next word
    # must not be a known non-name ("Jan Stichting ...").
    more = rf"(?:\s+(?:{tussen}{word}|{not_names}{word}))"
    # A name is initials or a capitalised word, then up to two more parts.
    name = rf"{not_names}(?:{initials}\s?{tussen}?{word}|{word}{more}{{0,2}})"
    first = (rf"(?<![\w-])(?:{_alternation(spec['first_names'])})\b(?:-{word})?"
             rf"{more}{{0,2}}")
    return (_CueName(_alternation(c.lower() for c in spec["cues"]), name),
            re.compile(rf"(?P<name>{first})"))


@lru_cache(maxsize=1)
def _kinds() -> tuple[_Kind, ...]:
    kinds = []
    for name, spec in config()["kinds"].items():
        if name == "naam":
            patterns = _name_patterns(spec)
        else:
            fill = {"street_suffixes": _alternation(spec.get("street_suffixes", []))}
            patterns = tuple(re.compile(p.replace("{street_suffixes}", fill["street_suffixes"]))
                             for p in spec["patterns"])
        requires = re.compile(spec["requires"]) if spec.get("requires") else None
        kinds.append(_Kind(name, spec["placeholder"], spec["reason"], int(spec["priority"]),
                           patterns, requires))
    return tuple(kinds)


def elfproef(digits: str) -> bool:
    """The BSN check: 9 digits, sum of d_i * (9..2) minus the last digit is a multiple of 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "0" * 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


@lru_cache(maxsize=1)
def _ner_pipeline():
    """nl_core_news_sm with only its NER stage, or None where it is not installed."""
    import spacy

    if not spacy.util.is_package(NER_MODEL):
        return None
    return spacy.load(NER_MODEL, exclude=["parser", "lemmatizer", "tagger", "morphologizer",
                                          "attribute_ruler", "senter"])


def ner_active() -> bool:
    """Whether person names are also found by the language model (else: patterns only)."""
    return _ner_pipeline() is not None


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


def _ner_spans(doc) -> list[tuple[int, int, _Kind]]:
    spec = config()["kinds"]["naam"]
    base = next(k for k in _kinds() if k.name == "naam")
    kind = _Kind("naam", base.placeholder, spec["reason_ner"], base.priority - 1, (), None)
    return [(e.start_char, e.end_char, kind) for e in doc.ents if e.label_ in spec["ner_labels"]]


def _apply(text: str, spans: list[tuple[int, int, _Kind]]) -> tuple[str, list[Finding]]:
    """Replace non-overlapping spans (higher priority, then longer, wins) right to left."""
    chosen: list[tuple[int, int, _Kind]] = []
    for start, end, kind in sorted(spans, key=lambda s: (-s[2].priority, -(s[1] - s[0]), s[0])):
        if end > start and all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, kind))
    out = text
    for start, end, kind in sorted(chosen, key=lambda s: s[0], reverse=True):
        out = out[:start] + kind.placeholder + out[end:]
    return out, [Finding(k.name, k.reason) for _, _, k in sorted(chosen, key=lambda s: s[0])]


def redact(text: str | None, use_ner: bool | None = None) -> tuple[str, list[Finding]]:
    """(text with every personal datum replaced by its placeholder, what was replaced and why)."""
    return redact_many([text], use_ner)[0]


def redact_many(texts: Iterable[str | None], use_ner: bool | None = None
                ) -> list[tuple[str, list[Finding]]]:
    """redact() for many texts; NER (when installed) runs batched through nlp.pipe."""
    items = ["" if t is None or (not isinstance(t, str) and pd.isna(t)) else str(t) for t in texts]
    nlp = _ner_pipeline() if use_ner in (None, True) else None
    docs = nlp.pipe(items, batch_size=256) if nlp is not None else (None for _ in items)
    results = []
    for text, doc in zip(items, docs):
        spans = _pattern_spans(text) if text else []
        if doc is not None:
            spans += _ner_spans(doc)
        results.append(_apply(text, spans) if spans else (text, []))
    return results


def redact_frame(df: pd.DataFrame, columns: Iterable[str], key: str = "id",
                 use_ner: bool | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A copy of df with columns redacted, and the log: key, field, kind, reason, n."""
    out = df.copy()
    rows = []
    for col in columns:
        if col not in out.columns:
            continue
        values, present = out[col].tolist(), out[col].notna().to_numpy()
        # each distinct value once: campaign texts, questions and file names repeat a lot
        distinct = list(dict.fromkeys(v for v, keep in zip(values, present) if keep))
        redacted = dict(zip(distinct, redact_many(distinct, use_ner)))
        results = [redacted[v] if keep else ("", []) for v, keep in zip(values, present)]
        out[col] = pd.array([r[0] if keep else pd.NA for r, keep in zip(results, present)],
                            dtype="string")
        for k, (_, findings) in zip(out[key].tolist() if key in out.columns else out.index, results):
            counts: dict[Finding, int] = {}
            for f in findings:
                counts[f] = counts.get(f, 0) + 1
            rows += [{"contribution_id": k, "field": col, "kind": f.kind, "reason": f.reason, "n": n}
                     for f, n in counts.items()]
    log = pd.DataFrame(rows, columns=["contribution_id", "field", "kind", "reason", "n"])
    return out, log
