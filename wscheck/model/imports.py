"""Imports: each client file's aliased and package imports resolved to project modules once,
before the client model joins the files (so `@/hooks` reads as `src/hooks/index` everywhere
the file's facts name it), and the account of it that `--verbose` gives."""

from __future__ import annotations

from collections import Counter
from dataclasses import fields, is_dataclass, replace
from enum import Enum
from typing import Iterable

from wscheck.facts import ClientFacts, Location, Ref
from wscheck.model.aliases import Aliases, How, Resolution
from wscheck.modules import PACKAGE_PREFIX, src_roots

_ATOMS = (str, int, float, bool, type(None), Enum, Location)
_EXAMPLES = 3


def resolve_imports(
    modules: list[ClientFacts], aliases: Aliases, scanned: Iterable[str] = (),
) -> tuple[list[ClientFacts], list[tuple[str, Resolution]]]:
    """The facts with every aliased import that names an extracted module rebound to it, and
    (importer, resolution) for each non-relative import; `scanned`: every client module
    found, extracted or not (one no file needed is still no missing module)."""
    extracted = {m.module for m in modules}
    known = extracted.union(scanned)
    roots = src_roots(known)
    resolved: list[ClientFacts] = []
    account: list[tuple[str, Resolution]] = []
    for facts in modules:
        specs = dict.fromkeys(ref.module for ref in (*(r for _, r in facts.imports), *facts.star_exports))
        mapping: dict[str, str] = {}
        for spec in specs:
            if not spec.startswith(PACKAGE_PREFIX):
                continue
            resolution = aliases.resolve(facts.path, spec, known, roots)
            account.append((facts.path, resolution))
            if resolution.module in extracted:
                mapping[spec] = resolution.module
        resolved.append(rebind(facts, mapping) if mapping else facts)
    return resolved, account


def rebind(value, mapping: dict[str, str]):
    """`value` with every `Ref` into a module of `mapping` pointing at its target instead."""
    if isinstance(value, Ref):
        target = mapping.get(value.module)
        return value if target is None else Ref(target, value.name)
    if isinstance(value, _ATOMS):
        return value
    if isinstance(value, tuple):
        items = tuple(rebind(item, mapping) for item in value)
        return value if all(a is b for a, b in zip(items, value)) else items
    if is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for spec in fields(value):
            old = getattr(value, spec.name)
            new = rebind(old, mapping)
            if new is not old:
                changes[spec.name] = new
        return replace(value, **changes) if changes else value
    return value


def describe(account: list[tuple[str, Resolution]], aliases: Aliases) -> tuple[str, ...]:
    """How aliased and package imports were resolved: the configs read, the imports each
    resolved, the packages of the tree imported, the convention where no config said
    otherwise, and what stayed unresolved."""
    used: Counter[str] = Counter()
    packages: Counter[str] = Counter()
    convention: list[tuple[str, str]] = []
    missing: list[tuple[str, str]] = []
    unbuilt: list[tuple[str, str]] = []  # a package of the tree, none of whose candidate modules is scanned
    notes: dict[str, None] = {}
    for importer, resolution in account:
        options = resolution.options
        notes.update(dict.fromkeys(options.notes))
        if resolution.how in (How.PATHS, How.BASE_URL) and options.config is not None:
            used[options.config] += 1
        elif resolution.how is How.PACKAGE and resolution.package is not None:
            packages[resolution.package] += 1
        elif resolution.how is How.CONVENTION:
            convention.append((importer, resolution.spec))
        elif resolution.claimed:
            (missing if resolution.package is None else unbuilt).append((importer, resolution.spec))
    failures = aliases.packages.failures
    if not aliases.configs and not packages and not failures and not convention and not missing and not unbuilt:
        return ()
    lines = ["wscheck: how client imports were resolved"]
    for path in sorted(used):
        lines.append(f"  {path}{_summary(aliases, path)};{_count(used[path])} resolved through it")
    involved = {read for path in used for read in aliases.options_of(path).read}
    unused = len(set(aliases.configs) - involved)
    if unused:
        lines.append(f"  {unused} {'other ' if used else ''}tsconfig/jsconfig file{'s' if unused != 1 else ''} read, resolving no import")
    lines.extend(f"  {note}" for note in notes)
    for path in sorted(packages):
        lines.append(f"  package {aliases.packages.manifests[path].name} ({path}):{_count(packages[path])} resolved to its source")
    lines.extend(f"  {failure.path}:{failure.location.line}: {failure.reason}" for failure in failures)
    if convention:
        lines.append(
            f"  `@/` and `~/` taken as src/ by convention (no tsconfig.json or jsconfig.json maps them):{_count(len(convention))}"
            f", e.g. {_examples(convention)}"
        )
    if missing:
        lines.append(f"  aliased imports that name no scanned module:{_count(len(missing))}, e.g. {_examples(missing)}")
    if unbuilt:
        lines.append(
            f"  imports of packages in the tree whose entry names no scanned module:{_count(len(unbuilt))}, e.g. {_examples(unbuilt)}"
        )
    return tuple(lines)


def _summary(aliases: Aliases, path: str) -> str:
    options = aliases.options_of(path)
    said = []
    if options.paths:
        said.append("paths " + ", ".join(pattern for pattern, _ in options.paths))
    if options.base_url is not None:
        said.append(f"baseUrl {options.base_url or '.'}")
    extended = [p for p in options.read if p != path]
    return (f", extending {', '.join(extended)}" if extended else "") + f": {'; '.join(said)}"


def _count(count: int) -> str:
    return f" {count} import{'s' if count != 1 else ''}" if count else ""


def _examples(pairs: list[tuple[str, str]]) -> str:
    shown = [f"`{spec[len(PACKAGE_PREFIX):]}` in {importer}" for importer, spec in pairs[:_EXAMPLES]]
    return ", ".join(shown) + (", …" if len(pairs) > _EXAMPLES else "")
