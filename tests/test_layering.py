"""The package layout is the data flow: imports point one way, and nothing imports Streamlit.

Stages, lowest first (docs/ARCHITECTURE.md): a module may import its own package and the
packages before it, never one after it, and no two modules may import each other, directly
or round a longer loop. Imports inside functions count too: a late import that hides a cycle
is still a cycle. The pages (app_pages/, dashboard.py) read only from the upper stages.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from analysis.core.paths import ROOT

STAGES = ["core", "harvest", "enrich", "store", "access", "tracker", "ingest", "views", "compare", "publish",
          "devtools", "commands", "cli", "__main__"]
PAGE_STAGES = {"core", "access", "tracker", "ingest", "views", "compare", "publish"}
# The static site reads only the public read model and, for the documents, the report functions
# (DESIGN.md "Public truth and publication"); the Store type is passed in, never queried here.
PUBLISH_READS = {"analysis.views.public", "analysis.views.public_page", "analysis.views.report",
                 "analysis.views.report_data", "analysis.views.frame", "analysis.store.store"}
MAX_MODULE_LINES = 350
MAX_PAGE_LINES = 150
MAX_LOOSE_MODULES = 6


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, known: set[str]) -> set[str]:
    """Every analysis module a source imports, at any depth (functions included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
        else:
            continue
        for name in names:
            if not name.startswith("analysis."):
                continue
            while name not in known and "." in name:
                name = name.rsplit(".", 1)[0]
            if name in known:
                found.add(name)
                if isinstance(node, ast.ImportFrom):
                    break  # the most specific module of this import statement is enough
    return found


def stage(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def graph(root: Path = ROOT) -> dict[str, set[str]]:
    files = sorted((root / "analysis").rglob("*.py"))
    known = {module_name(f, root) for f in files}
    return {module_name(f, root): imported_modules(f.read_text(), known) - {module_name(f, root)}
            for f in files}


def stage_violations(deps: dict[str, set[str]]) -> list[str]:
    bad = []
    for module, imports in deps.items():
        if module == "analysis" or stage(module) not in STAGES:
            continue
        mine = STAGES.index(stage(module))
        for target in imports:
            theirs = stage(target)
            if theirs in STAGES and STAGES.index(theirs) > mine:
                bad.append(f"{module} imports {target} ({stage(module)} may not import {theirs})")
    return sorted(bad)


def cycles(deps: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in deps.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(deps):
        if v not in index:
            visit(v)
    return found


def test_imports_follow_the_stage_order():
    assert stage_violations(graph()) == []


def test_no_import_cycles():
    assert cycles(graph()) == []


def test_every_module_lives_in_a_stage_package():
    deps = graph()
    assert {stage(m) for m in deps if m != "analysis"} <= set(STAGES)
    loose = list((ROOT / "analysis").glob("*.py"))
    assert len(loose) <= MAX_LOOSE_MODULES, [p.name for p in loose]


def test_the_check_catches_a_forbidden_import_and_a_cycle():
    """The rules above are not vacuous: a store module reading a view and a loop both fail."""
    deps = graph()
    deps["analysis.store.store"] = deps["analysis.store.store"] | {"analysis.views.frame"}
    assert "analysis.store.store imports analysis.views.frame (store may not import views)" in \
        stage_violations(deps)
    deps["analysis.core.paths"] = {"analysis.core.config"}
    deps["analysis.core.config"] = deps["analysis.core.config"] | {"analysis.core.paths"}
    assert ["analysis.core.config", "analysis.core.paths"] in cycles(deps)
    late = "def f():\n    from analysis.views import frame\n"
    assert imported_modules(late, {"analysis.views", "analysis.views.frame"}) == {"analysis.views.frame"}


def test_the_site_reads_only_the_public_read_model():
    bad = [f"{m} imports {t}" for m, imports in graph().items() if stage(m) == "publish"
           for t in imports if stage(t) not in ("core", "publish") and t not in PUBLISH_READS]
    assert bad == []


def test_pages_read_only_from_the_upper_stages():
    files = [ROOT / "dashboard.py", *sorted((ROOT / "app_pages").glob("*.py"))]
    known = set(graph())
    bad = [f"{f.name} imports {m}" for f in files
           for m in imported_modules(f.read_text(), known) if stage(m) not in PAGE_STAGES]
    assert bad == []


def test_modules_and_pages_stay_small():
    big = [f"{p.relative_to(ROOT)}: {n}" for p in (ROOT / "analysis").rglob("*.py")
           if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES]
    big += [f"{p.relative_to(ROOT)}: {n}" for p in (ROOT / "app_pages").glob("*.py")
            if (n := len(p.read_text().splitlines())) > MAX_PAGE_LINES]
    assert big == []


def test_every_module_says_what_it_holds():
    missing = [str(p.relative_to(ROOT)) for p in (ROOT / "analysis").rglob("*.py")
               if p.read_text().strip() and ast.get_docstring(ast.parse(p.read_text())) is None]
    assert missing == []


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
