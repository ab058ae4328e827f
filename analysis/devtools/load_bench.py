"""Load, measured: `python -m analysis bench --load` (devtools stage). A benchmark, not a test.

Publishes the static site of a store into a temporary folder, serves it with the standard
library's threaded server (analysis.devtools.static_server, its own process) and starts the Streamlit
public view (NMP_MODE=public, the flags of scripts/run_public.sh) on the same store; then runs a
bounded headless Locust (scripts/locustfile.py) against each at every number of simulated
visitors, and reads requests/s, p95 latency and errors from Locust's CSV. Everything runs on
localhost, so the load generator shares the cores with the servers it measures.
"""
from __future__ import annotations

import contextlib
import csv
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from analysis.access import deployment
from analysis.core import dutch, paths
from analysis.devtools import dashboard_server
from analysis.publish import site
from analysis.store.store import Store
from analysis.tracker import concept_versions

USERS = (50, 200, 1000)
SECONDS = 15
LOCUSTFILE = paths.ROOT / "scripts" / "locustfile.py"
TARGETS = {"static": "SiteVisitor", "streamlit": "StreamlitVisitor"}
# The request that is "the page" for each visitor class (scripts/locustfile.py names).
PAGE_REQUEST = {"SiteVisitor": "site: bijeenkomst of thema", "StreamlitVisitor": "streamlit: HTML"}


@contextlib.contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """analysis.devtools.static_server (ThreadingHTTPServer: a thread per connection) on a free port."""
    port = dashboard_server.free_port()
    proc = subprocess.Popen([sys.executable, "-m", "analysis.devtools.static_server", str(folder), str(port)],
                            cwd=paths.ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{url}/index.html", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise dashboard_server.ServerDidNotStart("http.server startte niet") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def locust(url: str, visitor: str, users: int, seconds: int, workdir: Path, site_dir: Path) -> dict:
    """One headless Locust run; the aggregated figures of its CSV."""
    prefix = workdir / f"{visitor}-{users}"
    rate = max(10, users // 3)  # everyone has arrived after about 3 seconds
    subprocess.run([sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
                    "-u", str(users), "-r", str(rate), "-t", f"{seconds}s", "--host", url,
                    "--csv", str(prefix), "--loglevel", "ERROR", visitor],
                   env={**os.environ, "NMP_LOAD_SITE": str(site_dir)}, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=seconds + 60, check=False)
    with open(f"{prefix}_stats.csv", newline="") as fh:
        rows = {r["Name"]: r for r in csv.DictReader(fh)}
    row, page = rows["Aggregated"], rows.get(PAGE_REQUEST[visitor], {})
    return {"users": users, "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
            "rps": float(row["Requests/s"]), "p50_ms": float(row["50%"] or 0),
            "p95_ms": float(row["95%"] or 0), "max_ms": float(row["Max Response Time"] or 0),
            "page_p95_ms": float(page.get("95%") or 0)}


def run_load(store: Store, users: tuple[int, ...] = USERS, seconds: int = SECONDS) -> dict:
    """Figures per target ('static', 'streamlit') and number of visitors, plus how it was run;
    the site is that of the newest concept version."""
    with tempfile.TemporaryDirectory(prefix="nmp-load-") as tmp:
        work = Path(tmp)
        os.environ.setdefault("NMP_REPORT_IMAGES", "0")  # the documents' charts do not change serving
        site.build(store, concept_versions.load_versions(store)[-1].id, work / "site")
        out: dict = {"seconds_per_run": seconds, "cpus": os.cpu_count(), "static": [], "streamlit": []}
        with static_server(work / "site") as url:
            out["static"] = [locust(url, TARGETS["static"], n, seconds, work, work / "site") for n in users]
        env = {"NMP_MODE": "public", "DATABASE_URL": store.url}
        with dashboard_server.streamlit_server(env, deployment.streamlit_flags(), work / "streamlit.log") as (url, _):
            out["streamlit"] = [locust(url, TARGETS["streamlit"], n, seconds, work, work / "site")
                                for n in users]
    return out


def format_table(r: dict) -> str:
    """The figures as the Dutch table docs/SCALE.md shows."""
    names = {"static": "statische site (threaded server)", "streamlit": "Streamlit publiek (HTML + health)"}
    lines = [f"Belasting, {r['seconds_per_run']} s per meting, {r['cpus']} kernen (ook voor Locust zelf):",
             f"  {'doel':<36} {'bezoekers':>9} {'verzoeken':>9} {'per s':>8} {'p50 ms':>7} {'p95 ms':>7} "
             f"{'pagina p95':>10} {'fouten':>7}"]
    for target, rows in ((t, r[t]) for t in TARGETS):
        for x in rows:
            lines.append(f"  {names[target]:<36} {dutch.number(x['users']):>9} {dutch.number(x['requests']):>9} "
                         f"{dutch.decimal(x['rps'], 1):>8} {dutch.number(x['p50_ms']):>7} "
                         f"{dutch.number(x['p95_ms']):>7} {dutch.number(x['page_p95_ms']):>10} "
                         f"{dutch.number(x['failures']):>7}")
    return "\n".join(lines)
