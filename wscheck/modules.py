"""Modules: how a file is named as a module, and how an import finds it, on either side.

Shared by extraction (a client file's imports), the demand loop (which modules to read
next) and the model (where an imported name is defined), so none of them imports another
for it. Pure string work: no parser, no file system.
"""

from __future__ import annotations

import os
import posixpath

from wscheck.filenames import printable

# --- client (TS/JS/Vue) modules ------------------------------------------------------

PACKAGE_PREFIX = "pkg:"
_CODE_SUFFIXES = (".d.ts", ".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".vue", ".svelte")
ALIASES = ("@/", "~/", "src/")  # the usual tsconfig/vite path aliases for a project's src/


def _strip_code_suffix(path: str) -> str:
    lowered = path.lower()
    for suffix in _CODE_SUFFIXES:
        if lowered.endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)]
    return path


def module_name(path: str) -> str:
    """`src/hooks/useWs` for `src/hooks/useWs.ts`."""
    stripped = _strip_code_suffix(path)
    if stripped != path:
        return stripped
    directory, _, name = path.rpartition("/")
    dot = name.rfind(".")
    if dot > 0:
        name = name[:dot]
    return f"{directory}/{name}" if directory else name


def is_relative(specifier: str) -> bool:
    return specifier in (".", "..") or specifier.startswith(("./", "../"))


def resolve_specifier(importer: str, specifier: str) -> str:
    """The module an import names: relative ones as a normalized path from the scan root
    (`../config` from `src/hooks/useWs` -> `src/config`), others as `pkg:<specifier>`."""
    if not is_relative(specifier):
        return PACKAGE_PREFIX + specifier
    directory = posixpath.dirname(importer)
    return _strip_code_suffix(posixpath.normpath(posixpath.join(directory, specifier)))


def is_project_module(module: str) -> bool:
    return not module.startswith(PACKAGE_PREFIX)


def src_roots(modules) -> list[str]:
    """Every `…/src` directory holding client modules, where `@/x` may point."""
    roots = {m.split("/src/")[0] + "/src" for m in modules if "/src/" in m}
    roots |= {"src" for m in modules if m.startswith("src/")}
    return sorted(roots)


def module_candidates(spec: str, roots: list[str]) -> list[str]:
    """The module names an import specifier may mean, in order: a relative import as is
    (or its `index`), an aliased one under each src root, a package nowhere."""
    if not spec.startswith(PACKAGE_PREFIX):
        return [spec, f"{spec}/index"]
    bare = spec[len(PACKAGE_PREFIX) :]
    for alias in ALIASES:
        if bare.startswith(alias):
            rest = bare[len(alias) :]
            return [name for root in roots for name in (f"{root}/{rest}", f"{root}/{rest}/index")]
    return []


# --- Python modules ------------------------------------------------------------------


def python_module_name(file) -> tuple[str, bool]:
    """(dotted module name, is a package) of a source file (`path`, `abspath`, `scan_root`)
    from its path under the scan root."""
    prefix = file.scan_root.rstrip(os.sep) + os.sep
    relative = file.abspath[len(prefix) :] if file.abspath.startswith(prefix) else file.path
    names = relative.split(os.sep)  # plain strings: pathlib is a measurable cost at 10,000 files
    stem = names[-1] = _stem(names[-1])
    parts = [p for p in names if p not in ("", ".", "..")]
    is_package = bool(parts) and parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return printable(".".join(parts) or stem), is_package  # escaped after the split: a backslash separates on Windows


def _stem(name: str) -> str:
    """The name without its last suffix, as pathlib has it (`.env` has none)."""
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


class ModuleNames:
    """Find a dotted module by its exact name or its longest dotted suffix: module names
    come from file paths, so `app.services.x` must find `examples/demo/app/services/x`.
    Among several candidates, the one closest to the importer wins."""

    def __init__(self, names: list[str]):
        self.names = set(names)
        self.by_suffix: dict[str, list[str]] = {}
        for name in names:
            parts = name.split(".")
            for start in range(len(parts)):
                self.by_suffix.setdefault(".".join(parts[start:]), []).append(name)

    def find(self, name: str, near: str = "") -> str | None:
        if name in self.names:
            return name
        candidates = self.by_suffix.get(name, [])
        if not candidates:
            return None
        return max(candidates, key=lambda c: (_shared_prefix(c, near), -len(c)))


def _shared_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a.split("."), b.split(".")):
        if x != y:
            break
        count += 1
    return count
