"""`backup --out FILE.zip`: a portable copy of every table of the store (command line stage)."""
from __future__ import annotations

import argparse
from pathlib import Path

HELP = "Een draagbare back-up van de hele opslag maken (zip met JSON-lines per tabel)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, help="back-upbestand, bijvoorbeeld nmp-backup.zip")


def run(args: argparse.Namespace) -> int:
    from analysis.store.backup import backup
    from analysis.store.store import open_store

    manifest = backup(open_store(), Path(args.out))
    total = sum(manifest["rows"].values())
    print(f"{total} rijen uit {len(manifest['rows'])} tabellen -> {args.out} "
          f"(schema {manifest['schema_version']})")
    return 0
