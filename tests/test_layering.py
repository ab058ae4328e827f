"""analysis/ is the whole logic and must work without Streamlit (command line, batch jobs)."""
import subprocess
import sys

from analysis.core.paths import ROOT

_CHECK = """
import importlib, pkgutil, sys
class _NoStreamlit:
    def find_spec(self, name, path=None, target=None):
        if name == "streamlit" or name.startswith("streamlit."):
            raise ImportError("streamlit is not allowed in analysis/")
sys.meta_path.insert(0, _NoStreamlit())
import analysis
for mod in pkgutil.walk_packages(analysis.__path__, "analysis."):
    if mod.name != "analysis.__main__":
        importlib.import_module(mod.name)
print("ok")
"""


def test_every_analysis_module_imports_without_streamlit():
    done = subprocess.run([sys.executable, "-c", _CHECK], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
