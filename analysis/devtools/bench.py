"""Throughput and memory at scale: `python -m analysis bench [--n N]` (devtools stage).

Makes N fictional consultation answers (analysis.devtools.generator), then times every
stage the import path runs (melt, themes, duplicates, the wait for the public texts' redaction,
which runs beside them as in an import, store write), discovery, lemmas, and a fresh spaCy tokenizer
alone on the same texts as a floor: wall and CPU seconds and the peak memory after each stage,
the redaction worker's own seconds and peak, the ingest total and its ratio to the floor, and
the share of texts the cheap test gives to Deduce. Store backends are functions taking a store
URL (STORE_BACKENDS), so a PostgreSQL column is one more entry.
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
import spacy

from analysis.core import paths, schema
from analysis.core.collector import paused_collector
from analysis.devtools.backend_bench import Timer
from analysis.devtools.generator import generate_raadpleging
from analysis.enrich import deduce_names, nlp, redaction_job, sparse_pairs
from analysis.enrich.discover import discover
from analysis.enrich.near_duplicates import mark_duplicates
from analysis.enrich.themes import assign_themes
from analysis.harvest.raadpleging import parse_table
from analysis.store import kernpunten, public_texts
from analysis.store.store import Store
from analysis.store.tables import PUBLIC_TEXT_COLUMNS

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


def fictional_export(n: int) -> pd.DataFrame:
    """The wide export (one row per respondent) holding at least n fictional answers."""
    per_respondent = 3.0  # the generator's surveys give about 3 non-empty answers per respondent
    return generate_raadpleging(max(1, math.ceil(n / per_respondent * 1.1)), seed=_SEED)


def melted(wide: pd.DataFrame, n: int) -> schema.ParsedDocument:
    """The export melted into contributions the way an import reads it, cut to exactly n."""
    parsed = parse_table(wide, "bench-fictief.csv", [], None, "csv")
    parsed.contributions = parsed.contributions.head(n).reset_index(drop=True)
    return parsed


def sqlite_url(workdir: Path) -> str:
    return f"sqlite:///{workdir / 'bench.sqlite'}"


STORE_BACKENDS: dict[str, Callable[[Path], str]] = {"sqlite": sqlite_url}


def store_write(url: str, parsed: schema.ParsedDocument, enriched: pd.DataFrame,
                redaction: redaction_job.RedactionJob, timer: Timer) -> None:
    """Write the enriched rows and their public texts into a fresh store at url, in one
    transaction, as an import does: the redaction is waited for once the rows are written
    (stage REDACTION_STAGE, the first backend's wait; later backends find it done)."""
    def public(conn, _names: list[str]) -> None:
        if REDACTION_STAGE not in timer.stages:
            _timed(timer, REDACTION_STAGE, redaction.result)
        public_texts.write_redacted(conn, enriched, redaction)

    store = Store(url=url)
    store.create_tables()
    store.replace_documents([(parsed, enriched)], on_written=public)


def cold_start_default() -> dict:
    """The default data set parsed and themed in a fresh Python process (model cache warm)."""
    out = subprocess.run([sys.executable, "-c", _COLD_SCRIPT], cwd=paths.ROOT, capture_output=True,
                         text=True, check=True)
    rows, seconds = out.stdout.split()
    return {"rows": int(rows), "seconds": round(float(seconds), 3)}


# The stages an import runs, in the order the pipeline (pipeline.store_parsed) runs them. The
# public texts are redacted beside the themes and the near-duplicates (analysis.enrich.redaction_job:
# in a second process, started before the melt as an import of a large file starts it before the
# parse); `redact` is the wait for that result inside the write, once the rows are written, so it
# is all of the redaction when it runs here. The write includes it and the public texts.
INGEST_STAGES = ("melt", "themes", "duplicates", "store_write_sqlite")
REDACTION_STAGE = "redact"


def _ingest_figures(timer: Timer, worker: dict) -> dict:
    """ingest_themed seconds (wall) and CPU seconds (with the redaction worker's), the wall
    seconds without waiting for the redaction, and the ratios to the tokenizer-only floor."""
    st = timer.stages
    wall = sum(st[s]["s"] for s in INGEST_STAGES if s in st)
    cpu = sum(st[s]["cpu_s"] for s in INGEST_STAGES if s in st) + worker.get("cpu_seconds", 0.0)
    waited = st[REDACTION_STAGE]["s"]
    floor, floor_cpu = max(st["tokenizer_floor"]["s"], 1e-9), max(st["tokenizer_floor"]["cpu_s"], 1e-9)
    return {
        "ingest_themed_seconds": round(wall, 3),
        "ingest_themed_cpu_seconds": round(cpu, 3),
        "ingest_themed_without_redaction_seconds": round(wall - waited, 3),
        "redaction_seconds": worker.get("seconds", waited),
        "redaction_cpu_seconds": worker.get("cpu_seconds", st[REDACTION_STAGE]["cpu_s"]),
        "redaction_wait_seconds": waited,
        "redaction_in_second_process": bool(worker),
        "redaction_worker_peak_mb": worker.get("peak_mb", 0),
        "ingest_themed_vs_tokenizer_floor": round(wall / floor, 2),
        "ingest_themed_without_redaction_vs_tokenizer_floor": round((wall - waited) / floor, 2),
        "ingest_themed_cpu_vs_tokenizer_floor_cpu": round(cpu / floor_cpu, 2),
    }


def run_bench(n: int, backends: list[str] | None = None, cold: bool = True) -> dict:
    timer = Timer()
    _timed(timer, "nlp_load", nlp.get_nlp)
    _timed(timer, "kernels_load", sparse_pairs.warm_up)  # as setup does: compiled once per checkout
    wide = _timed(timer, "generate", fictional_export, n)
    # the floor: a fresh Dutch tokenizer (its cache cold, as the import's is for new texts) on
    # the distinct texts; the import's own tokenizer stays cold for the themes stage
    texts = melted(wide, n).contributions["text"].tolist()
    unique = list(dict.fromkeys(texts))
    tokenizer = spacy.blank("nl").tokenizer
    _timed(timer, "tokenizer_floor", lambda: sum(1 for _ in tokenizer.pipe(unique, batch_size=2000)))
    # as ingest_paths does for a file this large (its size about that of the frame's texts)
    redaction_job.prestart(wide.memory_usage(deep=True).sum() / 1e6)
    parsed = _timed(timer, "melt", melted, wide, n)
    del wide
    df = parsed.contributions
    job = redaction_job.start(df[["id", *PUBLIC_TEXT_COLUMNS]], PUBLIC_TEXT_COLUMNS)
    with paused_collector():  # as pipeline.enrich runs them
        themed = _timed(timer, "themes", assign_themes, df)
        themed["duplicate_of"] = _timed(timer, "duplicates", mark_duplicates, themed, None)
    enriched = schema.conform(themed)
    with tempfile.TemporaryDirectory() as tmp:
        for name in backends or list(STORE_BACKENDS):
            _timed(timer, f"store_write_{name}", store_write, STORE_BACKENDS[name](Path(tmp)), parsed, enriched,
                   job, timer)
        first = STORE_BACKENDS[(backends or list(STORE_BACKENDS))[0]](Path(tmp))
        _timed(timer, "kernpunten", kernpunten.refresh, Store(first))  # as the import does after the write
    redacted, _ = job.result()
    nlp.clear_lemma_cache()  # the lemmas alone (the tokenizer's cache is warm by now)
    lemmas = _timed(timer, "nlp_lemmas", nlp.lemmatize, texts)
    figures = _ingest_figures(timer, job.figures)
    _timed(timer, "discovery", lambda: discover(texts, lemma_texts=[" ".join(x) for x in lemmas]))
    peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    # the share of texts the cheap test gives to Deduce, counted after the peak: it loads Deduce here
    deduce_share = (sum(map(deduce_names.may_hold_name, unique)) / len(unique)) if unique else 0.0
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
        "peak_memory_mb": peak,
        "peak_memory_with_redaction_worker_mb": round(peak + figures["redaction_worker_peak_mb"], 1),
        "themes": themed["theme"].value_counts().to_dict(),
        "duplicates": int(themed["duplicate_of"].notna().sum()),
        "redact_deduce_share": round(deduce_share, 3),
        "redacted_texts": int((redacted["text"] != df["text"]).sum()),
    }
    if cold:
        result["cold_start_default_data"] = cold_start_default()
    return result
