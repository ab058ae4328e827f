"""The review workbench in a real browser on the default data.

1. No overwrite: decide and publish a suggestion, come back, change only the note, save: the
   explanation and the publish flag are unchanged, the note is new, the first version is kept.
2. Twenty suggestions by keyboard through the queue (proposal keys 1/2, status keys D/N/W/B, a
   reason or organisation where the status asks for one, Ctrl+Enter and Ctrl+Shift+Enter to save),
   plus a theme correction for the group shown; each stored result is checked (accepted
   proposals confirm their link, group decisions reach exactly the group). axe-core on the
   workbench, and no English in its accessible names. Key presses per decision and seconds from
   a save to the next item ready are printed (never asserted), each until the app's script
   state is notRunning again (browser_support.action_seconds). Screenshots: test-artifacts/review/.
"""
from __future__ import annotations

import statistics

from browser_support import (
    action_seconds,
    axe_serious,
    needs_chromium,
    settle,
)

from analysis.core.paths import ROOT
from analysis.store.store import Store
from analysis.tracker import queries
from analysis.views import frame as views_frame

ARTIFACTS = ROOT / "test-artifacts" / "review"
pytestmark = needs_chromium


class Clicks:
    """Counts key presses and clicks and times each one with action_seconds: from the input
    until the app's script state is back at notRunning (no fixed waits counted)."""

    def __init__(self, page, timings: dict[str, list[float]]):
        self.page, self.n, self.timings = page, 0, timings

    def __call__(self, locator, what: str) -> None:
        self._timed(locator.click, what)

    def key(self, key: str, what: str) -> None:
        """A key press with no text field focused (a letter in a text field is typing)."""
        self.page.evaluate("document.activeElement && document.activeElement.blur()")
        self._timed(lambda: self.page.keyboard.press(key), what)

    def _timed(self, act, what: str) -> None:
        self.timings.setdefault(what, []).append(action_seconds(self.page, act))
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


def _open(browser, journey_server):
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    page.set_default_timeout(60_000)
    page.goto(f"{journey_server}/beoordelen")
    settle(page)
    page.get_by_role("heading", name="Beoordelen", exact=True).wait_for()
    page.get_by_label("Uw naam (voor de geschiedenis)").fill("Anna")
    action_seconds(page, lambda: page.keyboard.press("Enter"))
    return page


def _current_text(page) -> str:
    return _main(page).locator("h3").first.inner_text()


def _decided(store: Store, text: str) -> dict:
    table = queries.tracker_table(store, "v4")
    sid = table.loc[table["text"] == text, "id"].iloc[0]
    return queries.current_decisions(store, [sid]).iloc[0].to_dict()


def test_a_decided_suggestion_opens_with_its_decision_and_only_the_note_changes(journey_server, browser, journey_store):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = _open(browser, journey_server)
    search = page.get_by_label("Zoeken in de tekst")
    search.fill("stapeling")
    action_seconds(page, lambda: search.press("Enter"))
    click = Clicks(page, {})
    text = _current_text(page)
    click.key("1", "voorstel 1")
    click.key("Control+Shift+Enter", "opslaan, publiceren en volgende")
    first = _decided(journey_store, text)
    assert first["published"] and first["public_explanation"] and first["row_version"] == 1
    click.key("ArrowLeft", "vorige")
    assert _current_text(page) == text
    page.screenshot(path=str(ARTIFACTS / "00-besluit-terug.png"))
    # the form shows what is stored
    assert page.get_by_role("textbox", name="Openbare toelichting").input_value() == first["public_explanation"]
    assert page.get_by_role("checkbox", name="Publiceren (tonen op de openbare pagina)").is_checked()
    page.get_by_role("textbox", name="Interne notitie").fill("Nagebeld met de omgevingsdienst")
    click.key("Control+Enter", "opslaan en volgende")
    latest = _decided(journey_store, text)
    assert latest["row_version"] == 2 and latest["internal_note"] == "Nagebeld met de omgevingsdienst"
    assert (latest["public_explanation"], latest["published"], latest["section"], latest["status"]) == (
        first["public_explanation"], True, first["section"], first["status"])
    page.close()


# Per decision: the keys a person presses, the status it should store and whether it publishes.
PLAN = [("1", "verwerkt"), ("D", "deels_verwerkt"), ("N", "niet_verwerkt"), ("1", "verwerkt"),
        ("W", "doorverwezen"), ("B", "al_in_beleid"), ("2", "verwerkt")]


def test_review_twenty_suggestions_by_keyboard(journey_server, browser, journey_store):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = _open(browser, journey_server)
    # the largest group first: the first decision is a group decision
    action_seconds(page, page.get_by_text("Wachtrij kiezen: filters en volgorde").click)
    action_seconds(page, page.get_by_label("Volgorde").click)
    action_seconds(page, page.get_by_role("option", name="Grootste groep eerst").click)
    action_seconds(page, _main(page).get_by_text("Wachtrij kiezen: filters en volgorde").click)
    page.screenshot(path=str(ARTIFACTS / "01-werkbank.png"))
    names = " ".join(page.locator("body").aria_snapshot().split())
    english = [w for w in ("button \"Open\"", "Help for", "Skip to", "Shortcut", "Choose an", "Clear", "Remove",
                           "Search", "keyboard_arrow") if w in names]
    assert not english, english  # screen readers hear Dutch

    per_kind: dict[str, list[int]] = {}
    timings: dict[str, list[float]] = {}
    theme_done = False
    for n in range(20):
        click = Clicks(page, timings if n >= 2 else {})  # the first two decisions warm the caches
        before = _last_audit(journey_store)
        save = _main(page).get_by_role("button", name="Opslaan", exact=False).first
        label = save.inner_text()
        group = int(label.split()[2]) if label.startswith("Opslaan voor") else 1
        key, status = PLAN[n % len(PLAN)]
        proposals = _main(page).get_by_role("button", name="Overnemen").count()
        if key in "12" and proposals < int(key):
            key, status = "D", "deels_verwerkt"  # no such proposal: the best one's section
        if key == "D" and not proposals:
            key, status = "B", "al_in_beleid"  # no proposal at all: a status without a section
        click.key(key, f"toets {key}")
        if status == "niet_verwerkt":
            click(page.get_by_role("combobox", name="Reden (komt in de toelichting)"), "keuzelijst openen")
            click(page.get_by_role("option").nth(n % 3), "reden kiezen")
        elif status == "doorverwezen":
            click(page.get_by_role("combobox", name="Doorgestuurd naar"), "keuzelijst openen")
            click(page.get_by_role("option").nth(n % 4), "organisatie kiezen")
        prefilled = page.get_by_role("textbox", name="Openbare toelichting").input_value()
        expected = {"deels_verwerkt": "Een deel van uw suggestie staat in", "verwerkt": "Uw suggestie staat in",
                    "al_in_beleid": "Wat u voorstelt, gebeurt al"}.get(status, "Uw suggestie staat niet in")
        if not prefilled.startswith(expected):
            page.screenshot(path=str(ARTIFACTS / f"fout-{n}.png"))
        assert prefilled.startswith(expected), (n, status, prefilled)  # this status's own template
        assert page.get_by_role("textbox", name="Interne notitie").input_value() == ""
        if n == 2:
            page.screenshot(path=str(ARTIFACTS / "02-reden-gekozen.png"))
            violations = axe_serious(page)  # the workbench with a reason chosen
            assert violations == [], violations
        publish = n % 2 == 0
        click.key("Control+Shift+Enter" if publish else "Control+Enter", "opslaan en volgende")
        written = _written(journey_store, before)
        if not written:
            page.screenshot(path=str(ARTIFACTS / f"fout-{n}.png"))
        assert written, (n, status, label)  # committed before the rerun ended
        assert len(written) == group, (status, label, written)  # exactly the group shown, no more
        assert {w["status"] for w in written} == {status}
        sections = {w["section"] for w in written}
        if status in ("niet_verwerkt", "doorverwezen", "al_in_beleid"):
            assert sections == {None}
        else:
            assert len(sections) == 1 and None not in sections
            if key in "12":  # the accepted proposal's link is confirmed for every member
                assert all(_confirmed(journey_store, w["suggestion_id"], w["section"]) for w in written)
        assert all(w["actor"] == "Anna" and w["public_explanation"] == prefilled for w in written)
        assert all(bool(w["published"]) == publish and not w["internal_note"] for w in written)
        per_kind.setdefault(status if group == 1 else "groep", []).append(click.n)

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
            codes = journey_store.human_codes()
            assert len(codes) == members  # one code per member of the group shown
            assert all(added in t.split(";") for t in codes["themes"])
            per_kind["thema corrigeren"] = [click.n]
            theme_done = True

    page.screenshot(path=str(ARTIFACTS / "03-na-twintig.png"))
    decided = queries.current_decisions(journey_store)
    assert len(decided) >= 20 and theme_done
    print("\nWerkbank: toetsen en klikken per besluit: " + ", ".join(
        f"{k}: {sum(v) / len(v):.1f} (n={len(v)})" for k, v in per_kind.items()))
    every = [t for v in timings.values() for t in v]
    print(f"Werkbank: seconden per handeling (warm, toets tot notRunning): {_figures(every)}")
    for what, values in timings.items():
        print(f"  {what}: {_figures(values)}")
    page.close()
