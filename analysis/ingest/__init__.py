"""Ingest stage: the one import path (parse, enrich, store, derived data) and the upload preview."""
