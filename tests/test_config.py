"""Config and codes: one table of codes that agrees with the rules' registry, one table of
config keys that covers every setting, and the one check of codes behind keys and flags."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from wscheck.codes import CODES, known_code_prefix
from wscheck.config import KEYS, ConfigError, Settings, check_codes, settings_for, settings_from_table
from wscheck.findings import Severity
from wscheck.rules import RULES
from wscheck.rules.runtime import runtime_rules


def test_the_code_table_and_the_registry_agree():
    # the static rules, then the run-time ones (reported by `wscheck traffic`, never by `check`)
    assert [(rule.code, rule.name) for rule in (*RULES, *runtime_rules())] == list(CODES.items())


@pytest.mark.parametrize("code, known", [("ALL", True), ("WS", True), ("WS1", True), ("WS101", True), ("WS999", False), ("X", False)])
def test_known_code_prefix(code, known):
    assert known_code_prefix(code) is known


def test_check_codes_normalises_and_names_the_first_unknown_code():
    assert check_codes([" ws1", "WS201 "], str) == ("WS1", "WS201")
    with pytest.raises(ConfigError, match="^bad WS998$"):
        check_codes(["WS101", "ws998", "WS999"], lambda code: f"bad {code}")


def test_every_setting_has_a_config_key():
    assert set(KEYS) == {f.name for f in fields(Settings)} - {"config_file"}


def test_settings_from_table(tmp_path):
    (tmp_path / "app").mkdir()
    config = tmp_path / "wscheck.toml"
    table = {
        "server": ["app"], "select": ["ws1"], "severity": {"ws101": "warning"}, "per-file-ignores": {"tests/*": ["WS3"]},
        "min_fallback_interval_ms": 5, "allow-fallback-polling": False, "fail-on": "warning", "docs": "notes/*.txt",
    }
    settings = settings_from_table(table, config, Settings())
    assert settings.server == (str((tmp_path / "app").resolve()),)
    assert settings.select == ("WS1",)
    assert settings.severity == (("WS101", Severity.WARNING),)
    assert settings.per_file_ignores == (("tests/*", ("WS3",)),)
    assert (settings.min_fallback_interval_ms, settings.allow_fallback_polling) == (5, False)
    assert settings.fail_on is Severity.WARNING
    assert settings.docs == ("notes/*.txt",)
    assert settings.config_file == str(config)


@pytest.mark.parametrize(
    "table, message",
    [
        ({"selct": ["WS1"]}, "unknown key 'selct' in wscheck.toml (did you mean 'select'?)"),
        ({"select": "WS9"}, "'select' names an unknown rule code 'WS9'"),
        ({"exclude": [1]}, "'exclude' must be a list of strings"),
        ({"client": ["nope"]}, "'client' names 'nope', which is not a directory"),
        ({"severity": ["WS101"]}, "'severity' must be a table of CODE = \"error|warning|info\""),
        ({"severity": {"WS9": "error"}}, "'severity' names an unknown rule code 'WS9'"),
        ({"severity": {"ws101": "loud"}}, "'severity.WS101' must be one of error, warning, info (got 'loud')"),
        ({"per-file-ignores": ["x"]}, "'per-file-ignores' must be a table of \"glob\" = [codes]"),
        ({"per-file-ignores": {"t/*": ["WS9"]}}, "'per-file-ignores.t/*' names an unknown rule code 'WS9'"),
        ({"min-fallback-interval-ms": True}, "'min-fallback-interval-ms' must be a non-negative integer (got True)"),
        ({"min_fallback_interval_ms": -1}, "'min-fallback-interval-ms' must be a non-negative integer (got -1)"),
        ({"allow_fallback_polling": "no"}, "'allow-fallback-polling' must be true or false (got 'no')"),
        ({"fail_on": "fatal"}, "'fail_on' must be one of error, warning, info (got 'fatal')"),
    ],
)
def test_a_bad_key_or_value_is_one_message(tmp_path, table, message):
    config = tmp_path / "wscheck.toml"
    with pytest.raises(ConfigError) as error:
        settings_from_table(table, config, Settings())
    assert str(error.value) == f"{config}: {message}"


def test_settings_for_validates_the_command_line_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "web").mkdir()
    settings = settings_for([Path(".")], client_dirs=[Path("web")], select=["ws1"], ignore=[], fail_on="info")
    assert settings.client == (str(tmp_path / "web"),)
    assert (settings.select, settings.ignore, settings.fail_on) == (("WS1",), (), Severity.INFO)
    for kwargs, message in [
        ({"select": ["WS1", "WS999"]}, "--select: unknown rule code 'WS999' (see `wscheck rule`)"),
        ({"ignore": ["nope"]}, "--ignore: unknown rule code 'NOPE' (see `wscheck rule`)"),
        ({"server_dirs": [Path("srv")]}, "not a directory: srv"),
    ]:
        with pytest.raises(ConfigError) as error:
            settings_for([Path(".")], **kwargs)
        assert str(error.value) == message
    with pytest.raises(ConfigError, match="^path does not exist: gone$"):
        settings_for([Path("gone")], server_dirs=[Path("srv")])  # the paths are checked first
