"""The documentation a newcomer reads: the README stays short and shows real output, the
configuration reference is generated from the config's table of keys and current, and every
relative link in the README, CONTRIBUTING.md and docs/ leads to a file and heading that exist."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from conftest import ROOT
from wscheck.config import KEYS, KINDS, Settings, settings_from_table, tomllib
from wscheck.docs import all_rules, config_page

README = ROOT / "README.md"
LINKED_DOCS = sorted([README, ROOT / "CONTRIBUTING.md", ROOT / "benchmarks" / "README.md", *(ROOT / "docs").rglob("*.md")])
FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+(\S+)", re.M)


def prose(markdown: str) -> str:
    """The text without fenced blocks and code spans, where a `[x](y)` is no link."""
    return re.sub(r"`[^`\n]*`", "", FENCE.sub("", markdown))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`([^`]*)`", r"\1", heading.strip()).lower()
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    found: set[str] = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", FENCE.sub("", markdown), re.M):
        base = slug(heading)
        name, n = base, 0
        while name in found:  # GitHub numbers repeated headings: x, x-1, x-2
            n += 1
            name = f"{base}-{n}"
        found.add(name)
    return found


def links(markdown: str) -> list[str]:
    text = prose(markdown)
    return LINK.findall(text) + REFERENCE.findall(text)


@pytest.mark.parametrize("doc", LINKED_DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves(doc):
    broken = []
    for target in links(doc.read_text(encoding="utf-8")):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):  # https:, mailto:: not ours to check
            continue
        path, _, anchor = target.partition("#")
        resolved = (doc.parent / path).resolve() if path else doc
        if not resolved.exists() or ROOT not in (resolved, *resolved.parents):
            broken.append(f"{target}: no such file")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved.read_text(encoding="utf-8")):
            broken.append(f"{target}: no heading #{anchor} in {resolved.relative_to(ROOT)}")
    assert broken == [], f"{doc.relative_to(ROOT)}: {broken}"


def test_the_link_checker_sees_links_and_anchors():
    text = "# A `b`: c\n## Use with pre-commit\n## x\n## x\n[a](docs/x.md#y) `[no](z)`\n```\n[no](w)\n```\n[r]: ../r.md\n"
    assert links(text) == ["docs/x.md#y", "../r.md"]
    assert anchors(text) == {"a-b-c", "use-with-pre-commit", "x", "x-1"}


def test_readme_is_short_and_links_every_moved_section():
    text = README.read_text(encoding="utf-8")
    assert len(text.encode()) < 20_000
    for moved in ("docs/usage.md", "docs/configuration.md", "docs/message-types.md", "docs/frameworks.md",
                  "docs/architecture.md", "docs/speed.md", "docs/probe.md", "docs/traffic.md", "docs/ci.md",
                  "docs/json-contract.md", "CONTRIBUTING.md"):
        assert f"]({moved}" in text, moved
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings.index("Install") < headings.index("Quick start") < headings.index("Rules")


def test_readme_rule_table_links_every_rule():
    text = README.read_text(encoding="utf-8")
    for rule in all_rules():
        assert re.search(rf"^\| \[{rule.code}\]\(docs/rules/{rule.code}\.md\) \| {rule.name} \| {rule.severity.value} \|", text, re.M), rule.code


def demo_sections() -> list[tuple[str, list[str]]]:
    """The README's `make demo` transcript, split at the Makefile's `== … ==` headers."""
    block = re.search(r"```console\n\$ make demo\n(.*?)```", README.read_text(encoding="utf-8"), re.S).group(1)
    sections: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("== "):
            sections.append((line, []))
        elif line.strip():
            sections[-1][1].append(line.rstrip())
    return sections


def test_readme_demo_is_what_make_demo_prints():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    sections = demo_sections()
    assert len(sections) == 3
    env = {**os.environ, "COLUMNS": "88"}
    for (header, lines), example in zip(sections, ("postmortem", "postmortem-fixed", None)):
        assert f'@echo "{header}"' in makefile
        *shown, status = lines
        code, reason = re.fullmatch(r"exit status (\d) (\(.*\))", status).groups()
        assert f'{reason}"' in makefile, status
        if example is None:  # the probe needs the app running: tests/test_probe.py serves it
            continue
        run = subprocess.run([sys.executable, "-m", "wscheck", f"examples/{example}", "--no-cache"],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert run.returncode == int(code)
        printed = iter(line.rstrip() for line in run.stdout.splitlines())
        for line in shown:  # in the order printed; `…` stands for lines left out
            assert line == "…" or line in printed, f"README shows a line wscheck does not print: {line!r}"


def test_configuration_reference_is_generated_and_current():
    page = ROOT / "docs" / "configuration.md"
    assert page.read_text(encoding="utf-8") == config_page(), "run `make docs` to regenerate docs/configuration.md"


def test_every_config_key_is_documented():
    assert set(KEYS) == {f.name for f in fields(Settings)} - {"config_file"}
    page = config_page()
    for name, key in KEYS.items():
        assert key.parse in KINDS, name  # its type can be said
        assert key.help and "\n" not in key.help and key.help.endswith("."), name
        assert re.search(rf"^\| `{name.replace('_', '-')}` \| ", page, re.M), name


@pytest.mark.parametrize("doc", ["README.md", "docs/configuration.md"])
def test_config_examples_load(doc):
    """The examples' directories are the post-mortem app's, so they load against it."""
    block = re.search(r"```toml\n(.*?)```", (ROOT / doc).read_text(encoding="utf-8"), re.S).group(1)
    table = tomllib.loads(block)["tool"]["wscheck"]
    settings = settings_from_table(table, ROOT / "examples" / "postmortem" / "wscheck.toml", Settings())
    assert settings.server == (str((ROOT / "examples/postmortem/app/server").resolve()),)
    if doc != "README.md":
        assert {key.replace("-", "_") for key in table} == set(KEYS) - {"exclude", "ignore"}  # every key but two shown


def test_init_links_the_configuration_reference():
    from wscheck.starter import REFERENCE

    assert REFERENCE.endswith("/docs/configuration.md") and (ROOT / "docs" / "configuration.md").is_file()
    assert Path(REFERENCE.split("/blob/HEAD/", 1)[1]).as_posix() == "docs/configuration.md"
