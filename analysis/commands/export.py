"""`export --out FILE.(csv|xlsx) [--public] [--labels nl]`: the stored contributions as a table
(command line stage). Without --labels the schema's column ids (scripts rely on them); with
--labels nl the people-friendly form of the dashboard downloads."""
from __future__ import annotations

import argparse
from pathlib import Path

from analysis.store.store import open_store
from analysis.views.export import write_table

HELP = "Opgeslagen bijdragen exporteren naar CSV of XLSX (--public: alleen openbare velden)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True)
    p.add_argument("--public", action="store_true", help="alleen openbare, geanonimiseerde gegevens")
    p.add_argument("--labels", choices=["nl"], default=None,
                   help="nl: Nederlandse kolomnamen en labels, ja/nee, echte datums, "
                        "in XLSX een blad dat zegt wat het bestand is")


def run(args: argparse.Namespace) -> int:
    if args.labels == "nl":
        from analysis.views import people_export
        store = open_store(read_only=args.public)
        table = people_export.contributions_download(store, args.public)
        about = people_export.about(people_export.texts()["titles"]["contributions"], len(table),
                                    args.public, people_export.has_fictional_rows(table))
        write_table(table, Path(args.out), about, sheet=people_export.texts()["sheet"],
                    about_sheet=people_export.texts()["about_sheet"])
        print(f"{len(table)} rijen -> {args.out}")
        return 0
    if args.public:
        from analysis.views.public import public_contributions
        table = public_contributions(open_store(read_only=True))
    else:
        from analysis.views.people_export import with_kernpunten
        store = open_store()
        table = with_kernpunten(store, store.load_contributions(theme_source=True)).drop(
            columns=["kernpunt_label"])
    write_table(table, Path(args.out))
    print(f"{len(table)} rijen -> {args.out}")
    return 0
