"""Where the project's data lives, resolved relative to the repository root.

Users clone the project without ../shared, so everything the product needs is
under data/.
"""
import tomllib
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
STORE_DIR = DATA_DIR / "store"
DEFAULT_SQLITE = STORE_DIR / "nmp_inbreng.sqlite"


@lru_cache(maxsize=None)
def data_toml(name: str) -> dict:
    """data/<name>, read once per process: settings and vocabularies are files, not code."""
    with open(DATA_DIR / name, "rb") as fh:
        return tomllib.load(fh)
