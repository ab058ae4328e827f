"""A kernpunt's label and representative sentences, from its members' texts (enrich stage; pure).

The label is written the way a person would note the point: the member sentence whose words the
most members share (filler sentences left out), with its opening taken off or rewritten ("De
overheid moet eindelijk normen ... vaststellen" -> "Normen ... vaststellen", "Ik maak me zorgen
over ..." -> "Zorgen over ...") and cut at a clause boundary. Not a list of top words: those are
kept beside it as `terms`, for choosing quotes later. Settings: data/kernpunten.toml [labels].
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from analysis.enrich import nlp
from analysis.enrich.kernpunt_groups import sentences, settings

_CANDIDATES = 12  # member texts per kernpunt whose sentences may become its label (most central first)


@lru_cache(maxsize=1)
def _rewrites() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(p, re.IGNORECASE | re.DOTALL), r) for p, r in settings()["labels"]["rewrites"])


def _words(lemmas: str) -> set[str]:
    stop = nlp.stop_words()
    return {w for w in lemmas.split() if w not in stop and any(ch.isalpha() for ch in w)}


def terms(texts: list[str], n: int = 8) -> list[str]:
    """The lemmas the most member texts share (each text counts a lemma once)."""
    counts = Counter(w for lemmas in nlp.lemma_strings(texts) for w in _words(lemmas))
    return [w for w, _ in counts.most_common(n)]


def best_sentence(candidates: list[str], shared: Counter, members: int) -> str:
    """The sentence whose distinct content lemmas most members share (length-normalised)."""
    best, score = "", -1.0
    for s, lemmas in zip(candidates, nlp.lemma_strings(candidates)):
        words = _words(lemmas)
        if not words:
            continue
        value = sum(shared[w] for w in words) / members / math.sqrt(len(words))
        if value > score + 1e-9 or (abs(value - score) <= 1e-9 and len(s) < len(best)):
            best, score = s, value
    return best


def shorten(sentence: str) -> str:
    """Opening rewritten, cut at the first clause boundary past min_chars (and before max_chars),
    first letter a capital, no closing full stop."""
    cfg = settings()["labels"]
    text = re.sub(r"\s+", " ", sentence).strip().strip("•-– ")
    text = re.sub(r"\s*\([^()]{0,%d}\)" % int(cfg["max_parenthesis"]), "", text)  # noqa: UP031
    for _ in range(2):  # an opening may hide another: "Eerst en vooral: De overheid moet ..."
        for pattern, replacement in _rewrites():
            if pattern.match(text):
                text = pattern.sub(replacement, text, count=1)
                break
    low, high = int(cfg["min_chars"]), int(cfg["max_chars"])
    cuts = [i for b in cfg["boundaries"] if (i := text.find(b, low)) >= 0 and i <= high]
    if cuts:
        text = text[:min(cuts)]
    elif len(text) > high:
        text = text[:text.rfind(" ", 0, high)].rstrip(",;:") + " …"
    text = text.rstrip(" .,;:!")
    return text[:1].upper() + text[1:] if text else text


def label(texts: list[str], filler: set[str]) -> str:
    """The label of a kernpunt whose members (most central first) have these texts."""
    members = texts[:_CANDIDATES]
    per_text = [[s for s in sentences(t) if nlp.normalise(s) not in filler] or sentences(t)
                for t in members]
    shared = Counter(w for lemmas in nlp.lemma_strings([" ".join(p) for p in per_text])
                     for w in _words(lemmas))
    chosen = best_sentence([s for p in per_text for s in p], shared, len(members))
    return shorten(chosen or (texts[0] if texts else ""))


def quotes(texts: list[str], kernpunt_terms: list[str], n: int | None = None) -> list[str]:
    """Up to n whole sentences, one per text (texts: public, redacted, most central first): each
    text's sentence with the most of the kernpunt's terms; no sentence twice."""
    n = int(settings()["labels"]["quotes"]) if n is None else n
    shared = Counter({t: len(kernpunt_terms) - i for i, t in enumerate(kernpunt_terms)})
    out: list[str] = []
    seen: set[str] = set()
    for text in texts:
        found = best_sentence(sentences(text), shared, 1)
        key = nlp.normalise(found)
        if found and key not in seen:
            out.append(found)
            seen.add(key)
        if len(out) >= n:
            break
    return out
