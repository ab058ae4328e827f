"""Tracker tables (decisions, links, audit log, concept versions).

Defined against analysis.db.metadata so Store.create_tables builds them; the
tracker logic lives in analysis/tracker.py.
"""
