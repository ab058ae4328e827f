"""Time every dashboard page's data functions on an existing store (e.g. a 100,000-answer one).

Usage: DATABASE_URL=sqlite:///big.sqlite .venv/bin/python scripts/bench_views.py
The page list comes from analysis.bench_backends.page_functions; Verkennen's calls are added here.
Prints seconds per call (first call, no page cache); it asserts nothing.
"""
from __future__ import annotations

import time

from analysis import bench_backends, discover, export, views
from analysis.store import open_store


def main() -> None:
    store = open_store(read_only=True)
    calls = bench_backends.page_functions(store)
    sample = int(discover.config()["map_points"])
    calls += [
        ("Verkennen", f"views.explore (k=8, steekproef {sample})",
         lambda c: views.explore(c["df"], 8, sample)),
        ("Verkennen", "views.without_theme", lambda c: views.without_theme(c["df"])),
        ("Thema's", "views.export_table + to_bytes csv",
         lambda c: export.to_bytes(views.export_table(c["member"]), "csv")),
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
