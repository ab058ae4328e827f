"""Time every dashboard page's data functions on an existing store (e.g. a 100,000-answer one).

Usage: DATABASE_URL=sqlite:///big.sqlite .venv/bin/python scripts/bench_views.py
The page list comes from analysis.devtools.backend_bench.page_functions; Verkennen's calls are added here.
Prints seconds per call (first call, no page cache); it asserts nothing.
"""
from __future__ import annotations

import time

from analysis.devtools import page_bench
from analysis.enrich import discover
from analysis.store.store import open_store
from analysis.views import display, explore, export


def main() -> None:
    store = open_store(read_only=True)
    calls = page_bench.page_functions(store)
    sample = int(discover.config()["map_points"])
    calls += [
        ("Verkennen", f"explore.explore (k=8, steekproef {sample})",
         lambda c: explore.explore(c["df"], 8, sample)),
        ("Verkennen", "explore.without_theme", lambda c: explore.without_theme(c["df"])),
        ("Thema's", "display.export_table + to_bytes csv",
         lambda c: export.to_bytes(display.export_table(c["member"]), "csv")),
    ]
    context: dict = {}
    print(f"{'pagina':<10} {'functie':<48} {'s':>6}")
    for page, name, call in calls:
        start = time.perf_counter()
        call(context)
        print(f"{page:<10} {name:<48} {time.perf_counter() - start:6.2f}", flush=True)
    print(f"{len(context['df']):,} bijdragen".replace(",", "."))


if __name__ == "__main__":
    main()
