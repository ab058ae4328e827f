"""Throughput and memory at scale: `python -m analysis bench [--n N]` (devtools stage).

Makes N fictional consultation answers (analysis.devtools.generator), then times every
stage the import path runs (melt, lemmas, themes, duplicates, discovery, redaction of the
public texts -- Deduce's load and the redaction itself, with the share of texts the cheap
test gives to Deduce -- store write) and the spaCy tokenizer alone on the same texts as a floor. Store
backends are functions taking a store URL (STORE_BACKENDS), so a PostgreSQL
column is one more entry.
"""
from __future__ import annotations

import math
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from analysis.core import paths, schema
from analysis.devtools.generator import generate_raadpleging
from analysis.enrich import deduce_names, deidentify, nlp
from analysis.enrich.discover import discover
from analysis.enrich.near_duplicates import mark_duplicates
from analysis.enrich.themes import assign_themes
from analysis.harvest.raadpleging import parse_table
from analysis.store.store import Store

_SEED = 2023
_COLD_SCRIPT = """
import time; t = time.perf_counter()
import pandas as pd
from analysis.core import config
from analysis.harvest import parse_path
from analysis.enrich.themes import assign_themes
df = pd.concat([parse_path(f).contributions for f in config.default_files() if f.exists()])
assign_themes(df)
print(len(df), time.perf_counter() - t)
"""


def _timed(stages: dict, name: str, fn: Callable, *args):
    start = time.perf_counter()
    result = fn(*args)
    stages[name] = round(time.perf_counter() - start, 3)
    return result


def fictional_answers(n: int) -> schema.ParsedDocument:
    """At least n fictional answers, melted into contributions, cut to exactly n."""
    per_respondent = 3.0  # the generator's surveys give about 3 non-empty answers per respondent
    wide = generate_raadpleging(max(1, math.ceil(n / per_respondent * 1.1)), seed=_SEED)
    parsed = parse_table(wide, "bench-fictief.csv", [], None, "csv")
    parsed.contributions = parsed.contributions.head(n).reset_index(drop=True)
    return parsed


def sqlite_url(workdir: Path) -> str:
    return f"sqlite:///{workdir / 'bench.sqlite'}"


STORE_BACKENDS: dict[str, Callable[[Path], str]] = {"sqlite": sqlite_url}


def store_write(url: str, parsed: schema.ParsedDocument, enriched: pd.DataFrame) -> float:
    """Seconds to write the enriched rows into a fresh store at url, in one transaction."""
    store = Store(url=url)
    store.create_tables()
    start = time.perf_counter()
    store.replace_documents([(parsed, enriched)])
    return round(time.perf_counter() - start, 3)


def cold_start_default() -> dict:
    """The default data set parsed and themed in a fresh Python process (model cache warm)."""
    out = subprocess.run([sys.executable, "-c", _COLD_SCRIPT], cwd=paths.ROOT, capture_output=True,
                         text=True, check=True)
    rows, seconds = out.stdout.split()
    return {"rows": int(rows), "seconds": round(float(seconds), 3)}


def run_bench(n: int, backends: list[str] | None = None, cold: bool = True) -> dict:
    stages: dict[str, float] = {}
    parsed = _timed(stages, "generate+melt", fictional_answers, n)
    df = parsed.contributions
    texts = df["text"].tolist()
    _timed(stages, "nlp_load", nlp.get_nlp)
    unique = list(dict.fromkeys(texts))
    _timed(stages, "tokenizer_floor", lambda: sum(1 for _ in nlp.get_nlp().tokenizer.pipe(unique, batch_size=2000)))
    lemmas = _timed(stages, "nlp_lemmas", nlp.lemmatize, texts)
    themed = _timed(stages, "themes", assign_themes, df)
    themed["duplicate_of"] = _timed(stages, "duplicates", mark_duplicates, themed, None)
    enriched = schema.conform(themed)
    _timed(stages, "redact_load", deduce_names.get_deduce)
    redacted, _ = _timed(stages, "redact", deidentify.redact_frame, enriched[["id", "text"]], ["text"])
    deduce_share = (sum(map(deduce_names.may_hold_name, unique)) / len(unique)) if unique else 0.0
    _timed(stages, "discovery", lambda: discover(texts, lemma_texts=[" ".join(x) for x in lemmas]))
    with tempfile.TemporaryDirectory() as tmp:
        for name in backends or list(STORE_BACKENDS):
            stages[f"store_write_{name}"] = store_write(STORE_BACKENDS[name](Path(tmp)), parsed, enriched)
    ingest = (stages["themes"] + stages["duplicates"] + stages["redact"]
              + stages.get("store_write_sqlite", 0.0))
    result = {
        "n": len(df),
        "distinct_texts": len(unique),
        "pipeline": nlp.pipeline_info()["description"],
        "seconds": stages,
        "ingest_themed_seconds": round(stages["generate+melt"] + ingest, 3),
        "docs_per_second": round(len(df) / max(ingest, 1e-9), 1),
        "lemmas_vs_tokenizer_floor": round(stages["nlp_lemmas"] / max(stages["tokenizer_floor"], 1e-9), 2),
        "ingest_themed_vs_tokenizer_floor": round((stages["generate+melt"] + ingest)
                                                  / max(stages["tokenizer_floor"], 1e-9), 2),
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "themes": themed["theme"].value_counts().to_dict(),
        "duplicates": int(themed["duplicate_of"].notna().sum()),
        "redact_deduce_share": round(deduce_share, 3),
        "redacted_texts": int((redacted["text"] != enriched["text"]).sum()),
    }
    if cold:
        result["cold_start_default_data"] = cold_start_default()
    return result
