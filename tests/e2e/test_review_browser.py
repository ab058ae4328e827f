"""The review workbench in a real browser on the default data: 20 suggestions through the queue
(accept a proposal, another section, "niet in het programma", a group decision, a theme
correction), each stored result checked; clicks per decision and seconds per action printed
(never asserted). Screenshots go to test-artifacts/review/.
"""
from __future__ import annotations

import time

import pytest
from browser_support import needs_chromium, settle, streamlit_server

from analysis.core.paths import ROOT
from analysis.ingest.pipeline import ingest_paths
from analysis.store.store import Store
from analysis.tracker import queries

ARTIFACTS = ROOT / "test-artifacts" / "review"
pytestmark = needs_chromium


@pytest.fixture(scope="module")
def review_store(tmp_path_factory) -> Store:
    s = Store(url=f"sqlite:///{tmp_path_factory.mktemp('review')}/store.sqlite")
    ingest_paths(s)
    return s


@pytest.fixture(scope="module")
def server(review_store, tmp_path_factory):
    env = {"DATABASE_URL": review_store.url, "NMP_MODE": "internal"}
    with streamlit_server(env, [], tmp_path_factory.mktemp("log") / "streamlit.log") as url:
        yield url


class Clicks:
    """Counts interactions and times each one (click until the app is idle again)."""

    def __init__(self, page):
        self.page, self.n, self.seconds = page, 0, []

    def __call__(self, locator) -> None:
        start = time.monotonic()
        locator.click()
        settle(self.page)
        self.n += 1
        self.seconds.append(time.monotonic() - start)
        self.page.wait_for_timeout(200)  # a fragment rerun may start just after the click


def _main(page):
    return page.locator('[data-testid="stMain"]')


def _written(store: Store, after: int) -> list[dict]:
    """Decision rows written after audit id `after` (one audit entry per decision)."""
    log = queries.audit_log(store)
    new = log[(log["id"] > after) & (log["action"] == "besluit")]
    ids = new["suggestion_id"].tolist()
    return queries.current_decisions(store, ids).to_dict("records") if ids else []


def _last_audit(store: Store) -> int:
    log = queries.audit_log(store)
    return int(log["id"].max()) if len(log) else 0


def _best_section(store: Store, sid: str) -> str:
    links = queries.current_links(store, sid)
    links = links[(links["version"] == "v4") & (links["state"] != "afgewezen")]
    return links.sort_values("score", ascending=False)["section"].iloc[0]


def test_review_twenty_suggestions_through_the_queue(server, browser, review_store):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    page.set_default_timeout(60_000)
    page.goto(f"{server}/beoordelen")
    settle(page)
    page.get_by_role("heading", name="Beoordelen: suggestie voor suggestie").wait_for()
    page.get_by_label("Uw naam (voor de geschiedenis)").fill("Anna")
    page.keyboard.press("Enter")
    settle(page)
    # the largest group first: the first decision is a group decision
    page.get_by_text("Wachtrij kiezen: filters en volgorde").click()
    page.get_by_label("Volgorde").click()
    page.get_by_role("option", name="Grootste groep eerst").click()
    settle(page)
    _main(page).get_by_text("Wachtrij kiezen: filters en volgorde").click()  # fold it again
    settle(page)
    page.screenshot(path=str(ARTIFACTS / "01-werkbank.png"))

    per_kind: dict[str, list[int]] = {}
    seconds: list[float] = []
    theme_done = False
    for n in range(20):
        click = Clicks(page)
        before = _last_audit(review_store)
        save = _main(page).get_by_role("button", name="Opslaan")
        label = save.first.inner_text()
        group = int(label.split()[2]) if label.startswith("Opslaan voor") else 1
        if n == 0 or (group > 1 and "groep" not in per_kind):
            kind = "groep, niet in het programma"
            click(page.get_by_role("button", name="Niet in het programma"))
            prefilled = page.get_by_role("textbox", name="Openbare toelichting").input_value()
        elif n % 5 == 3 or not _main(page).get_by_role("button", name="Overnemen").count():
            kind = "andere sectie"
            click(page.get_by_role("combobox", name="Status").last)
            click(page.get_by_role("option", name="Deels verwerkt", exact=True))
            click(page.get_by_role("combobox", name="Sectie in").last)
            click(page.get_by_role("option").nth(1))
            prefilled = page.get_by_role("textbox", name="Openbare toelichting").input_value()
        elif n % 5 == 4:
            kind = "niet in het programma"
            click(page.get_by_role("button", name="Niet in het programma"))
            prefilled = page.get_by_role("textbox", name="Openbare toelichting").input_value()
        else:
            kind = "voorstel overnemen"
            click(_main(page).get_by_role("button", name="Overnemen").first)
            prefilled = page.get_by_role("textbox", name="Openbare toelichting").input_value()
        if not prefilled:
            page.screenshot(path=str(ARTIFACTS / f"fout-{n}.png"))
        assert prefilled.startswith(("Uw suggestie", "Een deel")), (n, kind, prefilled)
        if n == 2:
            page.screenshot(path=str(ARTIFACTS / "02-voorstel-overgenomen.png"))
        click(_main(page).get_by_role("button", name="Opslaan", exact=False).filter(
            has_text="en volgende").first)
        written = _written(review_store, before)
        for _ in range(30):  # the write is committed when the rerun ends; poll briefly
            if written:
                break
            page.wait_for_timeout(500)
            written = _written(review_store, before)
        if not written:
            page.screenshot(path=str(ARTIFACTS / f"fout-{n}.png"))
        assert written, (n, kind, label)
        assert len(written) == group, (kind, label, written)  # exactly the group shown, no more
        status = {w["status"] for w in written}
        if "niet in het programma" in kind:
            assert status == {"niet_verwerkt"} and {w["section"] for w in written} == {None}
        elif kind == "andere sectie":
            assert status == {"deels_verwerkt"} and all(w["section"] for w in written)
        else:
            assert status == {"verwerkt"}
            sections = {w["section"] for w in written}  # the lead's best proposal, for the group
            assert len(sections) == 1
            assert sections <= {_best_section(review_store, w["suggestion_id"]) for w in written}
        assert all(w["actor"] == "Anna" and w["public_explanation"] for w in written)
        per_kind.setdefault(kind if not kind.startswith("groep") else "groep", []).append(click.n)
        seconds += click.seconds

        if not theme_done and n == 6:  # one theme correction on the next suggestion
            click = Clicks(page)
            click(page.get_by_text("Thema's bevestigen of wijzigen"))
            box = page.get_by_label("Thema's (de eerste is het hoofdthema)")
            click(box)
            click(page.get_by_role("option", name="Internationale strategie"))
            page.keyboard.press("Escape")
            click(page.get_by_role("button", name="Thema's opslaan"))
            codes = review_store.human_codes()
            assert len(codes) == 1 and "internationaal" in codes["themes"].iloc[0].split(";")
            per_kind["thema corrigeren"] = [click.n]
            seconds += click.seconds
            theme_done = True

    page.screenshot(path=str(ARTIFACTS / "03-na-twintig.png"))
    decided = queries.current_decisions(review_store)
    assert len(decided) >= 20 and theme_done
    warm = sorted(seconds[5:])
    print("\nWerkbank: klikken per besluit: " + ", ".join(
        f"{k}: {sum(v) / len(v):.1f} (n={len(v)})" for k, v in per_kind.items()))
    print(f"Werkbank: seconden per handeling (warm): mediaan {warm[len(warm) // 2]:.2f}, "
          f"90e percentiel {warm[int(len(warm) * 0.9)]:.2f}, max {warm[-1]:.2f} (n={len(warm)})")
    page.close()
