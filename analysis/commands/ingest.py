"""`ingest [PATH ...] [--kolommen MAPPING.json]`: parse files and store them; no paths means the
default data set (command line stage).

The column mapping is the import page's, as JSON: {"answers": [...], "metadata": [...],
"metadata_kinds": {"Leeftijd": "leeftijdsgroep", ...}, ...}; metadata columns without a kind
get the proposed one. It applies to every CSV/XLSX given.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HELP = "Bestanden inlezen en opslaan (zonder paden: de standaard dataset)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", help="PDF, DOCX, TXT, CSV of XLSX")
    p.add_argument("--kolommen", "--mapping", dest="mapping", default=None, metavar="MAPPING.json",
                   help="kolomindeling voor CSV/XLSX (JSON, zoals de importpagina die maakt)")
    p.add_argument("--quiet", action="store_true", help="geen voortgang tonen")


def _progress(fraction: float, message: str) -> None:
    print(f"\r[{fraction:6.1%}] {message[:70]:<70}", end="", file=sys.stderr, flush=True)


def read_mapping(path: str | None) -> dict | None:
    """The mapping file as a dict; a plain Dutch InputError when it is missing or no JSON object."""
    from analysis.core.errors import InputError

    if path is None:
        return None
    try:
        mapping = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"Kolomindeling '{path}' niet gevonden.") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"Kolomindeling '{path}' is geen leesbare JSON: {exc}") from exc
    if not isinstance(mapping, dict):
        raise InputError(f"Kolomindeling '{path}' moet een JSON-object zijn ({{\"answers\": [...], ...}}).")
    return mapping


def run(args: argparse.Namespace) -> int:
    # imported here so that a broken or missing module never breaks the other commands
    from analysis.ingest.pipeline import ingest_paths
    from analysis.store.store import open_store

    mapping = read_mapping(args.mapping)
    store = open_store()
    report = ingest_paths(store, args.paths or None, mapping=mapping,
                          progress=None if args.quiet else _progress)
    if not args.quiet:
        print(file=sys.stderr)
    print(report.summary_line())
    return 0
