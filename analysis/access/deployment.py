"""The public deployment's Streamlit settings (.streamlit/config.public.toml) as command-line flags (access stage).

Streamlit reads only .streamlit/config.toml from the working directory; flags
override it. scripts/run_public.sh and the browser test start the public view
with these flags, so the settings file is the single source of truth.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from analysis.core import paths

PUBLIC_CONFIG = paths.ROOT / ".streamlit" / "config.public.toml"


def streamlit_flags(config: Path = PUBLIC_CONFIG) -> list[str]:
    """["--client.toolbarMode=minimal", ...] for every option in the file."""
    with open(config, "rb") as fh:
        cfg = tomllib.load(fh)
    flags = []
    for section, options in cfg.items():
        for key, value in options.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            flags.append(f"--{section}.{key}={text}")
    return flags


if __name__ == "__main__":
    print("\n".join(streamlit_flags()))
