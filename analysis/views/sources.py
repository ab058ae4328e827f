"""What pages read besides the contributions frame: the store, names, settings, NLP status (views stage).

Pages import only from views, access, tracker and ingest (tests/test_layering.py); this module
is their door to the store handle and to the lower stages' descriptions.
"""
from __future__ import annotations

from analysis.enrich import discover, evaluation, nlp
from analysis.store import clusters, db
from analysis.store.store import Store, open_store
from analysis.tracker.concept_versions import load_versions


def default_url() -> str:
    """DATABASE_URL, or the default SQLite file."""
    return db.default_url()


def open_default(url: str, read_only: bool) -> Store:
    return open_store(url=url, read_only=read_only)


def cluster_names(store: Store) -> dict[int, str]:
    """Names of the stored discovery clusters."""
    return clusters.names(store)


def concept_version_names(store: Store) -> dict[str, str]:
    """Concept version id -> name, oldest first."""
    return {v.id: v.name for v in load_versions(store)}


def pipeline_info() -> dict:
    """Loads the Dutch NLP pipeline (once per process) and describes it."""
    return nlp.pipeline_info()


def warm_up_nlp() -> None:
    """Start loading the NLP pipeline in the background."""
    nlp.warm_up()


def discovery_settings() -> dict:
    return discover.config()


def evaluation_summary() -> dict:
    """The latest `evaluate` figures (data/evaluation.json), empty when never measured."""
    return evaluation.evaluation_summary()
