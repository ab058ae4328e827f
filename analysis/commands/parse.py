"""`parse FILE --out OUT.csv`: one document or export to contributions, without the store (command line stage)."""
from __future__ import annotations

import argparse
from pathlib import Path

from analysis.views.export import write_table

HELP = "Eén document of export omzetten naar bijdragen (CSV), zonder opslag."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file")
    p.add_argument("--out", required=True, help="uitvoer, .csv of .xlsx")


def run(args: argparse.Namespace) -> int:
    # imported here so that a broken or missing module never breaks the other commands
    from analysis.harvest import parse_path

    parsed = parse_path(Path(args.file))
    write_table(parsed.contributions, Path(args.out))
    for warning in parsed.warnings:
        print(f"let op: {warning}")
    print(f"{len(parsed.contributions)} bijdragen ({parsed.format}) -> {args.out}")
    return 0
