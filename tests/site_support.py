"""Building the static site in tests and reading it back (tests/publish, tests/e2e).

Import as `from site_support import ...` (pytest puts tests/ on sys.path). The report charts
are left out (NMP_REPORT_IMAGES=0): they are the report tests' business and cost seconds each.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from analysis.publish import site
from analysis.store.store import Store

# English that Streamlit, plotly or Pagefind would show; none of it may appear in the site.
ENGLISH = ["Skip to main content", "Page not found", "Help for", "Link to heading", "Zoom", "Pan",
           "Search", "No results", "Load more", "Clear", "Reset", "results for", "Loading",
           "Running", "Download plot", "Autoscale", "Show more", "Close", "Made with"]
# Raw values a person must never read: theme and status ids, Python's words for missing/yes/no.
RAW = re.compile(r"\b(True|False|None|nan|NaN|<NA>|doelen_waarden|gezondheid_framing|"
                 r"deels_verwerkt|niet_verwerkt|al_in_beleid)\b")


def build(store: Store, folder: Path, version: str = "v4") -> site.Published:
    old = os.environ.get("NMP_REPORT_IMAGES")
    os.environ["NMP_REPORT_IMAGES"] = "0"
    try:
        return site.build(store, version, folder)
    finally:
        if old is None:
            os.environ.pop("NMP_REPORT_IMAGES", None)
        else:
            os.environ["NMP_REPORT_IMAGES"] = old


def pages(folder: Path) -> list[Path]:
    """The site's own pages (not Pagefind's bundle)."""
    return sorted(p for p in folder.rglob("*.html") if "pagefind" not in p.relative_to(folder).parts)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        self.parts += [v for k, v in attrs if k in ("aria-label", "title", "alt", "placeholder") and v]

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """What a person (or a screen reader) reads: text and accessible names, no markup."""
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """folder over HTTP on a free local port (the standard library's threaded server)."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass
