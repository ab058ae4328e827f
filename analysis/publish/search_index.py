"""The site's search index, made by Pagefind after the pages are written (publish stage).

Pagefind (Python package pagefind[bin]) reads the HTML, picks Dutch stemming from
<html lang="nl"> and writes the index and its search page script into pagefind/; searching
then runs wholly in the visitor's browser, without a server.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from analysis.core.errors import InputError

_INDEXED = re.compile(r"Indexed (\d+) pages?")


def build(folder: Path) -> int:
    """Index folder in place; returns how many pages were indexed."""
    try:
        done = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(folder)],
                              capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InputError(f"De zoekindex kon niet worden gemaakt (Pagefind): {exc}.") from exc
    found = _INDEXED.search(done.stdout)
    if done.returncode != 0 or not found:
        why = (done.stderr.strip().splitlines() or ["onbekende fout"])[-1]
        raise InputError(f"De zoekindex kon niet worden gemaakt (Pagefind: {why}). "
                         "Installeer de pakketten van requirements.txt (pagefind[bin]).")
    return int(found.group(1))
