"""Tracker tables (decisions, links, audit log, concept versions).

Defined against analysis.db.metadata so Store.create_tables builds them; the
tracker logic lives in analysis/tracker.py.

Human judgements are append-only: a decision or a link review is a new row
with row_version + 1, and the unique constraint on (key, row_version) makes
two saves based on the same version collide, on SQLite and PostgreSQL alike.
Proposed links are derived data and are recomputed in place.
"""
from __future__ import annotations

from sqlalchemy import (
    Boolean, Column, DateTime, Float, Index, Integer, String, Table, Text, UniqueConstraint,
)

from analysis import db

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

decisions = Table(
    "tracker_decisions", db.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("suggestion_id", String(32), nullable=False),
    Column("concept_version", String(32), nullable=False),
    Column("row_version", Integer, nullable=False),
    Column("status", String(32), nullable=False),
    Column("section", String(64)),
    Column("public_explanation", Text),
    Column("internal_note", Text),
    Column("published", Boolean, nullable=False, default=False),
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
