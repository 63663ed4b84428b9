"""Docs: a rule's page (What it does / Why is this bad? / Example / Use instead) from the rule."""

from __future__ import annotations

from pathlib import PurePosixPath

from wscheck.rules import RULES
from wscheck.rules.base import Example, Rule

FENCES = {".log": "text", ".py": "python", ".ts": "typescript", ".tsx": "tsx", ".js": "javascript", ".md": "markdown", ".vue": "vue"}


def _example(example: Example) -> str:
    blocks = []
    for path, source in example.files:
        language = FENCES.get(PurePosixPath(path).suffix, "")
        blocks.append(f"`{path}`:\n\n```{language}\n{source.rstrip()}\n```")
    return "\n\n".join(blocks)


def rule_page(rule: Rule) -> str:
    return (
        f"# {rule.code} {rule.name}\n\n"
        f"Default severity: {rule.severity.value}\n\n"
        f"## What it does\n\n{rule.summary}\n\n"
        f"## Why is this bad?\n\n{rule.why}\n\n"
        + (f"## Checklist phase\n\n{rule.phase}\n\n" if rule.phase else "")
        + f"## Example\n\n{_example(rule.bad)}\n\n"
        f"## Use instead\n\n{_example(rule.good)}\n"
    )


def all_rules() -> tuple[Rule, ...]:
    """The rules a static scan runs, then the run-time ones (`wscheck traffic`)."""
    from wscheck.rules.runtime import runtime_rules

    return (*RULES, *runtime_rules())


def rules_table() -> str:
    lines = ["| code | name | severity | what it flags |", "|---|---|---|---|"]
    lines += [f"| {r.code} | {r.name} | {r.severity.value} | {r.summary} |" for r in all_rules()]
    return "\n".join(lines)


def write_pages(folder: str = "docs/rules") -> list[str]:
    """Regenerate docs/rules/CODE.md (run by `make docs`)."""
    from pathlib import Path

    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for rule in all_rules():
        path = target / f"{rule.code}.md"
        path.write_text(rule_page(rule), encoding="utf-8")
        written.append(str(path))
    (target / "README.md").write_text("# Rules\n\n" + rules_table() + "\n", encoding="utf-8")
    return written


if __name__ == "__main__":
    print("\n".join(write_pages()))
