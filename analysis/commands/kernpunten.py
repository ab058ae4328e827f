"""`kernpunten --version V --out FILE.(csv|xlsx)`: one row per kernpunt with its counts, standpunten
and decision in concept version V, as people read it (command line stage)."""
from __future__ import annotations

import argparse
from pathlib import Path

from analysis.core import dutch
from analysis.core.errors import InputError
from analysis.store.store import open_store
from analysis.tracker import kernpunt_queries
from analysis.tracker.concept_versions import load_versions
from analysis.views import people_export
from analysis.views.export import write_table

HELP = ("Kernpunten per thema naar CSV of XLSX: bijdragen, deelnemers, sessies, standpunten en het "
        "besluit in een conceptversie.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--version", required=True, help="conceptversie, bijv. v4")
    p.add_argument("--out", required=True, type=Path, help="uitvoer, .csv of .xlsx")


def run(args: argparse.Namespace) -> int:
    if args.out.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError("Kies een uitvoerbestand dat eindigt op .csv of .xlsx.")
    store = open_store()
    versions = {v.id: v for v in load_versions(store)}
    if args.version not in versions:
        raise InputError(f"Onbekende conceptversie '{args.version}'; kies uit: {', '.join(versions)}.")
    table = people_export.kernpunten(kernpunt_queries.kernpunt_table(store, args.version))
    t = people_export.texts()
    about = people_export.about(t["titles"]["kernpunten"].format(version=versions[args.version].name),
                                len(table))
    write_table(table, args.out, about, sheet=t["sheet"], about_sheet=t["about_sheet"])
    print(f"{dutch.number(len(table))} kernpunten -> {args.out}")
    return 0
