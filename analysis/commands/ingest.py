"""`ingest [PATH ...]`: parse files and store them; no paths means the default data set (command line stage)."""
from __future__ import annotations

import argparse
import sys

HELP = "Bestanden inlezen en opslaan (zonder paden: de standaard dataset)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", help="PDF, DOCX, TXT, CSV of XLSX")
    p.add_argument("--quiet", action="store_true", help="geen voortgang tonen")


def _progress(fraction: float, message: str) -> None:
    print(f"\r[{fraction:6.1%}] {message[:70]:<70}", end="", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    # imported here so that a broken or missing module never breaks the other commands
    from analysis.ingest.pipeline import ingest_paths
    from analysis.store.store import open_store

    store = open_store()
    report = ingest_paths(store, args.paths or None, progress=None if args.quiet else _progress)
    if not args.quiet:
        print(file=sys.stderr)
    print(report.summary_line())
    return 0
