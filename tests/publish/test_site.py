"""The static public site on the default data and on a store with planted personal data and
internal notes: Dutch, readable without JavaScript, clean names, the documents' counts, nothing
internal; the command line's refusals are one Dutch line."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from planted import FIND_WORD, INTERNAL_NOTE, build_planted_store, leaks
from site_support import ENGLISH, RAW, build, pages, visible_text

from analysis.publish import site
from analysis.store.store import Store
from analysis.views import public, public_counts, report_data


@pytest.fixture(scope="module")
def published(default_data_store: Store, tmp_path_factory) -> tuple[Path, site.Published]:
    folder = tmp_path_factory.mktemp("publish") / "site"
    return folder, build(Store(url=default_data_store.url, read_only=True), folder)


def test_every_page_is_dutch_with_a_skip_link_and_readable_without_javascript(published):
    folder, done = published
    files = pages(folder)
    assert {p.relative_to(folder).as_posix() for p in files} == set(done.pages)
    assert len(files) == 3 + 6 + 13  # index, search, 404; sessions; themes (and 'onzeker')
    for page in files:
        html = page.read_text(encoding="utf-8")
        assert html.startswith('<!doctype html>\n<html lang="nl">'), page
        assert '<a class="skip" href="#inhoud">Naar de hoofdinhoud</a>' in html, page
        assert '<main id="inhoud"' in html and "Laatst bijgewerkt: " in html, page
        if page.name != "zoeken.html":
            assert "<script" not in html, page  # everything is there without JavaScript


def test_no_english_and_no_raw_values_in_any_page(published):
    folder, _ = published
    for page in pages(folder):
        html = page.read_text(encoding="utf-8")
        assert [w for w in ENGLISH if re.search(rf"\b{re.escape(w)}\b", html)] == [], page
        assert RAW.findall(visible_text(html)) == [], page
    updated = re.search(r"Laatst bijgewerkt: (\d{1,2} [a-z]+ \d{4} om \d\d:\d\d)\.",
                        (folder / "index.html").read_text(encoding="utf-8"))
    assert updated, "a Dutch date: 26 juni 2024 om 14:05"


def test_file_names_are_clean_and_every_link_resolves(published):
    folder, _ = published
    own = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()
           and not p.relative_to(folder).as_posix().startswith("pagefind/")]
    assert [f for f in own if not re.fullmatch(r"[a-z0-9/.-]+", f.removeprefix(".")) or "--" in f] == []
    for page in pages(folder):
        for href in re.findall(r'href="([^"#]+)', page.read_text(encoding="utf-8")):
            if not href.startswith(("http", "/", "data:")):
                assert (page.parent / href).resolve().is_file(), (page, href)
    docs = sorted((folder / "documenten").iterdir())
    assert len(docs) == 7 and all(zipfile.is_zipfile(d) for d in docs)  # 6 terugkoppelingen + nota
    assert (folder / "pagefind" / "pagefind-ui.js").is_file()


def test_the_counts_are_those_of_the_documents_and_the_read_model(published, default_data_store):
    folder, done = published
    store = Store(url=default_data_store.url, read_only=True)
    nota = report_data.build(store, report_data.ALL, "v4")
    index = visible_text((folder / "index.html").read_text(encoding="utf-8"))
    assert f"In totaal {nota.contributions} bijdragen uit 6 bijeenkomsten en raadplegingen: " \
           f"{nota.suggestions} ideeën en verbeterpunten, waarvan {nota.decided} met een openbaar besluit." in index
    werksessie = report_data.build(store, "Werksessie 'Samen werken aan het NMP'", "v4")
    page = (folder / "bijeenkomst" / "werksessie-samen-werken-aan-het-nmp.html").read_text(encoding="utf-8")
    assert f"{werksessie.contributions} bijdragen, {werksessie.suggestions} ideeën" in page
    rows = public.public_contributions(store)
    folded = rows["folded"].astype(bool)  # shown once, with their original
    shown = int((rows["event"].eq(werksessie.event) & ~folded).sum())
    assert page.count('<li class="item">') == shown <= werksessie.contributions
    summary = public_counts.theme_summary(rows).set_index("theme")
    theme = (folder / "thema" / "cumulatie-stapeling-van-effecten.html").read_text(encoding="utf-8")
    in_theme = public_counts.in_theme(rows, "cumulatie")
    assert len(in_theme) == summary.loc["cumulatie", "suggesties"]
    assert theme.count('<li class="item">') == int((~in_theme["folded"].astype(bool)).sum())
    assert done.indexed == 6  # the session pages: every contribution is found once


def test_nothing_internal_reaches_the_site(tmp_path):
    """Planted names, e-mail addresses, internal notes, unpublished and withdrawn decisions and
    who decided: absent from every page, the manifest and the documents."""
    store = build_planted_store(tmp_path)
    folder = tmp_path / "site"
    build(Store(url=store.url, read_only=True), folder)
    texts = [p.read_text(encoding="utf-8") for p in pages(folder)]
    texts.append((folder / site.MANIFEST).read_text(encoding="utf-8"))
    texts += ["\n".join(par.text for par in Document(d).paragraphs) for d in (folder / "documenten").iterdir()]
    everything = "\n".join(texts)
    assert leaks(everything) == [] and INTERNAL_NOTE not in everything
    assert "test@minienw.example" not in everything and "minienw" not in everything
    mine = next(t for t in texts if FIND_WORD in t)
    assert "[e-mailadres]" in mine and "[naam]" in mine and "Besluit: Verwerkt" in mine


def test_command_line_refusals_are_one_dutch_line(default_data_store, run_cli, tmp_path):
    bad = run_cli("publish", "--version", "v9", "--out", tmp_path / "site", database_url=default_data_store.url)
    assert bad.returncode == 2 and bad.stderr.strip() == "fout: Onbekende conceptversie 'v9'; bekend: v4."
    (tmp_path / "eigen").mkdir()
    (tmp_path / "eigen" / "brief.txt").write_text("van iemand anders")
    taken = run_cli("publish", "--version", "v4", "--out", tmp_path / "eigen", database_url=default_data_store.url)
    assert taken.returncode == 2 and "Traceback" not in taken.stderr
    assert taken.stderr.startswith("fout: De map ") and len(taken.stderr.strip().splitlines()) == 1
    assert (tmp_path / "eigen" / "brief.txt").exists()
    empty = run_cli("publish", "--version", "v4", "--out", tmp_path / "leeg")
    assert empty.returncode == 2 and "Er zijn nog geen bijdragen opgeslagen" in empty.stderr
    left = [p.name for p in tmp_path.iterdir() if p.name.startswith((".site", ".eigen", ".leeg", "site", "leeg"))]
    assert left == []  # no half-written folder stays behind
