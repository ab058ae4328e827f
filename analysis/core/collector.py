"""Python's cyclic garbage collector paused around bulk work (core stage).

A 100,000-answer import creates millions of short-lived lists and strings. The collector runs
every 700 new container objects and now and then walks every object alive, including the
100,000-row frames and lemma lists the import holds: about a tenth of the time of the themes,
the near-duplicates, the redaction and the link proposals. Reference counting still frees almost everything at
once; what forms cycles waits until the block ends.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_collector(freeze: bool = False) -> Iterator[None]:
    """No cyclic collection inside the block; freeze=True moves what the block built into the
    permanent generation (objects that live as long as the process, such as lookup tables)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()
