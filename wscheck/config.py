"""Settings: defaults, `[tool.wscheck]` / `wscheck.toml`, and command-line overrides."""

from __future__ import annotations

import difflib
import os
import sys
from dataclasses import dataclass, field, fields, replace
from enum import Enum
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


class ConfigError(Exception):
    """A one-line, user-facing configuration problem (exit status 2)."""


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


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
    ".wscheck_cache",
    "site-packages",
    ".eggs",
    "*.egg-info",
    ".next",
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
    cache_dir: str | None = None  # absolute; None: .wscheck_cache in the working directory
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


def _has_tool_section(pyproject: Path) -> bool:
    try:
        return "wscheck" in _read_toml(pyproject).get("tool", {})
    except ConfigError:
        return False


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None


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


def _string_list(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{path}: '{key}' must be a list of strings")
    return tuple(value)


def _codes(path: Path, key: str, value: Any) -> tuple[str, ...]:
    from wscheck.rules import known_code_prefix  # late: config is imported by rules' users

    codes = tuple(code.strip().upper() for code in _string_list(path, key, value))
    for code in codes:
        if not known_code_prefix(code):
            raise ConfigError(f"{path}: '{key}' names an unknown rule code '{code}'")
    return codes


def _severity(path: Path, key: str, value: Any) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise ConfigError(f"{path}: '{key}' must be one of error, warning, info (got {value!r})") from None


def settings_from_table(table: dict[str, Any], path: Path, base: Settings) -> Settings:
    """Validate a config table; every key is kebab-case, as in ruff."""
    changes: dict[str, Any] = {}
    root = path.parent
    for key, value in table.items():
        attr = key.replace("-", "_")
        if attr not in _KNOWN_KEYS:
            where = "[tool.wscheck]" if path.name == "pyproject.toml" or "tool" in table else path.name
            known = sorted(k.replace("_", "-") for k in _KNOWN_KEYS)
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ConfigError(f"{path}: unknown key '{key}' in {where}{hint}")
        if attr in ("server", "client"):
            directories = tuple(str((root / item).resolve()) for item in _string_list(path, key, value))
            for item, directory in zip(_string_list(path, key, value), directories):
                if not os.path.isdir(directory):  # a typo here would silently turn the check off
                    raise ConfigError(f"{path}: '{key}' names '{item}', which is not a directory")
            changes[attr] = directories
        elif attr in (
            "exclude", "extend_exclude", "message_type_keys", "broadcast_functions", "control_types", "docs", "tests",
            "allow_endpoints",
        ):
            changes[attr] = _string_list(path, key, value)
        elif attr in ("select", "ignore"):
            changes[attr] = _codes(path, key, value)
        elif attr == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: 'severity' must be a table of CODE = \"error|warning|info\"")
            changes[attr] = tuple(
                (code, _severity(path, f"severity.{code}", level))
                for code, level in zip(_codes(path, "severity", list(value)), value.values())
            )
        elif attr == "per_file_ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: 'per-file-ignores' must be a table of \"glob\" = [codes]")
            changes[attr] = tuple((glob, _codes(path, f"per-file-ignores.{glob}", codes)) for glob, codes in value.items())
        elif attr == "min_fallback_interval_ms":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ConfigError(f"{path}: 'min-fallback-interval-ms' must be a non-negative integer (got {value!r})")
            changes[attr] = value
        elif attr == "allow_fallback_polling":
            if not isinstance(value, bool):
                raise ConfigError(f"{path}: 'allow-fallback-polling' must be true or false (got {value!r})")
            changes[attr] = value
        elif attr == "fail_on":
            changes[attr] = _severity(path, key, value)
    return replace(base, config_file=str(path), **changes)


_KNOWN_KEYS = {f.name for f in fields(Settings)} - {"config_file"}


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
