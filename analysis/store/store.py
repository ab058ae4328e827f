"""The store: contributions, topic descriptions and the import log in one database (store stage).

Writes happen in one transaction each, so a failed import leaves the store as it was; every
write bumps `store_meta.version`, which the pages use as cache key.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import (
    Integer,
    Text,
    cast,
    delete,
    func,
    insert,
    inspect,
    literal,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine

from analysis.core import schema
from analysis.store import db
from analysis.store.import_report import DocumentChange, ImportReport
from analysis.store.public_texts import redact_unmasked
from analysis.store.tables import (
    PUBLIC_TEXT_COLUMNS,
    contributions,
    documents,
    imports,
    public_texts,
    store_meta,
    theme_codes,
    topics,
)


def content_hash(df: pd.DataFrame) -> str:
    """Hash over ids and derived fields: same ids and same themes means nothing to write. The
    consent and respondent metadata columns count only where a file has them, so a re-export
    with a changed consent or a corrected metadata mapping is stored while the hashes of
    documents without them stay what they were."""
    h = hashlib.sha256()
    cols = ["id", "themes", "duplicate_of"]
    cols += [c for c in ("consent", "consent_name", "metadata") if c in df.columns and df[c].notna().any()]
    for value in pd.util.hash_pandas_object(df[cols].astype("string").fillna(""), index=False):
        h.update(int(value).to_bytes(8, "little"))
    return h.hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


_MIGRATED: set[str] = set()  # URLs whose tables got their new columns in this process


class Store:
    """A handle on one database; cheap to create, engines are shared per URL."""

    def __init__(self, url: str | None = None, read_only: bool = False):
        self.url = url or db.default_url()
        self.read_only = read_only
        self.engine: Engine = db.cached_engine(self.url, read_only)
        if not read_only:
            self.create_tables()

    def create_tables(self) -> None:
        """Missing tables created and, once per process, missing columns added (db.add_missing_columns)."""
        db.metadata.create_all(self.engine)
        if self.url not in _MIGRATED:
            db.add_missing_columns(self.engine)
            _MIGRATED.add(self.url)

    def is_initialised(self) -> bool:
        """True once the tables exist (remembered then: no table is ever dropped)."""
        if not getattr(self, "_initialised", False):
            self._initialised = inspect(self.engine).has_table("contributions")
        return self._initialised

    # ---- reading -------------------------------------------------------
    def version(self) -> int:
        if not self.is_initialised():
            return 0
        with self.engine.connect() as conn:
            value = conn.execute(
                select(store_meta.c.value).where(store_meta.c.key == "version")).scalar()
        return int(value or 0)

    def contributions_version(self) -> int:
        """The store version at which the contributions last changed (import, derived columns,
        restore). Caches of contributions key on it, so a tracker decision, which bumps
        version() only, does not make every page reload 100,000 rows."""
        if not self.is_initialised():
            return 0
        with self.engine.connect() as conn:
            values = dict(conn.execute(select(store_meta.c.key, store_meta.c.value).where(
                store_meta.c.key.in_(["version", "contributions_version"]))).all())
        return int(values.get("contributions_version") or values.get("version") or 0)

    def load_contributions(self, columns: list[str] | None = None, theme_source: bool = False,
                           masked: Sequence[str] = ()) -> pd.DataFrame:
        """All contributions in schema order (position within document), with the themes people
        set (table theme_codes) in place of the model's. theme_source=True adds a column
        `theme_source`: 'mens' where a person set the themes, else 'model'. masked: columns read
        de-identified, as the public reads them (table public_texts, written at import); rows
        without a public text are redacted here by the patterns, never shown as written."""
        if not self.is_initialised():
            return apply_human_codes(schema.empty_contributions(), None, theme_source)
        wanted = list(columns or schema.COLUMNS)
        stored = self._stored(wanted)
        masked = [c for c in masked if c in stored and c in PUBLIC_TEXT_COLUMNS]
        joined = bool(masked) and inspect(self.engine).has_table(public_texts.name)
        cols = [public_texts.c[c].label(c) if joined and c in masked else contributions.c[c] for c in stored]
        source = contributions.outerjoin(public_texts, public_texts.c.id == contributions.c.id) \
            if joined else contributions
        extra = [public_texts.c.id.is_(None).label("_unmasked"), contributions.c.id.label("_key")] \
            if joined else []
        query = (select(*cols, *extra)
                 .select_from(source).order_by(contributions.c.document, contributions.c.position))
        names = set(stored)
        with self.engine.connect() as conn:
            df = pd.read_sql(query, conn)
            codes = self.latest_codes(conn) if {"theme", "themes"} & names and "id" in names \
                else None
            if masked:
                df = redact_unmasked(conn, df, masked, joined)
        for c in wanted:
            if c not in names:
                df[c] = pd.NA
        df = df[wanted].astype({c: schema.DTYPES[c] for c in wanted}) if columns else schema.conform(df)
        return apply_human_codes(df, codes, theme_source)

    def _stored(self, names: list[str]) -> list[str]:
        """The names the contributions table has. A read-only store made by an earlier version
        cannot get its new columns (create_tables), so those are read as empty."""
        if not self.read_only:
            return names
        if getattr(self, "_columns", None) is None:
            self._columns = {c["name"] for c in inspect(self.engine).get_columns("contributions")}
        return [n for n in names if n in self._columns]

    def latest_codes(self, conn: Connection) -> pd.DataFrame:
        """The latest theme code per contribution set by a person: contribution_id, themes
        (None for a read-only store made before theme codes existed)."""
        if not inspect(conn).has_table(theme_codes.name):
            return None
        rows = pd.read_sql(select(theme_codes.c.id, theme_codes.c.contribution_id,
                                  theme_codes.c.themes), conn)
        return rows.sort_values("id").drop_duplicates("contribution_id", keep="last")

    def human_codes(self) -> pd.DataFrame:
        """Latest human theme code per contribution (contribution_id, themes, actor, at)."""
        if not self.is_initialised() or not inspect(self.engine).has_table(theme_codes.name):
            return pd.DataFrame(columns=["contribution_id", "themes", "actor", "at"])
        with self.engine.connect() as conn:
            rows = pd.read_sql(select(theme_codes), conn)
        return rows.sort_values("id").drop_duplicates("contribution_id", keep="last")[
            ["contribution_id", "themes", "actor", "at"]].reset_index(drop=True)

    def load_topics(self) -> pd.DataFrame:
        with self.engine.connect() as conn:
            return pd.read_sql(select(topics), conn)

    def load_documents(self) -> pd.DataFrame:
        with self.engine.connect() as conn:
            return pd.read_sql(select(documents).order_by(documents.c.document), conn)

    def load_imports(self) -> pd.DataFrame:
        with self.engine.connect() as conn:
            df = pd.read_sql(select(imports).order_by(imports.c.import_id), conn)
        return df

    def count(self) -> int:
        if not self.is_initialised():
            return 0
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(contributions)).scalar())

    # ---- writing -------------------------------------------------------
    def bump_version(self, conn: Connection, contributions: bool = False) -> None:
        """Increment the store version inside the caller's transaction; contributions=True
        when the contributions themselves changed (see contributions_version).

        The increment happens in the database (value = value + 1), not read-then-write:
        on PostgreSQL two concurrent writers would otherwise both write the same number
        and a page could keep a stale cache.
        """
        bumped = conn.execute(update(store_meta).where(store_meta.c.key == "version").values(
            value=cast(cast(store_meta.c.value, Integer) + 1, Text)))
        if bumped.rowcount == 0:
            conn.execute(insert(store_meta).values(key="version", value="1"))
        if contributions:
            self.mark_contributions_changed(conn)

    def mark_contributions_changed(self, conn: Connection) -> None:
        """Set contributions_version to the current version, inside the caller's transaction."""
        current = select(store_meta.c.value).where(store_meta.c.key == "version").scalar_subquery()
        marked = conn.execute(update(store_meta).where(
            store_meta.c.key == "contributions_version").values(value=current))
        if marked.rowcount == 0:
            conn.execute(insert(store_meta).from_select(
                ["key", "value"], select(literal("contributions_version"), current)))

    def replace_documents(self, docs: list[tuple[schema.ParsedDocument, pd.DataFrame]],
                          chunk_size: int = 5000, progress=None,
                          on_written: Callable[[Connection, list[str]], None] | None = None
                          ) -> ImportReport:
        """Replace each document's rows by the given enriched rows, all in one transaction.

        docs pairs each parsed document with its enriched contributions (themes,
        duplicates filled in). A document whose content is unchanged is skipped,
        so importing the same file twice changes nothing. on_written(conn, names) runs
        inside the transaction with the documents written, so data derived from them
        (the redacted public texts) is committed together with them.
        """
        report = ImportReport()
        validated = [(parsed, schema.validate(rows)) for parsed, rows in docs]
        total = sum(len(rows) for _, rows in validated) or 1
        written = 0
        with self.engine.begin() as conn:
            for parsed, rows in validated:
                for name in rows["document"].unique():
                    part = rows[rows["document"] == name]
                    size = len(part)
                    step = (lambda n, name=name, base=written, size=size: progress(
                        (base + n) / total, f"{name}: {n} van {size} opgeslagen")) if progress else None
                    change = self._replace_one(conn, parsed, name, part, chunk_size, step)
                    report.changes.append(change)
                    written += len(part)
                    if progress:
                        progress(written / total, f"{name}: {len(part)} bijdragen")
            written_names = [c.document for c in report.changes if not c.skipped]
            if written_names and on_written is not None:
                on_written(conn, written_names)
            if written_names:
                conn.execute(insert(imports).values(
                    at=_now(), summary=json.dumps([c.__dict__ for c in report.changes])))
                self.bump_version(conn, contributions=True)
        return report

    def _replace_one(self, conn: Connection, parsed: schema.ParsedDocument, name: str,
                     rows: pd.DataFrame, chunk_size: int,
                     step: Callable[[int], None] | None = None) -> DocumentChange:
        digest = content_hash(rows)
        stored = conn.execute(select(documents.c.content_hash)
                              .where(documents.c.document == name)).scalar()
        if stored == digest:
            return DocumentChange(name, unchanged=len(rows), skipped=True)
        old_ids = set(conn.execute(select(contributions.c.id)
                                   .where(contributions.c.document == name)).scalars())
        new_ids = set(rows["id"])
        conn.execute(delete(contributions).where(contributions.c.document == name))
        db.bulk_insert(conn, contributions, rows, chunk_size, step)
        conn.execute(delete(topics).where(topics.c.document == name))
        doc_topics = parsed.topics[parsed.topics["document"] == name] if len(parsed.topics) else parsed.topics
        if len(doc_topics):
            conn.execute(insert(topics), db.records(
                doc_topics.drop_duplicates(["document", "topic"])[
                    ["document", "topic", "concept_ref", "description"]]))
        conn.execute(delete(documents).where(documents.c.document == name))
        conn.execute(insert(documents).values(
            document=name, source_type=str(rows["source_type"].iloc[0]) if len(rows) else None,
            format=parsed.format, content_hash=digest, n_rows=len(rows), imported_at=_now()))
        return DocumentChange(name, added=len(new_ids - old_ids), removed=len(old_ids - new_ids),
                              unchanged=len(new_ids & old_ids))

    def update_derived(self, derived: pd.DataFrame,
                       also: Callable[[Connection], None] | None = None) -> None:
        """Write recomputed derived columns (themes, clusters, duplicates) by id, in one
        transaction; `also` writes what belongs with them (e.g. the clusters' names)."""
        cols = [c for c in schema.DERIVED if c in derived.columns]
        with self.engine.begin() as conn:
            db.bulk_update(conn, contributions, "id", derived[["id", *cols]])
            if also:
                also(conn)
            self.bump_version(conn, contributions=True)


def apply_human_codes(df: pd.DataFrame, codes: pd.DataFrame | None,
                      with_source: bool = False) -> pd.DataFrame:
    """Themes a person set win over the model's: theme (first), themes, theme_score 1.

    with_source adds `theme_source` ('mens' or 'model'), as the full load and exports show it.
    """
    human = pd.Series(False, index=df.index)
    if codes is not None and len(codes) and "id" in df.columns:
        lookup = dict(zip(codes["contribution_id"], codes["themes"]))
        found = df["id"].map(lookup)
        human = found.notna()
        if human.any():
            df = df.copy()
            chosen = found[human].astype(str)
            if "themes" in df.columns:
                df.loc[human, "themes"] = chosen
            if "theme" in df.columns:
                df.loc[human, "theme"] = chosen.str.split(";").str[0].replace(
                    "", schema.UNCERTAIN_THEME)
            if "theme_score" in df.columns:
                df.loc[human, "theme_score"] = 1.0
    if with_source:
        df = df.copy() if not human.any() else df
        df["theme_source"] = pd.Series(["mens" if h else "model" for h in human],
                                       index=df.index, dtype="string")
    return df


def open_store(read_only: bool = False, url: str | None = None) -> Store:
    return Store(url=url, read_only=read_only)

