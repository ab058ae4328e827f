"""How well personal data is removed and public names are kept, measured (enrich stage).

data/labelled/deidentify.csv holds texts written for this project in consultation and letter
register. In set `persoonsgegevens` each personal datum is marked `[[kind:text]]` (kind as in
data/privacy.toml [kinds]); in set `publieke_namen` each public name that must stay is marked
`{{kind:text}}` (plaats, provincie, water, regio, organisatie, programma). A personal datum
counts as removed when none of its identifying words survives; a public name counts as kept
when it is still there as often as in the original. Figures per kind, for the whole
(Deduce + patterns) and for each engine alone; plus recall on the generator's planted data.
"""
from __future__ import annotations

import re
from collections import defaultdict

import pandas as pd

from analysis.core.paths import DATA_DIR
from analysis.enrich import deduce_names, deidentify

SET_FILE = DATA_DIR / "labelled" / "deidentify.csv"
_PERSONAL = re.compile(r"\[\[(\w+):(.+?)\]\]", re.S)
_PUBLIC = re.compile(r"\{\{(\w+):(.+?)\}\}", re.S)
# Words of a marked name that identify nobody: titles, kinship, interfixes.
_NOT_IDENTIFYING = {"mevrouw", "meneer", "de", "heer", "familie", "oma", "opa", "dr", "ir",
                    "mr", "drs", "prof", "ing", "van", "der", "den", "het", "'t", "ter", "en",
                    "te", "in"}


def load_set() -> pd.DataFrame:
    """id, set, register, text (marked); the plain text and the marks are parsed from it."""
    return pd.read_csv(SET_FILE, dtype=str, keep_default_na=False)


def parse(marked: str) -> tuple[str, list[tuple[str, str]], list[tuple[str, str]]]:
    """(plain text, [(kind, personal text)], [(kind, public name)])."""
    personal = [(m.group(1), m.group(2)) for m in _PERSONAL.finditer(marked)]
    public = [(m.group(1), m.group(2)) for m in _PUBLIC.finditer(marked)]
    plain = _PUBLIC.sub(lambda m: m.group(2), _PERSONAL.sub(lambda m: m.group(2), marked))
    return plain, personal, public


def _tokens(kind: str, datum: str) -> list[str]:
    words = re.findall(r"[\w@.'’+-]+", datum)
    words = [w.strip(".,") if not w.endswith(".") or len(w) > 2 else w for w in words]
    if kind == "naam":
        return [w for w in words if w.strip(".").casefold() not in _NOT_IDENTIFYING
                and len(w.strip(".")) >= 2]
    return [w for w in words if any(c.isdigit() for c in w) or "@" in w or len(w) >= 4]


def _count(word: str, text: str) -> int:
    return len(re.findall(rf"(?<![\w@]){re.escape(word)}(?![\w@])", text))


def removed(plain: str, kind: str, datum: str, redacted: str) -> bool:
    """No identifying word of datum survives (beyond its other uses in the plain text)."""
    rest = plain.replace(datum, " ", 1)
    return all(_count(w, redacted) <= _count(w, rest) for w in _tokens(kind, datum))


def _redact(text: str, engine: str) -> str:
    if engine == "patterns":
        return deidentify.redact(text, use_ner=False)[0]
    if engine == "deduce":
        found = deduce_names.find(text)
        for s, e, _ in sorted(found, reverse=True):
            text = text[:s] + "[x]" + text[e:]
        return text
    return deidentify.redact(text)[0]


def _share(hits: dict, totals: dict) -> dict:
    return {k: round(hits[k] / totals[k], 3) for k in sorted(totals)}


def evaluate_set() -> dict:
    """Recall per personal kind and share of public names kept per kind, for the combination
    and for Deduce and the patterns alone."""
    df = load_set()
    engines = ["combined", "deduce", "patterns"] if deduce_names.available() else ["patterns"]
    recall = {e: defaultdict(int) for e in engines}
    kept = {e: defaultdict(int) for e in engines}
    n_personal, n_public, missed = defaultdict(int), defaultdict(int), []
    for row in df.itertuples():
        plain, personal, public = parse(row.text)
        outputs = {e: _redact(plain, e) for e in engines}
        for kind, datum in personal:
            n_personal[kind] += 1
            for e in engines:
                ok = removed(plain, kind, datum, outputs[e])
                recall[e][kind] += ok
                if e == engines[0] and not ok:
                    missed.append(f"{row.id}: {datum}")
        for kind, name in public:
            n_public[kind] += 1
            for e in engines:
                kept[e][kind] += _count(name, outputs[e]) >= _count(name, plain)
                if e == engines[0] and _count(name, outputs[e]) < _count(name, plain):
                    missed.append(f"{row.id}: {name} (publiek, verwijderd)")
    total_p, total_o = sum(n_personal.values()), sum(n_public.values())
    return {
        "engine": (f"Deduce {deduce_names.version()} + patronen" if deduce_names.available()
                   else "alleen patronen (Deduce niet geïnstalleerd)"),
        "texts": {s: int(n) for s, n in df["set"].value_counts().items()},
        "personal": {"n": dict(n_personal), "recall": {e: _share(recall[e], n_personal) for e in engines},
                     "recall_total": {e: round(sum(recall[e].values()) / total_p, 3) for e in engines}},
        "public": {"n": dict(n_public), "kept": {e: _share(kept[e], n_public) for e in engines},
                   "kept_total": {e: round(sum(kept[e].values()) / total_o, 3) for e in engines}},
        "missed": missed,
    }
