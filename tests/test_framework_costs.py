"""The other stacks' recognisers start the demand only from WebSocket code: an HTTP-only
Django, aiohttp, Flask or Litestar app parses no file, and a WebSocket app of each parses
its socket files (not its HTTP views)."""

from __future__ import annotations

from conftest import run_scan

HTTP_ONLY = {
    "shop/urls.py": "from django.urls import path\n\nfrom shop import views\n\nurlpatterns = [path('orders/<int:pk>/', views.order)]\n",
    "shop/views.py": "from django.http import JsonResponse\n\ndef order(request, pk):\n    return JsonResponse({'type': 'order', 'id': pk})\n",
    "feeds/app.py": (
        "from aiohttp import web\n\nasync def index(request):\n    return web.json_response({'ok': True})\n\n"
        "app = web.Application()\napp.router.add_get('/', index)\napp.add_routes([web.get('/x', index)])\n"
    ),
    "panel/app.py": (
        "from flask import Flask\n\napp = Flask(__name__)\n\n@app.route('/emit')\ndef emit_page():\n"
        "    app.logger.info('emit(%s)', 'x')\n    return {'event': 'page'}\n"
    ),
    "api/app.py": "from litestar import Litestar, get\n\n@get('/')\nasync def index() -> dict:\n    return {'type': 'index'}\n\napp = Litestar([index])\n",
}


def test_http_only_apps_of_other_stacks_parse_no_file(project):
    report = run_scan(project(HTTP_ONLY))
    assert report.stats.files_parsed == 0 and not report.findings


def test_a_consumer_file_is_parsed_and_the_http_views_are_not(project):
    files = {
        **HTTP_ONLY,
        "chat/consumers.py": (
            "from channels.generic.websocket import AsyncJsonWebsocketConsumer\n\n"
            "class Room(AsyncJsonWebsocketConsumer):\n    async def connect(self):\n"
            "        await self.accept()\n        await self.send_json({'type': 'room_state'})\n"
        ),
        "chat/routing.py": (
            "from django.urls import path\n\nfrom chat.consumers import Room\n\n"
            "websocket_urlpatterns = [path('ws/room/', Room.as_asgi())]\n"
        ),
    }
    report = run_scan(project(files), select=("WS101",))
    assert [(f.code, f.location.file) for f in report.findings] == [("WS101", "chat/consumers.py")]
    assert [e.path for e in report.project.endpoints] == ["/ws/room/"]
    assert report.stats.files_parsed == 2
