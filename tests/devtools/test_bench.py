"""The 100,000-answer path at CI size: a fictional raadpleging export of a few thousand answers
goes through the command line (SQLite) and the import page's logic (PostgreSQL), with progress,
and every page's data function answers on the result.

The 100k run itself is a measurement (python -m analysis.devtools.backend_bench, docs/SCALE.md), not a test.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.core import dutch
from analysis.devtools import backend_bench, page_bench
from analysis.devtools.generator import generate_raadpleging, vocabulary
from analysis.ingest import preview as ingest_preview
from analysis.store.store import Store
from analysis.tracker import decisions, queries
from analysis.views import frame, overview, public

N_ANSWERS = 3000
SEED = 3


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    """The export file and the table it was written from."""
    path = tmp_path_factory.mktemp("scale") / "raadpleging-fictief.csv"
    backend_bench.write_export(N_ANSWERS, path, seed=SEED)
    return path, generate_raadpleging(backend_bench.respondents_for(N_ANSWERS), seed=SEED)


def answers_in(table: pd.DataFrame) -> pd.Series:
    """Every non-empty open answer of the export, the way a reader of the file would count them."""
    headers = [q["header"] for q in vocabulary().survey["questions"].values()]
    cells = table[headers].stack()
    cells = cells[cells.notna()].astype(str).str.strip()
    return cells[cells != ""]


def check_store(store: Store, table: pd.DataFrame) -> None:
    """What a user sees after importing the export: every answer, themed, traced, on every page."""
    answers = answers_in(table)
    assert abs(len(answers) - N_ANSWERS) < N_ANSWERS * 0.1  # the generator hit the size asked for
    df = store.load_contributions()
    assert len(df) == len(answers) == store.count()
    assert sorted(df["text"]) == sorted(answers)
    assert (df["source_type"] == "raadpleging").all() and df["is_fictional"].all()
    assert df["respondent_id"].notna().all() and df["theme"].notna().all()
    assert df["themes"].notna().mean() > 0.8  # most generated answers carry a known theme
    # campaign texts arrive many times: all but the first copy point to an original
    campaign = df[df["text"].duplicated(keep=False)]
    assert len(campaign) > 10
    assert campaign["duplicate_of"].notna().sum() >= len(campaign) - campaign["text"].nunique()

    links = queries.current_links(store)
    assert links["suggestion_id"].nunique() > 0.5 * len(df)  # proposals for most suggestions
    assert set(links["suggestion_id"]) <= set(df["id"])

    fresh = public.public_contributions(store)  # right after an import nothing is decided yet
    assert (fresh["status_label"].dropna() == public.config()["no_decision"]).all()
    page_bench.seed_decisions(store, 50)
    timings = page_bench.time_pages(store)
    assert [(r["page"], r["function"]) for r in timings] == [
        (p, f) for p, f, _ in page_bench.page_functions(store)]
    assert overview.headline(frame.load(store))["bijdragen"] == len(answers)
    table_v = queries.tracker_table(store, queries.current_decisions(store)["concept_version"].iloc[0])
    decided = table_v["status"] != "open"
    own = decided & table_v["decision_from"].isna()  # the rest follow the original they duplicate
    assert len(table_v) == len(df) and own.sum() == 50
    assert (decided & ~own).sum() == table_v["decision_from"].notna().sum()
    shown = public.public_contributions(store)
    assert len(shown) == len(df) and "respondent_id" not in shown.columns
    assert shown["status_label"].notna().sum() >= 50


def test_command_line_ingest_with_progress(export, run_cli):
    path, table = export
    done = run_cli("ingest", path)
    assert done.returncode == 0, done.stderr
    n = len(answers_in(table))
    assert f"{dutch.number(n)} bijdragen toegevoegd" in done.stdout
    shown = [float(p) for p in re.findall(r"\[\s*([\d.]+)%\]", done.stderr)]
    assert len(set(shown)) >= 4, done.stderr  # the percentage moves during the import
    assert shown == sorted(shown) and shown[-1] == 100.0
    store = Store(url=run_cli.database_url)
    check_store(store, table)

    version = store.version()
    again = run_cli("ingest", path)  # the same file again changes nothing
    assert again.returncode == 0 and "0 bijdragen toegevoegd" in again.stdout
    assert store.version() == version


def test_import_page_logic_on_postgresql(export, pg_store):
    path, table = export
    preview = ingest_preview.preview(path.read_bytes(), path.name)
    assert preview.can_store and len(preview.rows) == len(answers_in(table))
    steps: list[tuple[float, str]] = []
    ingest_preview.store_upload(pg_store, preview, "editor", progress=lambda f, m: steps.append((f, m)))
    fractions = [f for f, _ in steps]
    assert len(set(fractions)) >= 4 and fractions == sorted(fractions)
    assert fractions[0] >= 0.0 and fractions[-1] == 1.0
    check_store(pg_store, table)


def test_links_of_one_suggestion_match_the_full_table(any_store):
    """The detail view reads one suggestion's links; they are exactly its rows of the full table."""
    from factories import make_doc, put

    from analysis.tracker import links as tracker_links

    doc = make_doc("sessie.txt", ["Meet de stapeling van geluid en fijnstof per wijk.",
                                  "Laat de vervuiler betalen voor uitstoot."])
    put(any_store, doc)
    tracker_links.refresh_links(any_store)
    sid = doc.contributions["id"].iloc[0]
    every = queries.current_links(any_store)
    decisions.review_link(any_store, sid, "v4", every.loc[every["suggestion_id"] == sid, "section"].iloc[0],
                        "afgewezen", 0, "Anna", "editor")
    every = queries.current_links(any_store)
    one = queries.current_links(any_store, sid)
    assert len(one) and (one["suggestion_id"] == sid).all() and "afgewezen" in set(one["state"])
    expected = every[every["suggestion_id"] == sid]
    assert sorted(map(tuple, one[["section", "state", "score"]].astype(str).values)) == sorted(
        map(tuple, expected[["section", "state", "score"]].astype(str).values))


def test_bench_reports_backends_side_by_side(run_cli):
    """`bench --backend ... --pages --json` runs the import path per backend and times every page."""
    import json

    backends = "sqlite,postgresql" if backend_bench.postgres_admin_url() else "sqlite"
    done = run_cli("bench", "--n", "150", "--no-cold", "--backend", backends, "--pages", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)["store_backends"]["backends"]
    assert list(result) == backends.split(",")
    for figures in result.values():
        assert figures["answers"] > 100 and figures["peak_mb"] > 0 and figures["docs_per_s"] > 0
        assert {"parse", "themes_duplicates", "write", "links"} <= set(figures["stages"])
        assert len(figures["pages"]) == len(result[backends.split(",")[0]]["pages"]) > 20


def test_cold_start_script_imports_what_exists():
    """The cold-start measurement runs as a separate process from a string: its imports must work."""
    import subprocess
    import sys

    from analysis.core.paths import ROOT
    from analysis.devtools import bench

    imports = "\n".join(line for line in bench._COLD_SCRIPT.splitlines() if line.startswith(("from ", "import ")))
    done = subprocess.run([sys.executable, "-c", imports], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
