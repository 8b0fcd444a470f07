"""Generated blocks of the spec: tables that must never drift from the schemas.

A page marks a block with ``<!-- BEGIN GENERATED: name -->`` and
``<!-- END GENERATED: name -->``; everything between is rewritten from the renderer
registered under ``name``. Renderers are plain functions of a :class:`BlockContext`, so
other tables (the rules table, for one) plug in with ``@block("rules")`` here or in a
module listed in :data:`BLOCK_MODULES`.

``python -m omrs.specgen`` rewrites the pages; ``--check`` only reports stale ones and
exits 1, which is what the test suite and CI run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from referencing import Registry
from referencing.jsonschema import DRAFT202012

#: Modules imported before rendering so that they can register more blocks.
BLOCK_MODULES: tuple[str, ...] = ("omrs.rulespage",)

_MARKER = re.compile(
    r"(<!-- BEGIN GENERATED: (?P<name>[a-z0-9-]+) -->\n)(?P<body>.*?)"
    r"(<!-- END GENERATED: (?P=name) -->)",
    re.DOTALL,
)
_COMMON = "common"
_FIELDS_HEADER = "| Field | Type | Required | Description |\n|---|---|---|---|\n"
_MAX_LISTED_VALUES = 16


def schema_dir() -> Path:
    """The ``schemas/`` folder, from the registry module when it is there."""
    try:
        from omrs.schemas import schema_dir as registry_dir
    except ImportError:  # pragma: no cover - only before the registry module existed
        return Path(__file__).resolve().parents[2] / "schemas"
    return registry_dir()


def spec_dir() -> Path:
    """The ``spec/`` folder of the source tree (the spec is not shipped in the wheel)."""
    return Path(__file__).resolve().parents[2] / "spec"


@dataclass(frozen=True)
class SchemaSet:
    """The schemas of one standard version, with a registry for resolving ``$ref``."""

    version: str
    folder: Path

    @cached_property
    def documents(self) -> dict[str, dict[str, Any]]:
        files = sorted(self.folder.glob("*.schema.json"))
        return {
            p.name.removesuffix(".schema.json"): json.loads(p.read_text("utf-8")) for p in files
        }

    @cached_property
    def registry(self) -> Registry[Any]:
        resources = [(d["$id"], DRAFT202012.create_resource(d)) for d in self.documents.values()]
        return Registry().with_resources(resources)

    def resolver(self, name: str) -> Any:
        """A ``$ref`` resolver based at schema ``name``."""
        return self.registry.resolver(base_uri=self.documents[name]["$id"])

    def resolve(
        self, node: dict[str, Any], resolver: Any
    ) -> tuple[dict[str, Any], Any, _Ref | None]:
        """Follow ``$ref`` chains: the target schema, its resolver, and the last definition."""
        ref: _Ref | None = None
        while "$ref" in node:
            resolved = resolver.lookup(node["$ref"])
            ref = _Ref.parse(node["$ref"])
            node, resolver = resolved.contents, resolved.resolver
        return node, resolver, ref


@dataclass(frozen=True)
class _Ref:
    """A reference to a named definition: in a shared schema file, or local to the page's."""

    name: str
    #: The schema file's name (``common``, ``provenance``), None for a local definition.
    file: str | None = None

    @property
    def shared(self) -> bool:
        return self.file == _COMMON

    @classmethod
    def parse(cls, ref: str) -> _Ref | None:
        match = re.fullmatch(
            r"(?:(?P<file>[a-z0-9-]+)\.schema\.json)?#/\$defs/(?P<name>[A-Za-z0-9]+)", ref
        )
        if not match:
            return None
        return cls(match.group("name"), match.group("file"))


#: The page that holds the tables of each shared schema file's named definitions.
_SHARED_PAGES = {_COMMON: "overview.md", "provenance": "provenance.md"}


@dataclass(frozen=True)
class BlockContext:
    """What a renderer may use: the page being rendered and the schemas of its version."""

    page: Path
    schemas: SchemaSet

    @property
    def page_name(self) -> str:
        return self.page.stem


Renderer = Callable[[BlockContext], str]
_BLOCKS: dict[str, Renderer] = {}


def block(name: str) -> Callable[[Renderer], Renderer]:
    """Register ``function`` as the renderer of generated blocks called ``name``."""

    def register(function: Renderer) -> Renderer:
        _BLOCKS[name] = function
        return function

    return register


def blocks() -> dict[str, Renderer]:
    """Every registered renderer, after importing the plug-in modules."""
    for module in BLOCK_MODULES:
        importlib.import_module(module)
    # Under ``python -m omrs.specgen`` this module is ``__main__``; plug-ins registered
    # with the importable ``omrs.specgen``, so merge both registries.
    importable = importlib.import_module("omrs.specgen")
    return {**importable._BLOCKS, **_BLOCKS}


# -- field tables --------------------------------------------------------------------------


def _anchor(title: str) -> str:
    """GitHub-style heading anchor."""
    return re.sub(r"[^a-z0-9 -]", "", title.lower()).replace(" ", "-")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _scalar_label(node: dict[str, Any], def_name: str | None) -> str:
    if "const" in node:
        return f'`"{node["const"]}"`'
    kinds = node.get("type", "any")
    label = " or ".join(kinds) if isinstance(kinds, list) else str(kinds)
    detail = def_name or node.get("format")
    return f"{label} ({detail})" if detail and detail != label else label


def _values_note(node: dict[str, Any]) -> str:
    values = node.get("enum")
    if not values:
        return ""
    if len(values) > _MAX_LISTED_VALUES:
        return " Values: see [Vocabularies](vocabularies.md)."
    return " One of: " + ", ".join(f"`{v}`" for v in values) + "."


@dataclass(frozen=True)
class _Row:
    path: str
    type: str
    required: bool
    description: str

    def markdown(self) -> str:
        required = "yes" if self.required else "no"
        return f"| `{self.path}` | {self.type} | {required} | {_cell(self.description)} |\n"


class _FieldWalker:
    """Turns an object schema into one row per field path (``a.b[].c``).

    Named object definitions with a ``title`` are not expanded: the row links to their own
    table (shared ones in the overview, local ones further down the same page).
    """

    def __init__(self, schemas: SchemaSet, shared_page: str, here: str | None = None) -> None:
        self.schemas = schemas
        self.shared_page = shared_page
        #: The shared schema whose page is being rendered (its definitions link locally).
        self.here = here

    def _page(self, ref: _Ref) -> str:
        if ref.file is None or ref.file == self.here:
            return ""
        if ref.shared:
            return self.shared_page
        return _SHARED_PAGES.get(ref.file, f"{ref.file}.md")

    def rows(self, node: dict[str, Any], resolver: Any, prefix: str = "") -> Iterator[_Row]:
        required = set(node.get("required", ()))
        for key, prop in node.get("properties", {}).items():
            yield from self._field(f"{prefix}{key}", prop, resolver, key in required)
        for pattern, prop in node.get("patternProperties", {}).items():
            described = {
                **prop,
                "description": f"{prop.get('description', '')} Key pattern: `{pattern}`.",
            }
            yield from self._field(f"{prefix}<custom key>", described, resolver, False)

    def _field(
        self, path: str, prop: dict[str, Any], resolver: Any, required: bool
    ) -> Iterator[_Row]:
        target, target_resolver, ref = self.schemas.resolve(prop, resolver)
        description = prop.get("description") or target.get("description", "")
        label, children = self.label(target, target_resolver, ref)
        listed = target
        if target.get("type") == "array":
            listed, _, _ = self.schemas.resolve(target.get("items", {}), target_resolver)
        yield _Row(path, label, required, description + _values_note(listed))
        if children is not None:
            child_node, child_resolver, suffix = children
            yield from self.rows(child_node, child_resolver, f"{path}{suffix}.")

    def label(
        self, node: dict[str, Any], resolver: Any, ref: _Ref | None
    ) -> tuple[str, tuple[dict[str, Any], Any, str] | None]:
        """The type cell, and the object whose fields are listed under this one (if any)."""
        if node.get("type") == "array":
            item, item_resolver, item_ref = self.schemas.resolve(node.get("items", {}), resolver)
            inner, children = self.label(item, item_resolver, item_ref)
            if children is not None:
                return f"array of {inner}", (children[0], children[1], "[]" + children[2])
            return f"array of {inner}", None
        if node.get("type") == "object" and "properties" in node:
            title = node.get("title")
            if title and ref is not None:
                return f"[{title}]({self._page(ref)}#{_anchor(title)})", None
            return "object", (node, resolver, "")
        if node.get("type") == "object":
            return "object (map)", None
        return _scalar_label(node, ref.name if ref else None), None


def _titled_defs(document: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, title) of the object definitions that get their own table."""
    return [
        (name, node["title"])
        for name, node in document.get("$defs", {}).items()
        if node.get("type") == "object" and "properties" in node and node.get("title")
    ]


def field_table(
    schemas: SchemaSet,
    name: str,
    definition: str | None = None,
    *,
    shared_page: str = "overview.md",
    here: str | None = None,
) -> str:
    """The field table of schema ``name``, or of its definition ``definition``."""
    document = schemas.documents[name]
    node = document["$defs"][definition] if definition else document
    walker = _FieldWalker(schemas, shared_page, here)
    rows = walker.rows(node, schemas.resolver(name))
    return _FIELDS_HEADER + "".join(row.markdown() for row in rows)


@block("fields")
def _fields_block(ctx: BlockContext) -> str:
    """The field table of the record type the page is named after, then its local types."""
    name = ctx.page_name
    if name not in ctx.schemas.documents or name == _COMMON:
        raise KeyError(f"{ctx.page}: no record schema named {name!r} for a fields block")
    out = [field_table(ctx.schemas, name)]
    for definition, title in _titled_defs(ctx.schemas.documents[name]):
        out.append(f"\n#### {title}\n\n")
        out.append(field_table(ctx.schemas, name, definition))
    return "".join(out)


@block("common-types")
def _common_types_block(ctx: BlockContext) -> str:
    """A summary of the shared definitions, then a field table per shared object type."""
    common = ctx.schemas.documents[_COMMON]
    resolver = ctx.schemas.resolver(_COMMON)
    walker = _FieldWalker(ctx.schemas, "")
    out = ["| Type | JSON type | Description |\n|---|---|---|\n"]
    for name, node in common["$defs"].items():
        target, target_resolver, ref = ctx.schemas.resolve(node, resolver)
        label, _ = walker.label(target, target_resolver, ref)
        if node.get("title"):
            label = f"[object](#{_anchor(node['title'])})"
        text = _cell(node.get("description", "") + _values_note(target))
        out.append(f"| `{name}` | {label} | {text} |\n")
    for definition, title in _titled_defs(common):
        out.append(f"\n#### {title}\n\n")
        out.append(field_table(ctx.schemas, _COMMON, definition, shared_page=""))
    return "".join(out)


@block("definitions")
def _definitions_block(ctx: BlockContext) -> str:
    """A field table per named object type of the shared schema the page is named after."""
    name = ctx.page_name
    if name not in ctx.schemas.documents or "$defs" not in ctx.schemas.documents[name]:
        raise KeyError(f"{ctx.page}: no shared schema named {name!r} for a definitions block")
    out = []
    for definition, title in _titled_defs(ctx.schemas.documents[name]):
        out.append(f"#### {title}\n\n")
        out.append(field_table(ctx.schemas, name, definition, here=name) + "\n")
    return "".join(out)


# -- pages ---------------------------------------------------------------------------------


def render(text: str, ctx: BlockContext, renderers: dict[str, Renderer]) -> str:
    """``text`` with every generated block rewritten."""

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in renderers:
            raise KeyError(f"{ctx.page}: no renderer for generated block {name!r}")
        body = renderers[name](ctx).rstrip("\n") + "\n"
        return f"{match.group(1)}{body}{match.group(4)}"

    return _MARKER.sub(replace, text)


def _version_of(page: Path, root: Path) -> str | None:
    parts = page.relative_to(root).parts
    return parts[0] if len(parts) > 1 and re.fullmatch(r"\d+\.\d+", parts[0]) else None


def stale_pages(
    root: Path | None = None, schemas_root: Path | None = None, *, write: bool = False
) -> list[Path]:
    """Pages whose generated blocks differ from what the schemas give (rewritten if ``write``)."""
    root = root or spec_dir()
    schemas_root = schemas_root or schema_dir()
    renderers = blocks()
    sets: dict[str, SchemaSet] = {}
    stale = []
    for page in sorted(root.rglob("*.md")):
        text = page.read_text("utf-8")
        version = _version_of(page, root)
        if version is None or not _MARKER.search(text):
            continue
        schemas = sets.setdefault(version, SchemaSet(version, schemas_root / version))
        new = render(text, BlockContext(page, schemas), renderers)
        if new != text:
            stale.append(page)
            if write:
                page.write_text(new, "utf-8")
    return stale


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m omrs.specgen", description=__doc__)
    parser.add_argument("--check", action="store_true", help="report stale pages, write nothing")
    parser.add_argument("--spec-dir", type=Path, default=None, help="spec folder (default: ./spec)")
    args = parser.parse_args(argv)
    stale = stale_pages(args.spec_dir, write=not args.check)
    for page in stale:
        verb = "stale" if args.check else "rewrote"
        print(f"{verb}: {page}", file=sys.stderr)
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
