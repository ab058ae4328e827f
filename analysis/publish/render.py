"""The site's pages as HTML from the Jinja2 templates in data/site/templates (publish stage).

Autoescaping is on for every template: contributions are people's own words and go into the
page as text, never as markup. The one piece of markup that comes from the read model, the
'**U zei:**' bold of public_page.theme_sentence, is turned into <strong> after escaping.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from analysis.core import dutch, labels, paths
from analysis.publish.content import Site

SITE_DATA = paths.DATA_DIR / "site"
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def strong(text: str) -> Markup:
    """'**U zei:** 12 ideeën.  \\n**Wij deden:** ...' as escaped HTML with <strong> and <br>."""
    html = _BOLD.sub(r"<strong>\1</strong>", str(escape(text)))
    return Markup(html.replace("  \n", "<br>\n"))


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(SITE_DATA / "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["strong"] = strong
    return env


def _root(file: str) -> str:
    """The relative way back to the site's top folder from file: '' or '../'."""
    return "../" * file.count("/")


def write_pages(site: Site, folder: Path, cfg: dict, updated: str) -> dict[str, str]:
    """Every page of the site into folder, plus the style sheet; returns file name -> title."""
    env = environment()
    fictional = labels.labels()["fictional"]
    shared = {"cfg": cfg, "site": site, "updated": updated, "fictional_label": fictional["label"],
              "fictional_explanation": fictional["explanation"],
              "fictional_count": f"{dutch.number(site.fictional)} van {dutch.number(site.contributions)} bijdragen"}
    pages = [("index.html", "index.html.j2", cfg["title"], "home", {"totals": site.totals}),
             (cfg["paths"]["search"], "search.html.j2", "Zoeken", "search", {}),
             ("404.html", "404.html.j2", "Pagina niet gevonden", "", {"root": cfg["base_url"]})]
    pages += [(s.file, "session.html.j2", s.name, "", {"page": s}) for s in site.sessions]
    pages += [(t.file, "theme.html.j2", t.label, "", {"page": t}) for t in site.themes]
    for file, template, title, current, extra in pages:
        out = folder / file
        out.parent.mkdir(parents=True, exist_ok=True)
        values = {**shared, "root": _root(file), "page_title": title, "current": current, **extra}
        out.write_text(env.get_template(template).render(**values), encoding="utf-8")
    shutil.copyfile(SITE_DATA / "site.css", folder / "site.css")
    return {file: title for file, _, title, *_ in pages}
