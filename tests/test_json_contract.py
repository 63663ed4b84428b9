"""docs/json-contract.md (the contract a clone of the repository has) names every key that
`--format json` prints, at every level, and nothing it does not print."""

from __future__ import annotations

import json
import re

from conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "postmortem.json"
CONTRACT = ROOT / "docs" / "json-contract.md"


def keys(value, prefix: str = "") -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            found.add(prefix + key)
            if key != "phases":  # phases: the same shape under each name
                found |= keys(inner, f"{prefix}{key}.")
    elif isinstance(value, list):
        for inner in value:
            found |= keys(inner, prefix)
    return found


def test_the_documented_contract_has_the_keys_wscheck_prints():
    block = re.search(r"```json\n(.*?)```", CONTRACT.read_text(encoding="utf-8"), re.S).group(1)
    documented = json.loads(block)
    printed = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert keys(documented) == keys(printed)
    phases = json.loads(GOLDEN.read_text(encoding="utf-8"))["endpoints"][0]["phases"]
    assert set(phases) == set(documented["endpoints"][0]["phases"])


def test_the_readme_links_the_contract_inside_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/json-contract.md)" in readme
    assert "../shared/SPEC.md" not in readme
