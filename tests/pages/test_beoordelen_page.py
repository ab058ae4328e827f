"""AppTest of the review workbench (Beoordelen), started from dashboard.py: accept a proposal in
two clicks, the form is empty for the next one, groups are decided together and only groups,
going back, a stale save refused, a viewer cannot save, a theme correction (for the whole group
shown), accepting a proposal confirms its link."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analysis.core.paths import RAW_DIR, ROOT
from analysis.ingest.pipeline import ingest_paths
from analysis.store.store import Store
from analysis.tracker import decisions, queries

ENTRY = str(ROOT / "dashboard.py")
REPORTS = ["werksessie-2024-06-26-samen-werken-aan-het-nmp.txt",
           "werksessie-2024-11-06-reflectie-conceptversie-4.txt"]


@pytest.fixture
def sessions(tmp_path, monkeypatch) -> Store:
    """Both werksessie reports: the November one repeats June sentences (groups)."""
    s = Store(url=f"sqlite:///{tmp_path / 'rv.sqlite'}")
    ingest_paths(s, [RAW_DIR / r for r in REPORTS])
    monkeypatch.setenv("DATABASE_URL", s.url)
    monkeypatch.setenv("NMP_MODE", "internal")
    return s


def _start(order: str = "document") -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.run()
    at.switch_page("app_pages/beoordelen.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    at.selectbox(key="rv_f_volgorde").set_value(order).run()
    return at


def _current(at: AppTest) -> str:
    return at.session_state["rv_current"]


def _click(at: AppTest, prefix: str) -> None:
    next(b for b in at.button if b.key and b.key.startswith(prefix)).click().run()
    assert not at.exception, [e.message for e in at.exception]


def _latest(store: Store, sid: str):
    d = queries.current_decisions(store, [sid])
    return d.iloc[0] if len(d) else None


def test_accept_a_proposal_in_two_clicks_then_the_form_is_empty(sessions):
    at = _start()
    assert "0 van" in at.get("progress")[0].proto.text
    at.text_input(key="rv_actor").set_value("Anna").run()
    sid = _current(at)
    assert at.selectbox(key="rv_st").value is None  # nothing chosen for the person
    assert at.selectbox(key="rv_se").value is None
    best = queries.current_links(sessions, sid).query("version == 'v4'")
    section = best.sort_values("score", ascending=False)["section"].iloc[0]
    _click(at, "rv_acc_0")  # the first (best) proposal
    assert at.selectbox(key="rv_st").value == "verwerkt"
    assert at.selectbox(key="rv_se").value == section
    assert "Uw suggestie staat in" in at.text_area(key="rv_ex").value  # prefilled template
    _click(at, "rv_save")
    saved = _latest(sessions, sid)
    assert (saved["status"], saved["section"], saved["actor"]) == ("verwerkt", section, "Anna")
    assert saved["public_explanation"].startswith("Uw suggestie staat in")
    links = queries.current_links(sessions, sid)
    link = links[(links["version"] == "v4") & (links["section"] == section)].iloc[0]
    assert (link["state"], link["reviewed_by"]) == ("bevestigd", "Anna")  # the link is confirmed too
    nxt = _current(at)
    assert nxt != sid
    assert at.selectbox(key="rv_st").value is None and not at.text_area(key="rv_ex").value
    # going back shows the decided one again, with its stored decision in the form
    _click(at, "rv_vorige")
    assert _current(at) == sid
    assert at.selectbox(key="rv_st").value == "verwerkt" and at.selectbox(key="rv_se").value == section
    assert at.text_area(key="rv_ex").value == saved["public_explanation"]

    # what was chosen for one suggestion never reaches the next one, also when skipping
    _click(at, "rv_overslaan")
    first = _current(at)
    at.selectbox(key="rv_st").set_value("doorverwezen").run()
    at.text_area(key="rv_no").set_value("bij de provincie navragen").run()
    _click(at, "rv_overslaan")
    assert _current(at) != first
    assert at.selectbox(key="rv_st").value is None and at.text_area(key="rv_no").value == ""
    assert next(b for b in at.button if b.key == "rv_save").disabled  # nothing chosen: no save
    assert _latest(sessions, first) is None and _latest(sessions, _current(at)) is None


@pytest.fixture
def default_data(tmp_path, monkeypatch) -> Store:
    """The default data: the survey holds campaign answers and near-duplicates (groups)."""
    s = Store(url=f"sqlite:///{tmp_path / 'rv-all.sqlite'}")
    ingest_paths(s)
    monkeypatch.setenv("DATABASE_URL", s.url)
    monkeypatch.setenv("NMP_MODE", "internal")
    return s


def test_not_in_programme_and_a_group_decision_for_exactly_the_group(default_data):
    sessions = default_data
    at = _start(order="groep")
    at.text_input(key="rv_actor").set_value("Bram").run()
    lead = _current(at)
    table = queries.tracker_table(sessions, "v4")
    group = set(table.loc[(table["id"] == lead) | (table["duplicate_of"] == lead), "id"])
    assert len(group) == 3  # the largest group first, led by its original
    save = next(b for b in at.button if b.key == "rv_save")
    assert save.label == f"Opslaan voor {len(group)} suggesties en volgende"  # count before saving

    # a theme correction applies to the group shown: one code per member, counted on the button
    theme_save = next(b for b in at.button if b.key == f"rv_thsave_{lead}")
    assert theme_save.label == f"Thema's opslaan voor alle {len(group)} suggesties in de groep"
    at.multiselect(key=f"rv_th_{lead}").set_value(["cumulatie", "gezondheid_framing"]).run()
    _click(at, f"rv_thsave_{lead}")
    codes = sessions.human_codes()
    assert set(codes["contribution_id"]) == group and len(codes) == len(group)
    assert set(codes["themes"]) == {"cumulatie;gezondheid_framing"}
    coded = sessions.load_contributions(theme_source=True).set_index("id").loc[sorted(group)]
    assert set(coded["theme_source"]) == {"mens"} and set(coded["theme"]) == {"cumulatie"}
    theme_audit = queries.audit_log(sessions)
    assert sorted(theme_audit["suggestion_id"]) == sorted(group)  # own audit entry each
    assert set(theme_audit["action"]) == {"thema"}
    assert _current(at) == lead  # still the same suggestion, nothing decided
    assert queries.current_decisions(sessions).empty

    _click(at, "rv_k_niet_verwerkt")  # the status key: no section, the reason is asked for
    assert at.selectbox(key="rv_se").value is None
    assert at.text_area(key="rv_ex").value == ""  # no vague sentence without a reason
    at.selectbox(key="rv_re").set_value("Valt buiten het milieuprogramma").run()
    assert "hoort bij ander beleid" in at.text_area(key="rv_ex").value
    _click(at, "rv_save")
    decided = queries.current_decisions(sessions)
    assert set(decided["suggestion_id"]) == group
    assert set(decided["status"]) == {"niet_verwerkt"}
    audit = queries.audit_log(sessions)
    audit = audit[audit["action"] == "besluit"]
    assert set(audit["suggestion_id"]) == group and len(audit) == len(group)  # one entry each

    # the next decision touches exactly the next shown group: nothing carries over
    nxt = _current(at)
    theirs = set(table.loc[(table["id"] == nxt) | (table["duplicate_of"] == nxt), "id"])
    assert not theirs & group
    _click(at, "rv_acc_0")
    _click(at, "rv_save")
    decided = queries.current_decisions(sessions)
    assert set(decided["suggestion_id"]) == group | theirs
    first = decided[decided["suggestion_id"].isin(group)]
    assert set(first["status"]) == {"niet_verwerkt"} and set(first["row_version"]) == {1}
    # accepting the proposal confirmed that link for each member of the group, with an audit entry
    accepted = decided[decided["suggestion_id"].isin(theirs)]
    for r in accepted.itertuples():
        links = queries.current_links(sessions, r.suggestion_id)
        mine = links[(links["version"] == "v4") & (links["section"] == r.section)]
        assert mine["state"].tolist() == ["bevestigd"], r.suggestion_id
    linked = queries.audit_log(sessions)
    linked = linked[linked["action"] == "koppeling"]
    assert sorted(linked["suggestion_id"]) == sorted(theirs)
    assert all("voorstel overgenomen" in t for t in linked["summary"])
    # "niet in het programma" confirmed no link
    assert not set(linked["suggestion_id"]) & group


def test_a_decided_suggestion_opens_with_its_decision_and_a_note_changes_only_the_note(sessions):
    at = _start()
    at.text_input(key="rv_actor").set_value("Anna").run()
    sid = _current(at)
    _click(at, "rv_acc_0")
    at.text_area(key="rv_ex").set_value("Staat in de paragraaf over stapeling.").run()
    _click(at, "rv_save_pub")  # save, publish and next
    first = _latest(sessions, sid)
    assert bool(first["published"]) and first["row_version"] == 1
    _click(at, "rv_vorige")
    assert at.checkbox(key="rv_pu").value is True
    assert at.text_area(key="rv_ex").value == "Staat in de paragraaf over stapeling."
    at.text_area(key="rv_no").set_value("Nagebeld met de provincie").run()
    _click(at, "rv_save")
    latest = _latest(sessions, sid)
    assert latest["row_version"] == 2 and latest["internal_note"] == "Nagebeld met de provincie"
    assert (latest["public_explanation"], bool(latest["published"]), latest["section"]) == (
        first["public_explanation"], True, first["section"])
    # saving again without a change writes nothing
    _click(at, "rv_vorige")
    _click(at, "rv_save")
    assert _latest(sessions, sid)["row_version"] == 2


def test_the_queue_has_a_position_and_ends_instead_of_starting_over(sessions):
    at = _start()
    at.text_input(key="rv_f_zoek").set_value("cumulatie").run()
    ids = [_current(at)]
    caption = " ".join(c.value for c in at.caption)
    total = int(caption.split(" van ")[1].split()[0])
    assert caption.startswith("1 van ") and 0 < total < 40
    for _ in range(total - 1):
        _click(at, "rv_overslaan")
        ids.append(_current(at))
    assert len(set(ids)) == total  # every item once, in order
    assert " ".join(c.value for c in at.caption).startswith(f"{total} van {total}")
    _click(at, "rv_overslaan")
    assert "Einde van de wachtrij" in " ".join(i.value for i in at.info)
    _click(at, "rv_opnieuw")
    assert _current(at) == ids[0]


def test_stale_save_is_refused_and_keeps_the_input(sessions):
    at = _start()
    at.text_input(key="rv_actor").set_value("Bram").run()
    sid = _current(at)
    at.selectbox(key="rv_st").set_value("al_in_beleid").run()
    at.text_area(key="rv_no").set_value("mijn notitie").run()
    # someone else saves after this page was drawn
    decisions.save_decision(sessions, sid, "v4", decisions.Decision("al_in_beleid"), 0, "Anna", "editor")
    _click(at, "rv_save")
    message = " ".join(e.value for e in at.error)
    assert "Iemand anders" in message and "Nu opgeslagen door Anna" in message
    assert at.text_area(key="rv_no").value == "mijn notitie"
    assert queries.decision_history(sessions, sid)["actor"].tolist() == ["Anna"]
    # a second, deliberate save puts only this person's change over Anna's decision
    _click(at, "rv_save")
    history = queries.decision_history(sessions, sid)
    assert history["actor"].tolist() == ["Anna", "Bram"]
    assert history["internal_note"].iloc[-1] == "mijn notitie"


def test_theme_correction_on_the_workbench(sessions):
    at = _start()
    at.text_input(key="rv_actor").set_value("Anna").run()
    sid = _current(at)
    at.multiselect(key=f"rv_th_{sid}").set_value(["ruimte", "vth"]).run()
    _click(at, f"rv_thsave_{sid}")
    row = sessions.load_contributions(theme_source=True).set_index("id").loc[sid]
    assert (row["theme"], row["themes"], row["theme_source"]) == ("ruimte", "ruimte;vth", "mens")


def test_only_editors_get_the_workbench():
    from analysis.access import navigation

    files = {r: [p.file for p in navigation.pages_for("internal", r)] for r in ("viewer", "editor")}
    assert "app_pages/beoordelen.py" in files["editor"]
    assert "app_pages/beoordelen.py" not in files["viewer"]


def test_the_same_theme_editor_on_bijdragen_saves_and_shows_the_new_themes(sessions):
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.run()
    at.switch_page("app_pages/bijdragen.py").run()
    assert not at.exception, [e.message for e in at.exception]
    box = next(m for m in at.multiselect if m.key and m.key.startswith("bd_th_"))
    cid = box.key.removeprefix("bd_th_")
    box.set_value(["internationaal"]).run()
    at.text_input(key="bd_thactor").set_value("Carla").run()
    _click(at, f"bd_thsave_{cid}")
    codes = sessions.human_codes()
    assert codes[["contribution_id", "themes", "actor"]].values.tolist() == [[cid, "internationaal", "Carla"]]
    shown = " ".join(m.value for m in at.markdown)
    assert "**Hoofdthema:** Internationale strategie" in shown  # the same rerun shows it


def test_a_later_reflection_is_shown_beside_the_suggestion_not_grouped_with_it(sessions):
    at = _start()
    at.text_input(key="rv_f_zoek").set_value("Houd rekening met cumulatie bij normering").run()
    shown = " ".join(m.value for m in at.markdown)
    june = queries.tracker_table(sessions, "v4").set_index("id").loc[_current(at)]
    assert june["date"] == "2024-06-26"
    assert "Wat latere sessies hierover zeiden" in shown and "In november 2024" in shown
    assert next(b for b in at.button if b.key == "rv_save").label == "Opslaan en volgende"  # no group
