"""Settings: defaults, `[tool.wscheck]` / `wscheck.toml`, and command-line overrides, each
validated here once (the CLI only parses flags)."""

from __future__ import annotations

import difflib
import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple, Sequence

from wscheck.cache import DEFAULT_DIR as CACHE_DIR
from wscheck.codes import known_code_prefix
from wscheck.findings import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


class ConfigError(Exception):
    """A one-line, user-facing configuration problem (exit status 2)."""


DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "bower_components",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "dist",
    "build",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    CACHE_DIR,
    "site-packages",
    ".eggs",
    "*.egg-info",
    ".next",
    "_next",  # a Next.js static export's bundles (`out/_next/static/chunks`)
    ".nuxt",
    ".svelte-kit",
    "coverage",
)

DEFAULT_CONTROL_TYPES = (
    "ping",
    "pong",
    "heartbeat",
    "keepalive",
    "keep_alive",
    "connected",
    "connection",
    "connection_established",
    "connection_ack",
    "disconnected",
    "error",
    "ack",
    "subscribed",
    "unsubscribed",
    "welcome",
)

DEFAULT_BROADCAST_FUNCTIONS = ("broadcast", "broadcast_*", "*_broadcast", "publish", "group_send", "emit")


@dataclass(frozen=True)
class Settings:
    server: tuple[str, ...] = ()  # absolute directories; empty = every .py file
    client: tuple[str, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()  # gitignore-style patterns: vendored or built paths scanned all the same
    select: tuple[str, ...] = ()  # code prefixes; empty = all
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    message_type_keys: tuple[str, ...] = ("type", "event", "message_type")
    broadcast_functions: tuple[str, ...] = DEFAULT_BROADCAST_FUNCTIONS
    control_types: tuple[str, ...] = DEFAULT_CONTROL_TYPES
    min_fallback_interval_ms: int = 60_000
    allow_fallback_polling: bool = True
    docs: tuple[str, ...] = ()  # extra glob patterns for doc files
    tests: tuple[str, ...] = ()  # extra glob patterns for test files
    fail_on: Severity = Severity.ERROR
    allow_endpoints: tuple[str, ...] = ()  # endpoint paths (globs) left out of the checklist and its rules
    max_file_size: int = 1_000_000  # bytes: bigger files (bundles, generated code) are skipped with a WS001
    parse_timeout: float = 10.0  # seconds one file may take to extract before it is abandoned (WS001)
    cache_dir: str | None = None  # absolute; None: cache.DEFAULT_DIR in the working directory
    config_file: str | None = field(default=None, compare=False)


CONFIG_FILE_NAMES = (".wscheck.toml", "wscheck.toml", "pyproject.toml")


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above `start` (ruff's order within a directory)."""
    directory = start if start.is_dir() else start.parent
    for candidate_dir in (directory, *directory.parents):
        for name in CONFIG_FILE_NAMES:
            candidate = candidate_dir / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_section(candidate)):
                return candidate
    return None


def config_candidates(first_path: Path, explicit_config: Path | None = None) -> list[str]:
    """Every file whose presence or content decides `first_path`'s settings: the one given,
    else each name `find_config` tries, in each directory it tries it in."""
    if explicit_config is not None:
        return [os.path.abspath(explicit_config)]
    start = first_path.resolve()
    directory = start if start.is_dir() else start.parent
    return [str(folder / name) for folder in (directory, *directory.parents) for name in CONFIG_FILE_NAMES]


def _has_tool_section(pyproject: Path) -> bool:
    """A pyproject.toml that cannot be parsed is an error when it mentions wscheck at all:
    skipping it would drop the user's `[tool.wscheck]` (their `ignore`, their `select`) silently."""
    try:
        return "wscheck" in _read_toml(pyproject).get("tool", {})
    except ConfigError:
        try:
            mentions = b"wscheck" in pyproject.read_bytes()
        except OSError:
            mentions = False
        if mentions:
            raise
        return False


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None) or _line_of(str(error))
        where = f"{path}:{line}" if line else f"{path}"
        raise ConfigError(f"{where}: invalid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None


def _line_of(message: str) -> int | None:
    """tomllib before 3.14 says where only in its message: `… (at line 3, column 9)`."""
    marker = "(at line "
    if marker not in message:
        return None
    digits = message.rsplit(marker, 1)[1].split(",", 1)[0].rstrip(")")
    return int(digits) if digits.isdigit() else None


def load_config_table(path: Path) -> dict[str, Any]:
    data = _read_toml(path)
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: 'tool' must be a table")
    if path.name == "pyproject.toml":
        table = tool.get("wscheck", {})
    else:
        table = tool.get("wscheck", data) if "tool" in data else data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.wscheck] must be a table")
    return table


def check_codes(codes: Iterable[str], unknown: Callable[[str], str]) -> tuple[str, ...]:
    """The codes stripped and upper-cased; the first that selects no rule raises
    `ConfigError(unknown(code))`. The one check of codes, for config keys and flags alike."""
    checked = tuple(code.strip().upper() for code in codes)
    for code in checked:
        if not known_code_prefix(code):
            raise ConfigError(unknown(code))
    return checked


# Parsers of config values: (config file, key as written, value) -> the Settings value. Their
# messages name a list's or a severity's key as written, a table's, number's or flag's in
# kebab-case (as they always have: `min_fallback_interval_ms` is accepted too).


def _string_list(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{path}: '{key}' must be a list of strings")
    return tuple(value)


def _directories(path: Path, key: str, value: Any) -> tuple[str, ...]:
    """Relative to the config file; each must exist: a typo here would silently turn the check off."""
    items = _string_list(path, key, value)
    directories = tuple(str((path.parent / item).resolve()) for item in items)
    for item, directory in zip(items, directories):
        if not os.path.isdir(directory):
            raise ConfigError(f"{path}: '{key}' names '{item}', which is not a directory")
    return directories


def _codes(path: Path, key: str, value: Any) -> tuple[str, ...]:
    return check_codes(_string_list(path, key, value), lambda code: f"{path}: '{key}' names an unknown rule code '{code}'")


def _severity(path: Path, key: str, value: Any) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise ConfigError(f"{path}: '{key}' must be one of error, warning, info (got {value!r})") from None


def _severities(path: Path, key: str, value: Any) -> tuple[tuple[str, Severity], ...]:
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: '{_kebab(key)}' must be a table of CODE = \"error|warning|info\"")
    codes = _codes(path, _kebab(key), list(value))  # every code first, then every level
    return tuple((code, _severity(path, f"{_kebab(key)}.{code}", level)) for code, level in zip(codes, value.values()))


def _per_file_ignores(path: Path, key: str, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: '{_kebab(key)}' must be a table of \"glob\" = [codes]")
    return tuple((glob, _codes(path, f"{_kebab(key)}.{glob}", codes)) for glob, codes in value.items())


def _non_negative_int(path: Path, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(f"{path}: '{_kebab(key)}' must be a non-negative integer (got {value!r})")
    return value


def _seconds(path: Path, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 3600:
        raise ConfigError(f"{path}: '{_kebab(key)}' must be a number of seconds between 0 and 3600 (got {value!r})")
    return float(value)


def _directory(path: Path, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{path}: '{_kebab(key)}' must be a directory path (got {value!r})")
    return str((path.parent / value).resolve())  # relative to the config file, as `server` and `client` are


def _flag(path: Path, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{path}: '{_kebab(key)}' must be true or false (got {value!r})")
    return value


def _kebab(key: str) -> str:
    return key.replace("_", "-")


class Key(NamedTuple):
    """A config key: how its value is checked, and its one line in docs/configuration.md."""

    parse: Callable[[Path, str, Any], Any]
    help: str


# The TOML value each parser takes, as docs/configuration.md's Type column says it.
KINDS: dict[Callable[[Path, str, Any], Any], str] = {
    _string_list: "list of strings",
    _directories: "list of directories",
    _codes: "list of rule codes or prefixes",
    _severity: '"error", "warning" or "info"',
    _severities: 'table: CODE = "error" / "warning" / "info"',
    _per_file_ignores: 'table: "glob" = [codes]',
    _non_negative_int: "integer, 0 or more",
    _seconds: "number of seconds, over 0 and under 3600",
    _directory: "directory",
    _flag: "true or false",
}

# Every Settings field a config file may set (all but `config_file`), by attribute name; in
# the file, keys are kebab-case as in ruff (a test holds this table to Settings' fields).
# docs/configuration.md is generated from it (`make docs`): the key, the parser's kind,
# Settings' default and this help.
KEYS: dict[str, Key] = {
    "server": Key(_directories, "Directories of server code, relative to the config file; each must exist. Unset: every `.py` file."),
    "client": Key(_directories, "Directories of client code (TypeScript, JavaScript, Vue, Svelte), as for `server`. Unset: every client file."),
    "exclude": Key(_string_list, "Gitignore-style patterns never scanned. Setting it replaces the defaults: `extend-exclude` adds to them."),
    "extend_exclude": Key(_string_list, "Gitignore-style patterns never scanned, added to `exclude`."),
    "include": Key(_string_list, "Gitignore-style patterns of vendored or built code to scan all the same (left out, and counted, by default)."),
    "select": Key(_codes, "The rules to run, by code or prefix (`WS1`: WS101 to WS108). Unset: every rule. `--select` overrides it."),
    "ignore": Key(_codes, "Rules not to run, by code or prefix, taken out of `select`. `--ignore` overrides it."),
    "severity": Key(_severities, "A rule's severity in place of its default: `{ WS303 = \"info\" }`."),
    "per_file_ignores": Key(_per_file_ignores, "Codes not reported in the files a glob matches: `{ \"legacy/*\" = [\"WS201\"] }`."),
    "message_type_keys": Key(_string_list, "The keys of a sent dict whose value is the message type (`{\"type\": \"queue_update\"}`)."),
    "broadcast_functions": Key(_string_list, "Names (globs) of the calls that broadcast; the message type is read from their arguments."),
    "control_types": Key(_string_list, "Message types that never need a broadcast: handshakes, keep-alives, errors."),
    "min_fallback_interval_ms": Key(_non_negative_int, "Fallback polling (only while the socket is down) faster than this many ms is WS202."),
    "allow_fallback_polling": Key(_flag, "`false`: any fallback polling is WS202, however slow."),
    "docs": Key(_string_list, "Globs of more doc files (checklist phase 6), beside `.md`, `.rst`, `.adoc` and `.txt` files."),
    "tests": Key(_string_list, "Globs of more test files (checklist phase 5), beside `test_*.py`, `tests/`, `*.test.*` and the like."),
    "fail_on": Key(_severity, "The lowest severity that makes the exit status 1. `--fail-on` overrides it."),
    "allow_endpoints": Key(_string_list, "Endpoint paths (globs) left out of the checklist and its rules."),
    "max_file_size": Key(_non_negative_int, "Bytes: a bigger file (a bundle, generated code) is skipped with a WS001. 0: no limit."),
    "parse_timeout": Key(_seconds, "Seconds one file may take to parse before it is abandoned with a WS001."),
    "cache_dir": Key(_directory, "The cache, relative to the config file (`WSCHECK_CACHE_DIR` wins). Unset: `.wscheck_cache` in the working directory."),
}


def settings_from_table(table: dict[str, Any], path: Path, base: Settings) -> Settings:
    """Validate a config table, key by key, into `base` with those keys changed."""
    changes: dict[str, Any] = {}
    for key, value in table.items():
        attr = key.replace("-", "_")
        known = KEYS.get(attr)
        if known is None:
            raise ConfigError(_unknown_key(table, path, key))
        changes[attr] = known.parse(path, key, value)
    return replace(base, config_file=str(path), **changes)


def _unknown_key(table: dict[str, Any], path: Path, key: str) -> str:
    where = "[tool.wscheck]" if path.name == "pyproject.toml" or "tool" in table else path.name
    close = difflib.get_close_matches(key, sorted(_kebab(k) for k in KEYS), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"{path}: unknown key '{key}' in {where}{hint}"


def load_settings(first_path: Path, explicit_config: Path | None = None) -> Settings:
    """Settings from the config file that governs `first_path` (or the one given)."""
    if explicit_config is not None:
        if explicit_config.is_dir():
            raise ConfigError(f"--config takes a file, not a directory: {explicit_config}")
        if not explicit_config.is_file():
            raise ConfigError(f"config file not found: {explicit_config}")
        config_path: Path | None = explicit_config
    else:
        config_path = find_config(first_path.resolve())
    if config_path is None:
        return Settings()
    return settings_from_table(load_config_table(config_path), config_path, Settings())


def settings_for(
    paths: Sequence[Path],
    *,
    server_dirs: Sequence[Path] = (),
    client_dirs: Sequence[Path] = (),
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    fail_on: str | None = None,
    config_file: Path | None = None,
) -> Settings:
    """A run's Settings, validated once: the paths and the `--server`/`--client` directories
    must exist; then the config file that governs `paths[0]` (or `config_file`), with the
    command line's values over it. `select`/`ignore`: codes as given (None: not given)."""
    for path in paths:
        if not path.exists():
            raise ConfigError(f"path does not exist: {path}")
    for directory in (*server_dirs, *client_dirs):
        if not directory.is_dir():
            raise ConfigError(f"not a directory: {directory}")
    settings = load_settings(paths[0], config_file)
    overrides: dict[str, Any] = {}
    if server_dirs:
        overrides["server"] = tuple(os.path.abspath(d) for d in server_dirs)
    if client_dirs:
        overrides["client"] = tuple(os.path.abspath(d) for d in client_dirs)
    for option, codes in (("select", select), ("ignore", ignore)):
        if codes is not None:
            overrides[option] = check_codes(codes, _unknown_flag_code(option))
    if fail_on:
        overrides["fail_on"] = Severity(fail_on)
    return replace(settings, **overrides)


def _unknown_flag_code(option: str) -> Callable[[str], str]:
    return lambda code: f"--{option}: unknown rule code '{code}' (see `wscheck rule`)"
