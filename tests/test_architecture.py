"""The package's layers, read from its code: every import (lazy ones too) and every string.

docs/architecture.md draws them: the model (items) and text/ at the bottom; article/
(pure steps) and parsing/ (HTML -> item) above; storage/ owns every SQL statement and
knows nothing of extraction; spiders/, pipelines/, worker/, commands and middlewares on
top. A change that breaks a rule fails here, with the module that broke it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "newscrawler"
SQL = re.compile(
    r"\b(SELECT\b.+\bFROM\b|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|"
    r"CREATE\s+(TABLE|INDEX|VIEW|VIRTUAL)\b|DROP\s+(TABLE|VIEW|INDEX)\b|ALTER\s+TABLE\b|PRAGMA\s+\w+)",
    re.IGNORECASE | re.DOTALL,
)


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(name: str) -> str:
    """``newscrawler.x.y`` as the module it names: a module file or package, else its parent."""
    while name.count(".") > 0:
        relative = Path(*name.split("."))
        if (REPO / relative).with_suffix(".py").exists() or (REPO / relative / "__init__.py").exists():
            return name
        name = name.rsplit(".", 1)[0]
    return name


def imports() -> dict[str, set[str]]:
    """Each module of the package and every module it imports (package-internal and external)."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
                if node.module.startswith("newscrawler"):  # from newscrawler.parsing import generic
                    names |= {f"{node.module}.{alias.name}" for alias in node.names}
        found[module_name(path)] = {_resolve(n) if n.startswith("newscrawler") else n for n in names}
    return found


IMPORTS = imports()


def internal(module: str) -> set[str]:
    return {n for n in IMPORTS[module] if n.startswith("newscrawler.") and n != module}


def under(prefix: str) -> list[str]:
    return [m for m in IMPORTS if m == prefix or m.startswith(prefix + ".")]


def offenders(modules: list[str], forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    out = {}
    for module in modules:
        bad = sorted(n for n in IMPORTS[module] if n.startswith(forbidden))
        if bad:
            out[module] = bad
    return out


def test_no_import_cycles() -> None:
    """Tarjan's strongly connected components over the package's import graph: none larger than one."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in internal(node):
            if other not in IMPORTS:
                continue
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in IMPORTS:
        if module not in index:
            visit(module)
    assert cycles == []


def test_the_model_and_text_are_at_the_bottom() -> None:
    """items.py (the article model) imports nothing of the package; text/ only text/; the
    near-duplicate math and the URL helpers only text/ at most."""
    assert internal("newscrawler.items") == set()
    outside = {
        m: sorted(n for n in internal(m) if not n.startswith("newscrawler.text")) for m in under("newscrawler.text")
    }
    assert {m: names for m, names in outside.items() if names} == {}
    assert all(n.startswith("newscrawler.text") for n in internal("newscrawler.minhash"))
    assert internal("newscrawler.urls") == set()


def test_article_and_text_are_pure() -> None:
    """No Scrapy, parsel or lxml in the pure layers: they are tested with tables of cases."""
    assert offenders([*under("newscrawler.article"), *under("newscrawler.text")], ("scrapy", "parsel", "lxml")) == {}


def test_storage_knows_nothing_of_extraction_or_the_crawl() -> None:
    forbidden = (
        "newscrawler.article", "newscrawler.parsing", "newscrawler.spiders", "newscrawler.pipelines",
        "newscrawler.extraction", "newscrawler.worker", "newscrawler.cli", "newscrawler.commands", "scrapy",
    )  # fmt: skip
    assert offenders(under("newscrawler.storage"), forbidden) == {}


def test_extraction_does_not_reach_up_into_the_crawl() -> None:
    """parsing/ and article/ import no spiders, pipelines, worker or Scrapy's crawler machinery
    (parsing reads responses: ``scrapy.http`` is the one part of Scrapy it may use)."""
    forbidden = (
        "newscrawler.spiders", "newscrawler.pipelines", "newscrawler.worker", "newscrawler.extensions",
        "newscrawler.middlewares", "newscrawler.commands", "newscrawler.cli", "newscrawler.extraction",
        "newscrawler.storage", "scrapy.crawler", "scrapy.spiders", "scrapy.signals", "scrapy.utils.project",
        "scrapy.pipelines", "scrapy.settings",
    )  # fmt: skip
    assert offenders([*under("newscrawler.parsing"), *under("newscrawler.article")], forbidden) == {}
    scrapy_parts = {n for m in under("newscrawler.parsing") for n in IMPORTS[m] if n.startswith("scrapy")}
    assert scrapy_parts <= {"scrapy.http"}


def test_pipelines_do_not_know_where_they_run() -> None:
    for module in under("newscrawler.pipelines"):
        source = (REPO / Path(*module.split("."))).with_suffix(".py")
        if not source.exists():
            source = REPO / Path(*module.split(".")) / "__init__.py"
        assert "runs_in_worker" not in source.read_text(encoding="utf-8"), module
    assert offenders(under("newscrawler.pipelines"), ("newscrawler.worker",)) == {}


def test_every_sql_statement_lives_in_storage() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).parts[0] == "storage":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = ""
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
            elif isinstance(node, ast.JoinedStr):
                text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            if text and SQL.search(text):
                found.append(f"{path.relative_to(REPO)}:{node.lineno}: {text[:60]!r}")
    assert found == []


def test_the_checks_above_can_fail() -> None:
    """The detectors find what they look for (a check that cannot fail proves nothing)."""
    assert SQL.search("SELECT id FROM articles") and SQL.search("PRAGMA page_size")
    assert SQL.search("UPDATE crawl_runs SET finished_at = ?") and not SQL.search("Selected from the list")
    assert offenders(["newscrawler.storage.writes"], ("newscrawler.minhash",)) != {}  # it does import that


def sources() -> dict[str, ast.Module]:
    return {module_name(p): ast.parse(p.read_text(encoding="utf-8")) for p in sorted(PACKAGE.rglob("*.py"))}


SOURCES = sources()

LONG_FUNCTION_LINES = 60
ARGPARSE_DECLARATIONS = {"newscrawler.cli.build_parser"}
"""Functions that only declare a command line (argparse): long by nature, with no logic."""


def long_functions(trees: dict[str, ast.Module]) -> list[str]:
    found = []
    for module, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                name = f"{module}.{node.name}"
                if lines > LONG_FUNCTION_LINES and name not in ARGPARSE_DECLARATIONS:
                    found.append(f"{name}: {lines} lines")
    return found


def sys_modules_writes(trees: dict[str, ast.Module]) -> list[str]:
    """Assignments into ``sys.modules`` (a stand-in for a module): ``sys.modules[x] = ...``."""
    found = []
    for module, tree in trees.items():
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else []
            for target in targets:
                if (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Attribute)
                    and target.value.attr == "modules"
                    and isinstance(target.value.value, ast.Name)
                    and target.value.value.id == "sys"
                ):
                    found.append(f"{module}:{node.lineno}")
    return found


def test_no_function_is_over_60_lines() -> None:
    """Long functions are knots: split them into the passes their docstrings number."""
    assert long_functions(SOURCES) == []


def test_nothing_stands_in_for_a_module() -> None:
    assert sys_modules_writes(SOURCES) == []


def test_settings_are_data() -> None:
    """settings.py imports nothing of the package (no logic): plain values, each default once."""
    assert internal("newscrawler.settings") == set()


def test_distributed_is_a_wing() -> None:
    """distributed/ holds its add-on and its seen-set; it never imports the pipelines, and
    nothing outside it but the command line imports it (the add-on and settings name its
    classes by path; ``scrapy crawl`` checks Redis answers before a node starts)."""
    assert offenders(under("newscrawler.distributed"), ("newscrawler.pipelines",)) == {}
    outside = [
        m for m in IMPORTS if not m.startswith(("newscrawler.distributed", "newscrawler.cli", "newscrawler.commands"))
    ]
    assert offenders(outside, ("newscrawler.distributed",)) == {}


def test_the_worker_process_runs_plain_code() -> None:
    """What runs in the worker process (serve, protocol, start) imports no Scrapy: no stand-ins needed."""
    worker_side = ["newscrawler.worker.serve", "newscrawler.worker.protocol", "newscrawler.worker.start"]
    assert offenders(worker_side, ("scrapy", "twisted", "newscrawler.pipelines")) == {}


def test_one_module_counts_an_article_stored() -> None:
    """'Where is an article counted as stored?': storage/store.py (``counts``) alone builds the
    store's stats keys."""
    users = {
        m
        for m, tree in SOURCES.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module == "newscrawler.stats"
        and {a.name for a in node.names} & {"store", "store_error", "STORE_RETRY_LOCKED", "KEPT_IN_DOUBT"}
    }
    assert users == {"newscrawler.storage.store"}


def test_the_new_checks_can_fail() -> None:
    bad = ast.parse(
        "import sys\nsys.modules['scrapy'] = object()\ndef f():\n" + "    x = 1\n" * 61,
    )
    assert sys_modules_writes({"m": bad}) == ["m:2"]
    assert long_functions({"m": bad}) == ["m.f: 62 lines"]


def private_imports(trees: dict[str, ast.Module]) -> list[str]:
    """``from newscrawler.x.y import _name`` where the importer is not in package ``x``."""
    found = []
    for module, tree in trees.items():
        package = (
            module.rsplit(".", 1)[0]
            if (PACKAGE.parent / Path(*module.split("."))).with_suffix(".py").exists()
            else module
        )
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newscrawler"):
                source = _resolve(node.module)
                source_package = source.rsplit(".", 1)[0] if source.count(".") > 1 else source
                for alias in node.names:
                    if alias.name.startswith("_") and source_package != package:
                        found.append(f"{module} imports {source}.{alias.name}")
    return found


def test_no_private_name_is_imported_across_packages() -> None:
    assert private_imports(SOURCES) == []
    bad = ast.parse("from newscrawler.worker.serve import _peak_memory")
    assert private_imports({"newscrawler.storage.store": bad}) == [
        "newscrawler.storage.store imports newscrawler.worker.serve._peak_memory"
    ]
