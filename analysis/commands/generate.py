"""`generate --respondents N --seed S --out FILE.(csv|xlsx)`: a fictional raadpleging export (command line stage)."""
from __future__ import annotations

import argparse
from pathlib import Path

from analysis.devtools.generator import generate_raadpleging
from analysis.views.export import write_table

HELP = "Een fictieve milieuraadpleging genereren (CSV of XLSX, gelabeld 'fictief voorbeeld')."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--respondents", type=int, default=150, help="aantal respondenten (standaard 150)")
    p.add_argument("--seed", type=int, default=0, help="zelfde seed, zelfde bestand")
    p.add_argument("--personal-data-rate", type=float, default=0.05,
                   help="aandeel antwoorden met fictieve persoonsgegevens (0..1)")
    p.add_argument("--out", required=True, help="uitvoer, .csv of .xlsx")


def run(args: argparse.Namespace) -> int:
    table = generate_raadpleging(args.respondents, seed=args.seed,
                                 personal_data_rate=args.personal_data_rate)
    write_table(table, Path(args.out))
    print(f"{len(table)} fictieve respondenten -> {args.out}")
    return 0
