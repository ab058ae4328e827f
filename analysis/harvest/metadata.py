"""Respondent metadata of a consultation export as data: what each column is, and its values
normalised so that filters and downloads group them (harvest stage).

A metadata column has a kind (data/metadata.toml [kinds]): leeftijdsgroep (ages grouped into
bands), provincie (the twelve official names), gemeente, rol, or anders (kept under the
column's own name). `detect_kind` proposes one from the column name and values; `records`
turns the columns into the JSON objects stored per respondent.
"""
from __future__ import annotations

import re
import unicodedata

import pandas as pd

from analysis.core import config

OTHER = "anders"


def _cfg() -> dict:
    return config.data_toml("metadata.toml")


def field_labels() -> dict[str, str]:
    """Standard metadata key -> Dutch label, in the order pages show them."""
    return dict(_cfg()["fields"])


def kind_labels() -> dict[str, str]:
    """Kind -> what the import page calls it."""
    return dict(_cfg()["kinds"])


def _key(text: str) -> str:
    """Lower case, accents folded, no spaces, dots, '_' or '-': 'Noord Holland' -> 'noordholland'."""
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[\s._\-]", "", folded.lower())


def sort_key(text: str) -> str:
    """Alphabetical order that puts 'Fryslân' among the F's."""
    return unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()


# ---- provinces -------------------------------------------------------------------------------

def _province_lookup() -> dict[str, str]:
    out = {}
    for name, aliases in _cfg()["provincie"]["names"].items():
        for alias in [name, *aliases]:
            out[_key(alias)] = name
    return out


def province(value: str) -> str | None:
    """The official name of the province a value names, None when it names none."""
    text = str(value).strip().lower()
    for prefix in _cfg()["provincie"]["prefixes"]:
        if text.startswith(prefix + " "):
            text = text[len(prefix) + 1:]
    return _province_lookup().get(_key(text))


# ---- ages ------------------------------------------------------------------------------------

def _bands() -> list[dict]:
    return _cfg()["leeftijdsgroep"]["bands"]


def _band_of(low: int, high: int | None) -> str | None:
    """The configured band covering exactly low..high (high None: 'and older')."""
    return next((b["label"] for b in _bands() if b["from"] == low and b.get("to") == high), None)


def _age_text(value: str) -> str:
    cfg = _cfg()["leeftijdsgroep"]
    text = re.sub(r"[–—]", "-", str(value).strip().lower())
    for word in cfg["noise"]:
        text = re.sub(rf"\b{re.escape(word)}\b", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def age_group(value: str) -> str | None:
    """An age or a band as its band label: 42 -> '35-44', '65 jaar en ouder' -> '65+' (or the
    configured band that is exactly that); None when the value is no age."""
    cfg = _cfg()["leeftijdsgroep"]
    raw = str(value).strip()
    if raw.lower() in cfg["unknown_aliases"]:
        return cfg["unknown"]
    if any(raw == b["label"] for b in _bands()):
        return raw
    text = _age_text(raw)
    if re.fullmatch(r"\d{1,3}", text):
        age = int(text)
        if age > cfg["max_age"]:
            return None
        return next(b["label"] for b in _bands() if b["from"] <= age <= b.get("to", cfg["max_age"]))
    band = re.fullmatch(r"(\d{1,3}) ?(?:-|t/m|tot en met) ?(\d{1,3})", text)
    if band and int(band[1]) <= int(band[2]):
        low, high = int(band[1]), int(band[2])
        return _band_of(low, high) or f"{low}-{high}"
    for word in cfg["older"]:
        older = re.fullmatch(rf"(\d{{1,3}}) ?{re.escape(word)}", text)
        if older:
            return _band_of(int(older[1]), None) or f"{int(older[1])}+"
    for word in cfg["younger"]:
        younger = re.fullmatch(rf"{re.escape(word)} ?(?:de )?(\d{{1,3}})", text)
        if younger:
            return _band_of(0, int(younger[1]) - 1) or f"jonger dan {int(younger[1])}"
    return None


def band_order(values: list[str]) -> list[str]:
    """Age bands for a filter, youngest first (a configured band before another band of the same
    lowest age), then the 'unknown' answer, then anything else alphabetically."""
    cfg = _cfg()["leeftijdsgroep"]
    configured = {b["label"]: b["from"] for b in _bands()}

    def rank(v: str) -> tuple:
        if v in configured:
            return (0, configured[v], 0, "")
        low = re.match(r"(jonger dan )?(\d+)", v)
        if low:
            return (0, 0 if low[1] else int(low[2]), 1, v)
        return (1 if v == cfg["unknown"] else 2, 0, 0, sort_key(v))
    return sorted(values, key=rank)


# ---- kinds -----------------------------------------------------------------------------------

def _by_name(column: str) -> str | None:
    words = [_key(w) for w in re.findall(r"\w+", str(column).lower())]
    whole = _key(column)
    for kind, names in _cfg()["names"].items():
        if whole in names or any(w in names for w in words):
            return kind
    return None


def detect_kind(column: str, values: pd.Series) -> str:
    """The kind of a metadata column: from its name (data/metadata.toml [names]), else from
    its values (mostly ages or mostly provinces), else 'anders'."""
    kind = _by_name(column)
    if kind:
        return kind
    filled = values.astype("string").str.strip()
    filled = filled[filled.notna() & filled.ne("")].drop_duplicates()
    if filled.empty:
        return OTHER
    share = _cfg()["detect"]["min_share"]
    bands = filled[~filled.str.fullmatch(r"\d+")]  # plain numbers are ages only by the column's name
    if len(bands) == len(filled) and bands.map(age_group).notna().mean() >= share:
        return "leeftijdsgroep"
    if filled.map(province).notna().mean() >= share:
        return "provincie"
    return OTHER


def _same_spelling(values: pd.Series) -> pd.Series:
    """Trimmed, single spaces; spellings that differ only in case become the most frequent one."""
    text = values.astype("string").fillna("").str.strip().str.replace(r"\s+", " ", regex=True)
    folded = text.str.casefold()
    counts = pd.DataFrame({"key": folded, "text": text}).value_counts()
    best = dict(counts.index[::-1])  # (key, spelling) pairs, most frequent last: it wins
    return folded.map(best).astype("string")


def normalise(kind: str, values: pd.Series) -> pd.Series:
    """Values of one column as they are stored for its kind; each distinct value read once.
    A value that cannot be read as an age or a province is kept as written."""
    text = values.astype("string").fillna("").str.strip()
    if kind in ("leeftijdsgroep", "provincie"):
        read = age_group if kind == "leeftijdsgroep" else province
        lookup = {v: (read(v) or v) if v else "" for v in text.unique()}
        return text.map(lookup).astype("string")
    return _same_spelling(text)


def keys_for(kinds: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Column -> stored key, and warnings: a kind's key once (a second column of the same kind
    keeps its own name), a kept column's own name, marked when it reads as a standard key."""
    standard = set(field_labels())
    out: dict[str, str] = {}
    warnings = []
    for column, kind in kinds.items():
        key = kind if kind in standard else column
        if kind in standard and key in out.values():
            warnings.append(f"Kolom '{column}' is ook als {field_labels()[kind].lower()} aangemerkt; "
                            "hij wordt onder zijn eigen naam bewaard.")
            key = column
        if key != kind and key.casefold() in {s.casefold() for s in standard}:
            key = f"{column} (respondent)"
        out[column] = key
    return out, warnings


def check_kinds(kinds: dict[str, str]) -> list[str]:
    """The kinds that are not known (for a plain message)."""
    known = set(kind_labels())
    return sorted({k for k in kinds.values() if k not in known})


def records(df: pd.DataFrame, kinds: dict[str, str]) -> tuple[list[dict], list[str]]:
    """One metadata object per row: standard keys and the kept columns, values normalised."""
    keys, warnings = keys_for(kinds)
    table = pd.DataFrame({keys[c]: normalise(kind, df[c]) for c, kind in kinds.items()}, index=df.index)
    return table.fillna("").to_dict("records"), warnings
