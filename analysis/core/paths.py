"""Where the project's data lives, resolved relative to the repository root (core stage).

Users clone the project without ../shared, so everything the product needs is
under data/.
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
STORE_DIR = DATA_DIR / "store"
DEFAULT_SQLITE = STORE_DIR / "nmp_inbreng.sqlite"


