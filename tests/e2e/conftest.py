"""The browser fixture shared by the end-to-end tests (Debian's chromium through Playwright)."""
from __future__ import annotations

import pytest
from browser_support import CHROMIUM


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-background-networking", "--disable-gpu",
            "--disable-component-update", "--no-first-run"])
        yield b
        b.close()
