"""Aliases: the project module a client import's path alias names, as TypeScript finds it.

Each file follows the tsconfig.json (or jsconfig.json) nearest above it: `paths` (the
longest matching prefix, one `*`), then `baseUrl`, with `extends` chains and a
solution-style config's `references` followed; then a package of the scanned tree by its
package.json `name` (wscheck.model.packages: a monorepo's workspace packages); the
conventional `@/` and `~/` -> `src/` only where no `paths` pattern claims the import.
Configs arrive as facts: no file system here, only the question "which module does this
import name?".
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Container, Iterable

from wscheck.facts import TsConfig
from wscheck.model.packages import Packages
from wscheck.modules import (
    ALIASES, CONVENTIONAL_PATTERNS, PACKAGE_PREFIX, is_relative, join_path, match_pattern, module_candidates, with_index,
)

CONFIG_NAMES = ("tsconfig.json", "jsconfig.json")  # what TypeScript looks for, directory by directory


class How(str, Enum):
    PATHS = "paths"
    BASE_URL = "baseUrl"
    PACKAGE = "package"  # a package of the scanned tree, by its package.json name
    CONVENTION = "convention"


@dataclass(frozen=True)
class Options:
    """The resolution options in force for files under one config."""

    config: str | None = None  # the config that sets them (None: no config above the file)
    read: tuple[str, ...] = ()  # the configs read to know them: it, what it extends, a reference
    base_url: str | None = None  # a project path ("" is the scan root)
    paths: tuple[tuple[str, tuple[str, ...]], ...] = ()  # pattern -> substitutions as project paths
    notes: tuple[str, ...] = ()  # what was not followed: a package's config, a missing file, a cycle


@dataclass(frozen=True)
class Resolution:
    spec: str  # `pkg:@/hooks`
    module: str | None  # the module it names; None when none of the scanned ones
    how: How | None  # None: not an alias (a package) or not resolved
    options: Options = field(default_factory=Options)
    claimed: bool = False  # a `paths` pattern, a package or the convention claims it: unresolved, it is missing
    package: str | None = None  # the package.json of the package it names


class Aliases:
    def __init__(self, configs: Iterable[TsConfig] = (), packages: Packages | None = None) -> None:
        self.configs = {c.path: c for c in configs}
        self.packages = packages if packages is not None else Packages()
        self.by_dir: dict[str, str] = {}  # directory -> its tsconfig.json (else jsconfig.json)
        for name in reversed(CONFIG_NAMES):
            for path in self.configs:
                directory, _, base = path.rpartition("/")
                if base == name:
                    self.by_dir[directory] = path
        self._nearest: dict[str, str | None] = {}
        self._options: dict[str, Options] = {}
        self._scopes: dict[str, Options] = {}
        self._includes_spec: dict[str, object] = {}

    def options_for(self, importer: str) -> Options:
        """The options of the config nearest above `importer` (a file's display path)."""
        found = self._scopes.get(importer)
        if found is None:
            found = self._scopes[importer] = self._scope(importer)
        return found

    def resolve(self, importer: str, spec: str, known: Container[str], roots: list[str]) -> Resolution:
        """The module among `known` that `spec` (`pkg:…`) names when `importer` imports it:
        TypeScript's order (`paths`, `baseUrl`, then packages, here those of the tree), the
        `@/` convention last."""
        bare = spec[len(PACKAGE_PREFIX) :]
        options = self.options_for(importer)
        by_paths = _paths_candidates(options.paths, bare)
        tries: list[tuple[How, list[str]]] = [(How.PATHS, by_paths or [])]
        if options.base_url is not None:
            tries.append((How.BASE_URL, with_index(join_path(options.base_url, bare))))
        for how, candidates in tries:
            found = next((c for c in candidates if c in known), None)
            if found is not None:
                return Resolution(spec, found, how, options)
        module, package = self.packages.resolve(importer, bare, known) if self.packages else (None, None)
        if module is not None and package is not None:
            return Resolution(spec, module, How.PACKAGE, options, package=package.path)
        conventional = by_paths is None and bare.startswith(ALIASES)
        if conventional:  # no pattern claims it: `@/` and `~/` mean src/ (or, as in Nuxt, the app's root)
            candidates = module_candidates(spec, roots, importer) + _app_root(options, bare)
            found = next((c for c in candidates if c in known), None)
            if found is not None:
                return Resolution(spec, found, How.CONVENTION, options)
        claimed = by_paths is not None or conventional or package is not None
        return Resolution(spec, None, None, options, claimed=claimed, package=package.path if package is not None else None)

    def patterns(self, modules: Iterable[str]) -> tuple[str, ...]:
        """The specifiers (as `paths` patterns) that may name a project module, in any
        config or as a package of the tree: what client extraction treats as project
        imports. A `baseUrl` (or a catch-all `*`) claims the names of what lies in its
        directory. Only names: a package.json's other fields do not change them."""
        found = set(CONVENTIONAL_PATTERNS) | self.packages.patterns()
        bases: set[str] = set()
        for path in self.configs:
            options = self.options_of(path)
            for pattern, targets in options.paths:
                prefix, star, _ = pattern.partition("*")
                if prefix:
                    found.add(prefix + star)
                else:
                    bases.update(posixpath.dirname(t.partition("*")[0] + "x") for t in targets)
            if options.base_url is not None:
                bases.add(options.base_url)
        for module in modules if bases else ():
            parts = module.split("/")
            for depth in range(len(parts)):
                if "/".join(parts[:depth]) in bases:
                    found.update((parts[depth], f"{parts[depth]}/*"))
        return tuple(sorted(found))

    # --- which config, with what it extends ---------------------------------------------

    def _nearest_config(self, directory: str) -> str | None:
        seen: list[str] = []
        found: str | None = None
        while True:
            if directory in self._nearest:
                found = self._nearest[directory]
                break
            seen.append(directory)
            if directory in self.by_dir:
                found = self.by_dir[directory]
                break
            if directory in ("", ".", "..") or directory.endswith("/.."):
                break
            directory = posixpath.dirname(directory)
        for visited in seen:
            self._nearest[visited] = found
        return found

    def _scope(self, importer: str) -> Options:
        config = self._nearest_config(posixpath.dirname(importer))
        if config is None:
            return Options()
        options = self.options_of(config)
        if options.base_url is not None or options.paths:
            return options
        # a solution-style config (`"files": []` and `references`): the referenced
        # project that includes the file says (Vite's tsconfig.app.json)
        for reference in self.configs[config].references:
            target = self._referenced(config, reference)
            if target is None or not self._includes(target, importer):
                continue
            chosen = self.options_of(target)
            if chosen.base_url is not None or chosen.paths:
                return replace(chosen, read=options.read + chosen.read, notes=options.notes + chosen.notes)
        return options

    def options_of(self, path: str) -> Options:
        """A config's own options, with what it extends."""
        found = self._options.get(path)
        if found is None:
            found = self._options[path] = self._chain(path)
        return found

    def _chain(self, path: str) -> Options:
        """The config's options with those of what it extends, nearest first (a later
        `extends` entry overrides an earlier one); each config read once."""
        order: list[str] = []
        notes: list[str] = []
        stack: list[tuple[str, tuple[str, ...]]] = [(path, ())]
        while stack:
            current, ancestors = stack.pop()
            if current in ancestors:
                notes.append(f"{ancestors[-1]} extends {current}, which extends it back: the cycle is followed once")
                continue
            if current in order:
                continue
            order.append(current)
            config = self.configs[current]
            notes.extend(f"{current}: {problem}: ignored" for problem in config.problems)
            for spec in config.extends:
                target, note = self._extended(current, spec)
                if target is not None:
                    stack.append((target, ancestors + (current,)))
                else:
                    notes.append(note)
        return _merge(path, order, [self.configs[p] for p in order], notes)

    def _extended(self, path: str, spec: str) -> tuple[str | None, str]:
        if not is_relative(spec):
            if spec.startswith("/"):
                return None, f"{path} extends {spec}, an absolute path: not followed"
            return None, f"{path} extends `{spec}` from a package: not read (it seldom sets paths)"
        found = self._file(posixpath.dirname(path), spec)
        return found, f"{path} extends {spec}, which is not among the scanned files: its options are not followed"

    def _referenced(self, path: str, spec: str) -> str | None:
        return self._file(posixpath.dirname(path), spec)

    def _file(self, directory: str, spec: str) -> str | None:
        """The config file a relative `extends` or reference names: as written, with
        `.json` added, or the tsconfig.json of the directory it names."""
        target = join_path(directory, spec)
        for candidate in (target, f"{target}.json", join_path(target, "tsconfig.json")):
            if candidate in self.configs:
                return candidate
        return None

    def _includes(self, path: str, importer: str) -> bool:
        """Whether a referenced config's `files`/`include` take in the importer."""
        sets = [self.configs[p] for p in self.options_of(path).read]  # inherited through `extends`
        config = next((c for c in sets if c.include is not None or c.files is not None), None)
        if config is None:
            return _below(posixpath.dirname(path), importer)  # neither is set: every file below it
        directory = posixpath.dirname(config.path)
        if not _below(directory, importer):
            return False
        relative = importer[len(directory) + 1 :] if directory else importer
        if config.files is not None and relative in {join_path("", f) for f in config.files}:
            return True
        if not config.include:
            return False
        spec = self._includes_spec.get(config.path)
        if spec is None:
            import pathspec  # TypeScript's include globs (`src/**/*`, `src`) as anchored gitignore lines

            lines = ["/" + join_path("", pattern) for pattern in config.include]
            spec = self._includes_spec[config.path] = pathspec.GitIgnoreSpec.from_lines(lines)
        return spec.match_file(relative)


def _merge(path: str, order: list[str], chain: list[TsConfig], notes: list[str]) -> Options:
    base_url: str | None = None
    paths: TsConfig | None = None
    for config in chain:  # nearest first: the first that sets an option wins
        if base_url is None and config.base_url is not None:
            base_url = join_path(posixpath.dirname(config.path), config.base_url)
        if paths is None and config.has_paths:
            paths = config
    resolved: tuple[tuple[str, tuple[str, ...]], ...] = ()
    if paths is not None:
        # substitutions are relative to baseUrl when there is one, else to their own file
        anchor = base_url if base_url is not None else posixpath.dirname(paths.path)
        resolved = tuple((pattern, tuple(join_path(anchor, t) for t in targets)) for pattern, targets in paths.paths)
    return Options(path, tuple(order), base_url, resolved, tuple(notes))


def _paths_candidates(paths, bare: str) -> list[str] | None:
    """The modules the matching `paths` pattern names (an exact pattern first, else the
    longest prefix); None when no pattern matches."""
    best: tuple[int, tuple[str, ...], str] | None = None
    for pattern, targets in paths:
        star = match_pattern(pattern, bare)
        if star is None:
            continue
        if "*" not in pattern:
            best = (len(pattern) + 1, targets, star)  # an exact match beats every prefix
            break
        prefix = len(pattern.partition("*")[0])
        if best is None or prefix > best[0]:
            best = (prefix, targets, star)
    if best is None:
        return None
    _, targets, star = best
    return [name for target in targets for name in with_index(join_path("", target.replace("*", star, 1)))]


def _app_root(options: Options, bare: str) -> list[str]:
    """`~/composables/x` at the config's own directory: Nuxt's srcDir when its generated
    .nuxt/tsconfig.json (which says so) is not in the scan."""
    if options.config is None or not bare.startswith(("@/", "~/")):
        return []
    return with_index(join_path(posixpath.dirname(options.config), bare[2:]))


def _below(directory: str, path: str) -> bool:
    return not directory or path.startswith(directory + "/")
