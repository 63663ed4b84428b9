"""Packages: the module an import of a package in the scanned tree names (a monorepo's
workspace packages: npm/yarn `workspaces`, pnpm-workspace.yaml, Nx, Turborepo).

`@acme/realtime-client` finds the package.json whose `name` it is (no workspace
declaration needed; of two with one name, the nearest to the importer), then its entry:
`exports` (the "." entry, subpaths and `./*` patterns), else `source`/`module`/`main`/
`types`. An entry that is built output (`dist/index.js`, not scanned) leads to its source
(`src/index`), and `src/index`, `index` (`src/<sub>`, `<sub>` for a subpath) are tried
last. `#lib/socket` follows the importer's own package.json `imports`. Manifests arrive
as facts: no file system here.
"""

from __future__ import annotations

import posixpath
from typing import Container, Iterable

from wscheck.facts import PackageManifest, ParseFailure
from wscheck.modules import join_path, match_pattern, with_index

# the first directories of an entry that are built output, and the format folders
# bundlers put below them (`dist/esm/index.js`, `lib/commonjs/index.js`)
BUILT_DIRS = frozenset({"dist", "lib", "build", "out", "esm", "cjs", "es", "umd", "types", "typings"})
_FORMAT_DIRS = frozenset({"esm", "cjs", "es", "umd", "js", "mjs", "module", "commonjs", "types", "typings", "browser", "node"})
# what a bundler imports that is no module (`@acme/ui/styles.css`, `@acme/app/src/img/logo.svg`)
ASSET_SUFFIXES = frozenset({
    "css", "scss", "sass", "less", "styl", "svg", "png", "jpg", "jpeg", "gif", "webp", "avif", "ico", "bmp",
    "woff", "woff2", "ttf", "otf", "eot", "json", "md", "txt", "wasm", "mp3", "mp4", "webm", "wav", "html", "yaml", "yml",
})


class Packages:
    def __init__(self, manifests: Iterable[PackageManifest | ParseFailure] = ()) -> None:
        found = list(manifests)
        self.manifests = {m.path: m for m in found if isinstance(m, PackageManifest)}
        self.failures = tuple(m for m in found if isinstance(m, ParseFailure))  # not JSON: their names are not known
        self.by_name: dict[str, list[PackageManifest]] = {}
        self.by_dir: dict[str, PackageManifest] = {}
        for manifest in self.manifests.values():
            self.by_dir[posixpath.dirname(manifest.path)] = manifest
            if manifest.name:
                self.by_name.setdefault(manifest.name, []).append(manifest)

    def __bool__(self) -> bool:
        return bool(self.by_name) or any(m.imports for m in self.manifests.values())

    def patterns(self) -> set[str]:
        """The specifiers (as tsconfig `paths` patterns) that name a package of the tree:
        each name and its subpaths, and the `imports` keys (`#lib/*`)."""
        found = {p for name in self.by_name for p in (name, f"{name}/*")}
        found.update(key for m in self.manifests.values() for key, _ in m.imports)
        return found

    def resolve(self, importer: str, bare: str, known: Container[str]) -> tuple[str | None, PackageManifest | None]:
        """(module among `known`, the package.json that led there) for a non-relative
        import; (None, the package) when a package of the tree claims it but none of its
        candidates is scanned; (None, None) when it names no package of the tree."""
        if bare.startswith("#"):
            manifest = self._own(importer)
            candidates = _imported(manifest, bare) if manifest is not None else None
            if candidates is None:
                return None, None
            return next((c for c in candidates if c in known), None), manifest
        name, subpath = _split(bare)
        if subpath.rpartition(".")[2].lower() in ASSET_SUFFIXES:
            return None, None
        claimed = None
        for manifest in self._nearest_first(name, importer):
            claimed = claimed or manifest
            found = next((c for c in entry_candidates(manifest, subpath) if c in known), None)
            if found is not None:
                return found, manifest
        return None, claimed

    def _nearest_first(self, name: str, importer: str) -> list[PackageManifest]:
        found = self.by_name.get(name, [])
        if len(found) < 2:
            return found
        parts = posixpath.dirname(importer).split("/")

        def nearness(manifest: PackageManifest):
            directory = posixpath.dirname(manifest.path).split("/")
            shared = next((i for i, (a, b) in enumerate(zip(parts, directory)) if a != b), min(len(parts), len(directory)))
            return (-shared, len(directory), manifest.path)

        return sorted(found, key=nearness)

    def _own(self, importer: str) -> PackageManifest | None:
        """The package.json nearest above the importing file."""
        directory = posixpath.dirname(importer)
        while True:
            if directory in self.by_dir:
                return self.by_dir[directory]
            if not directory or directory in (".", "/") or directory.endswith(".."):
                return None
            directory = posixpath.dirname(directory)


def _split(bare: str) -> tuple[str, str]:
    """(`@acme/ui`, `./button`) of `@acme/ui/button`; the subpath "." for the package itself."""
    parts = bare.split("/")
    size = 2 if bare.startswith("@") else 1
    rest = "/".join(parts[size:])
    return "/".join(parts[:size]), f"./{rest}" if rest else "."


def entry_candidates(manifest: PackageManifest, subpath: str) -> list[str]:
    """The modules a package's subpath may be, in order: what `exports` (else the root
    entry fields) names, the source of what is built output, then the conventions."""
    directory = posixpath.dirname(manifest.path)
    targets = _mapped(manifest.exports, subpath) if manifest.exports is not None else None
    if targets is None and subpath == ".":
        targets = list(manifest.entries)
    named = [join_path(directory, t) for t in targets or ()]
    built = [join_path(directory, s) for t in targets or () if (s := _source_of(t)) is not None]
    if subpath == ".":
        usual = [join_path(directory, "src/index"), join_path(directory, "index")]
    else:
        inner = subpath[2:]
        usual = [join_path(directory, f"src/{inner}"), join_path(directory, inner)]
        if manifest.exports is None:
            usual.reverse()  # without an `exports` map Node loads the subpath as a file of the package
    return list(dict.fromkeys(name for path in (*named, *built, *usual) for name in with_index(path)))


def _mapped(table, subpath: str) -> list[str] | None:
    """The targets an `exports`/`imports` table gives `subpath`: its exact key, else the
    pattern with the longest prefix (its `*` filled in); None when no key matches."""
    exact = dict(table).get(subpath)
    if exact is not None:
        return list(exact)
    best: tuple[int, tuple[str, ...], str] | None = None
    for key, targets in table:
        star = match_pattern(key, subpath) if "*" in key else None
        if star is not None and (best is None or len(key.partition("*")[0]) > best[0]):
            best = (len(key.partition("*")[0]), targets, star)
    return None if best is None else [t.replace("*", best[2]) for t in best[1]]


def _imported(manifest: PackageManifest, bare: str) -> list[str] | None:
    targets = _mapped(manifest.imports, bare) if manifest.imports else None
    if targets is None:
        return None
    directory = posixpath.dirname(manifest.path)
    paths = [join_path(directory, t) for t in targets] + [join_path(directory, s) for t in targets if (s := _source_of(t)) is not None]
    return [name for path in paths for name in with_index(path)]


def _source_of(target: str) -> str | None:
    """`src/x` for a built entry (`./dist/x.js`, `./dist/esm/x.mjs`, `./lib/commonjs/x.js`)."""
    parts = [p for p in target.split("/") if p not in ("", ".")]
    if len(parts) < 2 or parts[0] not in BUILT_DIRS:
        return None
    rest = parts[1:]
    while len(rest) > 1 and rest[0] in _FORMAT_DIRS:
        rest = rest[1:]
    return "src/" + "/".join(rest)
