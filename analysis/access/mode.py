"""The run mode: internal (team, may edit) or public (read-only), from NMP_MODE (access stage)."""
from __future__ import annotations

import os

from analysis.core.errors import InputError

MODES = ("internal", "public")


def current_mode() -> str:
    """NMP_MODE, 'internal' unless set; an unknown value is refused rather than guessed."""
    mode = os.environ.get("NMP_MODE", "internal").strip().lower() or "internal"
    if mode not in MODES:
        raise InputError(f"NMP_MODE moet 'internal' of 'public' zijn, niet '{mode}'.")
    return mode

