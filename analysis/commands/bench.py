"""`bench [--n N] [--json] [--backend sqlite,postgresql] [--pages] [--browser] [--load]` (command line stage):
throughput and memory at scale on fictional consultation answers; with --backend or --pages (or automatically when
TEST_DATABASE_URL/DATABASE_URL points to PostgreSQL) also the whole import path and the pages'
data functions per storage backend, side by side (analysis.devtools.backend_bench); with
--browser a scripted browser round (warm action times per page, analysis.devtools.browser_round)
on the default data and on the N-answer store; with --load only the load measurement: simulated
visitors on the static site and the Streamlit public view of the stored data (analysis.devtools.load_bench)."""
from __future__ import annotations

import argparse
import json

from sqlalchemy.exc import OperationalError

from analysis.core import dutch
from analysis.core.errors import InputError
from analysis.devtools import backend_bench, browser_round, load_bench
from analysis.devtools.bench import run_bench
from analysis.store.store import open_store

HELP = "Snelheid en geheugen meten op N fictieve raadplegingsantwoorden."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--n", type=int, default=10000, help="aantal antwoorden (standaard 10000)")
    p.add_argument("--json", action="store_true", help="uitvoer als JSON")
    p.add_argument("--no-cold", action="store_true", help="geen koude start van de standaard dataset meten")
    backend_bench.add_arguments(p)
    p.add_argument("--load", action="store_true",
                   help="alleen belasting meten: 50, 200 en 1.000 bezoekers op de statische site en de "
                        "Streamlit-publieksversie van de opgeslagen gegevens (Locust, ongeveer 2 minuten)")


def run(args: argparse.Namespace) -> int:
    if args.n < 1:
        raise InputError("--n moet minstens 1 zijn.")
    if args.load:
        return _load(args.json)
    backends = backend_bench.backends_from(args.backend)
    r = run_bench(args.n, cold=not args.no_cold)
    if args.browser:
        r["browser_default_data"] = browser_round.on_default_data()
    if args.backend or args.pages or args.browser or len(backends) > 1:
        r["store_backends"] = backend_bench.compare(args.n, backends, args.pages, browser=args.browser)
    if args.json:
        print(json.dumps(r, indent=2, ensure_ascii=False))
        return 0
    n, d = dutch.number, dutch.decimal
    print(f"{n(r['n'])} fictieve antwoorden ({n(r['distinct_texts'])} verschillende teksten); {r['pipeline']}")
    print(f"  {'stap':<22} {'s':>8} {'CPU-s':>8} {'piek MB':>8}")
    for stage, seconds in r["seconds"].items():
        print(f"  {stage:<22} {d(seconds):>8} {d(r['cpu_seconds'][stage]):>8} {n(r['peak_mb_after'][stage]):>8}")
    where = "in hetzelfde proces"
    if r["redaction_in_second_process"]:
        where = (f"in een tweede proces naast thema's en duplicaten, daarna nog {d(r['redaction_wait_seconds'], 1)} s "
                 f"wachten; piek {n(r['redaction_worker_peak_mb'])} MB")
    print(f"persoonsgegevens afschermen: {d(r['redaction_seconds'], 1)} s ({where}); "
          f"{dutch.percent(r['redact_deduce_share'], 0)} van de teksten door Deduce, "
          f"{n(r['redacted_texts'])} teksten aangepast")
    print(f"inlezen + thema's + duplicaten + afschermen + opslaan: {d(r['ingest_themed_seconds'], 1)} s "
          f"({d(r['ingest_themed_cpu_seconds'], 1)} CPU-s), zonder op het afschermen "
          f"te wachten {d(r['ingest_themed_without_redaction_seconds'], 1)} s; {n(r['docs_per_second'])} bijdragen/s")
    print(f"lemma's / alleen tokenizer: {d(r['lemmas_vs_tokenizer_floor'])}x; inlezen tot en met opslaan / "
          f"alleen tokenizer: {d(r['ingest_themed_vs_tokenizer_floor'], 1)}x (zonder afschermen "
          f"{d(r['ingest_themed_without_redaction_vs_tokenizer_floor'], 1)}x); "
          f"piekgeheugen {n(r['peak_memory_mb'])} MB (met het afschermproces "
          f"{n(r['peak_memory_with_redaction_worker_mb'])} MB); duplicaten {n(r['duplicates'])}")
    if "cold_start_default_data" in r:
        c = r["cold_start_default_data"]
        print(f"koude start standaard dataset: {n(c['rows'])} bijdragen in {d(c['seconds'], 1)} s")
    if "browser_default_data" in r:
        b = r["browser_default_data"]
        print()
        print(browser_round.format_round(b, f"Browserronde, standaard dataset ({b.get('rows', '?')} bijdragen)"))
    if "store_backends" in r:
        print()
        print(backend_bench.format_table(r["store_backends"]))
    return 0


def _load(as_json: bool) -> int:
    """The load measurement on the store of DATABASE_URL (or the default file)."""
    store = open_store(read_only=True)
    try:
        ready = store.is_initialised() and store.count() > 0
    except OperationalError:
        ready = False
    if not ready:
        raise InputError("Er zijn nog geen bijdragen opgeslagen; lees eerst de standaard dataset in "
                         "(python -m analysis ingest).")
    r = load_bench.run_load(store)
    print(json.dumps(r, indent=2, ensure_ascii=False) if as_json else load_bench.format_table(r))
    return 0
