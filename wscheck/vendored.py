"""Vendored: the paths discovery leaves out as someone else's code or build output (as
semgrep's default ignores do), unless the `include` setting or a configured source
root names them; each one left out is counted, never dropped silently."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pathspec

# Directories of copied-in libraries and of build output that DEFAULT_EXCLUDE does not
# already keep out (`node_modules`, `dist`, `build`, `.next`, ...): by name, at any depth.
VENDORED_DIRS = frozenset({"vendor", "vendors", "vendored", "_vendor", "third_party", "third-party", "out", ".output"})
# Built client files by name: minified copies and bundler output.
BUILT_SUFFIXES = (".min.js", ".min.mjs", ".min.cjs", ".bundle.js", ".bundle.mjs", ".chunk.js")
_GLOB = "*?["


@dataclass(frozen=True)
class Skipped:
    """A path the scan left out as vendored or generated."""

    path: str  # as displayed; a directory's ends with "/"
    why: str  # "vendored directory", "minified or bundled file name", "a source map comment", ...

    @property
    def directory(self) -> bool:
        return self.path.endswith("/")


class Vendoring:
    """Which vendored or built paths a scan brings back: those `include` (gitignore-style
    patterns, relative to the scan root like `exclude`) names, and the configured `server`
    and `client` directories that lie inside a vendored one."""

    def __init__(self, include: tuple[str, ...], roots: tuple[str, ...] = ()) -> None:
        self.patterns = tuple(p.strip() for p in include if p.strip() and not p.strip().startswith("#"))
        self.spec = pathspec.GitIgnoreSpec.from_lines(self.patterns) if self.patterns else None
        self.roots = tuple(root.rstrip(os.sep) for root in roots)
        # the fixed leading folders of each pattern (`frontend/lib/src/vendor` of
        # `frontend/lib/src/vendor/**`); None: a pattern that may match at any depth
        self.heads = tuple(_fixed_head(p) for p in self.patterns)

    def reaches(self, relative_dir: str, abspath: str) -> bool:
        """Whether something inside this vendored directory may be brought back: the walk
        then enters it, keeping only what `named` says or a configured root holds (an
        over-approximation is safe)."""
        if any(root == abspath or root.startswith(abspath + os.sep) for root in self.roots):
            return True
        for head in self.heads:
            if head is None or head == "":
                return True
            if (relative_dir + "/").startswith(head + "/") or (head + "/").startswith(relative_dir + "/"):
                return True
        return False

    def named(self, relative: str) -> bool:
        """`include` names this file (its path relative to the scan root, POSIX)."""
        return self.spec is not None and self.spec.match_file(relative)

    def is_root(self, abspath: str) -> bool:
        """A configured `server`/`client` directory: the app's own source, wherever it lies."""
        return abspath in self.roots


def _fixed_head(pattern: str) -> str | None:
    """The folders a pattern names before its first wildcard; None when it has no slash
    inside (`*.min.js`, `bokeh/`), which gitignore matches at any depth."""
    body = pattern.lstrip("!")
    anchored = body.startswith("/")
    body = body.strip("/")
    if not anchored and "/" not in body:
        return None
    literal = body
    for index, char in enumerate(body):
        if char in _GLOB:
            literal = body[:index]
            break
    return literal.rsplit("/", 1)[0] if "/" in literal else ""


def built_name(name: str) -> bool:
    """`app.min.js`, `main.bundle.js`, `2.abc123.chunk.js`."""
    return name.endswith(BUILT_SUFFIXES)
