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
        "app/broken.py": "def broadcast_all(:\n    pass\n",
    })
    report = run_scan(folder, select=("WS001", "WS101"))
    assert codes(report) == [("app/broken.py", 1, "WS001"), ("app/routes.py", 5, "WS101")]
    assert "syntax error" in report.findings[0].message


def test_non_utf8_file_is_ws001(project):
    folder = project({"app/routes.py": GOOD_ENDPOINT})
    (folder / "app" / "latin.py").write_bytes(b"# broadcast\nname = '\xe9t\xe9'\n")
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
    real_open = open

    def guarded_open(path, *args, **kwargs):
        if str(path).endswith("locked.py"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("wscheck.engine.open", guarded_open, raising=False)
    report = run_scan(folder, select=("WS001", "WS101"))
    assert codes(report) == [("app/locked.py", 1, "WS001"), ("app/routes.py", 5, "WS101")]
    assert report.findings[0].message.endswith("cannot read: Permission denied")
