"""`classify IN.csv [--text-column text] --out OUT.csv`: add theme, themes and theme_score (command line stage)."""
from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from analysis.core.errors import InputError
from analysis.enrich.themes import assign_themes
from analysis.views.export import write_table

HELP = "Thema's toekennen aan een tabel (CSV/XLSX): voegt theme, themes en theme_score toe."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", help="CSV of XLSX met een tekstkolom")
    p.add_argument("--text-column", default="text", help="kolom met de tekst (standaard: text)")
    p.add_argument("--out", required=True, help="uitvoer, .csv of .xlsx")


def _read(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(f"Bestand niet gevonden: {path}")
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return pd.read_excel(path, dtype=str)
        return pd.read_csv(path, dtype=str, keep_default_na=False, sep=None, engine="python",
                           encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(f"'{path.name}' is geen leesbare CSV- of XLSX-tabel ({exc.__class__.__name__}).") from exc


def run(args: argparse.Namespace) -> int:
    table = _read(Path(args.input))
    if args.text_column not in table.columns:
        raise InputError(f"Kolom '{args.text_column}' ontbreekt in {Path(args.input).name}; "
                         f"beschikbaar: {', '.join(map(str, table.columns))}.")
    context = table.rename(columns={args.text_column: "text"}) if args.text_column != "text" else table
    themed = assign_themes(context)
    out = table.copy()
    for col in ("theme", "themes", "theme_score"):
        out[col] = themed[col].to_numpy()
    write_table(out, Path(args.out))
    print(f"{len(out)} rijen met thema -> {args.out}")
    return 0
