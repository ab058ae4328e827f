"""Throughput and memory at scale: `python -m analysis bench [--n N]` (devtools stage).

Makes N fictional consultation answers (analysis.devtools.generator), then times every
stage the import path runs (melt, lemmas, themes, duplicates, discovery, redaction of the
public texts -- Deduce's load and the redaction itself, with the share of texts the cheap
test gives to Deduce -- store write) and the spaCy tokenizer alone on the same texts as a floor:
wall and CPU seconds and the peak memory after each stage, the ingest total with and without the
redaction and its ratio to the floor. Store backends are functions taking a store URL
(STORE_BACKENDS), so a PostgreSQL column is one more entry.
"""
from __future__ import annotations

import math
import resource
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from analysis.core import paths, schema
from analysis.devtools.backend_bench import Timer
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


def _timed(timer: Timer, name: str, fn: Callable, *args):
    """Run fn(*args) as stage `name` of timer (wall and CPU seconds, peak memory after it)."""
    with timer.stage(name):
        return fn(*args)


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


def store_write(url: str, parsed: schema.ParsedDocument, enriched: pd.DataFrame) -> None:
    """Write the enriched rows into a fresh store at url, in one transaction."""
    store = Store(url=url)
    store.create_tables()
    store.replace_documents([(parsed, enriched)])


def cold_start_default() -> dict:
    """The default data set parsed and themed in a fresh Python process (model cache warm)."""
    out = subprocess.run([sys.executable, "-c", _COLD_SCRIPT], cwd=paths.ROOT, capture_output=True,
                         text=True, check=True)
    rows, seconds = out.stdout.split()
    return {"rows": int(rows), "seconds": round(float(seconds), 3)}


# The stages an import runs per 100,000 answers, in the order the pipeline runs them. The
# redaction of the public texts runs inside the store write's transaction
# (pipeline.store_parsed -> public_texts.write_redacted); it is reported as its own stage and
# the ingest figures are given with and without it.
INGEST_STAGES = ("generate+melt", "themes", "duplicates", "store_write_sqlite")
REDACTION_STAGE = "redact"


def _ingest_figures(timer: Timer) -> dict:
    """ingest_themed seconds (wall), with and without the redaction, their CPU seconds, and the
    ratios to the tokenizer-only floor."""
    st = timer.stages
    wall = sum(st[s]["s"] for s in INGEST_STAGES if s in st)
    cpu = sum(st[s]["cpu_s"] for s in INGEST_STAGES if s in st)
    red_wall, red_cpu = st[REDACTION_STAGE]["s"], st[REDACTION_STAGE]["cpu_s"]
    floor, floor_cpu = max(st["tokenizer_floor"]["s"], 1e-9), max(st["tokenizer_floor"]["cpu_s"], 1e-9)
    return {
        "ingest_themed_seconds": round(wall + red_wall, 3),
        "ingest_themed_cpu_seconds": round(cpu + red_cpu, 3),
        "ingest_themed_without_redaction_seconds": round(wall, 3),
        "ingest_themed_without_redaction_cpu_seconds": round(cpu, 3),
        "redaction_seconds": red_wall,
        "redaction_cpu_seconds": red_cpu,
        "ingest_themed_vs_tokenizer_floor": round((wall + red_wall) / floor, 2),
        "ingest_themed_without_redaction_vs_tokenizer_floor": round(wall / floor, 2),
        "ingest_themed_cpu_vs_tokenizer_floor_cpu": round((cpu + red_cpu) / floor_cpu, 2),
    }


def run_bench(n: int, backends: list[str] | None = None, cold: bool = True) -> dict:
    timer = Timer()
    parsed = _timed(timer, "generate+melt", fictional_answers, n)
    df = parsed.contributions
    texts = df["text"].tolist()
    _timed(timer, "nlp_load", nlp.get_nlp)
    unique = list(dict.fromkeys(texts))
    _timed(timer, "tokenizer_floor", lambda: sum(1 for _ in nlp.get_nlp().tokenizer.pipe(unique, batch_size=2000)))
    lemmas = _timed(timer, "nlp_lemmas", nlp.lemmatize, texts)
    nlp.clear_lemma_cache()  # an import lemmatises first in its themes stage
    themed = _timed(timer, "themes", assign_themes, df)
    themed["duplicate_of"] = _timed(timer, "duplicates", mark_duplicates, themed, None)
    enriched = schema.conform(themed)
    _timed(timer, "redact_load", deduce_names.get_deduce)
    redacted, _ = _timed(timer, REDACTION_STAGE, deidentify.redact_frame, enriched[["id", "text"]], ["text"])
    deduce_share = (sum(map(deduce_names.may_hold_name, unique)) / len(unique)) if unique else 0.0
    _timed(timer, "discovery", lambda: discover(texts, lemma_texts=[" ".join(x) for x in lemmas]))
    with tempfile.TemporaryDirectory() as tmp:
        for name in backends or list(STORE_BACKENDS):
            _timed(timer, f"store_write_{name}", store_write, STORE_BACKENDS[name](Path(tmp)), parsed, enriched)
    figures = _ingest_figures(timer)
    result = {
        "n": len(df),
        "distinct_texts": len(unique),
        "pipeline": nlp.pipeline_info()["description"],
        "seconds": {k: v["s"] for k, v in timer.stages.items()},
        "cpu_seconds": {k: v["cpu_s"] for k, v in timer.stages.items()},
        "peak_mb_after": {k: v["peak_mb"] for k, v in timer.stages.items()},
        **figures,
        "docs_per_second": round(len(df) / max(figures["ingest_themed_seconds"], 1e-9), 1),
        "lemmas_vs_tokenizer_floor": round(timer.stages["nlp_lemmas"]["s"]
                                           / max(timer.stages["tokenizer_floor"]["s"], 1e-9), 2),
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "themes": themed["theme"].value_counts().to_dict(),
        "duplicates": int(themed["duplicate_of"].notna().sum()),
        "redact_deduce_share": round(deduce_share, 3),
        "redacted_texts": int((redacted["text"] != enriched["text"]).sum()),
    }
    if cold:
        result["cold_start_default_data"] = cold_start_default()
    return result
