"""AppTest: big tables are sent one page at a time, and derived data is not recomputed when an
unrelated widget changes (app_pages/_derived.py), on the default data from dashboard.py."""
from __future__ import annotations

import pytest
from apptests import open_page
from streamlit.testing.v1 import AppTest

from analysis.tracker import queries
from analysis.tracker.concept_versions import load_versions
from analysis.views import frame as views_frame
from analysis.views import overview, paging


@pytest.fixture
def app(monkeypatch, default_data_store):
    monkeypatch.setenv("DATABASE_URL", default_data_store.url)

    def start(page: str, mode: str = "internal") -> AppTest:
        monkeypatch.setenv("NMP_MODE", mode)
        return open_page(page)

    return start


def test_page_arithmetic():
    assert paging.page_count(0, 200) == 1 and paging.page_count(200, 200) == 1
    assert paging.page_count(201, 200) == 2
    assert paging.page_label(2, 1234, 200) == "2 van 7 (rij 201 tot en met 400 van 1.234)"
    assert paging.page_label(7, 1234, 200).endswith("(rij 1.201 tot en met 1.234 van 1.234)")


def test_bijdragen_sends_one_page_and_pages_through_all(app, default_data_store):
    n = len(views_frame.load(default_data_store))
    per_page = paging.rows_per_page()
    assert n > per_page  # the default data needs more than one page
    at = app("app_pages/bijdragen.py")
    table = at.dataframe[0].value
    assert len(table) == per_page
    pager = at.selectbox(key="bijdragen_pagina")
    pages = paging.page_count(n, per_page)
    assert list(pager.options) == [paging.page_label(p, n, per_page) for p in range(1, pages + 1)]
    pager.set_value(pages).run()
    last = at.dataframe[0].value
    assert len(last) == n - (pages - 1) * per_page
    # the detail view offers the rows of the page shown
    assert len(at.selectbox(key="detail").options) == len(last)


def test_pager_goes_back_to_the_first_page_when_the_selection_shrinks(app):
    at = app("app_pages/bijdragen.py")
    at.selectbox(key="bijdragen_pagina").set_value(4).run()
    at.text_input(key="zoek").set_value("lucht").run()
    assert not at.exception
    pager = [s for s in at.selectbox if s.key == "bijdragen_pagina"]
    assert not pager or pager[0].value == 1


def test_tracker_table_is_paged(app, default_data_store):
    version = load_versions(default_data_store)[-1].id
    n = len(queries.tracker_table(default_data_store, version))
    at = app("app_pages/tracker.py")
    assert len(at.dataframe[0].value) == min(n, paging.rows_per_page())
    if n > paging.rows_per_page():
        at.selectbox(key="trk_tabel_pagina").set_value(2).run()
        assert len(at.dataframe[0].value) == min(n - paging.rows_per_page(), paging.rows_per_page())


def test_overzicht_does_not_recompute_on_a_rerun(app, monkeypatch):
    calls = []
    real = overview.theme_counts

    def counted_theme_counts(df):
        calls.append(len(df))
        return real(df)

    monkeypatch.setattr(overview, "theme_counts", counted_theme_counts)
    at = app("app_pages/overzicht.py")
    at.run()
    at.run()
    assert len(calls) == 1  # computed once for this contributions version, then read from the cache


def test_themas_paging_a_section_does_not_recompute_the_terms(app, monkeypatch, default_data_store):
    from analysis.views import theme_view

    calls = []
    real = theme_view.terms

    def counted_terms(df):
        calls.append(len(df))
        return real(df)

    monkeypatch.setattr(theme_view, "terms", counted_terms)
    at = app("app_pages/themas.py")
    at.selectbox(key="thema").set_value("samenwerking").run()
    seen = len(calls)
    at.selectbox(key="themas_versie").set_value(load_versions(default_data_store)[0].id).run()
    assert not at.exception
    assert len(calls) == seen  # the section tables' fragment and the cache: no new term count
