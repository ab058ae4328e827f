"""`decisions import FILE --actor NAME` and `decisions export --version V --out FILE`: tracker
decisions kept in a spreadsheet (command line stage)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.core import dutch
from analysis.core.errors import InputError
from analysis.store.store import open_store
from analysis.tracker import decision_sheets
from analysis.views.export import write_table

HELP = ("Besluiten uit een spreadsheet inlezen (import) of naar een spreadsheet schrijven "
        "(export); kolommen: " + ", ".join(decision_sheets.COLUMNS) + ".")
# Whoever runs the command line on the store's machine acts as an editor (data/roles.toml).
CLI_ROLE = "editor"


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    imp = sub.add_parser("import", help="besluiten uit CSV of XLSX toevoegen (alles of niets)")
    imp.add_argument("file", type=Path, help="CSV of XLSX met de kolommen " + ", ".join(decision_sheets.COLUMNS))
    imp.add_argument("--actor", required=True, help="wie de besluiten neemt (komt in het logboek)")
    exp = sub.add_parser("export", help="de huidige besluiten van een conceptversie naar CSV of XLSX")
    exp.add_argument("--version", required=True, help="conceptversie, bijv. v4")
    exp.add_argument("--out", required=True, type=Path, help="uitvoer, .csv of .xlsx")


def run(args: argparse.Namespace) -> int:
    """Exit 1 with one line for a refused file (nothing written), as the issue asks."""
    try:
        return _run(args)
    except InputError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    store = open_store()
    if args.action == "import":
        result = decision_sheets.import_sheet(store, args.file, args.actor, CLI_ROLE)
        print(f"{result.sentence()} uit '{args.file.name}' door {args.actor.strip()}.")
        return 0
    if args.out.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError("Kies een uitvoerbestand dat eindigt op .csv of .xlsx.")
    table = decision_sheets.export_sheet(store, args.version)
    write_table(table, args.out)
    print(f"{dutch.number(len(table))} besluiten van {args.version} geschreven naar {args.out}.")
    return 0
