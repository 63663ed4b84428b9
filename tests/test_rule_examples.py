"""Every rule's documented bad example fires it and its good example does not; the docs
pages in docs/rules are generated from the rules and must be current."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, run_scan, write_files
from wscheck.docs import rule_page
from wscheck.rules import RULES

IDS = [rule.code for rule in RULES]
STATIC = RULES  # the run-time rules (rules.runtime) are tested by their own commands


@pytest.mark.parametrize("rule", STATIC, ids=[rule.code for rule in STATIC])
def test_bad_example_fires(rule, tmp_path):
    write_files(tmp_path, rule.bad.files)
    report = run_scan(tmp_path, select=(rule.code,))
    assert [f.code for f in report.findings if f.code == rule.code], f"{rule.code}'s bad example is silent"


@pytest.mark.parametrize("rule", STATIC, ids=[rule.code for rule in STATIC])
def test_good_example_is_silent(rule, tmp_path):
    write_files(tmp_path, rule.good.files)
    report = run_scan(tmp_path, select=(rule.code,))
    assert [f.message for f in report.findings] == []


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_docs_page_is_current(rule):
    page = ROOT / "docs" / "rules" / f"{rule.code}.md"
    assert page.read_text(encoding="utf-8") == rule_page(rule), f"run `make docs` to regenerate {page}"


def test_rule_docs_have_the_fixed_sections():
    for rule in RULES:
        page = rule_page(rule)
        for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
            assert heading in page, (rule.code, heading)


def test_codes_are_unique_and_well_formed():
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    assert all(code.startswith("WS") and len(code) == 5 and code[2:].isdigit() for code in codes)
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
