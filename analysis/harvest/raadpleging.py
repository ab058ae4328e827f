"""Consultation exports (CSV / XLSX, one row per respondent) -> one contribution per open answer (harvest stage).

A column mapping says which column is what:
    {"respondent_id": col | None, "answers": [cols], "metadata": [cols],
     "metadata_kinds": {col: kind}, "date": col | None, "event": str | None,
     "fictional": col | None, "consent": col | None, "consent_name": col | None}
`detect_mapping` proposes one (the import page shows it for correction); an
explicit mapping overrides it. A metadata column without a kind gets the proposed
one (analysis.harvest.metadata: leeftijdsgroep, provincie, gemeente, rol, anders).
Cells are always read as text: a formula such as "=SOM(A1)" stays the literal text,
it is never evaluated. The melt is vectorised
so that 100,000 answers parse in seconds.
"""
from __future__ import annotations

import io
import json
import re

import numpy as np
import pandas as pd

from analysis.core import config, dutch, schema
from analysis.core.errors import InputError
from analysis.harvest import common, consent, metadata, sniff

MAPPING_KEYS = ("respondent_id", "answers", "metadata", "metadata_kinds", "date", "event", "fictional",
                "consent", "consent_name")
_SAMPLE_ROWS = 2000


def _cfg() -> dict:
    return common.config()["raadpleging"]


def _norm(column: str) -> str:
    return re.sub(r"[\s_\-]", "", str(column).lower())


def _unique_headers(headers: list) -> list[str]:
    """Blank headers become 'kolom N'; repeated headers get ' (2)', ' (3)'."""
    out: list[str] = []
    for i, h in enumerate(headers, start=1):
        name = str(h).strip() if h is not None and str(h).strip() else f"kolom {i}"
        base, n = name, 2
        while name in out:
            name, n = f"{base} ({n})", n + 1
        out.append(name)
    return out


def read_csv(text: str, delimiter: str) -> tuple[pd.DataFrame, list[str]]:
    """A CSV text -> (all-text DataFrame, preamble lines such as '# fictief voorbeeld')."""
    preamble, table = sniff.split_preamble(text)
    try:
        df = pd.read_csv(io.StringIO(table), sep=delimiter, dtype=str,
                         keep_default_na=False, na_filter=False, skip_blank_lines=True,
                         header=None)
    except (pd.errors.ParserError, ValueError) as exc:
        raise InputError(f"De CSV kan niet worden gelezen: {exc}") from exc
    if df.empty:
        return pd.DataFrame(), preamble
    df.columns = _unique_headers(df.iloc[0].tolist())
    return df.iloc[1:].reset_index(drop=True), preamble


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def read_xlsx(data: bytes, name: str) -> tuple[pd.DataFrame, list[str]]:
    """First sheet with data -> (all-text DataFrame, preamble: sheet names and title rows).

    openpyxl with data_only=False returns a formula cell as its formula text, so
    nothing is ever evaluated or taken from a cached result.
    """
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise InputError(f"'{name}' is een beschadigd XLSX-bestand en kan niet worden gelezen.") from exc
    try:
        preamble = list(wb.sheetnames)
        for ws in wb.worksheets:
            rows = [tuple(_cell_text(v) for v in row) for row in ws.iter_rows(values_only=True)]
            rows = [r for r in rows if any(c.strip() for c in r)]
            start = next((i for i, r in enumerate(rows) if sum(bool(c.strip()) for c in r) >= 2), None)
            if start is None:
                continue
            preamble += [" ".join(r) for r in rows[:start]]
            width = max(len(r) for r in rows[start:])
            body = [r + ("",) * (width - len(r)) for r in rows[start:]]
            df = pd.DataFrame(body[1:], columns=_unique_headers(list(body[0])), dtype=object)
            return df.astype("string").fillna(""), preamble
    finally:
        wb.close()
    return pd.DataFrame(), preamble


def detect_mapping(df: pd.DataFrame) -> dict:
    """Propose a mapping: id/date/fictief/consent columns by name, answers = long free text,
    metadata = the rest, each with its kind."""
    cfg = _cfg()
    sample = df.head(_SAMPLE_ROWS)
    by_name = {role: next((c for c in df.columns if _norm(c) in cfg[f"{role}_names"]), None)
               for role in ("respondent_id", "date", "fictional")}
    by_name["consent"], by_name["consent_name"] = consent.detect_columns(list(df.columns))
    taken = {c for c in by_name.values() if c is not None}
    answers, others = [], []
    for col in df.columns:
        if col in taken:
            continue
        values = sample[col].astype("string").str.strip()
        values = values[values.notna() & (values != "")]
        if values.empty:
            continue
        mean_chars = values.str.len().mean()
        mean_words = values.str.split().str.len().mean()
        if mean_chars >= cfg["answer_min_mean_chars"] or mean_words >= cfg["answer_min_mean_words"]:
            answers.append(col)
        else:
            others.append(col)
    return {"respondent_id": by_name["respondent_id"], "answers": answers, "metadata": others,
            "metadata_kinds": metadata_kinds(sample, others), "date": by_name["date"], "event": None,
            "fictional": by_name["fictional"], "consent": by_name["consent"],
            "consent_name": by_name["consent_name"]}


def metadata_kinds(df: pd.DataFrame, columns: list[str], given: dict | None = None) -> dict[str, str]:
    """Each metadata column's kind: the given one, else the one its name and values suggest."""
    given = given or {}
    return {c: given.get(c) or metadata.detect_kind(c, df[c].head(_SAMPLE_ROWS)) for c in columns}


def _check_mapping(mapping: dict, df: pd.DataFrame, name: str) -> dict:
    unknown_keys = set(mapping) - set(MAPPING_KEYS)
    if unknown_keys:
        raise InputError(f"Onbekende sleutel(s) in de kolomindeling: {', '.join(sorted(unknown_keys))}.")
    full = {"respondent_id": None, "answers": [], "metadata": [], "metadata_kinds": {}, "date": None,
            "event": None, "fictional": None, "consent": None, "consent_name": None, **mapping}
    columns = [full["respondent_id"], full["date"], full["fictional"], full["consent"],
               full["consent_name"], *full["answers"], *full["metadata"]]
    missing = [c for c in columns if c is not None and c not in df.columns]
    if missing:
        raise InputError(f"'{name}' heeft geen kolom(men) {', '.join(map(repr, missing))}; "
                         f"beschikbaar: {', '.join(map(str, df.columns))}.")
    unknown_kinds = metadata.check_kinds(full["metadata_kinds"] or {})
    if unknown_kinds:
        raise InputError(f"Onbekende soort(en) gegevens in de kolomindeling: {', '.join(unknown_kinds)}; "
                         f"mogelijk: {', '.join(metadata.kind_labels())}.")
    if not full["answers"]:
        raise InputError(f"'{name}' heeft geen kolom met vrije tekst (open antwoorden); "
                         f"kolommen: {', '.join(map(str, df.columns))}.")
    return full


def _file_is_fictional(df: pd.DataFrame, name: str, preamble: list[str]) -> bool:
    """'fictief' in the file name, or 'fictief voorbeeld' in a title line, header or cell."""
    cfg = _cfg()
    if any(m in name.lower() for m in cfg["fictional_name_markers"]):
        return True
    head = " ".join([*preamble, *map(str, df.columns)]).lower()
    for marker in cfg["fictional_text_markers"]:
        if marker in head:
            return True
        if any(df[c].astype("string").str.contains(marker, case=False, regex=False).any() for c in df.columns):
            return True
    return False


def _dates(values: pd.Series) -> pd.Series:
    """ISO dates as written; anything else read day-first (Dutch 23-6-2023), unreadable -> NaT."""
    values = values.astype("string").str.strip()
    iso = pd.to_datetime(values, errors="coerce", format="ISO8601")
    rest = iso.isna() & values.ne("")
    if rest.any():
        iso[rest] = pd.to_datetime(values[rest], errors="coerce", dayfirst=True, format="mixed")
    return iso


def _event_name(name: str) -> str:
    stem = re.sub(r"\.[^.]+$", "", name)
    words = re.sub(r"[-_]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "Raadpleging"


def parse_table(df: pd.DataFrame, name: str, preamble: list[str], mapping: dict | None,
                container: str) -> schema.ParsedDocument:
    """Melt a respondent table into contributions (one per non-empty answer)."""
    if df.empty or not len(df.columns):
        raise InputError(f"'{name}' bevat geen gegevensrijen.")
    warnings: list[str] = []
    if mapping is None:
        mapping = detect_mapping(df)
    m = _check_mapping(mapping, df, name)
    cfg = _cfg()
    n, k = len(df), len(m["answers"])

    texts = pd.Series(df[m["answers"]].to_numpy(dtype=object).ravel(), dtype="string")
    texts = texts.str.replace(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", regex=True).str.strip()
    keep = (texts.notna() & texts.ne("")).to_numpy()
    count = int(keep.sum())
    if count > config.max_rows():
        raise InputError(f"'{name}' bevat {dutch.number(count)} antwoorden; het maximum is "
                         f"{dutch.number(config.max_rows())}. Splits het bestand.")
    respondent = np.repeat(np.arange(n), k)[keep]
    answer = np.tile(np.arange(k), n)[keep]
    position = respondent * k + answer + 1

    if m["respondent_id"]:
        ids = df[m["respondent_id"]].astype("string").str.strip()
        if ids.duplicated().any():
            warnings.append(f"Kolom '{m['respondent_id']}' bevat dubbele respondent-id's.")
    else:
        ids = pd.Series(np.arange(1, n + 1).astype(str), dtype="string")

    if m["metadata"]:
        kinds = metadata_kinds(df, m["metadata"], m["metadata_kinds"])
        records, said = metadata.records(df, kinds)
        warnings += said
        meta = np.array([json.dumps(r, ensure_ascii=False) for r in records], dtype=object)[respondent]
    else:
        meta = pd.NA

    if m["date"]:
        parsed = _dates(df[m["date"]])
        dates = parsed.dt.strftime("%Y-%m-%d").astype("string").to_numpy()[respondent]
    else:
        dates = pd.NA

    fictional = np.full(n, _file_is_fictional(df, name, preamble))
    if m["fictional"]:
        flags = df[m["fictional"]].astype("string").str.strip().str.lower()
        fictional |= flags.isin(cfg["true_values"]).to_numpy()

    allowed, named, said = consent.per_respondent(df, m["consent"], m["consent_name"])
    warnings += said

    text_values = texts.to_numpy()[keep]
    out = pd.DataFrame({
        "id": [schema.contribution_id(name, int(p), t) for p, t in zip(position, text_values)],
        "source_type": cfg["source_type"],
        "event": m["event"] or _event_name(name),
        "date": dates,
        "document": name,
        "position": position,
        "section": cfg["section"],
        "text": text_values,
        "respondent_id": ids.to_numpy()[respondent],
        "question": np.array(m["answers"], dtype=object)[answer],
        "metadata": meta,
        "consent": pd.NA if allowed is None else allowed[respondent],
        "consent_name": pd.NA if named is None else named[respondent],
        "is_fictional": fictional[respondent],
    })
    if out.empty:
        raise InputError(f"'{name}' bevat geen ingevulde antwoorden in {', '.join(m['answers'])}.")
    return schema.ParsedDocument(format=f"raadpleging ({container})", contributions=schema.validate(out),
                                 warnings=warnings)
