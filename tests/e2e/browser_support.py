"""Shared browser-test plumbing: a real `streamlit run` and Debian's chromium via Playwright.

Playwright's own browser download does not work here, so chromium comes from Debian
(scripts/test.sh installs it); tests are skipped where it is missing.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.core.paths import ROOT
from analysis.devtools import dashboard_server

CHROMIUM = os.environ.get("NMP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
READY = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed")


@contextlib.contextmanager
def streamlit_server(env: dict[str, str], flags: list[str], log_path: Path) -> Iterator[str]:
    """`streamlit run dashboard.py` on a free port (analysis.devtools.dashboard_server); yields its base URL."""
    try:
        with dashboard_server.streamlit_server(env, flags, log_path) as (url, _pid):
            yield url
    except dashboard_server.ServerDidNotStart as exc:
        pytest.fail(str(exc))


def own_store(tmp_path_factory, name: str):
    """The default data in a store of the test module's own, for journeys that write to it."""
    from analysis.ingest.pipeline import ingest_paths
    from analysis.store.store import Store

    store = Store(url=f"sqlite:///{tmp_path_factory.mktemp(name)}/store.sqlite")
    ingest_paths(store)
    return store


@contextlib.contextmanager
def internal_server(store, tmp_path_factory) -> Iterator[str]:
    """The internal dashboard on `store`; yields its base URL."""
    env = {"DATABASE_URL": store.url, "NMP_MODE": "internal"}
    with streamlit_server(env, [], tmp_path_factory.mktemp("log") / "streamlit.log") as url:
        yield url


def settle(page, timeout: float = 120_000) -> None:
    """Connected and no script running (as in Streamlit's own e2e tests), after a rerun could start."""
    page.wait_for_selector(READY, timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE, timeout=timeout)


# Records, in the page, every change of the app's script state with performance.now(): the
# honest end of an action is the last return to notRunning after the click, with no fixed wait.
_WATCH = """() => {
  if (window.__nmpStates) { return; }
  const app = document.querySelector('[data-testid="stApp"]');
  window.__nmpStates = [];
  new MutationObserver(() => window.__nmpStates.push(
      [performance.now(), app.getAttribute('data-test-script-state')]))
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
_SINCE = "(t) => window.__nmpStates.filter(s => s[0] >= t)"


def _state(page) -> str:
    return page.evaluate("() => document.querySelector('[data-testid=\"stApp\"]')"
                         ".getAttribute('data-test-script-state')")


def action_seconds(page, do, start_ms: int = 1500, quiet_ms: int = 250,
                   timeout: float = 120.0) -> float:
    """Seconds from the start of `do()` (a click, a key press) until the app's script is idle
    again, measured in the page: a MutationObserver on stApp's data-test-script-state records
    each transition with performance.now(). The action ends at the last return to notRunning
    once no new rerun has started for quiet_ms; when no rerun starts within start_ms, the
    action started none and counts only its own time. Neither wait is counted."""
    page.evaluate(_WATCH)
    start = page.evaluate("() => performance.now()")
    do()
    end = page.evaluate("() => performance.now()")
    deadline = time.monotonic() + timeout
    while True:
        states = page.evaluate(_SINCE, start)
        now = page.evaluate("() => performance.now()")
        running = _state(page) == "running"
        if not states and not running and now - end >= start_ms:
            return (end - start) / 1000  # no rerun: only the action itself
        idle = [t for t, s in states if s == "notRunning"]
        if states and idle and not running and now - states[-1][0] >= quiet_ms:
            return (max(idle[-1], end) - start) / 1000
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not become idle after the action")
        page.wait_for_timeout(40)


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_serious(page) -> list[dict]:
    """Serious or critical axe-core WCAG 2.1 AA violations on the page as it is drawn now."""
    if not AXE.exists():
        pytest.skip("axe-core missing: run scripts/test.sh (npm install)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]
