"""`export --out FILE.(csv|xlsx) [--public]`: the stored contributions as a table (command line stage)."""
from __future__ import annotations

import argparse
from pathlib import Path

from analysis.store.store import open_store
from analysis.views.export import write_table

HELP = "Opgeslagen bijdragen exporteren naar CSV of XLSX (--public: alleen openbare velden)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True)
    p.add_argument("--public", action="store_true", help="alleen openbare, geanonimiseerde gegevens")


def run(args: argparse.Namespace) -> int:
    if args.public:
        from analysis.views.public import public_contributions
        table = public_contributions(open_store(read_only=True))
    else:
        table = open_store().load_contributions(theme_source=True)
    write_table(table, Path(args.out))
    print(f"{len(table)} rijen -> {args.out}")
    return 0
