"""Portable backup and restore of the whole store, across SQLite and PostgreSQL (store stage).

A backup is a zip with one JSON-lines file per table plus manifest.json (format,
schema fingerprint, row counts). Tables come from db.metadata.sorted_tables, so
tables added later (tracker, audit log) are included without touching this
module. Restore replaces the contents of every table in one transaction: it
either completes or leaves the store as it was. Native tools (sqlite3 .backup,
pg_dump) remain the choice for same-backend snapshots; this format moves data
between backends and versions.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import (
    Date,
    DateTime,
    LargeBinary,
    Table,
    delete,
    insert,
    select,
    text,
)
from sqlalchemy.engine import Connection

from analysis.core.errors import InputError
from analysis.store import db
from analysis.store.store import Store
from analysis.store.tables import store_meta

FORMAT = "nmp-inbreng-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
_CHUNK = 2000


def _tables() -> list[Table]:
    return list(db.metadata.sorted_tables)


def schema_fingerprint(tables: list[Table] | None = None) -> dict[str, list[str]]:
    """Table -> column names: what a backup must match to be restored as-is."""
    return {t.name: [c.name for c in t.columns] for t in (tables or _tables())}


def schema_version() -> str:
    """A short hash of the schema fingerprint; changes whenever a table or column does."""
    raw = json.dumps(schema_fingerprint(), sort_keys=True).encode()
    return hashlib.sha256(raw).hexdigest()[:12]


def _encode(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"kan {type(value).__name__} niet opslaan in een back-up")


def _decoders(table: Table) -> dict:
    """Column -> function turning a JSON value back into what the column type expects."""
    out = {}
    for col in table.columns:
        if isinstance(col.type, DateTime):
            out[col.name] = datetime.fromisoformat
        elif isinstance(col.type, Date):
            out[col.name] = date.fromisoformat
        elif isinstance(col.type, LargeBinary):
            out[col.name] = base64.b64decode
    return out


def _snapshot(conn: Connection) -> Connection:
    """Read every table from one consistent snapshot (PostgreSQL reads per statement otherwise)."""
    if conn.dialect.name == "postgresql":
        return conn.execution_options(isolation_level="REPEATABLE READ")
    return conn


def backup(store: Store, out: Path) -> dict:
    """Write the store to out (a zip), atomically; returns the manifest."""
    out = Path(out)
    if not out.parent.is_dir():
        raise InputError(f"Map bestaat niet: {out.parent}")
    tables = _tables()
    counts: dict[str, int] = {}
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".backup-", suffix=".zip")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf, \
                _snapshot(store.engine.connect()) as conn, conn.begin():
            for table in tables:
                counts[table.name] = 0
                with zf.open(f"{table.name}.jsonl", "w") as fh:
                    rows = conn.execute(select(table).execution_options(yield_per=_CHUNK)).mappings()
                    for row in rows:
                        fh.write(json.dumps(dict(row), default=_encode, ensure_ascii=False)
                                 .encode("utf-8") + b"\n")
                        counts[table.name] += 1
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "schema_version": schema_version(),
                "tables": schema_fingerprint(tables),
                "rows": counts,
                "created_at": datetime.now(UTC).isoformat(),
                "source_dialect": conn.dialect.name,
            }
            zf.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return manifest


def read_manifest(path: Path) -> dict:
    """The manifest of a backup file; InputError when path is not a readable backup."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"Bestand niet gevonden: {path}")
    if not zipfile.is_zipfile(path):
        raise InputError(f"{path.name} is geen back-up van NMP Inbreng (geen zip-bestand).")
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read(MANIFEST))
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InputError(f"{path.name} is geen back-up van NMP Inbreng (geen geldig manifest).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InputError(f"{path.name} is geen back-up van NMP Inbreng.")
    if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
        raise InputError(f"{path.name} komt uit een nieuwere versie van NMP Inbreng; werk eerst bij.")
    return manifest


def _check_compatible(manifest: dict, tables: list[Table]) -> None:
    """Refuse backups with tables or columns this version does not know (a newer schema)."""
    known = schema_fingerprint(tables)
    for name, columns in manifest.get("tables", {}).items():
        if name not in known:
            raise InputError(f"De back-up bevat een onbekende tabel '{name}'; werk eerst bij.")
        extra = set(columns) - set(known[name])
        if extra:
            raise InputError(f"De back-up bevat onbekende kolommen in '{name}': "
                             f"{', '.join(sorted(extra))}.")


def _rows(zf: zipfile.ZipFile, table: Table) -> Iterator[list[dict]]:
    """Chunks of rows of one table, decoded; columns missing in an older backup are left out."""
    decoders = _decoders(table)
    chunk: list[dict] = []
    with zf.open(f"{table.name}.jsonl") as fh:
        for line in fh:
            row = json.loads(line)
            for col, decode in decoders.items():
                if row.get(col) is not None:
                    row[col] = decode(row[col])
            chunk.append(row)
            if len(chunk) >= _CHUNK:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def _reset_sequences(conn: Connection, table: Table) -> None:
    """After inserting explicit ids, PostgreSQL's serial counters must continue after them."""
    col = table.autoincrement_column
    if conn.dialect.name != "postgresql" or col is None:
        return
    conn.execute(text(
        f"SELECT setval(pg_get_serial_sequence(:t, :c), "
        f"COALESCE((SELECT MAX(\"{col.name}\") FROM \"{table.name}\"), 0) + 1, false)"),
        {"t": table.name, "c": col.name})


def restore(store: Store, path: Path) -> dict:
    """Replace the store's contents by the backup at path, in one transaction; returns row counts."""
    manifest = read_manifest(path)
    tables = _tables()
    _check_compatible(manifest, tables)
    store.create_tables()
    present = set(manifest.get("tables", {}))
    counts: dict[str, int] = {}
    with zipfile.ZipFile(path) as zf, store.engine.begin() as conn:
        before = int(conn.execute(select(store_meta.c.value)
                                  .where(store_meta.c.key == "version")).scalar() or 0)
        for table in reversed(tables):
            conn.execute(delete(table))
        for table in tables:
            counts[table.name] = 0
            if table.name not in present:
                continue
            try:
                for chunk in _rows(zf, table):
                    conn.execute(insert(table), chunk)
                    counts[table.name] += len(chunk)
            except (KeyError, ValueError) as exc:
                raise InputError(f"De back-up is beschadigd (tabel '{table.name}').") from exc
            _reset_sequences(conn, table)
        restored = int(conn.execute(select(store_meta.c.value)
                                    .where(store_meta.c.key == "version")).scalar() or 0)
        # A restored store must never reuse a version number the pages already cached.
        conn.execute(delete(store_meta).where(store_meta.c.key == "version"))
        conn.execute(insert(store_meta).values(key="version", value=str(max(before, restored) + 1)))
        store.mark_contributions_changed(conn)
        expected = {name: int(n) for name, n in manifest.get("rows", {}).items()}
        if any(counts.get(name) != n for name, n in expected.items()):
            raise InputError("De back-up is onvolledig: het aantal rijen klopt niet met het manifest.")
    return counts
