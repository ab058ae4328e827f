"""Tracing on the real June and November reports: the clear cases a careful reader makes."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.paths import RAW_DIR
from analysis.enrich.themes import assign_themes
from analysis.harvest import parse_path
from analysis.harvest.concept_document import default_versions
from analysis.tracker.proposals import propose

REPORTS = ["werksessie-2024-06-26-samen-werken-aan-het-nmp.txt",
           "werksessie-2024-11-06-reflectie-conceptversie-4.txt"]


@pytest.fixture(scope="module")
def parsed() -> tuple[pd.DataFrame, pd.DataFrame]:
    docs = [parse_path(RAW_DIR / name) for name in REPORTS]
    contribs = assign_themes(pd.concat([d.contributions for d in docs], ignore_index=True))
    return contribs, pd.concat([d.topics for d in docs], ignore_index=True)


@pytest.fixture(scope="module")
def links(parsed) -> pd.DataFrame:
    contribs, topics = parsed
    return propose(contribs, default_versions(), topics)


def _best(parsed, links, contains: str) -> pd.Series:
    contribs, _ = parsed
    sid = contribs.loc[contribs["text"].str.contains(contains, regex=False)
                       & (contribs["date"] == "2024-06-26"), "id"].iloc[0]
    mine = links[(links["suggestion_id"] == sid) & (links["version"] == "v4")]
    return mine.sort_values("rank").iloc[0]


@pytest.mark.parametrize("contains, section", [
    ("ambitie op te nemen over het omgaan met cumulatieve", "6.2.2"),  # cumulatie
    ("kennisagenda op te nemen", "6.2.2"),
    ("het lef hebt om beprijzen", "6.3.1/6.3.2/6.3.3"),  # beprijzen -> economy
    ("Normen te versterken en aan te scherpen", "6.2.5/6.4.2"),  # VTH
    ("Nationaal vergunningenbeleid aan te passen", "6.2.5/6.4.2"),
    ("Mondiale handelsverdragen", "6.4.1"),
    ("Blijf in gesprek, faciliteer dat", "6.4.3"),
    ("Hou de samenhang in de gaten", "6.2.1"),
    ("Houd rekening met cumulatie bij normering", "6.2.2"),  # normering topic, cumulatie subject
])
def test_clear_cases_get_the_right_best_link(parsed, links, contains, section):
    assert _best(parsed, links, contains)["section"] == section


def test_praise_in_a_later_session_is_evidence(parsed, links):
    best = _best(parsed, links, "ambitie op te nemen over het omgaan met cumulatieve")
    assert best["evidence"].startswith("In §6.2.2 *Stapeling van effecten* staat: '")
    assert "in november 2024 noemden deelnemers het onderwerp van deze sectie een sterk punt" in best["evidence"]
    assert "overeenkomst" not in best["evidence"] and "0," not in best["evidence"]


def test_cumulatie_in_normering_goes_to_stapeling(parsed, links):
    """The June normering advice "Houd rekening met cumulatie bij normering." is §6.2.2's subject
    (norms per influence do not do justice to stapeling). Its word-for-word repeat as a zwak punt
    under H5 in November does not pull it to H5, and the evidence does not quote that repeat."""
    contribs, _ = parsed
    sid = contribs.loc[(contribs["text"] == "Houd rekening met cumulatie bij normering.")
                       & (contribs["date"] == "2024-06-26"), "id"].iloc[0]
    mine = links[(links["suggestion_id"] == sid) & (links["version"] == "v4")].sort_values("rank")
    assert mine["section"].iloc[0] == "6.2.2"
    assert "H5" not in set(mine["section"])
    assert not mine["evidence"].str.contains("Houd rekening met cumulatie", regex=False).any()


def test_a_repeat_is_described_not_quoted(parsed, links):
    repeated = links[links["evidence"].str.contains("herhaalden deelnemers deze suggestie als zwak punt "
                                                    "bij deze sectie (dus misschien nog niet verwerkt)",
                                                    regex=False)]
    assert len(repeated)
    for text, evidence in zip(repeated["suggestion_text"], repeated["evidence"]):
        assert text not in evidence


def test_november_remarks_link_to_their_own_section(parsed, links):
    contribs, _ = parsed
    nov = contribs[(contribs["date"] == "2024-11-06") & contribs["section"].isin(["zwak", "verbeter"])]
    best = links[links["rank"] == 1].set_index("suggestion_id")
    expected = nov.set_index("id")["concept_ref"].str.replace("v4 ", "").str.lstrip("§")
    share = (best.loc[expected.index, "section"] == expected).mean()
    assert share > 0.95
    assert best.loc[expected.index[0], "evidence"].startswith(
        "Het onderwerp van deze bijdrage verwijst zelf naar ")


def test_only_suggestions_are_traced_and_scores_are_ordered(parsed, links):
    contribs, _ = parsed
    sections = contribs.set_index("id").loc[links["suggestion_id"], "section"]
    assert set(sections) <= {"advies", "zwak", "verbeter", "antwoord"}
    for _, group in links.groupby(["suggestion_id", "version"]):
        assert group.sort_values("rank")["score"].is_monotonic_decreasing
        assert len(group) <= 3


def test_refresh_hook_stores_links_on_import(default_data_store):
    from analysis.tracker.queries import current_links

    stored = current_links(default_data_store)
    assert len(stored) > 100
    assert set(stored["state"]) == {"voorgesteld"}
    assert stored["evidence"].str.match(r"(Het onderwerp|In |De titel van)").all()


def test_trace_command_writes_links_with_states(store, run_cli, tmp_path):
    from analysis.tracker import decisions, queries
    from analysis.tracker.links import refresh_links

    parsed = parse_path(RAW_DIR / REPORTS[0])
    store.replace_documents([(parsed, parsed.contributions)])
    assert refresh_links(store) > 0
    sid = queries.suggestions(store)["id"].iloc[0]
    decisions.review_link(store, sid, "v4", "6.4.1", "afgewezen", 0, "Anna", "editor")
    out = tmp_path / "links.csv"
    result = run_cli("trace", "--out", out, database_url=store.url)
    assert result.returncode == 0, result.stderr
    links = pd.read_csv(out, sep=";", decimal=",", encoding="utf-8-sig")
    for col in ["suggestion_id", "suggestion_text", "version", "section", "evidence", "score", "state"]:
        assert col in links.columns
    assert set(links["state"]) == {"voorgesteld", "afgewezen"}
    assert links["suggestion_text"].notna().all()
    bad = run_cli("trace", "--out", tmp_path / "geen-map" / "x.csv", database_url=store.url)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr


def test_an_import_recomputes_only_its_own_documents_links(store, tmp_path):
    """Remarks and concept versions unchanged: the other documents' links and reviews stay as
    they were, and the new document's links equal those of a full recompute (the others may
    then differ a little: the vocabulary is refitted on all suggestions)."""
    from sqlalchemy import select

    from analysis.devtools.backend_bench import write_export
    from analysis.ingest.pipeline import ingest_paths
    from analysis.store.tables import links as links_table
    from analysis.tracker import decisions, queries
    from analysis.tracker.links import refresh_links

    ingest_paths(store, [RAW_DIR / name for name in REPORTS])
    sid = queries.suggestions(store)["id"].iloc[0]
    decisions.review_link(store, sid, "v4", "6.4.1", "bevestigd", 0, "Anna", "editor")

    def stored():
        with store.engine.connect() as conn:
            return pd.read_sql(select(links_table), conn).sort_values(
                ["suggestion_id", "concept_version", "section"]).reset_index(drop=True)

    before = stored()
    ingest_paths(store, [write_export(200, tmp_path / "raadpleging.csv")])
    after = stored()
    kept = after[after["suggestion_id"].isin(before["suggestion_id"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, before)  # same rows, same computed_at: not recomputed
    assert len(after) > len(before)
    assert (queries.current_links(store, sid).set_index("section").at["6.4.1", "state"]
            == "bevestigd")
    refresh_links(store)  # everything from scratch
    cols = ["suggestion_id", "concept_version", "section", "rank", "score", "evidence"]
    new = ~after["suggestion_id"].isin(before["suggestion_id"])
    full = stored()
    pd.testing.assert_frame_equal(full.loc[~full["suggestion_id"].isin(before["suggestion_id"]), cols]
                                  .reset_index(drop=True), after.loc[new, cols].reset_index(drop=True))
