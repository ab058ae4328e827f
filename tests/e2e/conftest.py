"""The browser fixture shared by the end-to-end tests (Debian's chromium through Playwright)."""
from __future__ import annotations

import pytest
from browser_support import CHROMIUM, internal_server, own_store


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-background-networking", "--disable-gpu",
            "--disable-component-update", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def journey_store(tmp_path_factory):
    """The default data in a store of the test module's own: a journey writes to it."""
    return own_store(tmp_path_factory, "journey")


@pytest.fixture(scope="module")
def journey_server(journey_store, tmp_path_factory):
    """The internal dashboard on the module's journey_store; its base URL."""
    with internal_server(journey_store, tmp_path_factory) as url:
        yield url
