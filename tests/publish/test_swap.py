"""Re-publishing replaces the site in one step; a failure halfway leaves the old site whole and
no half-written folder beside it; a preview is published as it was checked."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.core.errors import InputError
from analysis.publish import search_index, site, swap
from analysis.store.store import Store


def _fake_site(folder: Path, word: str, store_version: int = 1) -> site.Published:
    (folder / "index.html").write_text(f"<p>{word}</p>", encoding="utf-8")
    (folder / "thema").mkdir()
    (folder / "thema" / "a.html").write_text(word, encoding="utf-8")
    done = site.Published("v4", "NMP conceptversie 4", store_version, "nu", {"index.html": "Overzicht"}, {}, 1)
    (folder / site.MANIFEST).write_text(json.dumps(done.__dict__), encoding="utf-8")
    return done


def _siblings(target: Path) -> list[str]:
    return sorted(p.name for p in target.parent.iterdir() if p.name != target.name)


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_republish_swaps_in_the_new_site(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(swap, "_exchange", lambda a, b: False)
    target = tmp_path / "site"
    site._into(target, lambda f: _fake_site(f, "oud"))
    site._into(target, lambda f: _fake_site(f, "nieuw"))
    assert (target / "index.html").read_text() == "<p>nieuw</p>"
    assert (target / "thema" / "a.html").read_text() == "nieuw"
    assert _siblings(target) == [] and oct(target.stat().st_mode & 0o777) == "0o755"


def test_a_failure_halfway_leaves_the_old_site(tmp_path):
    target = tmp_path / "site"
    site._into(target, lambda f: _fake_site(f, "oud"))

    def half(folder: Path) -> None:
        (folder / "index.html").write_text("<p>half</p>", encoding="utf-8")
        raise OSError("schijf vol")

    with pytest.raises(OSError):
        site._into(target, half)
    assert (target / "index.html").read_text() == "<p>oud</p>" and (target / "thema" / "a.html").exists()
    assert _siblings(target) == []


def test_a_failing_search_index_leaves_the_old_site(default_data_store, tmp_path, monkeypatch):
    """The real build, with Pagefind failing after every page and document is written."""
    target = tmp_path / "site"
    site._into(target, lambda f: _fake_site(f, "oud"))

    def broken(folder: Path) -> int:
        assert (folder / "index.html").exists() and (folder / "documenten").is_dir()
        raise InputError("De zoekindex kon niet worden gemaakt (Pagefind: kapot).")

    monkeypatch.setattr(search_index, "build", broken)
    monkeypatch.setenv("NMP_REPORT_IMAGES", "0")
    with pytest.raises(InputError, match="zoekindex"):
        site.build(Store(url=default_data_store.url, read_only=True), "v4", target)
    assert (target / "index.html").read_text() == "<p>oud</p>" and _siblings(target) == []


def test_a_folder_that_is_not_a_site_is_never_replaced(tmp_path):
    own = tmp_path / "eigen"
    own.mkdir()
    (own / "brief.txt").write_text("van iemand anders")
    with pytest.raises(InputError, match="niet leeg en is geen eerder gepubliceerde site"):
        site._into(own, lambda f: _fake_site(f, "nieuw"))
    assert (own / "brief.txt").exists() and _siblings(own) == []
    with pytest.raises(InputError, match="bestaat niet"):
        site._into(tmp_path / "nergens" / "site", lambda f: _fake_site(f, "nieuw"))


def test_a_preview_is_published_as_it_was_checked(tmp_path):
    preview, target = tmp_path / "voorbeeld", tmp_path / "site"
    site._into(preview, lambda f: _fake_site(f, "gecontroleerd", store_version=7))
    with pytest.raises(InputError, match="De gegevens zijn veranderd"):
        site.promote(preview, target, store_version=8)
    assert not target.exists()
    site.promote(preview, target, store_version=7)
    assert (target / "index.html").read_text() == "<p>gecontroleerd</p>"
    assert site.read(target).store_version == 7 and preview.is_dir()
    with pytest.raises(InputError, match="nog geen voorbeeld"):
        site.promote(tmp_path / "geen", target, store_version=7)
