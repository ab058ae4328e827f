"""The review workbench in a real browser on the default data: 20 suggestions through the queue
(accept a proposal, another section, "niet in het programma", a group decision, a theme
correction for the group shown), each stored result checked (accepted proposals confirm their
link); axe-core on the workbench with a proposal accepted; clicks per decision and seconds per
action printed (never asserted), each from the click until the app's script state is notRunning
again (browser_support.action_seconds). Screenshots go to test-artifacts/review/.
"""
from __future__ import annotations

import statistics

import pytest
from browser_support import action_seconds, axe_serious, needs_chromium, settle, streamlit_server

from analysis.core.paths import ROOT
from analysis.ingest.pipeline import ingest_paths
from analysis.store.store import Store
from analysis.tracker import queries
from analysis.views import frame as views_frame

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
    """Counts interactions and times each one with action_seconds: from the click until the
    app's script state is back at notRunning (no fixed waits counted)."""

    def __init__(self, page, timings: dict[str, list[float]]):
        self.page, self.n, self.timings = page, 0, timings

    def __call__(self, locator, what: str) -> None:
        self.timings.setdefault(what, []).append(action_seconds(self.page, locator.click))
        self.n += 1


def _figures(values: list[float]) -> str:
    v = sorted(values)
    return (f"mediaan {statistics.median(v):.2f}, 90e percentiel {v[min(len(v) - 1, int(len(v) * 0.9))]:.2f}, "
            f"max {v[-1]:.2f} (n={len(v)})")


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


def _confirmed(store: Store, sid: str, section: str) -> bool:
    links = queries.current_links(store, sid)
    mine = links[(links["version"] == "v4") & (links["section"] == section)]
    return mine["state"].tolist() == ["bevestigd"]


def test_review_twenty_suggestions_through_the_queue(server, browser, review_store):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    page.set_default_timeout(60_000)
    page.goto(f"{server}/beoordelen")
    settle(page)
    page.get_by_role("heading", name="Beoordelen: suggestie voor suggestie").wait_for()
    page.get_by_label("Uw naam (voor de geschiedenis)").fill("Anna")
    action_seconds(page, lambda: page.keyboard.press("Enter"))
    # the largest group first: the first decision is a group decision
    action_seconds(page, page.get_by_text("Wachtrij kiezen: filters en volgorde").click)
    action_seconds(page, page.get_by_label("Volgorde").click)
    action_seconds(page, page.get_by_role("option", name="Grootste groep eerst").click)
    action_seconds(page, _main(page).get_by_text("Wachtrij kiezen: filters en volgorde").click)
    page.screenshot(path=str(ARTIFACTS / "01-werkbank.png"))

    per_kind: dict[str, list[int]] = {}
    timings: dict[str, list[float]] = {}
    theme_done = False
    for n in range(20):
        click = Clicks(page, timings if n >= 2 else {})  # the first two decisions warm the caches
        before = _last_audit(review_store)
        save = _main(page).get_by_role("button", name="Opslaan")
        label = save.first.inner_text()
        group = int(label.split()[2]) if label.startswith("Opslaan voor") else 1
        if n == 0 or (group > 1 and "groep" not in per_kind):
            kind = "groep, niet in het programma"
            click(page.get_by_role("button", name="Niet in het programma"), "niet in het programma")
        elif n % 5 == 3 or not _main(page).get_by_role("button", name="Overnemen").count():
            kind = "andere sectie"
            click(page.get_by_role("combobox", name="Status").last, "keuzelijst openen")
            click(page.get_by_role("option", name="Deels verwerkt", exact=True), "status kiezen")
            click(page.get_by_role("combobox", name="Sectie in").last, "keuzelijst openen")
            click(page.get_by_role("option").nth(1), "sectie kiezen")
        elif n % 5 == 4:
            kind = "niet in het programma"
            click(page.get_by_role("button", name="Niet in het programma"), "niet in het programma")
        else:
            kind = "voorstel overnemen"
            click(_main(page).get_by_role("button", name="Overnemen").first, "voorstel overnemen")
        prefilled = page.get_by_role("textbox", name="Openbare toelichting").input_value()
        if not prefilled:
            page.screenshot(path=str(ARTIFACTS / f"fout-{n}.png"))
        expected = {"andere sectie": "Een deel van uw suggestie staat in",
                    "voorstel overnemen": "Uw suggestie staat in"}.get(kind, "Uw suggestie staat niet in")
        assert prefilled.startswith(expected), (n, kind, prefilled)  # this status's own template
        assert page.get_by_role("textbox", name="Interne notitie").input_value() == ""
        if n == 2:
            page.screenshot(path=str(ARTIFACTS / "02-voorstel-overgenomen.png"))
            violations = axe_serious(page)  # the workbench with a proposal accepted
            assert violations == [], violations
        click(_main(page).get_by_role("button", name="Opslaan", exact=False).filter(
            has_text="en volgende").first, "opslaan en volgende")
        written = _written(review_store, before)
        if not written:
            page.screenshot(path=str(ARTIFACTS / f"fout-{n}.png"))
        assert written, (n, kind, label)  # committed before the rerun ended
        assert len(written) == group, (kind, label, written)  # exactly the group shown, no more
        status = {w["status"] for w in written}
        if "niet in het programma" in kind:
            assert status == {"niet_verwerkt"} and {w["section"] for w in written} == {None}
        elif kind == "andere sectie":
            assert status == {"deels_verwerkt"} and all(w["section"] for w in written)
            assert not any(_confirmed(review_store, w["suggestion_id"], w["section"]) for w in written)
        else:
            assert status == {"verwerkt"}
            sections = {w["section"] for w in written}  # the lead's best proposal, for the group
            assert len(sections) == 1
            assert sections <= {_best_section(review_store, w["suggestion_id"]) for w in written}
            # accepting the proposal confirmed that link for every member
            assert all(_confirmed(review_store, w["suggestion_id"], w["section"]) for w in written)
        assert all(w["actor"] == "Anna" and w["public_explanation"] == prefilled for w in written)
        assert all(not w["internal_note"] and not w["published"] for w in written)
        per_kind.setdefault(kind if not kind.startswith("groep") else "groep", []).append(click.n)

        if not theme_done and n == 6:  # one theme correction on the next suggestion
            click = Clicks(page, timings)
            click(page.get_by_text("Thema's bevestigen of wijzigen"), "uitklappen")
            box = page.get_by_label("Thema's (de eerste is het hoofdthema)")
            click(box, "keuzelijst openen")
            if not page.get_by_role("option").count():  # focused but not open: open it by key
                box.press("ArrowDown")
            page.get_by_role("option").first.wait_for()
            page.screenshot(path=str(ARTIFACTS / "04-thema-keuzelijst.png"))
            ids = {label: tid for tid, label in views_frame.theme_labels().items()}
            name = next(t for t in page.get_by_role("option").all_inner_texts() if t in ids)
            added = ids[name]  # a theme it does not have yet
            click(page.get_by_role("option", name=name, exact=True), "thema kiezen")
            page.keyboard.press("Escape")
            shown = _main(page).get_by_role("button", name="Thema's opslaan").first
            label = shown.inner_text()
            members = int(label.split()[4]) if "voor alle" in label else 1  # count before saving
            click(shown, "thema's opslaan")
            codes = review_store.human_codes()
            assert len(codes) == members  # one code per member of the group shown
            assert all(added in t.split(";") for t in codes["themes"])
            per_kind["thema corrigeren"] = [click.n]
            theme_done = True

    page.screenshot(path=str(ARTIFACTS / "03-na-twintig.png"))
    decided = queries.current_decisions(review_store)
    assert len(decided) >= 20 and theme_done
    print("\nWerkbank: klikken per besluit: " + ", ".join(
        f"{k}: {sum(v) / len(v):.1f} (n={len(v)})" for k, v in per_kind.items()))
    every = [t for v in timings.values() for t in v]
    print(f"Werkbank: seconden per handeling (warm, klik tot notRunning): {_figures(every)}")
    for what, values in timings.items():
        print(f"  {what}: {_figures(values)}")
    page.close()
