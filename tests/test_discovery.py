"""Discovery: roles, ignores, and surviving odd trees."""

from __future__ import annotations

import os
from pathlib import Path

from wscheck.config import Settings
from wscheck.discovery import discover
from wscheck.facts import Role


def found(folder: Path, settings: Settings = Settings()) -> dict[str, Role]:
    result = discover([folder], settings, str(folder))
    return {f.path: f.role for f in result.files}


def test_roles_by_extension_and_test_and_doc_names(project):
    folder = project({
        "server/app.py": "",
        "server/tests/test_app.py": "",
        "server/conftest.py": "",
        "client/src/App.tsx": "",
        "client/src/api.js": "",
        "client/src/App.test.tsx": "",
        "client/src/__tests__/hooks.ts": "",
        "client/src/Panel.vue": "",
        "docs/ws.md": "",
        "notes.txt": "",
        "image.png": "",
    })
    assert found(folder) == {
        "server/app.py": Role.SERVER,
        "server/tests/test_app.py": Role.TEST,
        "server/conftest.py": Role.TEST,
        "client/src/App.tsx": Role.CLIENT,
        "client/src/api.js": Role.CLIENT,
        "client/src/App.test.tsx": Role.TEST,
        "client/src/__tests__/hooks.ts": Role.TEST,
        "client/src/Panel.vue": Role.CLIENT,
        "docs/ws.md": Role.DOC,
        "notes.txt": Role.DOC,
    }


def test_never_enters_vendor_build_and_virtualenv_folders(project):
    folder = project({
        "app.py": "",
        "node_modules/lib/index.js": "",
        ".git/hooks/x.py": "",
        "dist/bundle.js": "",
        "build/lib/app.py": "",
        "__pycache__/app.py": "",
        "env-custom/pyvenv.cfg": "",
        "env-custom/lib/site.py": "",
        ".venv/lib/a.py": "",
    })
    assert found(folder) == {"app.py": Role.SERVER}


def test_honours_nested_gitignore_files(project):
    folder = project({
        ".gitignore": "generated/\n*.gen.ts\n",
        "generated/api.ts": "",
        "src/a.gen.ts": "",
        "src/a.ts": "",
        "src/legacy/.gitignore": "old.py\n",
        "src/legacy/old.py": "",
        "src/legacy/new.py": "",
        "old.py": "",
    })
    assert found(folder) == {"src/a.ts": Role.CLIENT, "src/legacy/new.py": Role.SERVER, "old.py": Role.SERVER}


def test_extend_exclude_and_role_restriction(project):
    folder = project({"server/a.py": "", "scripts/b.py": "", "web/c.ts": "", "tools/d.ts": ""})
    settings = Settings(
        extend_exclude=("tools/",),
        server=(str(folder / "server"),),
    )
    assert found(folder, settings) == {"server/a.py": Role.SERVER, "web/c.ts": Role.CLIENT}


def test_survives_a_symlink_loop(project):
    folder = project({"src/a.py": ""})
    os.symlink(folder / "src", folder / "src" / "loop")
    os.symlink(folder, folder / "src" / "up")
    assert found(folder) == {"src/a.py": Role.SERVER}


def test_unreadable_directory_is_reported_not_fatal(project):
    folder = project({"ok/a.py": "", "locked/b.py": ""})
    os.chmod(folder / "locked", 0)
    try:
        result = discover([folder], Settings(), str(folder))
        if os.geteuid() != 0:  # root reads anything
            assert any("locked" in p for p in result.problems)
        assert "ok/a.py" in {f.path for f in result.files}
    finally:
        os.chmod(folder / "locked", 0o755)


def test_a_testing_package_is_test_support_not_server_code():
    from wscheck.config import Settings
    from wscheck.discovery import is_test_file

    settings = Settings()
    assert is_test_file("src/prefect/testing/fixtures.py", settings)
    assert not is_test_file("src/prefect/server/api/events.py", settings)
