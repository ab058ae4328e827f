"""`python -m analysis <command>`: the stable command line (README, "Command line").

Each command lives in analysis/commands/<name>.py and exposes HELP,
add_arguments(parser) and run(args) -> int. Bad input ends in one line on
stderr and a non-zero exit, never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import sys

COMMANDS = [
    "ingest", "parse", "classify", "trace", "evaluate", "bench", "export",
    "backup", "restore", "generate", "redact", "decisions",
    "codes", "retrain",
    "report", "refit", "publish", "kernpunten",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="NMP Inbreng analyse")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"analysis.commands.{name}")
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    from analysis.core.errors import InputError, PermissionDenied, StaleVersionError

    # Libraries (pypdf, ...) log warnings about broken input; the user gets our one line instead.
    logging.basicConfig(level=logging.ERROR, format="%(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except (InputError, PermissionDenied, StaleVersionError) as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("afgebroken", file=sys.stderr)
        return 130
