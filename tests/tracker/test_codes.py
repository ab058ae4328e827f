"""Theme codes set by people: they win on every read, survive re-import, and a bad
`codes import` file is refused as a whole with the store unchanged."""
from __future__ import annotations

import pandas as pd
import pytest
from factories import WERKSESSIE, run_analysis

from analysis.core.errors import InputError, PermissionDenied
from analysis.ingest.pipeline import ingest_paths
from analysis.store.store import Store
from analysis.tracker import codes, queries
from analysis.views import frame, public


@pytest.fixture
def june(store: Store) -> Store:
    ingest_paths(store, [WERKSESSIE])
    return store


def _one(store: Store) -> pd.Series:
    df = store.load_contributions()
    return df[df["section"] == "advies"].iloc[0]


def test_human_codes_win_everywhere_and_survive_reimport(june):
    row = _one(june)
    other = "ecosystemen" if row["theme"] != "ecosystemen" else "vth"
    codes.save_codes(june, {row["id"]: [other, "cumulatie"]}, "Anna", "editor")

    full = june.load_contributions(theme_source=True).set_index("id")
    assert full.loc[row["id"], "theme"] == other
    assert full.loc[row["id"], "themes"] == f"{other};cumulatie"
    assert full.loc[row["id"], "theme_source"] == "mens"
    assert (full.drop(index=row["id"])["theme_source"] == "model").all()
    # every reader: page frame, tracker table, public frame, a column subset
    assert frame.load(june).set_index("id").loc[row["id"], f"t:{other}"]
    assert queries.suggestions(june).set_index("id").loc[row["id"], "theme"] == other
    assert public.public_frame(june).set_index("id").loc[row["id"], "theme"] == other
    assert june.load_contributions(["id", "themes"]).set_index("id").loc[row["id"], "themes"] \
        == f"{other};cumulatie"

    # a later code wins, the earlier stays in the history (append-only)
    codes.save_codes(june, {row["id"]: [other]}, "Bram", "editor")
    assert codes.code_history(june, row["id"])["actor"].tolist() == ["Anna", "Bram"]

    # re-importing the same document (also when its stored content changed) keeps the code
    ingest_paths(june, [WERKSESSIE])
    june.update_derived(june.load_contributions(["id"]).assign(theme="vth", themes="vth"))
    assert june.load_contributions().set_index("id").loc[row["id"], "themes"] == other


def test_codes_need_an_editor_and_known_ids(june):
    row = _one(june)
    with pytest.raises(PermissionDenied):
        codes.save_codes(june, {row["id"]: ["vth"]}, "Anna", "viewer")
    with pytest.raises(InputError, match="onbekend thema 'vliegen'"):
        codes.save_codes(june, {row["id"]: ["vliegen"]}, "Anna", "editor")
    assert june.human_codes().empty


def _state(store: Store) -> tuple:
    return (store.version(), store.human_codes().to_dict("records"),
            store.load_contributions(theme_source=True).to_dict("records"))


@pytest.mark.parametrize("content, message", [
    ("id,themes\n{good},vth\nbestaat-niet,vth\n", "Rij 3: bijdrage 'bestaat-niet' bestaat niet"),
    ("id,themes\n{good},vth;vliegen\n", "Rij 2: onbekend thema 'vliegen'"),
    ("id,thema\n{good},vth\n", "kolom 'themes' ontbreekt"),
    ("id,themes\n{good},vth\n{good},ruimte\n", "Rij 3: bijdrage '{good}' staat er twee keer in"),
])
def test_codes_import_refuses_bad_files_whole(june, tmp_path, content, message):
    good = _one(june)["id"]
    path = tmp_path / "codes.csv"
    path.write_text(content.format(good=good), encoding="utf-8")
    before = _state(june)
    result = run_analysis("codes", "import", path, "--actor", "Anna", database_url=june.url)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message.format(good=good) in lines[0] and "Traceback" not in result.stderr
    assert _state(june) == before


def test_codes_import_writes_all_rows(june, tmp_path):
    df = june.load_contributions()
    ids = df[df["section"] == "advies"]["id"].head(3).tolist()
    path = tmp_path / "codes.csv"
    path.write_text("id,themes\n" + "\n".join(f"{i},ruimte;vth" for i in ids) + "\n", encoding="utf-8")
    result = run_analysis("codes", "import", path, "--actor", "Anna", database_url=june.url)
    assert result.returncode == 0, result.stderr
    assert "3 thema-codes" in result.stdout
    got = june.load_contributions(theme_source=True).set_index("id").loc[ids]
    assert got["theme"].tolist() == ["ruimte"] * 3 and set(got["theme_source"]) == {"mens"}
    assert set(june.human_codes()["actor"]) == {"Anna"}
