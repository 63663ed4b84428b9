"""Module paths: a client file's module name, and import specifiers resolved against it."""

from __future__ import annotations

import posixpath

PACKAGE_PREFIX = "pkg:"
_CODE_SUFFIXES = (".d.ts", ".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".vue")


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


ALIASES = ("@/", "~/", "src/")  # the usual tsconfig/vite path aliases for a project's src/


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
