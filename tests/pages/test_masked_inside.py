"""AppTest: the internal pages show the de-identified text to every role (Bijdragen detail,
Beoordelen item, Tracker); only an editor reveals one original, with one click, and the page
then says who saw it and when (Dutch local time)."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from apptests import open_page
from planted import ANSWER, FIND_WORD, PLANTED, build_planted_store
from streamlit.testing.v1 import AppTest

from analysis.access import navigation
from analysis.core import dutch
from analysis.store.store import Store
from analysis.tracker import originals
from analysis.views import display


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Store:
    return build_planted_store(tmp_path_factory.mktemp("inside"))


@pytest.fixture
def as_role(planted, monkeypatch):
    """Opens a page of the internal app for a role: as_role('viewer', 'app_pages/tracker.py')."""
    from app_pages import _access

    monkeypatch.setenv("DATABASE_URL", planted.url)
    monkeypatch.setenv("NMP_MODE", "internal")

    def start(role: str, page: str) -> AppTest:
        monkeypatch.setattr(_access, "session_role", lambda mode: role)
        return open_page(page)

    return start


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _all_text(at: AppTest) -> str:
    parts = [str(n.proto) for n in _walk(at._tree) if getattr(n, "proto", None) is not None]
    return "\n".join(parts + [df.value.to_csv() for df in at.dataframe])


def _personal(at: AppTest) -> list[str]:
    text = _all_text(at)
    return [v for v in PLANTED.values() if v in text]


def _buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


def _seen_by(at: AppTest, who: str) -> bool:
    """Whether the "Wie zag" list names who, editor, today (Dutch local date, then the time)."""
    seen = next(e for e in at.expander if e.label.startswith("Wie zag de oorspronkelijke tekst"))
    today = dutch.day(dutch.local(datetime.now(UTC)))
    return display.md_escape(f"{who} (redacteur), {today} om ") in "\n".join(m.value for m in seen.markdown)


def _bijdragen(as_role, role: str) -> AppTest:
    at = as_role(role, "app_pages/bijdragen.py")
    at.text_input(key="zoek").set_value(FIND_WORD).run()
    assert FIND_WORD in next(m.value for m in at.markdown if m.value.startswith(">"))
    return at


@pytest.mark.parametrize("role", ["viewer", "analyst", "editor"])
def test_bijdragen_detail_shows_the_de_identified_text(as_role, role):
    at = _bijdragen(as_role, role)
    assert _personal(at) == []
    assert ("Oorspronkelijke tekst tonen" in _buttons(at)) is (role == "editor")


@pytest.mark.parametrize("role", ["viewer", "analyst", "editor"])
def test_tracker_shows_the_de_identified_text(as_role, role):
    at = as_role(role, "app_pages/tracker.py")
    assert any(d.value.to_csv().count(FIND_WORD) for d in at.dataframe)
    assert _personal(at) == []


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_a_viewer_or_analyst_has_no_workbench_and_no_reveal(role):
    assert "app_pages/beoordelen.py" not in [p.file for p in navigation.pages_for("internal", role)]


def test_an_editor_reveals_the_original_in_bijdragen_with_one_click(as_role, planted):
    at = _bijdragen(as_role, "editor")
    cid = at.selectbox(key="detail").value
    at.text_input(key="bd_orig_actor").set_value("Bram Bijdragen").run()
    assert not originals.reveals(planted, cid)["actor"].eq("Bram Bijdragen").any()  # typing is no reveal
    next(b for b in at.button if b.key == "bd_orig_show").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert f"> {display.md_escape(ANSWER)}" in [m.value for m in at.markdown]
    log = originals.reveals(planted, cid)
    assert log["actor"].iloc[0] == "Bram Bijdragen" and log["role"].iloc[0] == "editor"
    assert _seen_by(at, "Bram Bijdragen")
    next(b for b in at.button if b.key == "bd_orig_hide").click().run()
    assert _personal(at) == []  # hidden again: the de-identified text only


def test_beoordelen_item_is_de_identified_and_an_editor_reveals_it(as_role, planted):
    at = as_role("editor", "app_pages/beoordelen.py")
    at.radio(key="rv_f_welke").set_value("alle")  # the planted answer is decided already
    at.text_input(key="rv_f_zoek").set_value(FIND_WORD).run()
    current = at.session_state["rv_current"]
    assert FIND_WORD in next(m.value for m in at.markdown if m.value.startswith("### "))
    assert _personal(at) == []
    # without a name nothing is revealed, and the page says why
    next(b for b in at.button if b.key == "rv_orig_show").click().run()
    assert _personal(at) == [] and any("Vul uw naam in" in e.value for e in at.error)
    at.text_input(key="rv_actor").set_value("Rita Redacteur").run()
    next(b for b in at.button if b.key == "rv_orig_show").click().run()  # one click
    assert not at.exception, [e.message for e in at.exception]
    assert f"> {display.md_escape(ANSWER)}" in [m.value for m in at.markdown]
    assert PLANTED["naam"] in _personal(at)  # the check above would have seen it
    log = originals.reveals(planted, current)
    assert (log["actor"].iloc[0], log["role"].iloc[0]) == ("Rita Redacteur", "editor")
    assert _seen_by(at, "Rita Redacteur")
    # the next suggestion is de-identified again: a reveal is for one contribution
    next(b for b in at.button if b.key == "rv_overslaan").click().run()
    at.text_input(key="rv_f_zoek").set_value("").run()
    assert at.session_state["rv_current"] != current
    assert _personal(at) == []


def test_no_internal_page_shows_the_personal_data_but_the_redaction_check(as_role):
    """Every page of an editor's menu, as it opens; the redaction check page exists to compare
    with the original and keeps it."""
    pages = [p.file for p in navigation.pages_for("internal", "editor")
             if p.file != "app_pages/redactie.py"]
    at = as_role("editor", pages[0])
    for page in pages:
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, [e.message for e in at.exception])
        assert _personal(at) == [], page
