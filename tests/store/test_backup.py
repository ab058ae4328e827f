"""Backup and restore: every table survives a round trip, on and across both backends."""
from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime

import pytest
from factories import WERKSESSIE, make_doc, put
from sqlalchemy import insert, select

from analysis.core.errors import InputError
from analysis.harvest import parse_path
from analysis.store import backup, db
from analysis.store.store import Store
from analysis.store.tables import audit, decisions, imports


def fill(store: Store) -> None:
    """Contributions of a real document, a tracker decision and an audit entry."""
    put(store, parse_path(WERKSESSIE), make_doc("extra.txt", ["=SOM(A1) blijft tekst", "Ééntje"]))
    at = datetime(2025, 3, 1, 12, 30, tzinfo=UTC)
    with store.engine.begin() as conn:
        conn.execute(insert(decisions).values(
            suggestion_id="abc", concept_version="v5", row_version=1, status="verwerkt",
            section="6.2.2", public_explanation="Opgenomen.", published=True, actor="ienw", at=at))
        conn.execute(insert(audit).values(
            at=at, actor="ienw", role="editor", action="decision", suggestion_id="abc",
            concept_version="v5", summary="Status gezet op verwerkt.", detail="{}"))


def content(store: Store) -> dict:
    """Every table's rows in a backend-neutral, order-independent form (store version aside)."""
    def norm(value):
        if isinstance(value, datetime):
            value = value.replace(tzinfo=UTC) if value.tzinfo is None else value
            return value.astimezone(UTC).isoformat()
        return value

    out = {}
    with store.engine.connect() as conn:
        for table in backup._tables():
            rows = conn.execute(select(table)).mappings()
            cleaned = [{k: norm(v) for k, v in row.items()} for row in rows
                       if not (table.name == "store_meta"
                               and row["key"] in ("version", "contributions_version"))]
            out[table.name] = sorted(cleaned, key=lambda r: json.dumps(r, sort_keys=True, default=str))
    return out


def test_round_trip_restores_every_table(any_store, tmp_path):
    fill(any_store)
    expected = content(any_store)
    assert len(expected["contributions"]) > 50 and expected["tracker_audit"]
    manifest = backup.backup(any_store, tmp_path / "b.zip")
    assert set(manifest["tables"]) == {t.name for t in db.metadata.sorted_tables}
    version = any_store.version()

    put(any_store, make_doc("later.txt", ["na de back-up"]))
    backup.restore(any_store, tmp_path / "b.zip")
    assert content(any_store) == expected
    assert any_store.version() > version + 1  # never reuse a cached version
    assert any_store.contributions_version() == any_store.version()  # cached rows reload too


def test_restore_moves_data_between_backends(any_store, tmp_path, request):
    fill(any_store)
    backup.backup(any_store, tmp_path / "b.zip")
    other = request.getfixturevalue("pg_store" if any_store.url.startswith("sqlite") else "store")
    backup.restore(other, tmp_path / "b.zip")
    assert content(other) == content(any_store)
    # autoincrement counters continue after the restored ids
    put(other, make_doc("nieuw.txt", ["nieuwe bijdrage"]))
    with other.engine.connect() as conn:
        ids = conn.execute(select(imports.c.import_id)).scalars().all()
    assert len(ids) == len(set(ids)) == 2


def test_restore_refuses_a_file_that_is_not_a_backup(store, tmp_path):
    fill(store)
    before = content(store)
    not_zip = tmp_path / "data.csv"
    not_zip.write_text("a,b\n1,2\n")
    other_zip = tmp_path / "other.zip"
    with zipfile.ZipFile(other_zip, "w") as zf:
        zf.writestr("readme.txt", "hallo")
    for path, message in [(not_zip, "geen back-up"), (other_zip, "geen geldig manifest"),
                          (tmp_path / "weg.zip", "niet gevonden")]:
        with pytest.raises(InputError, match=message):
            backup.restore(store, path)
    assert content(store) == before


def test_damaged_backup_leaves_the_store_as_it_was(store, tmp_path):
    fill(store)
    backup.backup(store, tmp_path / "b.zip")
    before = content(store)
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(tmp_path / "b.zip") as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "contributions.jsonl":
                data = b"\n".join(data.splitlines()[:5]) + b"\n"  # truncated table
            dst.writestr(item, data)
    with pytest.raises(InputError, match="onvolledig"):
        backup.restore(store, damaged)
    assert content(store) == before


def test_restore_refuses_a_backup_from_a_newer_schema(store, tmp_path):
    backup.backup(store, tmp_path / "b.zip")
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(tmp_path / "b.zip") as src, zipfile.ZipFile(newer, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == backup.MANIFEST:
                manifest = json.loads(data)
                manifest["tables"]["contributions"].append("sentiment")
                data = json.dumps(manifest).encode()
            dst.writestr(item, data)
    with pytest.raises(InputError, match="sentiment"):
        backup.restore(store, newer)


def test_backup_and_restore_on_the_command_line(run_cli, tmp_path):
    assert run_cli("ingest", "--quiet", WERKSESSIE).returncode == 0
    out = run_cli("backup", "--out", tmp_path / "b.zip")
    assert out.returncode == 0, out.stderr
    target = f"sqlite:///{tmp_path / 'restored.sqlite'}"
    res = run_cli("restore", tmp_path / "b.zip", database_url=target)
    assert res.returncode == 0, res.stderr
    assert Store(url=target).count() == Store(url=run_cli.database_url).count() > 50
    bad = run_cli("restore", WERKSESSIE, database_url=target)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1 and "geen back-up" in bad.stderr
