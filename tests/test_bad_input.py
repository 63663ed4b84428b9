"""Bad input never stops the scan: a WS001 finding, and everything else still analysed."""

from __future__ import annotations

from conftest import run_scan

GOOD_ENDPOINT = (
    "from fastapi import APIRouter\n"
    "router = APIRouter()\n\n"
    "@router.websocket('/ws/status')\n"
    "async def status(websocket):\n"
    "    await websocket.send_json({'type': 'status_update'})\n"
)


def codes(report):
    return [(f.location.file, f.location.line, f.code) for f in report.findings]


def test_syntax_error_in_one_file_gives_ws001_and_the_rest_is_analysed(project):
    folder = project({
        "app/routes.py": GOOD_ENDPOINT,
        "app/broken.py": "def broadcast_all(:\n    await manager.broadcast(message)\n",
    })
    report = run_scan(folder, select=("WS001", "WS101"))
    assert codes(report) == [("app/broken.py", 1, "WS001"), ("app/routes.py", 5, "WS101")]
    assert "syntax error" in report.findings[0].message


def test_non_utf8_file_is_ws001(project):
    folder = project({"app/routes.py": GOOD_ENDPOINT})
    (folder / "app" / "latin.py").write_bytes(b"async def tick(m):\n    await m.broadcast('\xe9t\xe9')\n")
    report = run_scan(folder, select=("WS001", "WS101"))
    assert codes(report) == [("app/latin.py", 1, "WS001"), ("app/routes.py", 5, "WS101")]
    assert "cannot decode" in report.findings[0].message


def test_coding_cookie_is_honoured(project):
    folder = project({})
    source = (
        "# -*- coding: latin-1 -*-\n" + GOOD_ENDPOINT.replace("'status_update'", "'\xe9tat_update'")
    ).encode("latin-1")
    (folder / "routes.py").write_bytes(source)
    report = run_scan(folder, select=("WS001", "WS101"))
    assert [f.message_type for f in report.findings] == ["\xe9tat_update"]


def test_empty_and_whitespace_files(project):
    folder = project({"app/__init__.py": "", "app/blank.py": "\n\n   \n", "web/empty.ts": "", "app/routes.py": GOOD_ENDPOINT})
    report = run_scan(folder, select=("WS001", "WS101"))
    assert codes(report) == [("app/routes.py", 5, "WS101")]


def test_python_312_syntax_falls_back_to_libcst(project):
    # `type X = ...` (3.12) is rejected by ast on older interpreters; libcst reads it
    folder = project({"app/routes.py": "type Payload = dict[str, object]\n" + GOOD_ENDPOINT})
    report = run_scan(folder, select=("WS001", "WS101"))
    assert codes(report) == [("app/routes.py", 6, "WS101")]


def test_unparsable_client_file_does_not_stop_the_scan(project):
    folder = project({
        "app/routes.py": GOOD_ENDPOINT,
        "web/src/bad.ts": "export const x = {refetchInterval: 3000,,,, <<<\n",
        "web/src/poll.ts": "useQuery({queryKey: ['a'], queryFn: f, refetchInterval: 5000});\n",
    })
    report = run_scan(folder, select=("WS001", "WS101", "WS201"))
    assert ("app/routes.py", 5, "WS101") in codes(report)
    assert ("web/src/poll.ts", 1, "WS201") in codes(report)


def test_unreadable_file_is_ws001_and_the_rest_is_analysed(project, monkeypatch):
    folder = project({"app/routes.py": GOOD_ENDPOINT, "app/locked.py": "async def broadcast_all():\n    pass\n"})
    import wscheck.sources

    real_read = wscheck.sources._read_bytes

    def guarded_read(path):  # as root, a chmod would not stop the read
        if str(path).endswith("locked.py"):
            raise PermissionError(13, "Permission denied")
        return real_read(path)

    monkeypatch.setattr(wscheck.sources, "_read_bytes", guarded_read)
    report = run_scan(folder, select=("WS001", "WS101"))
    assert codes(report) == [("app/locked.py", 1, "WS001"), ("app/routes.py", 5, "WS101")]
    assert report.findings[0].message.endswith("cannot read: Permission denied")


def test_pathological_python_costs_one_file(project):
    folder = project({
        "app/routes.py": GOOD_ENDPOINT,
        "app/concat.py": "async def broadcast_all(m):\n    await m.broadcast(" + " + ".join(['"a"'] * 400) + ")\n",
        "app/nested.py": "def broadcast_deep():\n    return " + "[" * 300 + "]" * 300 + "\n",
        "app/huge.py": "async def broadcast_big(m):\n    await m.broadcast({'type': 'x', 'n': 1" + "0" * 400 + "})\n",
        "app/loop.py": "class Base(Base):\n    async def send_all(self, m):\n        await self.helper(m)\n\n"
        "    async def tick(self):\n        await self.broadcast({'type': self.KIND})\n",
    })
    report = run_scan(folder, select=("WS001", "WS101"))
    assert ("app/routes.py", 5, "WS101") in codes(report)
    assert all(f.code in ("WS001", "WS101") for f in report.findings)


def test_odd_client_values_and_markup_in_paths(project):
    folder = project({
        "app/routes.py": GOOD_ENDPOINT.replace("/ws/status", "/ws/[bold]status[/x]"),
        "web/src/a.ts": "const BASE = 1e400;\nexport const s = () => new WebSocket(`/ws/${BASE}`);\n",
    })
    report = run_scan(folder)
    from io import StringIO

    from wscheck.contract import render_contract
    from wscheck.reporters.text import render

    out = StringIO()
    render(report, out)
    assert "/ws/[bold]status[/x]" in out.getvalue()
    assert "/ws/[bold]status[/x]" in render_contract(report, "text")


def test_deep_directory_tree(project):
    import os

    folder = project({})
    deep = str(folder)
    for _ in range(1100):  # deeper than Python's recursion limit (os.makedirs itself recurses)
        deep = os.path.join(deep, "d")
        os.mkdir(deep)
    with open(os.path.join(deep, "routes.py"), "w", encoding="utf-8") as handle:
        handle.write(GOOD_ENDPOINT)
    try:
        report = run_scan(folder, select=("WS101",))
        assert [f.code for f in report.findings] == ["WS101"]
    finally:  # shutil.rmtree recurses too: take the tree down level by level
        os.remove(os.path.join(deep, "routes.py"))
        while deep != str(folder):
            os.rmdir(deep)
            deep = os.path.dirname(deep)


def test_config_with_a_non_table_tool_is_a_config_error(project):
    import pytest

    from wscheck.config import ConfigError, load_settings

    folder = project({"wscheck.toml": "tool = 1\n"})
    with pytest.raises(ConfigError, match="'tool' must be a table"):
        load_settings(folder)
