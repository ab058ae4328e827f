"""The scripted browser round of `bench --browser` on a small store (the default data): it opens
every page in chromium, does the actions of data/browser_round.toml and reports a figure per page
and action. Timings are printed, never asserted."""
from __future__ import annotations

import pytest

from analysis.access import navigation
from analysis.devtools import browser_round


def test_the_script_names_only_pages_and_controls_that_exist():
    titles = {p.title for p in navigation.all_pages()}
    script = browser_round.script()
    assert {p["title"] for p in script} <= titles
    kinds = {"select", "multiselect", "text", "slider", "radio", "toggle", "button"}
    for page in script:
        for action in page.get("actions", []):
            if action["kind"] == "key":  # a key press needs no control, only the key
                assert action["name"] and action["value"]
                continue
            assert action["kind"] in kinds and action["name"] and action["label"]


def test_without_chromium_the_round_says_why_and_the_bench_goes_on(monkeypatch):
    monkeypatch.setattr(browser_round, "chromium_path", lambda: None)
    result = browser_round.run_round("sqlite://")
    assert "chromium" in result["skipped"]
    assert "overgeslagen" in browser_round.format_round(result, "Browserronde")


@pytest.mark.skipif(browser_round.missing() is not None, reason=str(browser_round.missing()))
def test_round_on_a_small_store_reports_a_figure_per_page(default_data_store):
    result = browser_round.run_round(default_data_store.url)
    print("\n" + browser_round.format_round(result, "Browserronde, standaard dataset"))
    menu = {p.title for p in navigation.pages_for("internal", "editor")}
    assert set(result["pages"]) == menu & {p["title"] for p in browser_round.script()}
    assert result["not_in_menu"] == []
    for title, page in result["pages"].items():
        opened = page["actions"][0]
        assert opened["action"] == "openen (warm)"
        assert isinstance(opened["s"], float) and opened["s"] >= 0, title
        assert not [a for a in page["actions"] if a.get("error")], title
        for action in page["actions"]:
            if action.get("available", True):
                assert isinstance(action["s"], float), (title, action)
                assert action["server_cpu_s"] is not None and action["browser_cpu_s"] is not None
    # the default data has enough rows for a second page of Bijdragen and of the public search
    for title, name in [("Bijdragen", "volgende pagina van de tabel"),
                        ("Wat is er met uw input gedaan?", "volgende pagina")]:
        assert next(a for a in result["pages"][title]["actions"] if a["action"] == name).get("available", True)
    assert set(browser_round.slowest(result)) == set(result["pages"])


@pytest.mark.skipif(browser_round.missing() is not None, reason=str(browser_round.missing()))
def test_the_round_runs_beside_another_sync_playwright(default_data_store):
    """The end-to-end tests keep a session browser open in the same test worker; the round
    used to fail there with "Sync API inside the asyncio loop"."""
    from playwright.sync_api import sync_playwright

    with sync_playwright():
        result = browser_round.run_round(default_data_store.url, pages=[])
    assert "skipped" not in result and result["pages"] == {}
    assert result["cold_first_page_s"] > 0
