"""`restore FILE.zip`: replace the store's contents by a backup, in one transaction (command line stage)."""
from __future__ import annotations

import argparse
from pathlib import Path

HELP = "Een back-up terugzetten; vervangt de hele inhoud van de opslag (alles of niets)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="back-upbestand gemaakt met `backup`")


def run(args: argparse.Namespace) -> int:
    from analysis.store.backup import restore
    from analysis.store.store import open_store

    counts = restore(open_store(), Path(args.file))
    print(f"{sum(counts.values())} rijen in {len(counts)} tabellen teruggezet uit {args.file}")
    return 0
