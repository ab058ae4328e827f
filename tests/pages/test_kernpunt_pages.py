"""AppTest of the kernpunten in the dashboard, started from dashboard.py: the workbench per
kernpunt decides for the members and keeps an exception, and a decided kernpunt opens with its
decision; the page Kernpunten renames and moves, and a viewer only reads it."""
from __future__ import annotations

import pytest
from apptests import open_page, page_store
from streamlit.testing.v1 import AppTest

from analysis.core.paths import RAW_DIR
from analysis.store.store import Store
from analysis.tracker import kernpunt_decisions, kernpunt_queries, queries
from analysis.tracker.decisions import Decision, save_decision


@pytest.fixture
def june(tmp_path, monkeypatch) -> Store:
    return page_store(tmp_path, monkeypatch, [RAW_DIR / "werksessie-2024-06-26-samen-werken-aan-het-nmp.txt"], "kp")


def _start(page: str) -> AppTest:
    return open_page(page)


def _click(at: AppTest, key: str) -> None:
    next(b for b in at.button if b.key == key).click().run()
    assert not at.exception, [e.message for e in at.exception]


def _biggest(store: Store) -> tuple[int, list[str]]:
    table = kernpunt_queries.kernpunt_table(store, "v4").sort_values(["contributions", "kernpunt"])
    kp = int(table["kernpunt"].iloc[-1])
    return kp, kernpunt_queries.members(store, kp)["contribution_id"].tolist()


def test_decide_a_kernpunt_keeps_an_exception_and_opens_with_its_decision(june):
    kp, ids = _biggest(june)
    save_decision(june, ids[0], "v4", Decision("al_in_beleid", None, "Gebeurt al.", ""), 0,
                  "Anna", "editor")
    at = _start("app_pages/beoordelen.py")
    at.radio(key="rv_per").set_value("kernpunt").run()
    at.text_input(key="rv_actor").set_value("Bram").run()
    at.session_state["kp_current"] = kp
    at.run()
    assert at.selectbox(key="rv_st").value is None  # undecided: an empty form
    save = next(b for b in at.button if b.key == "rv_save")
    assert save.label == f"Opslaan voor {len(ids) - 1} suggesties en volgende"  # the exception stays
    _click(at, "rv_k_niet_verwerkt")  # the key N
    at.selectbox(key="rv_re").set_value(at.selectbox(key="rv_re").options[0]).run()
    explanation = at.text_area(key="rv_ex").value
    assert explanation  # the template, filled from the reason
    _click(at, "rv_save")
    assert any(f"Vastgelegd voor {len(ids) - 1} suggesties; 1 uitzondering behouden" in c.value
               for c in at.caption)
    now = queries.current_decisions(june, ids).set_index("suggestion_id")
    assert now.loc[ids[0], "status"] == "al_in_beleid"
    assert set(now.loc[ids[1:], "status"]) == {"niet_verwerkt"}
    assert at.session_state["kp_current"] != kp  # on to the next kernpunt
    _click(at, "kp_vorige")  # the decided kernpunt opens with what is stored
    assert at.session_state["kp_current"] == kp
    assert at.selectbox(key="rv_st").value == "niet_verwerkt"
    assert at.text_area(key="rv_ex").value == explanation
    # including the exceptions gives the member the kernpunt's decision too
    at.checkbox(key="kp_all").check().run()
    _click(at, "rv_save")
    assert queries.current_decisions(june, [ids[0]]).iloc[0]["status"] == "niet_verwerkt"
    stored = kernpunt_decisions.current(june, "v4").set_index("kernpunt_id")
    assert stored.loc[kp, "actor"] == "Bram"


def test_rename_and_move_on_the_page_kernpunten(june):
    table = kernpunt_queries.kernpunt_table(june, "v4")
    shared = table[table.groupby("theme")["kernpunt"].transform("size") > 1]
    kp, theme = int(shared["kernpunt"].iloc[0]), shared["theme"].iloc[0]  # a theme with others
    at = _start("app_pages/kernpunten.py")
    at.text_input(key="kp_actor").set_value("Carla").run()
    at.selectbox(key="kp_thema").set_value(theme).run()
    at.selectbox(key="kp_kies").set_value(kp).run()
    at.text_input(key=f"kp_naam_{kp}").set_value("Stapeling van effecten meewegen").run()
    _click(at, "kp_hernoem")
    assert [s.value for s in at.success] == ["Kernpunt hernoemd: 'Stapeling van effecten meewegen'."]
    table = kernpunt_queries.kernpunt_table(june, "v4").set_index("kernpunt")
    assert (table.loc[kp, "label"], table.loc[kp, "label_source"]) == (
        "Stapeling van effecten meewegen", "mens")
    others = [k for k in table.index if table.loc[k, "theme"] == theme and k != kp]
    at.selectbox(key="kp_kies").set_value(others[0]).run()
    moved = kernpunt_queries.members(june, others[0])["contribution_id"].iloc[0]
    at.multiselect(key="kp_verplaats").set_value([moved]).run()
    at.selectbox(key="kp_naar").set_value(kp).run()
    _click(at, "kp_verplaatsen")
    assert any("verplaatst naar 'Stapeling van effecten meewegen'" in s.value for s in at.success)
    assert moved in set(kernpunt_queries.members(june, kp)["contribution_id"])
    # without a target nothing moves, and the page says why
    at.multiselect(key="kp_verplaats").set_value([moved]).run()
    _click(at, "kp_verplaatsen")
    assert [e.value for e in at.error] == [
        "Kies het kernpunt waar de suggesties heen gaan; er is niets opgeslagen."]


def test_a_viewer_reads_the_kernpunten_but_cannot_change_them(june, monkeypatch):
    from analysis.access import navigation
    from app_pages import _access

    assert "app_pages/kernpunten.py" in [p.file for p in navigation.pages_for("internal", "viewer")]
    monkeypatch.setattr(_access, "session_role", lambda mode: "viewer")
    at = _start("app_pages/kernpunten.py")
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value)
    assert not [b for b in at.button if b.key and b.key.startswith("kp_hern")]
    assert any("alleen kijken" in i.value for i in at.info)
