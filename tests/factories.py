"""Small builders shared by the tests: parsed documents without the NLP stage.

Import as `from factories import ...` (pytest puts tests/ on sys.path).
"""
from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd

from analysis.core import config, schema
from analysis.core.paths import ROOT
from analysis.store.import_report import ImportReport
from analysis.store.store import Store

WERKSESSIE = config.default_files()[0]


def make_doc(name: str, texts: list[str], section: str = "advies") -> schema.ParsedDocument:
    """A parsed document as a parser would return it, without the NLP stage."""
    rows = pd.DataFrame({
        "id": [schema.contribution_id(name, i, t) for i, t in enumerate(texts)],
        "source_type": "werksessie", "document": name, "position": range(len(texts)),
        "section": section, "text": texts, "topic": "Cumulatie",
    })
    topics = pd.DataFrame({"document": [name], "topic": ["Cumulatie"], "concept_ref": ["v4 §6.2.2"],
                           "description": ["Stapeling van effecten"]})
    return schema.ParsedDocument(format="txt", contributions=schema.conform(rows), topics=topics)


def put(store: Store, *docs: schema.ParsedDocument) -> ImportReport:
    """Store documents as they are (no themes), in one transaction."""
    return store.replace_documents([(d, d.contributions) for d in docs])


def run_analysis(*args, database_url: str, env: dict | None = None,
                 timeout: float = 600) -> subprocess.CompletedProcess:
    """`python -m analysis ARGS` as a user runs it: own process, no stdin, given store."""
    full_env = {**os.environ, "DATABASE_URL": database_url, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "analysis", *map(str, args)], cwd=ROOT, env=full_env,
        capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
