"""The set-up scripts' own Python one-liners (scripts/lib.sh) run against the current code."""
from __future__ import annotations

import re
import subprocess
import sys

from analysis.core.paths import ROOT


def test_lib_sh_python_snippets_run(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")
    snippets = re.findall(r'"\$PY" -c \'([^\']+)\'', (ROOT / "scripts" / "lib.sh").read_text())
    assert len(snippets) >= 2
    for code in snippets:
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, f"{code}\n{done.stderr}"
