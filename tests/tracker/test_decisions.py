"""Decisions, link reviews, audit and export of the tracker, on SQLite and PostgreSQL."""
from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from analysis.core.errors import InputError, PermissionDenied, StaleVersionError
from analysis.core.paths import RAW_DIR
from analysis.harvest import parse_path
from analysis.store.store import Store
from analysis.tracker import decisions, queries
from analysis.tracker.decisions import Decision
from analysis.views.export import to_bytes

JUNE = RAW_DIR / "werksessie-2024-06-26-samen-werken-aan-het-nmp.txt"


@pytest.fixture
def june_store(any_store: Store) -> Store:
    """The real June report stored without enrichment (fast), on both backends."""
    parsed = parse_path(JUNE)
    any_store.replace_documents([(parsed, parsed.contributions)])
    return any_store


def _advice(store: Store, contains: str) -> str:
    s = queries.suggestions(store)
    return s.loc[s["text"].str.contains(contains, regex=False), "id"].iloc[0]


def test_decision_round_trip_with_audit(june_store):
    sid = _advice(june_store, "cumulatieve gezondheidseffecten")
    v1 = decisions.save_decision(june_store, sid, "v4", Decision("verwerkt", "6.2.2"), 0,
                               actor="Anna", role="editor")
    v2 = decisions.save_decision(
        june_store, sid, "v4",
        Decision("deels_verwerkt", "6.2.2", public_explanation="Stapeling staat in §6.2.2.",
                 internal_note="chemische stoffen nog niet", published=True),
        v1, actor="Bram", role="editor")
    assert (v1, v2) == (1, 2)

    table = queries.tracker_table(june_store, "v4").set_index("id")
    row = table.loc[sid]
    assert row["status"] == "deels_verwerkt" and row["status_label"] == "Deels verwerkt"
    assert row["decided_section"] == "6.2.2" and row["row_version"] == 2 and row["published"]
    assert (table.drop(index=sid)["status"] == "open").all()

    history = queries.decision_history(june_store, sid)
    assert history["status"].tolist() == ["verwerkt", "deels_verwerkt"]  # nothing overwritten
    log = queries.audit_log(june_store, sid)
    assert log["actor"].tolist() == ["Bram", "Anna"]  # newest first
    assert "was 'Verwerkt'" in log["summary"].iloc[0] and "§6.2.2" in log["summary"].iloc[0]


def test_stale_save_is_refused_and_writes_nothing(june_store):
    sid = _advice(june_store, "cumulatieve gezondheidseffecten")
    decisions.save_decision(june_store, sid, "v4", Decision("open"), 0, "Anna", "editor")
    # two editors both read version 1
    seen = int(queries.tracker_table(june_store, "v4").set_index("id").loc[sid, "row_version"])
    assert seen == 1
    decisions.save_decision(june_store, sid, "v4", Decision("verwerkt", "6.2.2"), seen, "Anna", "editor")
    audit_before = len(queries.audit_log(june_store))
    with pytest.raises(StaleVersionError, match="Iemand anders"):
        decisions.save_decision(june_store, sid, "v4", Decision("niet_verwerkt"), seen, "Bram", "editor")
    assert queries.decision_history(june_store, sid)["status"].tolist() == ["open", "verwerkt"]
    assert len(queries.audit_log(june_store)) == audit_before
    # a version that never existed is stale too
    with pytest.raises(StaleVersionError):
        decisions.save_decision(june_store, sid, "v4", Decision("open"), 7, "Bram", "editor")


def test_group_decision_is_one_transaction(june_store):
    s = queries.suggestions(june_store)
    group = s.loc[s["topic"].str.startswith("Cumulatie"), "id"].tolist()
    assert len(group) == 4
    decision = Decision("doorverwezen", public_explanation="Wordt uitgewerkt in het uitvoeringsprogramma.",
                        published=True)
    versions = decisions.save_decisions(june_store, group, "v4", decision, {}, "Anna", "editor")
    assert set(versions.values()) == {1}
    assert set(queries.audit_log(june_store)["suggestion_id"]) == set(group)
    # one stale member refuses the whole group
    decisions.save_decision(june_store, group[0], "v4", Decision("open"), 1, "Bram", "editor")
    with pytest.raises(StaleVersionError):
        decisions.save_decisions(june_store, group, "v4", Decision("al_in_beleid"),
                               dict.fromkeys(group, 1), "Anna", "editor")
    current = queries.current_decisions(june_store).set_index("suggestion_id")["status"]
    assert current[group[0]] == "open" and (current[group[1:]] == "doorverwezen").all()


@pytest.mark.parametrize("status", ["niet_verwerkt", "doorverwezen"])
def test_publishing_needs_public_explanation(june_store, status):
    sid = _advice(june_store, "Frame het ook als gezondheid")
    with pytest.raises(InputError, match="openbare toelichting"):
        decisions.save_decision(june_store, sid, "v4", Decision(status, published=True), 0, "A", "editor")
    assert queries.decision_history(june_store, sid).empty
    # unpublished is fine without; published with one too
    assert decisions.save_decision(june_store, sid, "v4", Decision(status), 0, "A", "editor") == 1
    assert decisions.save_decision(june_store, sid, "v4", Decision(
        status, public_explanation="Past niet in het NMP.", published=True), 1, "A", "editor") == 2


def test_validation_messages(june_store):
    sid = _advice(june_store, "Frame het ook als gezondheid")
    with pytest.raises(InputError, match="sectie"):
        decisions.save_decision(june_store, sid, "v4", Decision("verwerkt"), 0, "A", "editor")
    with pytest.raises(InputError, match="bestaat niet"):
        decisions.save_decision(june_store, sid, "v4", Decision("verwerkt", "9.9"), 0, "A", "editor")
    with pytest.raises(InputError, match="Onbekende status"):
        decisions.save_decision(june_store, sid, "v4", Decision("klaar"), 0, "A", "editor")
    with pytest.raises(InputError, match="Onbekende conceptversie"):
        decisions.save_decision(june_store, sid, "v9", Decision("open"), 0, "A", "editor")
    with pytest.raises(InputError, match="geen suggestie"):
        s = june_store.load_contributions(["id", "section"])
        decisions.save_decision(june_store, s.loc[s["section"] == "overwegende", "id"].iloc[0],
                              "v4", Decision("open"), 0, "A", "editor")
    assert queries.audit_log(june_store).empty


@pytest.mark.parametrize("role", ["viewer", "analyst", None])
def test_only_editors_edit(june_store, role):
    sid = _advice(june_store, "Frame het ook als gezondheid")
    with pytest.raises(PermissionDenied):
        decisions.save_decision(june_store, sid, "v4", Decision("open"), 0, "A", role)
    with pytest.raises(PermissionDenied):
        decisions.review_link(june_store, sid, "v4", "6.4.3", "bevestigd", 0, "A", role)
    assert queries.decision_history(june_store, sid).empty


def test_public_mode_and_read_only_store_refuse(june_store, monkeypatch):
    sid = _advice(june_store, "Frame het ook als gezondheid")
    monkeypatch.setenv("NMP_MODE", "public")
    with pytest.raises(PermissionDenied, match="openbare"):
        decisions.save_decision(june_store, sid, "v4", Decision("open"), 0, "A", "editor")
    monkeypatch.delenv("NMP_MODE")
    assert decisions.can_edit(june_store, "editor")
    if june_store.url.startswith("sqlite"):
        ro = Store(url=june_store.url, read_only=True)
        with pytest.raises(PermissionDenied, match="alleen-lezen"):
            decisions.save_decision(ro, sid, "v4", Decision("open"), 0, "A", "editor")


def test_link_review_keeps_history(june_store):
    sid = _advice(june_store, "Blijf in gesprek")
    assert decisions.review_link(june_store, sid, "v4", "6.4.3", "bevestigd", 0, "Anna", "editor") == 1
    with pytest.raises(StaleVersionError):
        decisions.review_link(june_store, sid, "v4", "6.4.3", "afgewezen", 0, "Bram", "editor")
    decisions.review_link(june_store, sid, "v4", "H5", "afgewezen", 0, "Bram", "editor")
    links = queries.current_links(june_store).set_index("section")
    assert links.loc["6.4.3", "state"] == "bevestigd" and links.loc["H5", "state"] == "afgewezen"
    assert queries.tracker_table(june_store, "v4").set_index("id").loc[sid, "confirmed_links"] == "6.4.3"
    assert len(queries.audit_log(june_store, sid)) == 2


def test_export_neutralises_formulas(june_store):
    sid = _advice(june_store, "Frame het ook als gezondheid")
    nasty = ["=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)", "\tTAB", "\rCR"]
    decisions.save_decision(june_store, sid, "v4", Decision(
        "niet_verwerkt", public_explanation=nasty[0], internal_note=" ".join(nasty)),
        0, "=cmd|' /C calc'!A0", "editor")
    table = queries.export_table(june_store, "v4")
    table.loc[table["id"] == sid, "onderwerp"] = nasty[1]
    for i, value in enumerate(nasty):
        table.loc[i, "interne_notitie"] = value
    csv = pd.read_csv(io.BytesIO(to_bytes(table, "csv")), sep=";", encoding="utf-8-sig", dtype=str,
                      keep_default_na=False)
    row = csv[csv["id"] == sid].iloc[0]
    assert row["openbare_toelichting"].startswith("'=") and row["door"].startswith("'=")
    assert row["onderwerp"] == "'+1+1"
    notes = csv["interne_notitie"].iloc[:len(nasty)].tolist()
    assert notes[2] == "-2"  # a plain number is not a formula: left alone
    assert all(n.startswith("'") for i, n in enumerate(notes) if i != 2), notes
    # XLSX: the same texts as text cells, without an apostrophe, never a formula
    sheet = openpyxl.load_workbook(io.BytesIO(to_bytes(table, "xlsx"))).active
    head = [c.value for c in sheet[1]]
    cells = [r[head.index("interne_notitie")] for r in sheet.iter_rows(min_row=2, max_row=len(nasty) + 1)]
    assert [c.value for c in cells] == nasty and {c.data_type for c in cells} == {"s"}
    hit = next(r for r in sheet.iter_rows(min_row=2) if r[head.index("id")].value == sid)
    assert hit[head.index("openbare_toelichting")].value == nasty[0]
    assert hit[head.index("openbare_toelichting")].data_type == "s"


def test_concurrent_saves_cannot_both_win(june_store):
    """Two editors save at the same moment, both based on version 0: exactly one wins."""
    import threading

    sid = _advice(june_store, "Blijf in gesprek")
    barrier = threading.Barrier(2)
    outcome: list[str] = []

    def save(status: str) -> None:
        barrier.wait()
        try:
            decisions.save_decision(june_store, sid, "v4", Decision(status), 0, status, "editor")
            outcome.append("ok")
        except StaleVersionError:
            outcome.append("stale")

    threads = [threading.Thread(target=save, args=(s,)) for s in ("al_in_beleid", "niet_verwerkt")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcome) == ["ok", "stale"]
    assert len(queries.decision_history(june_store, sid)) == 1
    assert len(queries.audit_log(june_store, sid)) == 1


def test_best_link_skips_rejected_proposals_and_falls_back_to_a_manual_link(june_store):
    from analysis.tracker.concept_versions import load_versions
    from analysis.tracker.links import refresh_links

    refresh_links(june_store)
    sid = _advice(june_store, "Blijf in gesprek")
    mine = queries.current_links(june_store, sid)
    mine = mine[mine["version"] == "v4"].sort_values("rank")
    assert len(mine) >= 2

    def shown() -> tuple[str, str]:
        row = queries.export_table(june_store, "v4").set_index("id").loc[sid]
        assert queries.tracker_table(june_store, "v4").set_index("id").loc[sid, "best_link"] == \
            row["voorgestelde_sectie"]
        return row["voorgestelde_sectie"], row["bewijs"]

    assert shown() == (mine["section"].iloc[0], mine["evidence"].iloc[0])
    decisions.review_link(june_store, sid, "v4", mine["section"].iloc[0], "afgewezen", 0, "Anna", "editor")
    assert shown() == (mine["section"].iloc[1], mine["evidence"].iloc[1])
    for section in mine["section"].iloc[1:]:
        decisions.review_link(june_store, sid, "v4", section, "afgewezen", 0, "Anna", "editor")
    v4 = next(v for v in load_versions(june_store) if v.id == "v4")
    other = next(s.number for s in v4.sections if s.number not in set(mine["section"]))
    decisions.review_link(june_store, sid, "v4", other, "bevestigd", 0, "Anna", "editor")
    assert shown() == (other, "handmatig gekoppeld")
    assert "evidence" not in queries.tracker_table(june_store, "v4").columns  # only the export reads it


@pytest.mark.parametrize("status", ["niet_verwerkt", "doorverwezen", "open"])
def test_not_in_programme_status_with_section_is_refused(june_store, status):
    sid = _advice(june_store, "cumulatieve gezondheidseffecten")
    with pytest.raises(InputError, match="niet in het programma"):
        decisions.save_decision(june_store, sid, "v4",
                                Decision(status, "6.2.2", public_explanation="Past niet."),
                                0, "Anna", "editor")
    assert queries.decision_history(june_store, sid).empty
    assert queries.audit_log(june_store).empty


def test_append_decisions_all_or_nothing_with_audit(june_store):
    s = queries.suggestions(june_store)
    a, b = s["id"].iloc[0], s["id"].iloc[1]
    decisions.save_decision(june_store, a, "v4", Decision("open"), 0, "Anna", "editor")
    rows = [decisions.DecisionRow(a, "v4", Decision("verwerkt", "6.2.2")),
            decisions.DecisionRow(b, "v4", Decision("niet_verwerkt", "6.2.2"))]
    with pytest.raises(InputError, match="Rij 2"):
        decisions.append_decisions(june_store, rows, "Import", "editor")
    assert len(queries.decision_history(june_store, a)) == 1 and len(queries.audit_log(june_store)) == 1
    rows[1] = decisions.DecisionRow(b, "v4", Decision("niet_verwerkt", public_explanation="Elders.",
                                                      published=True))
    assert decisions.append_decisions(june_store, rows, "Import", "editor") == 2
    current = queries.current_decisions(june_store).set_index("suggestion_id")
    assert current.loc[a, "row_version"] == 2 and current.loc[a, "status"] == "verwerkt"
    assert current.loc[b, "row_version"] == 1 and bool(current.loc[b, "published"])
    log = queries.audit_log(june_store)
    assert len(log) == 3 and "was 'Open'" in log[log["suggestion_id"] == a]["summary"].iloc[0]
