"""`report --event EVENT --version V --out FILE.docx [--internal]`: terugkoppeling / nota van
antwoord as a Word document (command line stage)."""
from __future__ import annotations

import argparse
from pathlib import Path

from analysis.store.store import open_store
from analysis.views import report, report_data

HELP = ("Terugkoppeling of nota van antwoord als Word-bestand (DOCX) voor een bijeenkomst of "
        "'alle'; --internal voegt interne notities en niet-openbare besluiten toe.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--event", required=True, help="de bijeenkomst zoals in de kolom event, of 'alle'")
    p.add_argument("--version", required=True, help="conceptversie-id, bijvoorbeeld v4")
    p.add_argument("--out", required=True,
                   help="bestandsnaam, eindigt op .docx; of een bestaande map: dan krijgt het verslag "
                        "een leesbare naam, bijv. terugkoppeling-werksessie-...-26-juni-2024-nmp-conceptversie-4.docx")
    p.add_argument("--internal", action="store_true",
                   help="interne versie: met interne notities, niet-openbare besluiten en wie besloot")


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if not out.is_dir() and out.suffix.lower() != ".docx":
        report.write(b"", out)  # raises the one-line message
    store = open_store(read_only=not args.internal)
    data = report_data.build(store, args.event, args.version, internal=args.internal)
    if out.is_dir():
        out = out / report_data.file_name(store, args.event, args.version, args.internal)
    report.write(report.document_bytes(data), out)
    kind = "intern" if args.internal else "openbaar"
    print(f"verslag ({kind}): {data.contributions} bijdragen, {data.suggestions} suggesties, "
          f"{data.decided} met besluit -> {out}")
    return 0
