"""Layers import downward only: index -> facts -> judgement -> report (DESIGN.md).

Every ``import`` of an ``omrs`` module that runs (at the top of a module or inside a
function; ``if TYPE_CHECKING:`` blocks never run) is checked against the layer table
below. A module not in the table fails the test, so a new module is placed on purpose.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "validator" / "omrs"

#: Lowest first. A module belongs to the layer of the longest prefix naming it.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "base: data, files, loading, schemas, citations, code tables, the project index",
        (
            "omrs",
            "omrs.findings",
            "omrs.options",
            "omrs.version",
            "omrs.fileio",
            "omrs.tempnames",
            "omrs.loading",
            "omrs.schemas",
            "omrs.schema_formats",
            "omrs.schema_patterns",
            "omrs.validation",
            "omrs.deprecation",
            "omrs.territories",
            "omrs.source_types",
            "omrs.citations",
            "omrs.codes",
            "omrs.digests",
            "omrs.aigc",
            "omrs.permissions",
            "omrs.provenance",
            "omrs.yaml_out",
            "omrs.index",
            "omrs.bundles",
            "omrs.urls",
            "omrs.suggest",
            "omrs.hints",
            "omrs.media.formats",
        ),
    ),
    (
        "facts: C2PA, XMP, walking folders, editing records",
        ("omrs.media", "omrs.xmp", "omrs.discovery", "omrs.migrate", "omrs.audit"),
    ),
    (
        "rules: the catalogue, the semantic rules, the settings that name them",
        ("omrs.rules", "omrs.config", "omrs.selection"),
    ),
    ("judgement: a document or a media file judged whole", ("omrs.judgement", "omrs.media.check")),
    (
        "run: the index filled, files judged in context, where they are checked, bundles re-pinned",
        (
            "omrs.project",
            "omrs.context",
            "omrs.checker",
            "omrs.workers",
            "omrs.executors",
            "omrs.batching",
            "omrs.cluster",
            "omrs.result_cache",
            "omrs.dependencies",
            "omrs.rehash",
            "omrs.starter",
        ),
    ),
    (
        "report and entry points",
        (
            "omrs.reporters",
            "omrs.report",
            "omrs.cli",
            "omrs.specgen",
            "omrs.rulespage",
            "omrs.__main__",
        ),
    ),
)


def _layer(module: str) -> int | None:
    best: tuple[int, int] | None = None  # (prefix length, layer)
    for level, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            named = module == prefix or (prefix != "omrs" and module.startswith(prefix + "."))
            if named and (best is None or len(prefix) > best[0]):
                best = (len(prefix), level)
    return None if best is None else best[1]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runs(tree: ast.Module) -> Iterator[ast.AST]:
    """Every node outside ``if TYPE_CHECKING:`` blocks."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    for node in _runs(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "omrs":
                continue
            for alias in node.names:  # `from omrs.rules import bundle` imports a module
                sub = f"{node.module}.{alias.name}"
                found = (PACKAGE.parent / sub.replace(".", "/")).with_suffix(".py").is_file()
                yield node.lineno, sub if found else node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "omrs":
                    yield node.lineno, alias.name


def test_every_module_has_a_layer() -> None:
    missing = [_module_name(p) for p in PACKAGE.rglob("*.py") if _layer(_module_name(p)) is None]
    assert missing == []


def test_layers_import_downward_only() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        importer = _module_name(path)
        level = _layer(importer)
        assert level is not None
        for line, imported in _imports(path):
            target = _layer(imported)
            if target is not None and target > level:
                upward.append(
                    f"{path.relative_to(ROOT)}:{line}: {importer} ({LAYERS[level][0]}) "
                    f"imports {imported} ({LAYERS[target][0]})"
                )
    assert upward == []


def test_modules_fit_on_a_few_screens() -> None:
    """About 400 lines at most (the developers' guide); a little slack for docstrings."""
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text("utf-8").splitlines())) > 440
    }
    assert long == {}
