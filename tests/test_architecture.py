"""The package keeps the layering written down in docs/architecture.md.

The checks read the sources with ``ast`` and never import them: that way they see every
import, the lazy ones inside functions too, and they work on a tree that does not import
cleanly. Each check is a function of a package folder (and, where it needs one, the
layer table), so the self-tests at the end run the same code on small packages written
for the purpose.

    pytest tests/test_architecture.py -k real_tree    # the checks of the framelint tree
    pytest tests/test_architecture.py -k self_test    # the checks checking themselves

Nothing here uses a fixture of conftest.py, so ``--noconftest`` runs these checks even on
a tree that cannot be imported.
"""

from __future__ import annotations

import ast
import re
import sys
import textwrap
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "framelint"
DOC = ROOT / "docs" / "architecture.md"

HEADER = ["layer", "modules", "owns"]


# --- The layer table ---------------------------------------------------------------------

@dataclass(frozen=True)
class Layer:
    number: int
    name: str

    def __str__(self) -> str:
        return f"layer {self.number} {self.name}"


LayerTable = dict[str, Layer]  # a listed module name -> its layer


def _cells(line: str) -> list[str]:
    line = line.strip()
    if not line.startswith("|"):
        return []
    return [cell.strip() for cell in line.strip("|").split("|")]


def parse_layer_table(markdown: str) -> LayerTable:
    """The rows of the one table headed ``| layer | modules | owns |``."""
    lines = markdown.splitlines()
    starts = [i for i, line in enumerate(lines) if _cells(line) == HEADER]
    if len(starts) != 1:
        raise ValueError(f"expected one table headed '| layer | modules | owns |', found {len(starts)}")
    table: LayerTable = {}
    numbers: list[int] = []
    for line in lines[starts[0] + 2:]:  # past the header and its |---| line
        cells = _cells(line)
        if not cells:
            break
        number = re.match(r"\s*(\d+)\s*(.*)", cells[0])
        if number is None:
            raise ValueError(f"a layer row whose first cell has no number: {line!r}")
        layer = Layer(int(number[1]), number[2].strip())
        if numbers and layer.number <= numbers[-1]:
            raise ValueError(f"layer numbers must rise down the table: {line!r}")
        numbers.append(layer.number)
        modules = re.findall(r"`([A-Za-z_]\w*(?:\.\w+)*)`", cells[1])
        if not modules:
            raise ValueError(f"a layer row that lists no module: {line!r}")
        for module in modules:
            if module in table:
                raise ValueError(f"{module} is listed in {table[module]} and again in {layer}")
            table[module] = layer
    return table


def layer_of(module: str, table: LayerTable) -> Layer | None:
    """The layer of the longest listed name that is the module or a package above it."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        layer = table.get(".".join(parts[:end]))
        if layer is not None:
            return layer
    return None


# --- Reading the imports -----------------------------------------------------------------

@dataclass(frozen=True)
class Import:
    importer: str
    imported: str      # an absolute module name
    line: int
    module_level: bool  # runs when the importer is imported, not later from a function


def module_name(folder: Path, path: Path) -> str:
    parts = path.relative_to(folder.parent).with_suffix("").parts
    if parts[-1] == "__init__":  # a package is its __init__ module
        parts = parts[:-1]
    return ".".join(parts)


def find_modules(folder: Path) -> dict[str, Path]:
    """Every module of the package in ``folder``: its dotted name -> its file."""
    return {module_name(folder, path): path for path in sorted(folder.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


class _ImportCollector(ast.NodeVisitor):
    """Every import of one module, in source order, with relative names made absolute."""

    def __init__(self, module: str, is_package: bool, modules: dict[str, Path]):
        self.module = module
        self.modules = modules
        # The package a relative import starts from: a package's __init__ is inside itself.
        self.package = module if is_package else module.rpartition(".")[0]
        self.depth = 0  # functions entered: an import there runs only when one is called
        self.imports: list[Import] = []

    def add(self, name: str | None, node: ast.AST) -> None:
        if name:
            self.imports.append(Import(self.module, name, node.lineno, self.depth == 0))

    def relative(self, level: int, name: str | None, anchor: str | None = None) -> str | None:
        parts = (anchor if anchor is not None else self.package).split(".")
        if level > len(parts):
            return None  # above the top package: an ImportError when it runs
        parts = parts[:len(parts) - level + 1]
        return ".".join(parts + ([name] if name else []))

    # Functions: decorators and defaults run at definition time, the body when called.
    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        self.visit(node.args)
        self.depth += 1
        for statement in node.body:
            self.visit(statement)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.visit(node.args)
        self.depth += 1
        self.visit(node.body)
        self.depth -= 1

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):  # for type checkers only: never runs
            for statement in node.orelse:
                self.visit(statement)
        else:
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.add(alias.name, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = self.relative(node.level, node.module) if node.level else node.module
        if base is None:
            return
        for alias in node.names:
            # `from pkg import name` imports pkg.name when that is a module, else just pkg.
            submodule = f"{base}.{alias.name}"
            self.add(submodule if submodule in self.modules else base, node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        named = (isinstance(func, ast.Attribute) and func.attr == "import_module") or (
            isinstance(func, ast.Name) and func.id == "import_module")
        if named and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            self.add(self._import_module_target(node), node)
        self.generic_visit(node)

    def _import_module_target(self, node: ast.Call) -> str | None:
        name = node.args[0].value
        if not name.startswith("."):
            return name
        package = node.args[1] if len(node.args) > 1 else next(
            (k.value for k in node.keywords if k.arg == "package"), None)
        if isinstance(package, ast.Constant) and isinstance(package.value, str):
            anchor = package.value
        elif isinstance(package, ast.Name) and package.id == "__name__":
            anchor = self.module
        elif isinstance(package, ast.Name) and package.id == "__package__":
            anchor = self.package
        else:
            return None  # an anchor only known when it runs
        level = len(name) - len(name.lstrip("."))
        return self.relative(level, name[level:] or None, anchor)


@dataclass
class Package:
    name: str
    folder: Path
    modules: dict[str, Path]
    imports: list[Import]  # all of them, of this package and of others

    @property
    def internal(self) -> list[Import]:
        """The imports of this package's own modules: the others do not matter here."""
        return [i for i in self.imports if i.imported == self.name or i.imported.startswith(self.name + ".")]

    def where(self, item: Import) -> str:
        return f"{self.modules[item.importer].relative_to(self.folder.parent).as_posix()}:{item.line}"


def scan_package(folder: Path) -> Package:
    modules = find_modules(folder)
    imports: list[Import] = []
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        collector = _ImportCollector(module, path.name == "__init__.py", modules)
        collector.visit(tree)
        imports.extend(collector.imports)
    return Package(folder.name, folder, modules, imports)


# --- The checks: each returns its problems, one line each, empty when there are none ----

def unlisted_modules(folder: Path, table: LayerTable) -> list[str]:
    """Modules that fall in no layer (the face is not a layer: it has its own check)."""
    return [f"{module} ({path.relative_to(folder.parent).as_posix()})"
            for module, path in find_modules(folder).items()
            if module != folder.name and layer_of(module, table) is None]


def upward_imports(folder: Path, table: LayerTable) -> list[str]:
    """Imports from a lower layer to a higher one, the first of each pair of modules."""
    package = scan_package(folder)
    found: dict[tuple[str, str], str] = {}
    for item in package.internal:
        if package.name in (item.importer, item.imported):
            continue  # the face's imports, and imports of it, are face_problems'
        low, high = layer_of(item.importer, table), layer_of(item.imported, table)
        if low is None or high is None:
            continue  # a module in no layer is reported by unlisted_modules
        if high.number > low.number and (item.importer, item.imported) not in found:
            found[item.importer, item.imported] = (
                f"{item.importer} ({low}) imports {item.imported} ({high}) at {package.where(item)}")
    return sorted(found.values())


def strongly_connected_components(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, with an explicit stack so that no depth of graph is too deep."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(sorted(graph[root])))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:  # every child seen: node is done
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
    return components


def _shortest_cycle(graph: dict[str, set[str]], start: str, members: set[str]) -> list[str]:
    """A shortest way from start back to itself inside one component (breadth first)."""
    previous: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for child in sorted(graph[node] & members):
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return path[::-1] + [start]
            if child not in previous:
                previous[child] = node
                queue.append(child)
    raise AssertionError(f"{start} is in a component but on no cycle")


def import_cycles(folder: Path) -> list[str]:
    """One cycle per strongly connected component of the import graph, with its lines."""
    package = scan_package(folder)
    graph: dict[str, set[str]] = {module: set() for module in package.modules}
    first: dict[tuple[str, str], Import] = {}
    for item in package.internal:
        # A name that is no module of the tree leads nowhere; a module importing itself is no cycle.
        if item.imported in graph and item.imported != item.importer:
            graph[item.importer].add(item.imported)
            first.setdefault((item.importer, item.imported), item)
    cycles = []
    for component in strongly_connected_components(graph):
        if len(component) < 2:
            continue
        cycle = _shortest_cycle(graph, component[0], set(component))
        lines = ", ".join(package.where(first[a, b]) for a, b in zip(cycle, cycle[1:]))
        text = f"{' -> '.join(cycle)}  ({lines})"
        if len(component) > len(cycle) - 1:
            text += f"; all of {', '.join(component)} reach one another"
        cycles.append(text)
    return cycles


def face_problems(folder: Path) -> list[str]:
    """The face imports only the version when imported, and no module imports the face."""
    package = scan_package(folder)
    face, version = package.name, f"{package.name}.version"
    problems = []
    for item in package.imports:
        if (item.importer == face and item.module_level
                and item.imported not in (version, "__future__")):
            problems.append(f"{face}/__init__.py imports {item.imported} at module level (line {item.line}); "
                            f"only {version} may be imported there, the rest on first use")
    for item in package.internal:
        if item.imported == face and item.importer != face:
            problems.append(f"{item.importer} imports the face ({face}) at {package.where(item)}; "
                            f"import {version} or the module that owns the name")
    return problems


def stdlib_named_files(folder: Path) -> list[str]:
    """Module files, and the folders of packages, that share a name with a standard-library module."""
    named = sys.stdlib_module_names
    found: dict[str, str] = {}  # the file or folder shown -> the module it is named after
    for path in folder.rglob("*.py"):
        shown = path.relative_to(folder.parent)
        if path.stem not in ("__init__", "__main__") and path.stem in named:
            found[shown.as_posix()] = path.stem
        for directory in shown.parents[:-1]:  # the packages it is in, the top one too
            if directory.name in named:
                found[f"{directory.as_posix()}/"] = directory.name
    return [f"{shown} is named after the standard-library module {name}" for shown, name in sorted(found.items())]


def all_problems(folder: Path, table: LayerTable) -> dict[str, list[str]]:
    return {
        "unlisted": unlisted_modules(folder, table),
        "upward": upward_imports(folder, table),
        "cycles": import_cycles(folder),
        "face": face_problems(folder),
        "stdlib": stdlib_named_files(folder),
    }


# --- The real tree -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def layers() -> LayerTable:
    return parse_layer_table(DOC.read_text(encoding="utf-8"))


def _fail_on(title: str, problems: list[str]) -> None:
    # pytest.fail rather than assert: the list, one problem a line, is the whole message.
    if problems:
        pytest.fail(f"{title} ({len(problems)}):\n  " + "\n  ".join(problems), pytrace=False)


def test_real_tree_layer_table_parses(layers):
    assert layers, "docs/architecture.md lists no layer"
    outside = [m for m in layers if m != "framelint" and not m.startswith("framelint.")]
    assert not outside, f"the layer table lists modules outside framelint: {outside}"


def test_real_tree_every_module_is_in_a_layer(layers):
    _fail_on("modules in no layer of docs/architecture.md", unlisted_modules(PACKAGE, layers))


def test_real_tree_imports_point_down(layers):
    _fail_on("imports from a lower layer to a higher one", upward_imports(PACKAGE, layers))


def test_real_tree_has_no_import_cycles():
    _fail_on("import cycles", import_cycles(PACKAGE))


def test_real_tree_face_imports_only_the_version():
    _fail_on("problems of the package face", face_problems(PACKAGE))


def test_real_tree_no_module_is_named_after_the_standard_library():
    _fail_on("modules named after the standard library", stdlib_named_files(PACKAGE))


# --- Self-tests: the same checks on small packages with known faults ---------------------

def write_package(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def table_of(*rows: str) -> LayerTable:
    return parse_layer_table("| layer | modules | owns |\n|---|---|---|\n" + "\n".join(rows) + "\n")


def test_self_test_layer_table_and_longest_prefix():
    table = parse_layer_table("""
Some other table first:

| layer | thing |
|---|---|
| 1 x | `p.other` |

| layer | modules | owns |
|---|---|---|
| 1 base | `p.errors`, `p.cache` | errors; `NotAModule` in this cell does not count |
| 2 text | `p.text` | text |
| 7 run | `p.run`, `p.text.special` | running |

After the table.
""")
    assert {m: str(layer) for m, layer in table.items()} == {
        "p.errors": "layer 1 base", "p.cache": "layer 1 base", "p.text": "layer 2 text",
        "p.run": "layer 7 run", "p.text.special": "layer 7 run"}
    assert layer_of("p.text.formats.markdown", table).number == 2
    assert layer_of("p.text.special.inner", table).number == 7  # the longest prefix wins
    assert layer_of("p.runner", table) is None                   # a prefix of the name, not a parent
    assert layer_of("p", table) is None
    with pytest.raises(ValueError, match="found 0"):
        parse_layer_table("| layer | thing |\n|---|---|\n")


def test_self_test_cycle_through_a_function_level_import(tmp_path):
    write_package(tmp_path, {
        "cyc/__init__.py": '"""A face that imports nothing."""\n',
        "cyc/a.py": """
            from typing import TYPE_CHECKING
            import os
            from . import b

            if TYPE_CHECKING:  # would close a -> c -> a if it counted
                from .c import Thing
            """,
        "cyc/b.py": """
            class Thing:
                def method(self):
                    from .a import os  # the way back to a, only when called
                    return os
            """,
        "cyc/c.py": "from cyc import a\n",
        "cyc/d.py": """
            import importlib

            def load(name):
                importlib.import_module(f"cyc.{name}")  # not a literal: unknown
                return importlib.import_module("cyc.e")
            """,
        "cyc/e.py": "from cyc import d  # a submodule, so cyc.d and not cyc\n",
    })
    table = table_of("| 1 all | `cyc` | everything |")
    assert all_problems(tmp_path / "cyc", table) == {
        "unlisted": [], "upward": [], "face": [], "stdlib": [],
        "cycles": ["cyc.a -> cyc.b -> cyc.a  (cyc/a.py:3, cyc/b.py:3)",
                   "cyc.d -> cyc.e -> cyc.d  (cyc/d.py:5, cyc/e.py:1)"],
    }


def test_self_test_relative_import_in_an_init(tmp_path):
    write_package(tmp_path, {
        "rel/__init__.py": "",
        "rel/sub/__init__.py": """
            from . import helper  # rel.sub.helper, in this package, not rel.helper
            from .. import high   # rel.high: up from layer 1 to layer 3
            """,
        "rel/sub/helper.py": "from . import other\n",
        "rel/sub/other.py": "",
        "rel/helper.py": "",
        "rel/high.py": "from .sub.helper import x\n",
        "rel/mid.py": "from .sub import other\n",
    })
    table = table_of("| 1 low | `rel.sub` | the bottom |",
                     "| 2 mid | `rel.mid` | the middle |",
                     "| 3 high | `rel.helper`, `rel.high` | the top |")
    assert all_problems(tmp_path / "rel", table) == {
        "unlisted": [], "cycles": [], "face": [], "stdlib": [],
        "upward": ["rel.sub (layer 1 low) imports rel.high (layer 3 high) at rel/sub/__init__.py:2"],
    }


def test_self_test_import_from_a_lower_layer_to_a_higher_one(tmp_path):
    write_package(tmp_path, {
        "up/__init__.py": "",
        "up/base.py": """
            def later():
                import up.top.cli  # inside a function, and still upward
            """,
        "up/mid/__init__.py": "from ..base import later\n",
        "up/mid/work.py": """
            from up import base
            from up.top import cli
            """,
        "up/top/__init__.py": "",
        "up/top/cli.py": "import argparse\n",
    })
    table = table_of("| 1 base | `up.base` | the bottom |",
                     "| 2 mid | `up.mid` | the middle |",
                     "| 3 top | `up.top` | the top |")
    assert all_problems(tmp_path / "up", table) == {
        "unlisted": [], "cycles": [], "face": [], "stdlib": [],
        "upward": ["up.base (layer 1 base) imports up.top.cli (layer 3 top) at up/base.py:2",
                   "up.mid.work (layer 2 mid) imports up.top.cli (layer 3 top) at up/mid/work.py:2"],
    }


def test_self_test_face_names_and_unlisted_modules(tmp_path):
    write_package(tmp_path, {
        "face/__init__.py": """
            from __future__ import annotations

            import importlib
            from .version import __version__
            from .util import helper

            def __getattr__(name):
                from .api import lint  # on first use: allowed
                return lint
            """,
        "face/version.py": "__version__ = '1'\n",
        "face/util.py": "def helper():\n    pass\n",
        "face/api.py": "from .util import helper\n",
        "face/__main__.py": "from .api import lint\n",
        "face/json.py": "from face import __version__\n",
        "face/email/__init__.py": "",
    })
    table = table_of("| 1 base | `face.version`, `face.util` | the bottom |",
                     "| 2 top | `face.api`, `face.__main__` | the top |")
    assert all_problems(tmp_path / "face", table) == {
        "unlisted": ["face.email (face/email/__init__.py)", "face.json (face/json.py)"],
        "upward": [],
        "cycles": [],
        "face": [
            "face/__init__.py imports importlib at module level (line 3); "
            "only face.version may be imported there, the rest on first use",
            "face/__init__.py imports face.util at module level (line 5); "
            "only face.version may be imported there, the rest on first use",
            "face.json imports the face (face) at face/json.py:1; import face.version or the module that owns the name",
        ],
        "stdlib": ["face/email/ is named after the standard-library module email",
                   "face/json.py is named after the standard-library module json"],
    }
