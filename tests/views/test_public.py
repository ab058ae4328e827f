"""Public mode: no personal data, no internal notes, no unpublished decisions, no writes.

A fictional consultation with planted personal data (generator, plus one
hand-written answer) and decisions with internal notes is stored; then every
public page (AppTest of dashboard.py with NMP_MODE=public) and the public export
are searched for any of it.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from planted import FIND_WORD, build_planted_store, leaks
from sqlalchemy import insert
from sqlalchemy.exc import OperationalError
from streamlit.testing.v1 import AppTest

from analysis.access import deployment, navigation
from analysis.core import config, paths
from analysis.core.errors import PermissionDenied
from analysis.enrich import deidentify
from analysis.store import public_texts, tables
from analysis.store.store import Store
from analysis.store.tables import decisions
from analysis.tracker import decisions as tracker_decisions
from analysis.tracker import queries
from analysis.views import public, public_counts


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Store:
    return build_planted_store(tmp_path_factory.mktemp("planted"))


def test_public_table_has_only_public_columns_and_published_decisions(planted):
    table = public.public_contributions(Store(url=planted.url, read_only=True))
    assert not {"id", "respondent_id", "metadata", "document", "internal_note", "actor"} & set(table.columns)
    assert leaks(table.to_csv()) == []
    mine = table[table["text"].str.contains(FIND_WORD)].iloc[0]
    assert mine["status"] == "verwerkt" and mine["concept_version"] == "v4"
    assert mine["concept_section"].startswith("§6.2.2")
    assert "[e-mailadres]" in mine["public_explanation"]
    for placeholder in ("[naam]", "[e-mailadres]", "[telefoonnummer]", "[adres]", "[BSN-nummer]"):
        assert placeholder in mine["text"]
    assert table["status"].dropna().tolist() == ["verwerkt"]  # unpublished and withdrawn are absent
    summary = public_counts.theme_summary(table)
    assert summary["verwerkt"].sum() >= 1 and (summary["besloten"] <= summary["suggesties"]).all()


def test_import_stores_redacted_texts_and_the_log_and_the_page_only_reads_them(tmp_path):
    """The import persists the redacted texts (and the redaction log); the public table joins
    them, and a store without them (imported before, old backup) is redacted on reading."""
    from sqlalchemy import delete

    store = build_planted_store(tmp_path)
    stored = public_texts.load_public_texts(store)
    assert len(stored) == store.count() and leaks(stored.to_csv()) == []
    mine = stored[stored["text"].str.contains(FIND_WORD)].iloc[0]
    assert "[e-mailadres]" in mine["text"] and "[naam]" in mine["text"]
    log = public_texts.load_log(store)
    assert {"naam", "email", "telefoon", "adres", "bsn"} <= set(
        log.loc[log["contribution_id"] == mine["id"], "kind"])
    assert leaks(log.to_csv()) == []

    seen: list[str] = []
    original = deidentify.redact_many
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(deidentify, "redact_many", lambda texts, *a: original(
        seen.extend(texts) or texts, *a))
    public._redacted.cache_clear()
    from_import = public.public_contributions(Store(url=store.url, read_only=True))
    monkeypatch.undo()
    assert not any(FIND_WORD in t for t in seen)  # answers are not redacted while reading,
    assert len(seen) <= 3  # only the published decisions' explanations are

    with store.engine.begin() as conn:
        conn.execute(delete(tables.public_texts))
    public._redacted.cache_clear()
    on_reading = public.public_contributions(Store(url=store.url, read_only=True))
    assert leaks(on_reading.to_csv()) == []
    # reading redacts with the patterns only (a page view never loads Deduce), so the texts may
    # hide less than the import did; every other column is the same
    pd.testing.assert_frame_equal(on_reading.drop(columns=["text"]), from_import.drop(columns=["text"]))


def test_public_export_command(planted, run_cli, tmp_path):
    out = tmp_path / "publiek.csv"
    result = run_cli("export", "--out", out, "--public", database_url=planted.url)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8-sig")
    assert leaks(text) == []
    table = pd.read_csv(out, sep=";", decimal=",")
    assert "respondent_id" not in table.columns and "metadata" not in table.columns
    assert table["text"].str.contains(FIND_WORD).sum() == 1


def _all_text(at: AppTest) -> str:
    """Every string the page shows: element protos (text, labels, options) and table cells."""
    parts = [str(node.proto) for node in _walk(at._tree) if getattr(node, "proto", None) is not None]
    parts += [df.value.to_csv() for df in at.dataframe]
    return "\n".join(parts)


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def test_no_public_page_shows_personal_data_or_internal_notes(planted, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", planted.url)
    monkeypatch.setenv("NMP_MODE", "public")
    public_pages = [p.file for p in navigation.pages_for("public", "public")]
    assert "app_pages/publiek.py" in public_pages
    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    for page in public_pages:
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, [e.message for e in at.exception])
        shown = _all_text(at)
        assert leaks(shown) == [], page
        assert "Interne modus" not in shown
    # On the public page, the participant finds their own answer, redacted, with its decision.
    at.switch_page("app_pages/publiek.py")
    at.run()
    at.text_input[0].input(FIND_WORD).run()
    shown = _all_text(at)
    assert "1 bijdrage gevonden" in shown
    assert "[e-mailadres]" in shown and "[naam]" in shown and "Verwerkt" in shown
    assert leaks(shown) == []


def test_internal_mode_without_login_says_it_is_local_only(planted, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", planted.url)
    monkeypatch.setenv("NMP_MODE", "internal")
    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    assert any("Interne modus zonder inlog" in w.value for w in at.warning)
    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=120)
    import streamlit as st
    monkeypatch.setattr(st, "get_option", lambda key: "0.0.0.0" if key == "server.address" else None)
    at.run()
    assert any("geen inlog" in e.value for e in at.error)
    assert not at.title  # no page was served


def test_editing_is_refused_in_public_mode_even_when_called_directly(planted, monkeypatch):
    suggestion = planted.load_contributions(["id", "section"]).query("section == 'antwoord'")["id"].iloc[5]
    decision = tracker_decisions.Decision("verwerkt", "6.2.2", "uitleg", "notitie", published=True)
    read_only = Store(url=planted.url, read_only=True)
    with pytest.raises(PermissionDenied):  # the public process's store
        tracker_decisions.save_decision(read_only, suggestion, "v4", decision, 0, "bezoeker", "public")
    with pytest.raises(PermissionDenied):  # even an editor role, even on a writable store
        monkeypatch.setenv("NMP_MODE", "public")
        tracker_decisions.save_decision(planted, suggestion, "v4", decision, 0, "bezoeker", "editor")
    with pytest.raises(OperationalError, match="readonly"), read_only.engine.begin() as conn:
        # and the database itself refuses
        conn.execute(insert(decisions).values(
            suggestion_id=suggestion, concept_version="v4", row_version=1, status="verwerkt",
            published=True, actor="x", at=pd.Timestamp.now(tz="UTC").to_pydatetime()))
    assert queries.current_decisions(planted, [suggestion]).empty


def test_public_deployment_settings():
    """The public Streamlit settings live in a file, and upload limits agree with config.toml."""
    with open(paths.ROOT / ".streamlit" / "config.public.toml", "rb") as fh:
        cfg = tomllib.load(fh)
    assert cfg["client"]["toolbarMode"] == "minimal"
    assert cfg["client"]["showErrorDetails"] == "none"
    assert cfg["server"]["enableXsrfProtection"] is True
    assert cfg["browser"]["gatherUsageStats"] is False
    with open(paths.ROOT / ".streamlit" / "config.toml", "rb") as fh:
        internal = tomllib.load(fh)
    limit_mb = config.settings()["limits"]["max_file_mb"]
    assert cfg["server"]["maxUploadSize"] == internal["server"]["maxUploadSize"] == limit_mb
    flags = deployment.streamlit_flags()
    assert "--client.toolbarMode=minimal" in flags and "--server.enableXsrfProtection=true" in flags


def test_no_user_text_goes_into_html():
    """No page uses unsafe_allow_html; st.html only ever gets the constant language script."""
    for page in [*Path(paths.ROOT / "app_pages").glob("*.py"), paths.ROOT / "dashboard.py"]:
        source = page.read_text(encoding="utf-8")
        assert "unsafe_allow_html" not in source, page
        for call in re.findall(r"st\.html\(([^,)]*)", source):
            assert call.strip() == "_LANG_NL", (page, call)
