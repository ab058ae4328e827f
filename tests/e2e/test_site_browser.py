"""The static public site in chromium, served by the standard library's threaded HTTP server:
axe-core finds no serious or critical WCAG 2.1 AA violation on any page at desktop and phone
width (390 px), nothing scrolls sideways on a phone, and Pagefind's search answers in Dutch."""
from __future__ import annotations

import re

import pytest
from browser_support import axe_serious, needs_chromium
from site_support import ENGLISH, build, pages, served

from analysis.core import config
from analysis.store.store import Store

pytestmark = needs_chromium
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "telefoon": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def site_url(default_data_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("site-browser") / "site"
    build(Store(url=default_data_store.url, read_only=True), folder)
    with served(folder) as url:
        yield url, [p.relative_to(folder).as_posix() for p in pages(folder)]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_page_has_no_serious_axe_violation(browser, site_url, viewport):
    url, files = site_url
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    found = {}
    for file in files:
        page.goto(f"{url}/{file}")
        page.wait_for_load_state("networkidle")
        if problems := axe_serious(page):
            found[file] = problems
        if viewport == "telefoon":
            wide = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
            assert not wide, f"{file} scrolls sideways on a phone"
    context.close()
    assert found == {}


def _search_text(page) -> str:
    """What the search area shows and tells a screen reader: text and accessible names."""
    return page.evaluate("""() => {
      const box = document.querySelector('#zoeken');
      const names = [...box.querySelectorAll('*')].flatMap(e =>
          ['aria-label', 'placeholder', 'title', 'value'].map(a => e.getAttribute(a) || ''));
      return box.innerText + ' ' + names.join(' ');
    }""")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_search_answers_in_dutch(browser, site_url, viewport):
    url, _ = site_url
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    page.goto(f"{url}/zoeken.html")
    box = page.locator("#zoeken input")
    box.wait_for()
    example = config.data_toml("public.toml")["search_example"]
    box.fill(example)
    page.wait_for_selector(".pagefind-ui__result", timeout=20_000)
    shown = _search_text(page)
    assert re.search(r"\d+ resultaten? voor", shown), shown[:300]
    assert [w for w in ENGLISH if re.search(rf"\b{re.escape(w)}\b", shown)] == [], shown[:500]
    assert axe_serious(page) == []
    box.fill("qqqxyzzy")
    page.wait_for_function("() => document.querySelector('#zoeken').innerText.includes('Geen resultaten')")
    assert [w for w in ENGLISH if re.search(rf"\b{re.escape(w)}\b", _search_text(page))] == []
    first = page.locator(".pagefind-ui__result-link").first
    box.fill(example)
    first.wait_for()
    href = first.get_attribute("href")
    assert href.startswith("/bijeenkomst/"), href
    context.close()
