"""The files CI systems read: the pre-commit hook, the GitHub Action, and the docs' snippets."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT
from wscheck.reporters import RENDERERS
from wscheck.starter import github_workflow, pre_commit_snippet

PRE_COMMIT = pre_commit_snippet(None)  # as printed by a wscheck pip did not install from git
GITHUB_WORKFLOW = github_workflow(None)

CI_DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def yaml_blocks(markdown: str) -> list:
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", markdown, re.S)]


def test_pre_commit_hook_checks_the_whole_project():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "wscheck"
    assert hook["entry"] == "wscheck"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False  # cross-file analysis: never only the staged files
    assert hook["require_serial"] is True
    assert hook["types_or"] == ["python", "ts", "tsx", "javascript", "jsx", "vue", "svelte"]
    assert hook["minimum_pre_commit_version"] == "2.9.0"  # types_or is ignored before that


def test_pre_commit_accepts_the_hook_manifest():
    pytest.importorskip("pre_commit")
    check = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", ".pre-commit-hooks.yaml"],
                           cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr


def test_hook_types_are_tags_pre_commit_knows():
    identify = pytest.importorskip("identify.identify")
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert set(hook["types_or"]) <= identify.ALL_TAGS
    for name in ("a.py", "a.ts", "a.tsx", "a.js", "a.jsx", "a.vue", "a.svelte", "a.mjs"):
        assert identify.tags_from_filename(name) & set(hook["types_or"]), name


def test_action_is_a_composite_with_the_documented_inputs():
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["name"] and action["description"]
    assert set(action["inputs"]) >= {"paths", "format", "fail-on", "sarif"}
    assert action["inputs"]["format"]["default"] in RENDERERS
    assert action["inputs"]["sarif"]["default"] == "false"
    runs = action["runs"]
    assert runs["using"] == "composite"
    steps = runs["steps"]
    install = steps[0]["run"]
    assert "pip install" in install and '"$GITHUB_ACTION_PATH"' in install  # wscheck from the action's own checkout
    run = next(step for step in steps if step.get("id") == "run")
    for name in ("paths", "format", "fail-on", "sarif", "args"):
        assert f"${{{{ inputs.{name} }}}}" in str(run["env"])  # passed through env, never pasted into the script
        assert "${{" not in run["run"]
    assert "--output-format \"sarif=wscheck.sarif\"" in run["run"]
    upload = next(step for step in steps if "upload-sarif" in step.get("uses", ""))
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert "inputs.sarif == 'true'" in upload["if"]
    assert upload["with"]["sarif_file"] == "wscheck.sarif"
    assert steps[-1]["run"] == 'exit "$STATUS"'  # the verdict comes after the upload
    for name, spec in action["inputs"].items():
        assert spec["description"], name


def test_ci_doc_has_github_gitlab_and_pre_commit_ci():
    assert "v0.1.0" not in "".join(re.findall(r"```.*?```", CI_DOC + README, re.S))  # no such tag: every ref resolves
    blocks = yaml_blocks(CI_DOC)
    workflow = next(b for b in blocks if isinstance(b, dict) and "jobs" in b)
    steps = workflow["jobs"]["wscheck"]["steps"]
    ours = next(s for s in steps if s.get("uses", "").startswith("wscheck/wscheck@"))
    action_inputs = set(yaml.safe_load((ROOT / "action.yml").read_text())["inputs"])
    assert set(ours["with"]) <= action_inputs
    assert ours["with"]["sarif"] is True
    assert workflow["permissions"]["security-events"] == "write"
    gitlab = next(b for b in blocks if isinstance(b, dict) and "wscheck" in b and "script" in b["wscheck"])
    assert gitlab["wscheck"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "--output-format gitlab=gl-code-quality-report.json" in " ".join(gitlab["wscheck"]["script"])
    pre_commit_ci = next(b for b in blocks if isinstance(b, dict) and "ci" in b)
    assert pre_commit_ci["ci"]["autofix_prs"] is False
    assert "upload-sarif" in CI_DOC and "GITHUB_STEP_SUMMARY" in CI_DOC
    for name in ("gitlab", "junit", "sarif", "github"):
        assert name in RENDERERS, name  # every format the doc relies on exists


def test_init_snippets_match_the_docs_and_the_hook():
    for document in (CI_DOC, README):  # the same pre-commit config everywhere
        assert yaml.safe_load(PRE_COMMIT) in [b for b in yaml_blocks(document) if isinstance(b, dict) and "repos" in b]
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert yaml.safe_load(PRE_COMMIT)["repos"][0]["hooks"][0]["id"] == hook["id"]
    workflow = yaml.safe_load(GITHUB_WORKFLOW)
    action_inputs = set(yaml.safe_load((ROOT / "action.yml").read_text())["inputs"])
    assert set(workflow["jobs"]["wscheck"]["steps"][-1]["with"]) <= action_inputs


def test_readme_sections_a_newcomer_can_copy():
    assert "## Use with pre-commit" in README and "## Use in CI" in README
    pre_commit = README.split("## Use with pre-commit")[1].split("\n## ")[0]
    assert "pass_filenames: false" in pre_commit and "whole project" in pre_commit
    assert yaml_blocks(pre_commit)[0]["repos"][0]["hooks"][0]["id"] == "wscheck"
    ci = README.split("## Use in CI")[1].split("\n## ")[0]
    assert "(docs/ci.md)" in ci and "--baseline" in ci and "--new-since" in ci
