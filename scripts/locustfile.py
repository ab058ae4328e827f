"""Simulated visitors for `python -m analysis bench --load` (analysis/devtools/load_bench.py).

Kept outside analysis/: importing locust patches the standard library (gevent), which must not
happen in the app or in the tests' import of every analysis module. Each visitor waits 1-3 s
between clicks, as a person reading does.

SiteVisitor: the static site: the overview, a session or theme page, and now and then a search
(the search page, Pagefind's scripts, its entry file, the Dutch WebAssembly and one index chunk,
as the browser loads them).
StreamlitVisitor: the Streamlit public view, as far as HTTP goes: on arrival the HTML shell and the
scripts, style sheets and fonts it names (about 60, as a browser's first visit loads them), then
the page and the health check. It does not open the
websocket session, so it runs no Python per visitor and per click: see docs/SCALE.md.
"""
from __future__ import annotations

import os
import random
import re
from pathlib import Path

from locust import FastHttpUser, between, task

SITE = Path(os.environ.get("NMP_LOAD_SITE", "."))


def _files(pattern: str) -> list[str]:
    return sorted(p.relative_to(SITE).as_posix() for p in SITE.glob(pattern))


SEARCH_FILES = ["pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css", "pagefind/pagefind.js",
                "pagefind/pagefind-entry.json", *_files("pagefind/wasm.nl*"), *_files("pagefind/index/*.pf_index")[:1]]
PAGES = _files("*/*.html")


class SiteVisitor(FastHttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.get("/index.html", name="site: overzicht")
        self.client.get("/site.css", name="site: stijl")

    @task(3)
    def overview(self) -> None:
        self.client.get("/index.html", name="site: overzicht")

    @task(5)
    def page(self) -> None:
        self.client.get(f"/{random.choice(PAGES)}", name="site: bijeenkomst of thema")

    @task(1)
    def search(self) -> None:
        self.client.get("/zoeken.html", name="site: zoeken")
        for file in SEARCH_FILES:
            self.client.get(f"/{file}", name="site: zoekindex")


class StreamlitVisitor(FastHttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        shell = self.client.get("/", name="streamlit: HTML").text or ""
        for asset in re.findall(r'(?:src|href)="\./(static/[^"]+\.(?:js|css|woff2))"', shell):
            self.client.get(f"/{asset}", name="streamlit: script en stijl")

    @task(3)
    def shell(self) -> None:
        self.client.get("/", name="streamlit: HTML")

    @task(1)
    def health(self) -> None:
        self.client.get("/_stcore/health", name="streamlit: health")
