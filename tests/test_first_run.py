"""What a new user meets on a first run (issue 10.8): a WS101 that names the unreadable file
holding the broadcasts, a warning when one scan holds two separate apps, and an empty scan
that is an error in CI."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import run_scan
from wscheck.cli import main

ROUTES = '''
from fastapi import APIRouter, WebSocket

from app.manager import manager

router = APIRouter(prefix="/api/v1")


@router.websocket("/ws/system-status")
async def system_status(websocket: WebSocket):
    await manager.connect(websocket)
    await websocket.send_json({"type": "system_status_update", "data": {}})
'''
MANAGER = '''
class Manager:
    def __init__(self):
        self.sockets = []

    async def connect(self, websocket):
        await websocket.accept()
        self.sockets.append(websocket)

    async def broadcast(self, message):
        for socket in self.sockets:
            await socket.send_json(message)


manager = Manager()
'''
BACKGROUND = '''
import asyncio

from app.manager import manager


async def broadcast_system_status():
    while True:
        try:
            await manager.broadcast({"type": "system_status_update", "data": {}})
        except Exception:
            pass
        await asyncio.sleep(30)
'''
MAIN = '''
import asyncio

from fastapi import FastAPI

from app import background_tasks, routes

app = FastAPI()
app.include_router(routes.router)


@app.on_event("startup")
async def start():
    asyncio.create_task(background_tasks.broadcast_system_status())
'''


def app_files(background: str = BACKGROUND) -> dict[str, str]:
    return {"app/routes.py": ROUTES, "app/manager.py": MANAGER, "app/background_tasks.py": background, "app/main.py": MAIN}


def test_a_ws101_caused_by_an_unreadable_file_names_it(project):
    broken = BACKGROUND.replace("        await asyncio.sleep(30)", "        await asyncio.sleep(30")
    report = run_scan(project(app_files(broken)), select=("WS001", "WS101"))
    ws101 = [f.message for f in report.findings if f.code == "WS101"]
    assert len(ws101) == 1
    assert "the broadcasts in app/background_tasks.py could not be read: WS001" in ws101[0]
    assert [f.location.file for f in report.findings if f.code == "WS001"] == ["app/background_tasks.py"]


def test_a_readable_app_gets_no_such_note(project):
    report = run_scan(project(app_files()), select=("WS001", "WS101"))
    assert report.findings == []
    missing = BACKGROUND.replace('"system_status_update"', '"other_update"')
    report = run_scan(project(app_files(missing)), select=("WS001", "WS101"))
    assert len(report.findings) == 1 and "could not be read" not in report.findings[0].message


def test_scanning_the_examples_folder_warns_that_it_holds_two_apps(monkeypatch):
    """`wscheck examples` hid the incident: the fixed app's broadcasts covered the broken app's endpoints."""
    from conftest import ROOT

    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["check", "examples", "--no-cache", "--no-progress"])
    # the post-mortem's two apps, and the other stacks' examples beside them
    warning = [
        line for line in result.stdout.splitlines()
        if line.startswith("warning: this scan holds ") and " separate apps (" in line
    ]
    assert len(warning) == 1
    assert "examples/postmortem/app/server/main.py:33" in warning[0]
    assert "`wscheck examples/postmortem`" in warning[0] and "`wscheck examples/postmortem-fixed`" in warning[0]
    alone = CliRunner().invoke(main, ["check", "examples/postmortem", "--no-cache", "--no-progress"])
    assert "separate apps" not in alone.stdout


def test_a_mounted_sub_app_below_the_main_app_is_the_same_app(project):
    admin = ROUTES.replace('prefix="/api/v1"', 'prefix=""').replace("system-status", "admin-status").replace("system_status", "admin_status")
    files = {
        **app_files(),
        "app/main.py": MAIN + "\nfrom app.admin.main import admin_app\napp.mount('/admin', admin_app)\n",
        "app/admin/main.py": "from fastapi import FastAPI\n\nfrom app.admin import routes\n\nadmin_app = FastAPI()\nadmin_app.include_router(routes.router)\n",
        "app/admin/routes.py": admin,
    }
    report = run_scan(project(files), select=("WS101",))
    assert len(report.project.apps) == 2
    assert not [p for p in report.problems if "separate apps" in p]


def test_two_services_side_by_side_are_two_apps(project):
    files = {f"services/{name}/{path}": source for name in ("orders", "billing") for path, source in app_files().items()}
    report = run_scan(project(files), select=("WS101",))
    assert [p for p in report.problems if "separate apps" in p] == [
        "this scan holds 2 separate apps (services/billing/app/main.py:8, services/orders/app/main.py:8): they are "
        "checked as one, so one app's broadcasts can hide another's missing ones; scan them one at a time: "
        "`wscheck services/billing`, `wscheck services/orders`"
    ]


@pytest.mark.parametrize("code", ["WS202", "WS203"])
def test_the_cleanup_rules_explain_phase_7(code):
    page = CliRunner().invoke(main, ["rule", code]).stdout
    section = page.split("## Checklist phase\n\n", 1)[1].split("\n## ", 1)[0]
    assert section.startswith("Phase 7, Cleanup (no polling)")
    assert "min-fallback-interval-ms" in section and "`Failed by`" in section
