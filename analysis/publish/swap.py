"""Replace a published folder in one step (publish stage): the new site is written beside it
and then swapped in, so a web server serves the whole old site or the whole new one, never a
half-written mix, and a failed build leaves the old site as it was.

On Linux renameat2(RENAME_EXCHANGE) swaps the two folders atomically; elsewhere (or on a file
system without it) the old folder is renamed away and the new one renamed in, two renames a
moment apart, during which the folder is briefly missing but never incomplete.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
import uuid
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def new_sibling(target: Path, kind: str = "nieuw") -> Path:
    """An empty, uniquely named, hidden folder beside target (same file system: rename works),
    readable by a web server running as another user (mkdtemp makes it private)."""
    folder = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-{kind}-"))
    folder.chmod(0o755)
    return folder


def _exchange(a: Path, b: Path) -> bool:
    """Swap a and b atomically; False where the system cannot (then nothing changed)."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return done == 0


def replace_dir(new: Path, target: Path) -> None:
    """new takes target's place (target need not exist); the old contents are removed after."""
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new)  # new now holds the old site
        return
    old = target.with_name(f".{target.name}-oud-{uuid.uuid4().hex[:8]}")
    os.rename(target, old)
    os.rename(new, target)
    shutil.rmtree(old)
