"""Build, preview and publish the static public site (publish stage).

`build` writes the public truth of one concept version into a new folder beside the target
and swaps it in (analysis.publish.swap); `promote` publishes a preview that was looked at, as
it is. A folder is only ever replaced when it is empty or a site made here (it holds
MANIFEST), so a wrong --out never throws away someone's files.
"""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from analysis.core import config, dutch, paths
from analysis.core.errors import InputError
from analysis.publish import content, documents, render, search_index, swap
from analysis.store.store import Store

MANIFEST = ".nmp-site.json"


def settings() -> dict:
    return config.data_toml("site/publish.toml")


@dataclass(frozen=True)
class Published:
    """What a folder holds: for the command's last line, the preview and the publish check."""

    version: str
    version_name: str
    store_version: int
    made_at: str
    pages: dict[str, str]
    counts: dict[str, str]
    indexed: int


def when(moment: datetime | str) -> str:
    """'26 juni 2024 om 14:05' (Amsterdam time): the site's "laatst bijgewerkt" and the preview's date."""
    local = dutch.local(moment)
    return f"{dutch.day(local)} om {local:%H:%M}"


def _check_target(target: Path) -> None:
    if not target.parent.is_dir():
        raise InputError(f"De map {target.parent} bestaat niet; maak die eerst aan.")
    if target.exists() and not target.is_dir():
        raise InputError(f"{target} is een bestand, geen map; kies een map voor de site.")
    if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST).exists():
        raise InputError(f"De map {target} is niet leeg en is geen eerder gepubliceerde site; "
                         "kies een lege of nieuwe map. Er is niets veranderd.")


def read(folder: Path) -> Published | None:
    """The manifest of a site made here, or None."""
    try:
        return Published(**json.loads((folder / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _write_site(store: Store, version: str, folder: Path) -> Published:
    cfg = settings()
    made = datetime.now(UTC)
    site = content.build(store, version, cfg["paths"], cfg["text"]["other_group"])
    pages = render.write_pages(site, folder, cfg, when(made))
    documents.write(site, folder)
    indexed = search_index.build(folder)
    done = Published(version, site.version_name, store.version(), made.isoformat(), pages,
                     content.counts(site), indexed)
    (folder / MANIFEST).write_text(json.dumps(asdict(done), ensure_ascii=False, indent=1), encoding="utf-8")
    return done


def _into(target: Path, fill) -> Published:
    """fill(new folder) beside target, then swap it in; on any failure the new folder goes and
    target stays as it was."""
    target = target.resolve()
    _check_target(target)
    new = swap.new_sibling(target)
    try:
        done = fill(new)
        swap.replace_dir(new, target)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    return done


def build(store: Store, version: str, out: Path) -> Published:
    """Write the site of concept version `version` to out, replacing what was there at once."""
    return _into(out, lambda folder: _write_site(store, version, folder))


def promote(preview: Path, out: Path, store_version: int) -> Published:
    """Publish the preview in `preview` as it is; refused when the store changed since it was
    made (store_version is the store's version now), so what was checked is what goes out."""
    made = read(preview)
    if made is None:
        raise InputError("Er is nog geen voorbeeld; maak eerst een voorbeeld.")
    if made.store_version != store_version:
        raise InputError("De gegevens zijn veranderd sinds het voorbeeld is gemaakt; maak eerst "
                         "een nieuw voorbeeld. Er is niets gepubliceerd.")

    def copy(folder: Path) -> Published:
        shutil.copytree(preview, folder, dirs_exist_ok=True)
        return made

    return _into(out, copy)


def site_dir() -> Path:
    """The internal app's publication folder: NMP_SITE_DIR, else data/site/publish.toml site_dir."""
    return Path(os.environ.get("NMP_SITE_DIR") or paths.ROOT / settings()["site_dir"])


def preview_dir() -> Path:
    """Beside the publication folder (same disk, never served with it): '<site_dir>-voorbeeld'."""
    target = site_dir()
    return target.with_name(f"{target.name}-voorbeeld")
