"""The data functions and charts behind the pages (what AppTest cannot see)."""
from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from analysis.access import mode, navigation
from analysis.core import dutch, labels
from analysis.core.errors import InputError
from analysis.core.paths import ROOT
from analysis.ingest import preview as ingest_preview
from analysis.views import (
    charts,
    contribution_view,
    display,
    explore,
    export,
    overview,
    theme_view,
    tracker_view,
)
from analysis.views import frame as views_frame


@pytest.fixture(scope="module")
def frame(default_data_store) -> pd.DataFrame:
    return views_frame.load(default_data_store)


def test_prepare_parses_metadata_and_theme_columns(frame):
    raadpleging = frame[frame["source_type"] == "raadpleging"]
    first = json.loads(raadpleging["metadata"].iloc[0])
    assert raadpleging["provincie"].iloc[0] == first["provincie"]
    assert frame.loc[frame["source_type"] != "raadpleging", "provincie"].isna().all()
    for theme_id in views_frame.theme_labels():
        col = frame[views_frame.theme_column(theme_id)]
        expected = frame["themes"].fillna("").str.split(";").map(lambda ts, theme_id=theme_id: theme_id in ts)
        assert col.tolist() == expected.tolist()


def test_filters_narrow_and_combine(frame):
    sessions = views_frame.options(frame, views_frame.SESSION)
    first_dates = frame.groupby(views_frame.SESSION)["date"].min()
    assert first_dates.loc[sessions].is_monotonic_increasing
    june = frame.loc[frame["date"] == "2024-06-26", views_frame.SESSION].iloc[0]
    in_june = views_frame.apply_filters(frame, views_frame.Filters(sessions=(june,)))
    assert set(in_june[views_frame.SESSION]) == {june}
    both = views_frame.apply_filters(frame, views_frame.Filters(sessions=(june,), sections=("advies",)))
    assert 0 < len(both) < len(in_june) and set(both["section"]) == {"advies"}
    cum = views_frame.apply_filters(frame, views_frame.Filters(themes=("cumulatie",)))
    assert cum["themes"].str.contains("cumulatie").all()
    assert len(views_frame.apply_filters(frame, views_frame.Filters(query="zzzz-niet-bestaand"))) == 0


def test_search_needs_every_word_case_insensitive():
    text = pd.Series(["Stapeling van GELUID", "stapeling van lucht", "geluid"], dtype="string")
    assert views_frame.search_mask(text, "stapeling geluid").tolist() == [True, False, False]


def test_metadata_filter(frame):
    rol = frame["rol"].dropna().iloc[0]
    out = views_frame.apply_filters(frame, views_frame.Filters(metadata=(("rol", (rol,)),)))
    assert len(out) and out["rol"].eq(rol).all()


def test_theme_counts_match_membership_and_uncertain(frame):
    counts = overview.theme_counts(frame).set_index("thema_id")["Bijdragen"]
    assert counts["cumulatie"] == len(views_frame.in_theme(frame, "cumulatie"))
    assert counts["onzeker"] == int(views_frame.unassigned_mask(frame).sum())


def test_section_balance_and_session_share(frame):
    balance = overview.theme_section_balance(frame, ("sterk", "zwak", "verbeter"))
    cum = views_frame.in_theme(frame, "cumulatie")
    row = balance.set_index("Thema").loc[views_frame.theme_label("cumulatie")]
    assert row["Zwak punt"] == int(cum["section"].eq("zwak").sum())
    share = overview.session_theme_share(frame)
    assert list(share.index) == views_frame.options(frame, views_frame.SESSION)
    assert share.to_numpy().max() <= 100


def test_cooccurring_excludes_itself(frame):
    co = theme_view.cooccurring(frame, "cumulatie")
    assert views_frame.theme_label("cumulatie") not in set(co["Thema"])
    assert co["Samen genoemd"].is_monotonic_decreasing


def test_top_terms_leave_out_stop_words():
    texts = pd.Series(["De stapeling van geluid en fijnstof", "Stapeling van geluid in de wijk",
                       "geluid van het verkeer"], dtype="string")
    words, phrases = theme_view.top_terms(texts, n=3)
    assert words.iloc[0]["Term"] == "geluid" and words.iloc[0]["Bijdragen"] == 3
    assert "de" not in set(words["Term"]) and "van" not in set(words["Term"])
    assert "stapeling geluid" in set(phrases["Zinsdeel"])  # stop words dropped inside phrases


def test_quotes_skip_duplicates_and_spread_over_sessions(frame):
    cum = views_frame.in_theme(frame, "cumulatie")
    quotes = theme_view.representative_quotes(cum, n=4)
    assert quotes["duplicate_of"].isna().all()
    assert quotes[views_frame.SESSION].nunique() > 1


def test_last_import_lists_documents(default_data_store):
    at, table = overview.last_import(default_data_store.load_imports())
    assert at is not None
    assert set(table["Document"]) == set(default_data_store.load_documents()["document"])
    assert overview.last_import(pd.DataFrame())[0] is None


def test_display_table_labels_fictional_rows(frame):
    shown = display.display_table(frame)
    fict = frame["is_fictional"].to_numpy()
    assert (shown.loc[fict, "Label"] == "fictief voorbeeld").all()
    assert (shown.loc[~fict, "Label"] == "").all()
    assert set(shown["Soort"]) <= set(labels.labels()["sections"].values())


def test_export_drops_respondent_data_in_public_mode(frame):
    table = display.export_table(frame, public=True)
    assert "respondent_id" not in table and "metadata" not in table
    data = export.to_bytes(display.export_table(frame), "xlsx")
    back = pd.read_excel(io.BytesIO(data))
    assert len(back) == len(frame) and "is_fictional" in back


def test_detail_and_duplicates(frame):
    dup = frame[frame["duplicate_of"].notna()].iloc[0]
    info = contribution_view.detail(frame, dup["id"])
    assert dup["duplicate_of"] in set(info["duplicaten"]["id"])
    original = contribution_view.detail(frame, dup["duplicate_of"])
    assert dup["id"] in set(original["duplicaten"]["id"])
    assert contribution_view.detail(frame, "bestaat-niet") is None


def test_charts_have_dutch_titles_and_axes(frame):
    counts = overview.theme_counts(frame).drop(columns="thema_id")
    fig = charts.theme_bars(counts)
    assert fig.layout.title.text == "Bijdragen per thema"
    assert fig.layout.xaxis.title.text == "Aantal bijdragen"
    heat = charts.session_heatmap(overview.session_theme_share(frame))
    assert heat.layout.coloraxis.colorbar.title.text == "% van de sessie"


def test_navigation_by_mode_and_role():
    public = [p.file for p in navigation.pages_for("public", "public")]
    assert "app_pages/importeren.py" not in public and "app_pages/bijdragen.py" not in public
    assert "app_pages/themas.py" in public
    assert public[0] == "app_pages/publiek.py"  # opens there, first in the (phone) menu
    assert [p.default for p in navigation.pages_for("public", "public")].count(True) == 1
    assert navigation.pages_for("internal", "editor")[0].file == "app_pages/overzicht.py"
    editor = [p.file for p in navigation.pages_for("internal", "editor")]
    viewer = [p.file for p in navigation.pages_for("internal", "viewer")]
    assert "app_pages/importeren.py" in editor and "app_pages/importeren.py" not in viewer
    assert all((ROOT / f).exists() for f in editor)


def test_unknown_mode_is_refused(monkeypatch):
    monkeypatch.setenv("NMP_MODE", "geheim")
    with pytest.raises(InputError, match="NMP_MODE"):
        mode.current_mode()


def test_import_preview_reports_problems(store):
    csv = (ROOT / "data/examples/raadpleging-fictief-voorbeeld.csv").read_bytes()
    preview = ingest_preview.preview(csv, "raadpleging.csv")
    assert preview.can_store and preview.rows["is_fictional"].all()
    assert ingest_preview.replacement(store, preview) is None  # nothing of that name stored yet
    assert store.count() == 0
    report = ingest_preview.store_upload(store, preview, "editor")
    assert store.count() == len(preview.rows) == report.added
    assert ingest_preview.outcome(report).startswith(f"Opgeslagen. Nieuw: {dutch.number(report.added)} bijdragen. ")


def test_tracker_beside_prefers_decision_and_hides_unpublished_in_public():
    table = pd.DataFrame({
        "id": ["a", "b", "c"], "status_label": ["Verwerkt", "Open", "Niet verwerkt"],
        "decided_section": ["6.2.2", None, None], "confirmed_links": [None, "7.1", None],
        "best_link": ["5", "5", "6.4"], "published": [True, False, False]})
    internal = tracker_view.tracker_beside(table).set_index("id")["Sectie in conceptversie"]
    assert internal.tolist() == ["6.2.2", "7.1", "6.4 (voorgesteld)"]
    public = tracker_view.tracker_beside(table, public=True).set_index("id")
    assert public.loc["c", "Status"] == "Open" and pd.isna(public.loc["c", "Sectie in conceptversie"])
    assert public.loc["a", "Status"] == "Verwerkt"
    shown = tracker_view.attach_tracker(pd.DataFrame({"Bijdrage": ["x", "y"]}), pd.Series(["a", "z"]),
                                 tracker_view.tracker_beside(table))
    assert shown.columns.tolist() == ["Bijdrage", "Status", "Sectie in conceptversie"]
    assert shown["Status"].tolist() == ["Verwerkt", "Open"]


def test_explore_on_a_sample_agrees_with_its_map(frame):
    found = explore.explore(frame, k=6, sample=300)
    assert found.k == 6 and found.sampled == 300 and found.total == len(frame)
    assert len(found.topics) == 6 and found.topics["Bijdragen"].sum() <= 300
    assert set(found.points["Onderwerp"]) <= {*found.topics["Onderwerp"], explore.NO_TOPIC_NAME}
    assert found.topic_names()[:6] == found.topics["Onderwerp"].tolist()
    first = found.topics["Onderwerp"].iloc[0]
    assert len(found.members(first)) == int(found.topics["Bijdragen"].iloc[0])
    assert len(found.members(explore.NO_TOPIC_NAME)) == found.no_topic()
    assert set(found.points["Thema"]) <= {views_frame.theme_label(t) for t in [*views_frame.theme_labels(), "onzeker"]}
    fig = charts.topic_map(found.points, "Onderwerp")
    assert fig.layout.title.text == "Kaart van de bijdragen, kleur: Onderwerp"


def test_md_escape_keeps_the_words_and_drops_the_markup():
    escaped = display.md_escape("# Kop ![a](http://x.invalid/i.png) *vet* :red[rood] $x$\nregel 2")
    assert "![" not in escaped and "](" not in escaped and "\\*vet\\*" in escaped
    assert escaped.replace("\\", "").replace("  \n", "\n") == \
        "# Kop ![a](http://x.invalid/i.png) *vet* :red[rood] $x$\nregel 2"
    assert display.md_escape(None) == ""
