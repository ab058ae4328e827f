"""Every public page and the public export, on a store holding the de-identification set,
show none of its personal data; the redaction check page works for an editor."""
from __future__ import annotations

import pytest
from deid_store import build, leaked
from streamlit.testing.v1 import AppTest

from analysis.access import navigation
from analysis.core import paths
from analysis.store import redactions
from analysis.views import public


@pytest.fixture(scope="module")
def deid(tmp_path_factory):
    return build(tmp_path_factory.mktemp("deid"))


def _all_text(at: AppTest) -> str:
    parts = [str(n.proto) for n in _walk(at._tree) if getattr(n, "proto", None) is not None]
    return "\n".join(parts + [df.value.to_csv() for df in at.dataframe])


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def test_public_table_and_export_hold_no_personal_data(deid, run_cli, tmp_path):
    table = public.public_contributions(deid)
    assert len(table) >= 130 and leaked(table.to_csv()) == []
    out = tmp_path / "publiek.csv"
    done = run_cli("export", "--out", out, "--public", database_url=deid.url)
    assert done.returncode == 0, done.stderr
    assert leaked(out.read_text(encoding="utf-8-sig")) == []
    # public names stay
    text = "\n".join(table["text"])
    for name in ("Tata Steel", "Chemours", "Rijkswaterstaat", "Limburg", "Waddenzee", "Kampen"):
        assert name in text


def test_every_public_page_shows_no_personal_data(deid, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", deid.url)
    monkeypatch.setenv("NMP_MODE", "public")
    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=180)
    at.run()
    for page in [p.file for p in navigation.pages_for("public", "public")]:
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, [e.message for e in at.exception])
        assert leaked(_all_text(at)) == [], page
    at.switch_page("app_pages/publiek.py")
    at.run()
    at.checkbox(key="publiek_alleen").uncheck().run()
    pages = at.selectbox(key="publiek_pagina")
    assert len(pages.options) >= 13  # every answer of the set, ten per page
    for number in range(1, len(pages.options) + 1):
        at.selectbox(key="publiek_pagina").set_value(number).run()
        assert leaked(_all_text(at)) == [], number


def test_redaction_check_page_adds_a_redaction_and_hides_a_contribution(deid, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", deid.url)
    monkeypatch.setenv("NMP_MODE", "internal")
    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=180)
    at.session_state["role"] = "editor"
    at.run()
    at.switch_page("app_pages/redactie.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Afscherming controleren"
    at.toggle(key="red_verdacht").set_value(False).run()
    at.text_input(key="red_zoek").set_value("Omgevingswet").run()
    chosen = at.selectbox(key="red_keuze").value
    at.text_input(key="red_actor").set_value("Anna").run()
    at.text_input(key="red_zin").set_value("gemeenten")
    at.text_input(key="red_reden").set_value("te herleidbaar")
    next(b for b in at.button if b.label == "Afschermen").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    said = at.success[0].value.replace("\\", "")  # names the phrase and the contribution (escaped Markdown)
    assert said.startswith("“gemeenten” afgeschermd in ") and "respondent" in said and "Omgevingswet" in said
    public._redacted.cache_clear()
    shown = public.public_contributions(deid)
    mine = shown[shown["text"].str.contains("Omgevingswet")]
    assert mine["text"].str.contains("[verwijderd]", regex=False).all()
    next(b for b in at.button if b.label == "Niet publiceren").click().run()
    assert not at.exception, [e.message for e in at.exception]
    with deid.engine.connect() as conn:
        assert chosen in redactions.hidden_ids(conn)
    assert not public.public_contributions(deid)["text"].str.contains("Omgevingswet").any()
