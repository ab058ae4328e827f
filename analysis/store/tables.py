"""Every table of the application, defined once against analysis.store.db.metadata (store stage).

Human judgements (decisions, link reviews) are append-only: a new row with row_version + 1,
and the unique constraint on (key, row_version) makes two saves based on the same version
collide, on SQLite and PostgreSQL alike. Proposed links and public texts are derived data
and are recomputed in place.
"""
from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from analysis.core import schema
from analysis.store import db

_SQL_TYPES = {"string": Text, "Int64": Integer, "Float64": Float, "boolean": Boolean}


contributions = Table(
    "contributions", db.metadata,
    *[
        Column(col, String(32) if col == "id" else _SQL_TYPES[dtype](), primary_key=(col == "id"))
        for col, dtype in schema.DTYPES.items()
    ],
    Index("ix_contributions_document", "document"),
    Index("ix_contributions_theme", "theme"),
)


topics = Table(
    "topics", db.metadata,
    Column("document", String(255), primary_key=True),
    Column("topic", String(500), primary_key=True),
    Column("concept_ref", Text),
    Column("description", Text),
)


# Names of the stored `cluster` numbers (analysis.store.clusters writes both in one transaction).
discovery_topics = Table(
    "discovery_topics", db.metadata,
    Column("cluster", Integer, primary_key=True),
    Column("name", Text, nullable=False),  # its top terms, as the Verkennen page names topics
    Column("terms", Text),                 # ';'-joined
    Column("size", Integer),
    Column("computed_at", DateTime(timezone=True)),
)


documents = Table(
    "documents", db.metadata,
    Column("document", String(255), primary_key=True),
    Column("source_type", Text),
    Column("format", Text),
    Column("content_hash", String(64)),
    Column("n_rows", Integer),
    Column("imported_at", DateTime(timezone=True)),
)


imports = Table(
    "imports", db.metadata,
    Column("import_id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True)),
    Column("summary", Text),  # JSON: per document added/removed/unchanged
)


store_meta = Table(
    "store_meta", db.metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text),
)


concept_versions = Table(
    "concept_versions", db.metadata,
    Column("version_id", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("date", String(10)),
    Column("label", Text),
    Column("source", Text),
    Column("imported_by", Text),
    Column("imported_at", DateTime(timezone=True)),
)


concept_sections = Table(
    "concept_sections", db.metadata,
    Column("version_id", String(32), primary_key=True),
    Column("number", String(64), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("title", Text),
    Column("text", Text),
    Column("themes", Text),  # ';'-joined theme ids, may be empty
)


def _decided() -> list[Column]:
    """What a decision says, for a suggestion and for a kernpunt alike (new Column objects each)."""
    return [Column("status", String(32), nullable=False), Column("section", String(64)),
            Column("public_explanation", Text), Column("internal_note", Text),
            Column("published", Boolean, nullable=False, default=False)]


decisions = Table(
    "tracker_decisions", db.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("suggestion_id", String(32), nullable=False),
    Column("concept_version", String(32), nullable=False),
    Column("row_version", Integer, nullable=False),
    *_decided(),
    Column("actor", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("suggestion_id", "concept_version", "row_version",
                     name="uq_decision_version"),
)


links = Table(
    "tracker_links", db.metadata,
    Column("suggestion_id", String(32), primary_key=True),
    Column("concept_version", String(32), primary_key=True),
    Column("section", String(64), primary_key=True),
    Column("rank", Integer),
    Column("score", Float),
    Column("own_score", Float),  # the text's own match to the section: what bulk acceptance uses
    Column("evidence", Text),
    Column("computed_at", DateTime(timezone=True)),
)


link_reviews = Table(
    "tracker_link_reviews", db.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("suggestion_id", String(32), nullable=False),
    Column("concept_version", String(32), nullable=False),
    Column("section", String(64), nullable=False),
    Column("row_version", Integer, nullable=False),
    Column("state", String(16), nullable=False),
    Column("actor", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("suggestion_id", "concept_version", "section", "row_version",
                     name="uq_link_review_version"),
)


audit = Table(
    "tracker_audit", db.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", Text, nullable=False),
    Column("role", String(32), nullable=False),
    Column("action", String(32), nullable=False),
    Column("suggestion_id", String(32)),
    Column("concept_version", String(32)),
    Column("summary", Text, nullable=False),  # one Dutch sentence for the history view
    Column("detail", Text),  # JSON of the new values
    Index("ix_tracker_audit_suggestion", "suggestion_id"),
)


redaction_log = Table(
    "privacy_redactions", db.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("contribution_id", String(32), nullable=False, index=True),
    Column("field", String(32), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("reason", Text, nullable=False),
    Column("n", Integer, nullable=False),
    Column("logged_at", DateTime(timezone=True), nullable=False),
)


# The contributions' free text and file names as the public may see them, redacted when they
# are imported (analysis.ingest.pipeline) instead of every time the public page is first opened.
PUBLIC_TEXT_COLUMNS = ["document", "topic", "question", "text"]


public_texts = Table(
    "public_texts", db.metadata,
    Column("id", String(32), primary_key=True),  # the contribution's id
    *[Column(c, Text) for c in PUBLIC_TEXT_COLUMNS],
)



# Who read a contribution's original text (analysis.tracker.originals): internal pages show the
# de-identified text, an editor may reveal one original; append-only, each reveal one row.
original_reveals = Table(
    "original_reveals", db.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("contribution_id", String(32), nullable=False, index=True),
    Column("actor", Text, nullable=False),
    Column("role", String(32), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)


# Manual redaction checks (analysis/store/redactions.py): append-only, one row per change by an
# editor, which is also its audit trail. action: toevoegen (a phrase is redacted by hand),
# ongedaan (undo a manual addition: undoes = its id), vrijgeven (an automatic redaction of
# `phrase` is undone), niet_publiceren / wel_publiceren (the contribution is hidden or shown).
redaction_edits = Table(
    "privacy_redaction_edits", db.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("contribution_id", String(32), nullable=False, index=True),
    Column("action", String(32), nullable=False),
    Column("phrase", Text),
    Column("reason", Text),
    Column("undoes", Integer),
    Column("actor", Text, nullable=False),
    Column("role", String(32), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)


# Themes set by a person (editor) for a contribution, append-only: the latest row per
# contribution wins over the model's themes wherever contributions are loaded
# (analysis.store.store.Store.load_contributions). Ids are stable, so they survive re-import.
theme_codes = Table(
    "theme_codes", db.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("contribution_id", String(32), nullable=False),
    Column("themes", Text, nullable=False),  # ';'-joined theme ids, the first is the primary
    Column("actor", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("batch_id", String(32)),  # set when written by `codes import` or a bulk action
    Index("ix_theme_codes_contribution", "contribution_id"),
)


# Which decision rows one bulk action (or group decision) wrote, so it can be undone as one
# batch: undo appends new decision rows restoring each member's previous state (kind 'undo',
# undoes = the batch it reverses); nothing is overwritten.
decision_batches = Table(
    "tracker_decision_batches", db.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("batch_id", String(32), nullable=False),
    Column("kind", String(16), nullable=False),  # 'bulk', 'groep' or 'undo'
    Column("undoes", String(32)),
    Column("suggestion_id", String(32), nullable=False),
    Column("concept_version", String(32), nullable=False),
    Column("row_version", Integer, nullable=False),
    Column("actor", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_decision_batches_batch", "batch_id"),
)


# Near-duplicate band keys of each contribution's text (analysis/store/duplicate_keys.py): an
# import into a filled store reads these instead of every stored text. Derived data, rewritten
# with the contributions; "" for a text without words.
duplicate_keys = Table(
    "duplicate_keys", db.metadata,
    Column("id", String(32), primary_key=True),  # the contribution's id
    Column("band_keys", Text, nullable=False),   # hex, 16 characters per MinHash band
)


# Kernpunten (analysis/store/kernpunten.py, docs/KERNPUNTEN.md): points that several suggestions
# of one theme make. An id is never reused or renumbered; a kernpunt merged into another keeps its
# row with merged_into set. label_source 'mens' once a person named it: the model keeps its hands off.
kernpunten = Table(
    "kernpunten", db.metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("theme", String(32), nullable=False),
    Column("label", Text, nullable=False),
    Column("label_source", String(8), nullable=False),  # 'model' or 'mens'
    Column("terms", Text),             # ';'-joined lemmas most members share (choose quotes by them)
    Column("representatives", Text),   # ';'-joined member ids, most central first (for quotes)
    Column("merged_into", Integer),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_kernpunten_theme", "theme"),
)


# Which kernpunt each suggestion belongs to, with its standpunt. source / standpunt_source 'mens'
# once a person placed it or set its standpunt: an import leaves those alone (their ids are stable).
# Every human change is also an entry in tracker_audit.
kernpunt_members = Table(
    "kernpunt_members", db.metadata,
    Column("contribution_id", String(32), primary_key=True),
    Column("kernpunt_id", Integer, nullable=False),
    Column("source", String(8), nullable=False),            # 'model' or 'mens'
    Column("standpunt", String(16), nullable=False),        # steunt, bezwaar, zorg_vraag, voorstel
    Column("standpunt_score", Float),                       # the model's probability (1 for mens)
    Column("standpunt_source", String(8), nullable=False),  # 'model' or 'mens'
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_kernpunt_members_kernpunt", "kernpunt_id"),
)


# One decision per kernpunt and concept version (analysis/tracker/kernpunt_decisions.py), kept
# like tracker_decisions: append-only, a new row_version per change. Deciding a kernpunt also
# writes the decision to each member in tracker_decisions (one batch), except members that carry
# an exception of their own; so every reader of the tracker keeps reading per suggestion.
kernpunt_decisions = Table(
    "kernpunt_decisions", db.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kernpunt_id", Integer, nullable=False),
    Column("concept_version", String(32), nullable=False),
    Column("row_version", Integer, nullable=False),
    *_decided(),
    Column("batch_id", String(32)),
    Column("actor", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("kernpunt_id", "concept_version", "row_version", name="uq_kernpunt_decision_version"),
)
