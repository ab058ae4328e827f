"""The site's downloads: the public terugkoppeling per session and the nota van antwoord as
Word files, made by the report functions the command `report` uses (publish stage)."""
from __future__ import annotations

from pathlib import Path

from analysis.publish.content import Site
from analysis.views import report


def write(site: Site, folder: Path) -> None:
    """Every document of site.reports into folder under its clean file name."""
    for file, data in site.reports.items():
        out = folder / file
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(report.document_bytes(data))
