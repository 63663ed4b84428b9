"""Modules: how a file is named as a module, and how an import finds it, on either side.

Shared by extraction (a client file's imports), the demand loop (which modules to read
next) and the model (where an imported name is defined), so none of them imports another
for it. Pure string work: no parser, no file system.
"""

from __future__ import annotations

import os
import posixpath
from functools import lru_cache
from typing import Iterable

from wscheck.filenames import printable

# --- client (TS/JS/Vue) modules ------------------------------------------------------

PACKAGE_PREFIX = "pkg:"
_CODE_SUFFIXES = (".d.ts", ".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".vue", ".svelte")
ALIASES = ("@/", "~/", "src/")  # the usual tsconfig/vite path aliases for a project's src/
# The same, as tsconfig `paths` patterns: the specifiers a client file may import project
# modules by when no config says more (extraction then records calls through them)
CONVENTIONAL_PATTERNS = tuple(f"{alias}*" for alias in ALIASES)


def strip_code_suffix(path: str) -> str:
    lowered = path.lower()
    for suffix in _CODE_SUFFIXES:
        if lowered.endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)]
    return path


def module_name(path: str) -> str:
    """`src/hooks/useWs` for `src/hooks/useWs.ts`."""
    stripped = strip_code_suffix(path)
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
    return strip_code_suffix(posixpath.normpath(posixpath.join(directory, specifier)))


class Specifiers:
    """The specifiers that name project modules, as tsconfig `paths` patterns (`@/*` claims
    `@/hooks`, `config` claims only itself), matched in a few set lookups however many there
    are: a monorepo's packages and the folders under a `baseUrl` give hundreds."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns = tuple(patterns)
        self.exact = {p for p in self.patterns if not p.endswith("*")}
        self.folders = {p[:-1] for p in self.patterns if p.endswith("/*")}  # `@acme/ui/*`: looked up at each `/`
        self.prefixes = tuple(p[:-1] for p in self.patterns if p.endswith("*") and not p.endswith("/*"))

    def claims(self, bare: str) -> bool:
        if bare in self.exact:
            return True
        slash = bare.find("/")
        while slash >= 0 and self.folders:
            if bare[: slash + 1] in self.folders:
                return True
            slash = bare.find("/", slash + 1)
        return any(bare.startswith(prefix) for prefix in self.prefixes)


def specifiers(aliases: "tuple[str, ...] | Specifiers") -> Specifiers:
    return aliases if isinstance(aliases, Specifiers) else _specifiers(tuple(aliases))


@lru_cache(maxsize=16)
def _specifiers(patterns: tuple[str, ...]) -> Specifiers:
    return Specifiers(patterns)


def is_project_module(module: str, aliases: "tuple[str, ...] | Specifiers" = CONVENTIONAL_PATTERNS) -> bool:
    """A module of the project: a relative import, or a specifier one of the `aliases`
    (tsconfig `paths` patterns, or their Specifiers made once per file) claims."""
    if not module.startswith(PACKAGE_PREFIX):
        return True
    return specifiers(aliases).claims(module[len(PACKAGE_PREFIX) :])


def with_index(path: str) -> list[str]:
    """The module names a path may mean: the file itself, or its folder's `index`."""
    name = strip_code_suffix(path)
    return [name, f"{name}/index"]


def join_path(directory: str, relative: str) -> str:
    """`relative` under `directory`, normalized; "" for the directory itself."""
    joined = posixpath.normpath(posixpath.join(directory, relative))
    return "" if joined == "." else joined


def match_pattern(pattern: str, specifier: str) -> str | None:
    """What a tsconfig `paths` pattern's one `*` stands for in `specifier` (`hooks/x` for
    `@/*` and `@/hooks/x`; "" for an exact pattern that is the specifier), else None."""
    prefix, star, suffix = pattern.partition("*")
    if not star:
        return "" if pattern == specifier else None
    if len(specifier) >= len(prefix) + len(suffix) and specifier.startswith(prefix) and specifier.endswith(suffix):
        return specifier[len(prefix) : len(specifier) - len(suffix)]
    return None


# Nuxt's (and unplugin-auto-import's) composables are called without an import: such a
# call names this module, which the model resolves to the one composable of that name.
AUTO_IMPORTS = PACKAGE_PREFIX + "#imports"
AUTO_IMPORT_DIRS = ("composables", "utils", "stores")
# What Nuxt's `useRuntimeConfig()` returns: the `runtimeConfig` of the app's `nuxt.config`.
NUXT_CONFIG = PACKAGE_PREFIX + "#nuxt-config"
NUXT_CONFIG_NAME = "nuxt.config"


def nuxt_config(modules) -> str | None:
    """The one `nuxt.config` module among `modules` (None: none, or several apps)."""
    found = [m for m in modules if m.rsplit("/", 1)[-1] == NUXT_CONFIG_NAME]
    return found[0] if len(found) == 1 else None


def src_roots(modules) -> list[str]:
    """Every `…/src` directory holding client modules, where `@/x` may point."""
    roots = {m.split("/src/")[0] + "/src" for m in modules if "/src/" in m}
    roots |= {"src" for m in modules if m.startswith("src/")}
    return sorted(roots)


def module_candidates(spec: str, roots: list[str], importer: str = "") -> list[str]:
    """The module names an import specifier may mean, in order: a relative import as is
    (or its `index`), a conventionally aliased one under each src root (the importer's own
    first), a package nowhere."""
    if not spec.startswith(PACKAGE_PREFIX):
        return [spec, f"{spec}/index"]
    bare = spec[len(PACKAGE_PREFIX) :]
    for alias in ALIASES:
        if bare.startswith(alias):
            rest = bare[len(alias) :]
            own = src_roots([importer]) if importer else []
            ordered = own + [root for root in roots if root not in own]
            return [name for root in ordered for name in (f"{root}/{rest}", f"{root}/{rest}/index")]
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
