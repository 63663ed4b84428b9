"""Starter (`wscheck init`): guess where the server and client code live, write a starter
`[tool.wscheck]` section, and give the pre-commit and CI snippets to copy.

Beside the pipeline: it uses discovery (so ignored and vendored files do not count) and
the config loader (so what it writes is known to load).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from wscheck.config import ConfigError, Settings, _read_toml, settings_from_table, tomllib
from wscheck.discovery import discover
from wscheck.facts import Role

REPOSITORY = "https://github.com/wscheck/wscheck"
SHARE = 0.75  # the guessed directories hold at least three quarters of the files
MAX_DIRS = 3  # more than that: the code is spread out, scan it all
HEADER = re.compile(r"^\s*\[\[?\s*([^\]]*?)\s*\]\]?\s*(#.*)?$")
WSCHECK_TABLE = re.compile(r"^tool\s*\.\s*wscheck\s*($|\.)")

REFERENCE = f"{REPOSITORY}/blob/HEAD/docs/configuration.md"
GITHUB = re.compile(r"^(?:https://|ssh://git@)github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?/?$")


def origin(direct_url: str | None) -> tuple[str, str] | None:
    """(repository URL, commit) from pip's direct_url.json (PEP 610) when wscheck was installed
    from git (`pip install git+URL@REV`); None for any other install (a wheel, a clone's directory)."""
    try:
        data = json.loads(direct_url or "")
    except ValueError:
        return None
    vcs = data.get("vcs_info") if isinstance(data, dict) else None
    if not isinstance(vcs, dict) or vcs.get("vcs") != "git":
        return None
    url, commit = data.get("url"), vcs.get("commit_id")
    return (url, commit) if isinstance(url, str) and isinstance(commit, str) and commit else None


def installed_from() -> tuple[str, str] | None:
    """Where this wscheck was installed from, when pip recorded a git commit."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        return origin(distribution("wscheck").read_text("direct_url.json"))
    except (PackageNotFoundError, OSError):  # run from a source tree, not installed
        return None


# pre-commit needs `rev:` to be a tag or commit of the hook's repository (a branch is "mutable,
# not supported"), and wscheck has no release tags yet, so a `v{version}` would fail ("pathspec
# 'v0.1.0' did not match"). The commit this wscheck was installed from works when pip knows it;
# otherwise the placeholder says what to run: `pre-commit autoupdate` writes the newest tag, or
# the default branch's commit while there is none (tests/test_init.py runs it).
PLACEHOLDER_REV = "run-pre-commit-autoupdate"


def pre_commit_snippet(source: tuple[str, str] | None) -> str:
    repository, rev = source or (REPOSITORY, PLACEHOLDER_REV)
    return f"""\
repos:
  - repo: {repository}
    # a tag or commit SHA of wscheck; `pre-commit autoupdate` writes the newest
    rev: {rev}
    hooks:
      - id: wscheck
"""


def github_workflow(source: tuple[str, str] | None) -> str:
    """The workflow with the action at the installed commit when it came from GitHub, else at
    the default branch (an action may follow a branch; pinning a SHA is safer)."""
    found = GITHUB.match(source[0]) if source else None
    action = f"{found.group(1)}@{source[1]}" if found and source else "wscheck/wscheck@main  # or a commit SHA of wscheck"
    return f"""\
name: wscheck
on: [push, pull_request]
permissions:
  contents: read
  security-events: write  # for the SARIF upload
jobs:
  wscheck:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: {action}
        with:
          sarif: true
"""


INSTALLED_FROM = installed_from()  # only `wscheck init` imports this module, to print these two
PRE_COMMIT = pre_commit_snippet(INSTALLED_FROM)
GITHUB_WORKFLOW = github_workflow(INSTALLED_FROM)


@dataclass(frozen=True)
class Guess:
    dirs: tuple[str, ...]  # empty: every file (or none was found)
    covered: int
    total: int


def guess(paths: list[str]) -> Guess:
    """The fewest top-level subtrees (each narrowed to its deepest common directory) that
    hold at least SHARE of `paths` (POSIX, relative); none when files at the root or too
    many subtrees would be needed."""
    groups: dict[str, list[str]] = {}
    for path in paths:
        head, sep, _ = path.partition("/")
        groups.setdefault(head if sep else "", []).append(path)
    chosen: list[str] = []
    covered = 0
    for head, members in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        if not head or len(chosen) == MAX_DIRS:
            break
        chosen.append(os.path.commonpath([os.path.dirname(p) for p in members]))
        covered += len(members)
        if covered >= SHARE * len(paths):
            return Guess(tuple(sorted(chosen)), covered, len(paths))
    return Guess((), len(paths), len(paths))


def guess_project(root: Path) -> tuple[Guess, Guess]:
    """(server, client) guesses from the files discovery finds under `root` (tests excluded)."""
    files = discover([root], Settings(), str(root.resolve())).files
    server = [f.path for f in files if f.role is Role.SERVER]
    client = [f.path for f in files if f.role is Role.CLIENT]
    return _nameable(guess(server), root), _nameable(guess(client), root)


def _nameable(found: Guess, root: Path) -> Guess:
    """No guess where a directory cannot be named in the config: a name that is not UTF-8
    is shown escaped (wscheck.filenames), and no such directory exists."""
    if all(os.path.isdir(os.path.join(root, d)) for d in found.dirs):
        return found
    return Guess((), found.total, found.total)


def _key(name: str, found: Guess, what: str) -> str:
    if found.dirs:
        listed = ", ".join(json.dumps(d, ensure_ascii=False) for d in found.dirs)  # a TOML basic string
        return f"{name} = [{listed}]  # guessed: holds {found.covered} of {found.total} {what}\n"
    if found.total:
        return f"# {name} = []  # {what} are spread out: all of them are scanned\n"
    return f"# {name} = []  # no {what} found\n"


def section(server: Guess, client: Guess, header: bool) -> str:
    return (
        ("[tool.wscheck]\n" if header else "")
        + "# Starter written by `wscheck init`: check the guesses.\n"
        + f"# Every key: {REFERENCE}\n"
        + _key("server", server, "server .py files")
        + _key("client", client, "client source files")
        + 'fail-on = "error"\n'
        + "# extend-exclude = [\"scripts/\"]\n"
        + "# min-fallback-interval-ms = 60000\n"
    )


def write(root: Path, force: bool) -> tuple[Path, Guess, Guess]:
    """Write the starter config under `root`: (the file written, server guess, client guess).
    Existing wscheck config is replaced only with `force` (else a one-line ConfigError)."""
    if not root.is_dir():
        raise ConfigError(f"not a directory: {root}")
    server, client = guess_project(root)
    for name in (".wscheck.toml", "wscheck.toml"):  # these win over pyproject.toml
        own = root / name
        if own.is_file():
            if not force:
                raise ConfigError(f"{own} already exists: use --force to replace it")
            return _checked(own, section(server, client, header=False).encode()), server, client
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        target = root / "wscheck.toml"
        return _checked(target, section(server, client, header=False).encode()), server, client
    data = pyproject.read_bytes()
    has_config = "wscheck" in _read_toml(pyproject).get("tool", {})
    if has_config and not force:
        raise ConfigError(f"{pyproject} already has a [tool.wscheck] section: use --force to replace it")
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    text = section(server, client, header=True).encode().replace(b"\n", newline)
    return _checked(pyproject, _replaced(data, text, newline) if has_config else _appended(data, text, newline)), server, client


def _appended(data: bytes, text: bytes, newline: bytes) -> bytes:
    """`data` untouched, then a blank line and the section."""
    if not data.strip():
        return data + text
    return data + (b"" if data.endswith(b"\n") else newline) + newline + text


def _replaced(data: bytes, text: bytes, newline: bytes) -> bytes:
    """`data` with its `[tool.wscheck]` tables (and sub-tables) swapped for the section."""
    lines = data.splitlines(keepends=True)
    kept: list[bytes] = []
    inside = placed = False
    for line in lines:
        match = HEADER.match(line.decode("utf-8", "replace"))
        if match:
            inside = bool(WSCHECK_TABLE.match(match.group(1)))
            if inside and not placed:
                kept.append(text)
                placed = True
            elif not inside and kept and kept[-1] is text:
                kept.append(newline)  # a blank line before the table that follows
        if not inside:
            kept.append(line)
    result = b"".join(kept)
    if not placed or _wscheck_table(result) != _wscheck_table(text):
        raise ConfigError("cannot replace the wscheck config in pyproject.toml automatically (it is not only [tool.wscheck] tables): edit it by hand")
    return result


def _wscheck_table(data: bytes) -> dict | None:
    try:
        return tomllib.loads(data.decode("utf-8")).get("tool", {}).get("wscheck")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None


def _checked(path: Path, data: bytes) -> Path:
    """Write `data` to `path` once it is known to load as wscheck config."""
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:  # only a bug gets here
        raise ConfigError(f"{path}: the starter config would not be valid TOML: {error}") from None
    table = document.get("tool", {}).get("wscheck", {}) if path.name == "pyproject.toml" else document
    settings_from_table(table, path, Settings())
    try:
        path.write_bytes(data)
    except OSError as error:
        raise ConfigError(f"cannot write {path}: {error.strerror}") from None
    return path
