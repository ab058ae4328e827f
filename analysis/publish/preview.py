"""A page of a built site as one self-contained HTML string, for the internal app's preview
(publish stage): the app shows it in a frame that has no address of the site, so the style
sheet is put inline and the search page (the one page with a script) is left out."""
from __future__ import annotations

from pathlib import Path

from analysis.publish import site as site_module


def previewable(done: site_module.Published) -> dict[str, str]:
    """file -> title of the pages that can be previewed: all but search (scripts) and 404."""
    skip = {site_module.settings()["paths"]["search"], "404.html"}
    return {f: t for f, t in done.pages.items() if f not in skip}


def page_html(folder: Path, file: str) -> str:
    """folder/file with its <link rel="stylesheet"> replaced by the style sheet itself; only a
    page the folder's manifest lists (KeyError otherwise: no other file is ever read)."""
    done = site_module.read(folder)
    if done is None or file not in previewable(done):
        raise KeyError(file)
    html = (folder / file).read_text(encoding="utf-8")
    css = (folder / "site.css").read_text(encoding="utf-8")
    root = "../" * file.count("/")
    return html.replace(f'<link rel="stylesheet" href="{root}site.css">', f"<style>{css}</style>", 1)
