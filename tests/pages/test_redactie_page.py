"""The Redactie page on a store with three identical texts and a look-alike: the group is one
entry, masked and unmasked together, the page stays on it and says what it did; the public
read model follows. The name for the history, typed once, is there on the other pages."""
from __future__ import annotations

import pytest
from apptests import open_page, page_store
from factories import make_doc, put
from streamlit.testing.v1 import AppTest

from analysis.core.paths import RAW_DIR
from analysis.store import public_texts, redactions
from analysis.store.store import Store
from analysis.views import display, public

SAME = "Wij van buurtgroep Kiekendief vinden de stank bij de fabriek niet te harden."
LOOK_ALIKE = "Wij van buurtgroep Kiekendief vinden de stank bij de haven niet te harden."


@pytest.fixture
def three_same(tmp_path, monkeypatch):
    store = Store(url=f"sqlite:///{tmp_path / 'store.sqlite'}")
    put(store, make_doc("sessie-a.txt", [SAME, "Ik sprak met Marieke over het geluid van de snelweg."]),
        make_doc("sessie-b.txt", [SAME, SAME, LOOK_ALIKE]))
    public_texts.refresh(store)
    monkeypatch.setenv("DATABASE_URL", store.url)
    monkeypatch.setenv("NMP_MODE", "internal")
    return store


def _redactie() -> AppTest:
    return open_page("app_pages/redactie.py", role="editor")


def _click(at: AppTest, label: str) -> None:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _pick(at: AppTest, store, label: str) -> str:
    """Choose the entry named label, by its contribution id as the page keeps it; returns the id."""
    picker = at.selectbox(key="red_keuze")
    chosen = next(i for i in store.load_contributions()["id"] if picker.format_func(i) == label)
    picker.set_value(chosen).run()
    return chosen


def _with_name(store) -> int:
    texts = public.public_frame(store)["text"]
    return int(texts[texts.str.contains("fabriek")].str.contains("Kiekendief").sum())


def test_redact_and_undo_a_group_of_identical_texts(three_same):
    at = _redactie()
    picker = at.selectbox(key="red_keuze")
    assert len(picker.options) == 2 and len(set(picker.options)) == 2  # group and look-alike apart
    group = next(o for o in picker.options if o.startswith("3 identieke bijdragen"))
    chosen = _pick(at, three_same, group)
    assert len(at.selectbox(key="red_lid").options) == 3
    at.text_input(key="red_actor").set_value("Anna").run()
    at.text_input(key="red_zin").set_value("Kiekendief")
    at.text_input(key="red_reden").set_value("naam van een buurtgroep")
    _click(at, "Afschermen (3 bijdragen)")
    assert [s.value for s in at.success] == [display.md_escape(f"“Kiekendief” afgeschermd in {group}.")]
    assert _with_name(three_same) == 0
    texts = public.public_frame(three_same)["text"]
    assert texts[texts.str.contains("haven")].str.contains("Kiekendief").all()  # not the look-alike
    # the entry left the "possibly a name" list and has a new name, yet the page stays on it
    assert at.selectbox(key="red_keuze").value == chosen
    assert "[verwijderd]" in at.selectbox(key="red_keuze").format_func(chosen)
    assert "⟦Kiekendief⟧" in at.text[0].value

    assert at.selectbox(key="red_welke").options == ["Kiekendief (redacteur)"]
    _click(at, "Ongedaan maken (3 bijdragen)")
    said = at.success[0].value.replace("\\", "")
    assert said.startswith("Afscherming van “Kiekendief” ongedaan gemaakt in 3 identieke bijdragen"), said
    assert at.selectbox(key="red_keuze").value == chosen
    assert _with_name(three_same) == 3
    history = next(df.value for df in at.dataframe if "Wat" in df.value.columns)
    assert sorted(history["Wat"]) == ["afgeschermd"] * 3 + ["afscherming ongedaan gemaakt"] * 3
    assert history["Bijdrage"].nunique() == 3 and set(history["Wie"]) == {"Anna"}
    with three_same.engine.connect() as conn:
        assert len(redactions.edits(conn)) == 6


def test_only_one_of_identical_texts(three_same):
    at = _redactie()
    picker = at.selectbox(key="red_keuze")
    _pick(at, three_same, next(o for o in picker.options if o.startswith("3 identieke")))
    at.radio(key="red_bereik").set_value("deze").run()
    at.text_input(key="red_actor").set_value("Anna").run()
    at.text_input(key="red_zin").set_value("Kiekendief")
    _click(at, "Afschermen")
    assert "identieke" not in at.success[0].value
    assert _with_name(three_same) == 2


def test_search_finds_a_masked_name_with_the_filter_on(three_same):
    at = _redactie()
    assert at.toggle(key="red_verdacht").value is True
    at.text_input(key="red_zoek").set_value("Marieke").run()
    assert at.subheader[0].value == "1 bijdrage"
    assert "Marieke" in at.text[0].value


@pytest.fixture
def session_report(tmp_path, monkeypatch) -> Store:
    """A werksessie report imported the way a person does: the pages have all they show."""
    return page_store(tmp_path, monkeypatch, [RAW_DIR / "werksessie-2024-11-06-reflectie-conceptversie-4.txt"])


def test_the_name_typed_once_is_there_on_every_page(session_report):
    """One AppTest session going from page to page, as the menu does: a page not shown drops its
    widgets' state, the name stays."""
    at = _redactie()
    at.text_input(key="red_actor").set_value("Anna").run()
    for page, key in [("app_pages/beoordelen.py", "rv_actor"), ("app_pages/kernpunten.py", "kp_actor"),
                      ("app_pages/tracker.py", "trk_actor"), ("app_pages/redactie.py", "red_actor")]:
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, [e.message for e in at.exception])
        assert "red_actor" not in at.session_state or page.endswith("redactie.py")  # really dropped
        assert at.text_input(key=key).value == "Anna", page
    at.switch_page("app_pages/kernpunten.py")
    at.run()
    at.text_input(key="kp_actor").set_value("Bram").run()
    at.switch_page("app_pages/redactie.py")
    at.run()
    assert at.text_input(key="red_actor").value == "Bram"
