"""A scripted browser round: warm action times per page in Debian's chromium (devtools stage).

`run_round(store_url)` starts `streamlit run dashboard.py` on the store, opens it in chromium
through Playwright, visits every page once (first visit: its data is computed), then opens each
page again from the menu and does the actions of data/browser_round.toml (pick a theme, filter,
page through a table, search, ...). Each action is timed in the browser: a MutationObserver on
`[data-testid="stApp"]` records when `data-test-script-state` changes (performance.now()), and
capture listeners record every click and key press; an action takes from the last click or key
press before its rerun started until the script state is notRunning again and stays so for
QUIET_MS (the wait for a second rerun is not part of the figure). No fixed sleeps are timed.

Playwright is a dev dependency and chromium a system package: when either is missing the round
returns {"skipped": reason} and the bench carries on.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from analysis.core.config import data_toml
from analysis.core.dutch import decimal
from analysis.devtools import dashboard_server

READY = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
QUIET_MS = 600  # no new rerun for this long after notRunning: the action is done
START_MS = 4000  # an action whose rerun has not started by then caused none
FIND_MS = 4000  # how long to look for an action's control before calling it not available
ACT_MS = 30_000  # a click or key press that cannot be done within this is a failed action
SETTLE_MS = 300_000  # a page's first visit at 100k may take minutes on a loaded machine

_OBSERVE = """() => {
  if (window.__nmpRound) return;
  const app = document.querySelector('[data-testid="stApp"]');
  const log = window.__nmpRound = {states: [], inputs: [], drawn: []};
  log.states.push({s: app.getAttribute('data-test-script-state'), t: performance.now()});
  new MutationObserver(records => {
    const t = performance.now();
    for (const r of records) {
      if (r.oldValue) log.states.push({s: 'was:' + r.oldValue, t});
      log.states.push({s: app.getAttribute('data-test-script-state'), t});
    }
  }).observe(app, {attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state']});
  new MutationObserver(() => log.drawn.push(performance.now()))
    .observe(app, {childList: true, subtree: true, characterData: true});
  for (const kind of ['pointerdown', 'keydown'])
    document.addEventListener(kind, () => log.inputs.push(performance.now()), true);
}"""
_STARTED = """t0 => window.__nmpRound.states.some(e => e.t >= t0 &&
  (e.s === 'running' || e.s === 'was:running' || e.s === 'rerunRequested'))"""
_IDLE_SINCE = """t0 => { const s = window.__nmpRound.states; const last = s[s.length - 1];
  return last.s === 'notRunning' && last.t >= t0 ? last.t : null; }"""


def chromium_path() -> str | None:
    """Debian's chromium (or NMP_CHROMIUM), or None when it is not installed."""
    found = os.environ.get("NMP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return found if Path(found).exists() else None


def missing() -> str | None:
    """Why the round cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is niet geïnstalleerd (pip install -r requirements-dev.txt)"
    if chromium_path() is None:
        return "chromium is niet geïnstalleerd (apt-get install chromium)"
    return None


def script() -> list[dict]:
    """The pages and their actions (data/browser_round.toml)."""
    return data_toml("browser_round.toml")["pages"]


def streamlit_app(store_url: str, log_path: Path, mode: str = "internal"):
    """The dashboard on store_url in `mode` (internal or public), for the round."""
    return dashboard_server.streamlit_server({"DATABASE_URL": store_url, "NMP_MODE": mode},
                                             ["--server.fileWatcherType=none"], log_path)


def server_cpu(pid: int) -> float | None:
    """CPU seconds (user + system, all threads) the server process has used so far (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _settle(page) -> None:
    page.wait_for_selector(READY, timeout=SETTLE_MS)
    page.wait_for_selector(IDLE, timeout=SETTLE_MS)


def timed(page, act) -> float | None:
    """Seconds from the last input before the rerun to a quiet notRunning; None: no rerun."""
    page.evaluate(_OBSERVE)
    t0 = page.evaluate("performance.now()")
    page.set_default_timeout(ACT_MS)
    try:
        act()
    finally:
        page.set_default_timeout(SETTLE_MS)
    try:
        page.wait_for_function(_STARTED, arg=t0, timeout=START_MS, polling=20)
    except Exception:  # noqa: BLE001 - playwright's TimeoutError: no script state change seen
        return _drawn(page, t0)
    end = t0
    while True:
        end = page.wait_for_function(_IDLE_SINCE, arg=end, timeout=SETTLE_MS, polling=20).json_value()
        page.wait_for_timeout(QUIET_MS)  # not timed: only looks for a second rerun
        if not page.evaluate(_STARTED, end + 0.001):
            break
    inputs = [t for t in page.evaluate("window.__nmpRound.inputs") if t0 <= t <= end]
    start = inputs[-1] if inputs else t0
    runs = page.evaluate(f"window.__nmpRound.states.filter(e => e.t >= {t0} && e.s === 'running')")
    if runs:  # the last input before the first rerun began, not a key press during it
        before = [t for t in inputs if t <= runs[0]["t"]]
        start = before[-1] if before else t0
    return round((end - start) / 1000, 3)


def _drawn(page, t0: float) -> float | None:
    """A rerun too short to show in the script state: input to the last change of the page."""
    log = page.evaluate("window.__nmpRound")
    drawn = [t for t in log["drawn"] if t >= t0]
    inputs = [t for t in log["inputs"] if t >= t0 and (not drawn or t <= drawn[0])]
    return round((drawn[-1] - inputs[-1]) / 1000, 3) if drawn and inputs else None


def _control(page, action: dict):
    label, kind = action.get("label", ""), action["kind"]
    main = page.locator('[data-testid="stMain"]')
    if kind in ("select", "multiselect"):
        return main.get_by_role("combobox", name=label, exact=True).first
    if kind == "text":
        return main.get_by_role("textbox", name=label, exact=True).first
    if kind == "slider":
        return main.get_by_role("slider", name=label).first
    if kind == "radio":  # the option's label takes the click (the input itself is hidden)
        return main.get_by_role("radiogroup", name=label).locator("label").filter(has_text=action["value"]).first
    if kind == "toggle":
        return main.locator("label").filter(has_text=label).first
    return main.get_by_role("button", name=label).first


def _act(page, control, action: dict):
    kind = action["kind"]
    if kind in ("select", "multiselect"):
        def pick():
            control.click()
            options = page.get_by_role("option")
            options.nth(min(int(action.get("option", 0)), options.count() - 1)).click()
            if kind == "multiselect":
                page.keyboard.press("Escape")
        return pick
    if kind == "text":
        def type_in():
            control.fill(action["value"])
            control.press("Enter")
        return type_in
    if kind == "key":
        def press():
            page.evaluate("document.activeElement && document.activeElement.blur()")
            page.keyboard.press(action["value"])
        return press
    if kind == "slider":
        def slide():
            control.focus()
            control.press(action.get("key", "ArrowRight"))
        return slide
    return control.click


def _available(page, control, action: dict) -> bool:
    if action["kind"] == "key":
        return True
    try:
        control.wait_for(state="visible", timeout=FIND_MS)
    except Exception:  # noqa: BLE001 - playwright's TimeoutError: not on this page with this data
        return False
    if action["kind"] in ("select", "multiselect"):
        control.click()
        try:
            page.get_by_role("option").first.wait_for(timeout=FIND_MS)
            n = page.get_by_role("option").count()
        except Exception:  # noqa: BLE001 - an empty list
            n = 0
        page.keyboard.press("Escape")
        return n > int(action.get("option", 0)) or (action["kind"] == "multiselect" and n > 0)
    return True


def _menu(page, title: str):
    return lambda: page.locator('[data-testid="stSidebarNavLink"]', has_text=title).first.click()


def _browser_cpu(cdp) -> float | None:
    """Seconds the page's main thread has been busy (Chrome DevTools Performance.TaskDuration)."""
    try:
        metrics = cdp.send("Performance.getMetrics")["metrics"]
    except Exception:  # noqa: BLE001 - an older chromium without the domain
        return None
    return next((m["value"] for m in metrics if m["name"] == "TaskDuration"), None)


def _measure(page, pid: int, act, cdp=None) -> dict:
    """Browser seconds of one action; the server's CPU seconds and the page's main-thread busy
    seconds meanwhile (what the action costs on an idle machine, without the wait for others)."""
    before, busy = server_cpu(pid), _browser_cpu(cdp) if cdp else None
    s = timed(page, act)
    after, busy_after = server_cpu(pid), _browser_cpu(cdp) if cdp else None
    cpu = round(after - before, 2) if before is not None and after is not None else None
    page_cpu = round(busy_after - busy, 2) if busy is not None and busy_after is not None else None
    return {"s": s, "server_cpu_s": cpu, "browser_cpu_s": page_cpu}


def run_round(store_url: str, pages: list[dict] | None = None, log_dir: Path | None = None) -> dict:
    """Per page: seconds of its first visit, of opening it again (warm) and of every action."""
    reason = missing()
    if reason:
        return {"skipped": reason}
    pages = pages if pages is not None else script()
    # Its own thread: Playwright's sync API refuses to start in a thread where another sync
    # Playwright (the end-to-end tests' session browser, in the same test worker) is running.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_round, store_url, pages, log_dir).result()


def _round(store_url: str, pages: list[dict], log_dir: Path | None) -> dict:
    from playwright.sync_api import sync_playwright

    out: dict = {"pages": {}}
    with tempfile.TemporaryDirectory(prefix="nmp-browser-") as tmp:
        log = (log_dir or Path(tmp)) / "streamlit.log"
        with streamlit_app(store_url, log) as (url, pid), sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_path(), args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run"])
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1600})
                page.set_default_timeout(SETTLE_MS)
                cdp = page.context.new_cdp_session(page)
                cdp.send("Performance.enable")
                start = time.perf_counter()
                page.goto(url)
                _settle(page)
                out["cold_first_page_s"] = round(time.perf_counter() - start, 3)
                menu = page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
                shown = {p["title"] for p in pages if any(p["title"] in m.splitlines() for m in menu)}
                todo = [p for p in pages if p["title"] in shown]
                out["not_in_menu"] = [p["title"] for p in pages if p["title"] not in shown]
                for p in todo:
                    first = _measure(page, pid, _menu(page, p["title"]), cdp)
                    out["pages"][p["title"]] = {"first_visit_s": first["s"], "actions": []}
                for p in todo:
                    out["pages"][p["title"]]["actions"] = _page_actions(page, pid, p, cdp)
            finally:
                browser.close()
    return out


def _page_actions(page, pid: int, spec: dict, cdp) -> list[dict]:
    rows = [{"action": "openen (warm)", **_measure(page, pid, _menu(page, spec["title"]), cdp)}]
    for action in spec.get("actions", []):
        control = _control(page, action)
        if not _available(page, control, action):
            rows.append({"action": action["name"], "s": None, "server_cpu_s": None, "available": False})
            continue
        try:
            rows.append({"action": action["name"], **_measure(page, pid, _act(page, control, action), cdp)})
        except Exception as exc:  # noqa: BLE001 - one failed action must not end the round
            rows.append({"action": action["name"], "s": None, "server_cpu_s": None, "available": False,
                         "failed": str(exc).splitlines()[0][:200]})
            page.keyboard.press("Escape")
            continue
        if page.locator('[data-testid="stException"]').count():
            rows[-1]["error"] = page.locator('[data-testid="stException"]').first.inner_text()[:300]
    return rows


def slowest(result: dict) -> dict[str, float | None]:
    """Per page: its slowest warm action (opening it again included), in seconds."""
    return {title: max((a["s"] for a in p.get("actions", []) if a["s"] is not None), default=None)
            for title, p in result.get("pages", {}).items()}


def format_round(result: dict, heading: str) -> str:
    """The round as lines people read: per page, the first visit and every warm action."""
    if "skipped" in result:
        return f"{heading}: overgeslagen, {result['skipped']}"
    lines = [f"{heading} (eerste pagina koud: {decimal(result['cold_first_page_s'], 1)} s)"]
    for title, p in result["pages"].items():
        first = p["first_visit_s"]
        lines.append(f"  {title}: eerste bezoek {decimal(first) if first is not None else '-'} s")
        for a in p.get("actions", []):
            s = (f"mislukt: {a['failed']}" if a.get("failed") else "niet beschikbaar"
                 if a.get("available") is False else "geen herberekening" if a["s"] is None else f"{decimal(a['s'])} s")
            cpu = "".join(f", {name} {decimal(a[k])} s" for k, name in (("server_cpu_s", "server-CPU"),
                          ("browser_cpu_s", "browser bezig")) if a.get(k) is not None)
            cpu = f" ({cpu[2:]})" if cpu else ""
            lines.append(f"    {a['action']:<32} {s}{cpu}{'  FOUT OP PAGINA' if a.get('error') else ''}")
    if result.get("not_in_menu"):
        lines.append(f"  niet in het menu: {', '.join(result['not_in_menu'])}")
    return "\n".join(lines)


def on_default_data(log_dir: Path | None = None) -> dict:
    """The round on the default data set, ingested into a temporary store."""
    reason = missing()
    if reason:
        return {"skipped": reason}
    from analysis.ingest.pipeline import ingest_paths
    from analysis.store.store import Store

    with tempfile.TemporaryDirectory(prefix="nmp-browser-store-") as tmp:
        store = Store(url=f"sqlite:///{Path(tmp) / 'store.sqlite'}")
        ingest_paths(store)
        return {"rows": store.count(), **run_round(store.url, log_dir=log_dir)}
