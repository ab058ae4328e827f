"""`codes import FILE.csv --actor NAME`: theme codes set by people, in bulk (command line stage).

The file has columns `id` and `themes` (';'-joined theme ids); it is validated as a whole and
written in one transaction, so a bad row refuses the file with the store unchanged. The command
line is run by the programme team on the server itself and acts as an editor.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from analysis.store.store import open_store
from analysis.tracker import codes

HELP = "Thema-codes van mensen inlezen: codes import BESTAND.csv --actor NAAM (kolommen id, themes)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    imp = sub.add_parser("import", help="CSV met kolommen id en themes (';'-gescheiden thema-ids)")
    imp.add_argument("file")
    imp.add_argument("--actor", required=True, help="wie de codes vaststelt (voor de geschiedenis)")


def run(args: argparse.Namespace) -> int:
    n = codes.import_csv(open_store(), Path(args.file), args.actor, "editor")
    print(f"{n} thema-codes opgeslagen door {args.actor}.")
    return 0
