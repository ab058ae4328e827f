"""Scale benchmark per storage backend: the user's import path and every page's data functions (devtools stage).

A fictional raadpleging export of N answers (analysis.devtools.generator) goes the way a
user's file goes: `pipeline.ingest_paths` (what `python -m analysis ingest`
and, through store_parsed, the import page run): parse, themes and duplicates,
one-transaction write, proposed links, discovery clusters. Then the pages' data functions are
timed on the result, as the dashboard calls them after its cache is cleared.

Each backend runs in its own subprocess, so its peak memory is its own and a
crash in one does not hide the other. PostgreSQL gets a fresh, temporary
database on the server of TEST_DATABASE_URL (or DATABASE_URL when that is
PostgreSQL), dropped afterwards; the real store is never touched.

    python -m analysis.devtools.backend_bench --n 100000 --backend sqlite,postgresql --pages"""
from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from analysis.core.dutch import decimal, number
from analysis.core.errors import InputError
from analysis.devtools.page_bench import seed_decisions, time_pages

BACKENDS = ("sqlite", "postgresql")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


@dataclass
class Timer:
    """Wall and CPU seconds per named stage, and the peak memory after each."""

    stages: dict[str, dict] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.stages[name] = {"s": round(time.perf_counter() - wall, 3),
                             "cpu_s": round(time.process_time() - cpu, 3),
                             "peak_mb": round(_peak_mb())}

    def wrap(self, owner, attr: str, name: str) -> Callable[[], None]:
        """Time every call of owner.attr as stage `name`; returns a function that undoes it."""
        original = getattr(owner, attr)

        def timed(*args, **kwargs):
            with self.stage(name):
                return original(*args, **kwargs)

        setattr(owner, attr, timed)
        return lambda: setattr(owner, attr, original)


def respondents_for(n_answers: int) -> int:
    """Respondents needed for about n_answers non-empty answers (4 questions, some left empty)."""
    from analysis.devtools.generator import vocabulary

    per_respondent = sum(1 - q["empty_rate"] for q in vocabulary().survey["questions"].values())
    return max(1, math.ceil(n_answers / per_respondent))


def write_export(n_answers: int, path: Path, seed: int = 0) -> Path:
    from analysis.devtools.generator import generate_raadpleging
    from analysis.views.export import write_table

    write_table(generate_raadpleging(respondents_for(n_answers), seed=seed), path)
    return path


def ingest(store, csv_path: Path, timer: Timer) -> int:
    """The command line's ingest path, with its stages timed; returns the answers stored."""
    from analysis.ingest import pipeline
    from analysis.store import clusters, kernpunten, public_texts
    from analysis.store.store import Store

    undo = [timer.wrap(pipeline, "parse_all", "parse"),
            timer.wrap(pipeline, "enrich", "themes_duplicates"),
            timer.wrap(Store, "replace_documents", "write"),  # includes "redact" (same transaction)
            timer.wrap(public_texts, "write_redacted", "redact"),
            timer.wrap(pipeline, "refresh_links", "links"),
            timer.wrap(clusters, "assign_new", "clusters"),
            timer.wrap(kernpunten, "refresh", "kernpunten")]
    try:
        with timer.stage("ingest_total"):
            report = pipeline.ingest_paths(store, [csv_path])
    finally:
        for u in undo:
            u()
    return report.added


SMALL_IMPORT = 300  # answers of the second, small export imported into the big store


def small_import(store, csv_path: Path) -> dict:
    """A small export (another seed) into the filled store, end to end as the command line runs it;
    and whether every existing row kept its cluster number."""
    write_export(SMALL_IMPORT, csv_path, seed=99)
    before = store.load_contributions(["id", "cluster"]).set_index("id")["cluster"]
    timer = Timer()
    answers = ingest(store, csv_path, timer)
    after = store.load_contributions(["id", "cluster"]).set_index("id")["cluster"]
    return {"answers": answers, "stages": timer.stages,
            "clusters_unchanged": bool(after.reindex(before.index).equals(before))}


def run_one(url: str, csv_path: Path, pages: bool, browser: bool = False) -> dict:
    """Ingest csv_path into the (empty) store at url and time it; optionally time the pages'
    data functions and the scripted browser round (analysis.devtools.browser_round)."""
    from analysis.store.store import Store

    store = Store(url=url)
    if store.count():
        raise InputError("De benchmark heeft een lege opslag nodig.")
    timer = Timer()
    answers = ingest(store, csv_path, timer)
    total = timer.stages["ingest_total"]["s"]
    out = {"answers": answers, "stages": timer.stages,
           "docs_per_s": round(answers / total, 1) if total else None}
    out["small_import"] = small_import(store, csv_path.with_name("raadpleging-fictief-klein.csv"))
    if pages or browser:
        with timer.stage("seed_decisions"):
            seed_decisions(store)
    if pages:
        out["pages"] = time_pages(store)
    if browser:
        from analysis.devtools import browser_round

        out["browser"] = browser_round.run_round(url)
    out["peak_mb"] = round(_peak_mb())
    return out


def postgres_admin_url() -> str | None:
    """The PostgreSQL server to benchmark on: TEST_DATABASE_URL, else DATABASE_URL if PostgreSQL."""
    for var in ("TEST_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(var, "").strip()
        if url.startswith("postgres"):
            return url
    return None


def backends_from(spec: str | None) -> list[str]:
    """'sqlite,postgresql' -> both; None -> SQLite, plus PostgreSQL when a server is configured."""
    if not spec:
        return ["sqlite", *(["postgresql"] if postgres_admin_url() else [])]
    chosen = [b.strip().lower() for b in spec.split(",") if b.strip()]
    unknown = [b for b in chosen if b not in BACKENDS]
    if unknown or not chosen:
        raise InputError(f"Onbekende backend '{', '.join(unknown)}'; kies uit: {', '.join(BACKENDS)}.")
    if "postgresql" in chosen and not postgres_admin_url():
        raise InputError("Voor PostgreSQL is TEST_DATABASE_URL of DATABASE_URL (postgresql://...) nodig.")
    return chosen


@contextmanager
def temporary_database(backend: str, workdir: Path) -> Iterator[str]:
    """A fresh, empty store URL for backend; a PostgreSQL database is dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{workdir / 'bench.sqlite'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = postgres_admin_url() or ""
    for prefix in ("postgres://", "postgresql://"):  # the driver this project installs
        if admin.startswith(prefix):
            admin = "postgresql+psycopg://" + admin[len(prefix):]
    name = f"nmp_bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any server refusal becomes one plain line
        raise InputError(f"Kan geen tijdelijke PostgreSQL-database maken: {exc}") from exc
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def compare(n_answers: int, backends: list[str], pages: bool, seed: int = 0,
            log: Callable[[str], None] = lambda _m: None, browser: bool = False) -> dict:
    """Generate one export and run it through each backend in its own subprocess."""
    results: dict = {"n_requested": n_answers, "backends": {}}
    with tempfile.TemporaryDirectory(prefix="nmp-bench-") as tmp:
        workdir = Path(tmp)
        start = time.perf_counter()
        csv_path = write_export(n_answers, workdir / "raadpleging-fictief.csv", seed)
        results["generate_s"] = round(time.perf_counter() - start, 3)
        for backend in backends:
            log(f"{backend}: {n_answers} antwoorden inlezen...")
            with temporary_database(backend, workdir) as url:
                cmd = [sys.executable, "-m", "analysis.devtools.backend_bench", "--one", url,
                       "--csv", str(csv_path), *(["--pages"] if pages else []),
                       *(["--browser"] if browser else [])]
                done = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
            if done.returncode != 0:
                results["backends"][backend] = {"error": done.stderr.strip().splitlines()[-1:]}
                continue
            results["backends"][backend] = json.loads(done.stdout)
    return results


STAGE_ORDER = ["parse", "themes_duplicates", "write", "redact", "links", "clusters", "kernpunten",
               "ingest_total",
               "seed_decisions"]


def format_table(results: dict) -> str:
    """Stages and pages side by side, one column per backend."""
    backends = [b for b, r in results["backends"].items() if "error" not in r]
    lines = [f"Fictieve raadpleging, {number(results['n_requested'])} antwoorden gevraagd "
             f"(genereren {decimal(results['generate_s'])} s)"]
    for b, r in results["backends"].items():
        if "error" in r:
            lines.append(f"{b}: MISLUKT {' '.join(r['error'])}")
    if not backends:
        return "\n".join(lines)
    r0 = results["backends"]
    header = f"{'':44}" + "".join(f"{b:>14}" for b in backends)
    lines += ["", header, f"{'antwoorden opgeslagen':44}" + "".join(
        f"{number(r0[b]['answers']):>14}" for b in backends)]
    for stage in STAGE_ORDER:
        if all(stage in r0[b]["stages"] for b in backends):
            lines.append(f"{stage + ' (s)':44}" + "".join(
                f"{decimal(r0[b]['stages'][stage]['s']):>14}" for b in backends))
    lines.append(f"{'bijdragen per seconde':44}" + "".join(f"{decimal(r0[b]['docs_per_s'], 1):>14}" for b in backends))
    lines.append(f"{'piekgeheugen (MB)':44}" + "".join(f"{number(r0[b]['peak_mb']):>14}" for b in backends))
    if all("small_import" in r0[b] for b in backends):
        lines.append(f"{f'{SMALL_IMPORT} erbij: totaal (s)':44}" + "".join(
            f"{decimal(r0[b]['small_import']['stages']['ingest_total']['s']):>14}" for b in backends))
        lines.append(f"{'  clusternummers ongewijzigd':44}" + "".join(
            f"{'ja' if r0[b]['small_import']['clusters_unchanged'] else 'nee':>14}" for b in backends))
    if all("pages" in r0[b] for b in backends):
        lines += ["", f"{'pagina / datafunctie (s)':44}" + "".join(f"{b:>14}" for b in backends)]
        for i, row in enumerate(r0[backends[0]]["pages"]):
            label = f"{row['page']}: {row['function']}"[:44]
            lines.append(f"{label:44}" + "".join(f"{decimal(r0[b]['pages'][i]['s'], 3):>14}" for b in backends))
        lines += ["", f"{'pagina totaal zonder views.load (s)':44}" + "".join(
            f"{b:>14}" for b in backends)]
        for page in dict.fromkeys(row["page"] for row in r0[backends[0]]["pages"]):
            if page == "(alle)":
                continue
            lines.append(f"{page:44}" + "".join(
                f"{decimal(sum(x['s'] for x in r0[b]['pages'] if x['page'] == page), 3):>14}" for b in backends))
    for b in backends:
        if "browser" in r0[b]:
            from analysis.devtools.browser_round import format_round

            lines += ["", format_round(r0[b]["browser"], f"Browserronde, {b}, {number(r0[b]['answers'])} antwoorden")]
    return "\n".join(lines)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The backend comparison's options, for this module and for `python -m analysis bench`."""
    p.add_argument("--backend", help="sqlite,postgresql (standaard: sqlite, en postgresql als "
                                     "TEST_DATABASE_URL of DATABASE_URL naar PostgreSQL wijst)")
    p.add_argument("--pages", action="store_true", help="ook de datafuncties van elke pagina timen")
    p.add_argument("--browser", action="store_true",
                   help="ook een browserronde: warme acties per pagina in chromium (standaard dataset en N)")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m analysis.devtools.backend_bench", description=__doc__.split("\n")[0])
    p.add_argument("--n", type=int, default=100_000, help="aantal antwoorden (standaard 100000)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true", help="JSON in plaats van een tabel")
    p.add_argument("--one", help=argparse.SUPPRESS)  # subprocess: one store URL
    p.add_argument("--csv", help=argparse.SUPPRESS)
    add_arguments(p)
    args = p.parse_args(argv)
    try:
        if args.one:
            print(json.dumps(run_one(args.one, Path(args.csv), args.pages, args.browser)))
            return 0
        results = compare(args.n, backends_from(args.backend), args.pages, args.seed,
                          log=lambda m: print(m, file=sys.stderr, flush=True), browser=args.browser)
    except InputError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(results, indent=2) if args.json else format_table(results))
    return 0 if all("error" not in r for r in results["backends"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
