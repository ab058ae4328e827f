"""The load measurement's wiring (not its figures): Locust runs headless against the threaded
static server and its CSV is read; the table speaks Dutch."""
from __future__ import annotations

import importlib.util

import pytest

from analysis.devtools import load_bench

# find_spec, not importorskip: importing locust patches the standard library (gevent) in this process
pytestmark = pytest.mark.skipif(importlib.util.find_spec("locust") is None,
                                reason="locust is not installed (requirements-dev.txt)")


def test_a_tiny_locust_run_on_the_static_server(tmp_path):
    site = tmp_path / "site"
    for file in ("index.html", "site.css", "zoeken.html", "thema/a.html", "pagefind/pagefind.js",
                 "pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css", "pagefind/pagefind-entry.json"):
        (site / file).parent.mkdir(parents=True, exist_ok=True)
        (site / file).write_text("<p>x</p>")
    with load_bench.static_server(site) as url:
        r = load_bench.locust(url, "SiteVisitor", 5, 2, tmp_path, site)
    assert r["requests"] >= 10 and r["failures"] == 0 and r["page_p95_ms"] > 0
    table = load_bench.format_table({"seconds_per_run": 2, "cpus": 2, "static": [r], "streamlit": []})
    assert "statische site" in table and "bezoekers" in table
