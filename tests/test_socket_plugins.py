"""Sockets opened the way frameworks recommend (issue 21, item 3): a module-level socket
imported by hooks and components, Vue socket plugins, a Nuxt plugin's `provide`, Angular's
ngx-socket-io and RxJS `webSocket`. Each opens a socket (phase 3) and the code using it
counts (phase 4), with evidence at the right file and line; an unresolvable URL stays
unresolved."""

from __future__ import annotations

from wscheck.answers import Status
from wscheck.checklist import Phase
from wscheck.extract.client.extractor import extract_client
from wscheck.facts import APP_HANDLE, Ref, Role

from conftest import run_scan

WS_SERVER = (
    "from fastapi import FastAPI, WebSocket\n\n"
    "app = FastAPI()\n\n\n"
    "@app.websocket('{path}')\n"
    "async def feed(websocket: WebSocket):\n"
    "    await websocket.accept()\n"
    "    while True:\n"
    "        await websocket.receive_text()\n"
)
SIO_SERVER = (
    "import socketio\n\n"
    "sio = socketio.AsyncServer(async_mode='asgi')\n"
    "app = socketio.ASGIApp(sio)\n\n\n"
    "@sio.event\n"
    "async def connect(sid, environ):\n"
    "    pass\n"
)


def phases(folder, path: str = "/"):
    """(phase 3, phase 4) of the endpoint at `path`, and the report."""
    report = run_scan(folder)
    (checklist,) = [c for c in report.checklists if c.endpoint.path == path]
    return checklist.phases[Phase.CLIENT_HOOK], checklist.phases[Phase.COMPONENT], report


def where(answer) -> set[tuple[str, int]]:
    return {(e.location.file, e.location.line) for e in answer.evidence}


def facts(path: str, source: str):
    return extract_client(path, source.encode(), Role.CLIENT)


# --- a module-level socket (the socket.io React guide) ---------------------------------

GUIDE_SOCKET = "import { io } from 'socket.io-client';\n\nexport const socket = io('http://localhost:8000', { autoConnect: false });\n"


def test_module_level_socket_is_held_by_its_binding_and_imports_are_uses():
    socket = facts("web/src/socket.ts", GUIDE_SOCKET)
    (site,) = socket.sockets
    assert (site.function, site.binding, site.location.line) == (None, "socket", 3)
    hook = facts("web/src/hooks/useOrders.ts", (
        "import { useEffect } from 'react';\nimport { socket } from '../socket';\n\n"
        "export function useOrders(onOrder) {\n"
        "  useEffect(() => {\n"
        "    socket.on('order_update', onOrder);\n"
        "    socket.connect();\n"
        "    return () => { socket.off('order_update', onOrder); };\n"
        "  }, []);\n"
        "}\n"
    ))
    # one use per (binding, holder): the first place it is used there
    assert [(u.target, u.holder, u.location.line) for u in hook.uses] == [(Ref("web/src/socket", "socket"), "useOrders", 6)]
    assert [h.name for h in hook.handled_types] == ["order_update"]


def test_module_level_socket_reaches_components_directly_through_a_barrel_and_through_hooks(project):
    folder = project({
        "server/app.py": SIO_SERVER,
        "web/src/lib/socket.ts": GUIDE_SOCKET,
        "web/src/lib/index.ts": "export { socket } from './socket';\nexport * from './format';\n",
        "web/src/lib/format.ts": "export const fmt = (n: number) => n.toFixed(2);\n",
        "web/src/hooks/useOrders.ts": (
            "import { useEffect, useState } from 'react';\nimport { socket } from '../lib';\n\n"
            "export function useOrders() {\n"
            "  const [orders, setOrders] = useState([]);\n"
            "  useEffect(() => {\n"
            "    socket.on('orders', setOrders);\n"
            "    return () => { socket.off('orders', setOrders); };\n"
            "  }, []);\n"
            "  return orders;\n"
            "}\n"
        ),
        "web/src/hooks/useOrderCount.ts": (
            "import { useOrders } from './useOrders';\n\nexport const useOrderCount = () => useOrders().length;\n"
        ),
        "web/src/components/Badge.tsx": (
            "import { useOrderCount } from '../hooks/useOrderCount';\n\n"
            "export function Badge() {\n  const count = useOrderCount();\n  return <b>{count}</b>;\n}\n"
        ),
        "web/src/components/Connect.tsx": (
            "import { socket } from '../lib/socket';\n\n"
            "export function Connect() {\n  return <button onClick={() => socket.connect()}>Connect</button>;\n}\n"
        ),
    })
    hook, component, report = phases(folder)
    assert hook.status is Status.PASS and where(hook) == {("web/src/lib/socket.ts", 3)}
    assert component.status is Status.PASS
    assert where(component) == {("web/src/components/Badge.tsx", 4), ("web/src/components/Connect.tsx", 4)}
    assert not [f for f in report.findings if f.code in ("WS301", "WS302")]


def test_default_exported_socket_and_a_plain_websocket(project):
    folder = project({
        "server/app.py": WS_SERVER.format(path="/ws/prices"),
        "web/src/ws.js": "const ws = new WebSocket(`ws://${location.host}/ws/prices`);\nexport default ws;\n",
        "web/src/Ticker.jsx": (
            "import prices from './ws';\n\n"
            "export function Ticker() {\n"
            "  prices.onmessage = (event) => console.log(event.data);\n"
            "  return <span />;\n"
            "}\n"
        ),
    })
    hook, component, _ = phases(folder, "/ws/prices")
    assert where(hook) == {("web/src/ws.js", 1)}
    assert component.status is Status.PASS and where(component) == {("web/src/Ticker.jsx", 4)}


def test_a_module_level_socket_nothing_renders_still_fails_phase_4(project):
    folder = project({
        "server/app.py": SIO_SERVER,
        "web/src/socket.ts": GUIDE_SOCKET,
        "web/src/log.ts": "import { socket } from './socket';\n\nexport function trace() {\n  socket.onAny(console.log);\n}\n",
    })
    hook, component, report = phases(folder)
    assert hook.status is Status.PASS and component.status is Status.FAIL
    assert [f.code for f in report.findings if f.code in ("WS301", "WS302")] == ["WS302"]


def test_an_unresolvable_url_is_unresolved_never_a_pass(project):
    folder = project({
        "server/app.py": SIO_SERVER,
        "web/src/socket.ts": "import { io } from 'socket.io-client';\nimport { socketUrl } from './env';\n\nexport const socket = io(socketUrl());\n",
        "web/src/env.ts": "export function socketUrl() {\n  return window.__SOCKET_URL__;\n}\n",
        "web/src/App.tsx": "import { socket } from './socket';\n\nexport const App = () => { socket.connect(); return <main />; };\n",
    })
    hook, component, report = phases(folder)
    assert hook.status is Status.NA and "could not be resolved (web/src/socket.ts:4)" in hook.note
    assert component.status is Status.NA
    assert not [f for f in report.findings if f.code in ("WS301", "WS302")]


def test_users_that_use_each_other_are_each_looked_at_once(project):
    """A hook and a store that import each other, around a module-level socket."""
    folder = project({
        "server/app.py": SIO_SERVER,
        "web/src/socket.ts": GUIDE_SOCKET,
        "web/src/a.ts": "import { socket } from './socket';\nimport { b } from './b';\n\nexport function a() {\n  socket.emit('x');\n  b();\n}\n",
        "web/src/b.ts": "import { a } from './a';\n\nexport function b() {\n  a();\n}\n",
        "web/src/View.tsx": "import { b } from './b';\n\nexport function View() {\n  b();\n  return <div />;\n}\n",
    })
    _, component, _ = phases(folder)
    assert where(component) == {("web/src/View.tsx", 4)}


# --- Vue plugins -------------------------------------------------------------------------


def test_vue2_native_sock_plugin_opens_the_socket_and_dollar_socket_components_use_it(project):
    folder = project({
        "server/app.py": WS_SERVER.format(path="/ws/x"),
        "client/src/main.js": (
            "import Vue from 'vue';\nimport VueNativeSock from 'vue-native-websocket';\nimport App from './App.vue';\n\n"
            "Vue.use(VueNativeSock, 'ws://localhost:8000/ws/x', { format: 'json' });\n"
            "new Vue({ render: (h) => h(App) }).$mount('#app');\n"
        ),
        "client/src/App.vue": (
            "<template><div>{{ last }}</div></template>\n"
            "<script>\nexport default {\n"
            "  data() { return { last: null }; },\n"
            "  created() {\n"
            "    this.$options.sockets.onmessage = (msg) => { this.last = msg.data; };\n"
            "  },\n"
            "};\n</script>\n"
        ),
        "client/src/components/Send.vue": (
            "<template><button @click=\"send\">Send</button></template>\n"
            "<script>\nexport default {\n  methods: {\n    send() { this.$socket.sendObj({ type: 'ping' }); },\n  },\n};\n</script>\n"
        ),
    })
    hook, component, _ = phases(folder, "/ws/x")
    assert where(hook) == {("client/src/main.js", 5)}
    assert where(component) == {("client/src/App.vue", 6), ("client/src/components/Send.vue", 5)}


def test_vue_socket_io_plugin_with_a_sockets_option_that_names_the_events(project):
    folder = project({
        "server/app.py": SIO_SERVER,
        "web/src/main.ts": (
            "import { createApp } from 'vue';\nimport VueSocketIO from 'vue-3-socket.io';\nimport App from './App.vue';\n"
            "import { SOCKET_URL } from './config';\n\n"
            "createApp(App).use(new VueSocketIO({ debug: false, connection: SOCKET_URL })).mount('#app');\n"
        ),
        "web/src/config.ts": "export const SOCKET_URL = import.meta.env.VITE_SOCKET_URL ?? 'http://localhost:8000';\n",
        "web/src/App.vue": (
            "<template><ul><li v-for=\"o in orders\">{{ o.id }}</li></ul></template>\n"
            "<script>\nexport default {\n"
            "  data: () => ({ orders: [] }),\n"
            "  sockets: {\n"
            "    connect() {},\n"
            "    order_update(order) { this.orders.push(order); },\n"
            "  },\n"
            "};\n</script>\n"
        ),
    })
    hook, component, report = phases(folder)
    assert where(hook) == {("web/src/main.ts", 6)}
    assert where(component) == {("web/src/App.vue", 5)}
    handled = [(h.name, h.kind.value, h.location.line) for h in report.project.handled_types]
    assert handled == [("order_update", "listener", 7)]  # `connect` is the library's own event


def test_a_plugin_given_a_socket_installs_that_socket_and_opens_none_of_its_own(project):
    folder = project({
        "server/app.py": SIO_SERVER,
        "web/src/socket.ts": GUIDE_SOCKET,
        "web/src/main.ts": (
            "import Vue from 'vue';\nimport VueSocketIOExt from 'vue-socket.io-extended';\nimport { socket } from './socket';\n\n"
            "Vue.use(VueSocketIOExt, socket);\n"
        ),
        "web/src/Board.vue": "<template><p /></template>\n<script>\nexport default {\n  sockets: { board_update() {} },\n};\n</script>\n",
        "web/src/Inline.ts": (
            "import Vue from 'vue';\nimport VueSocketIO from 'vue-socket.io';\nimport SocketIO from 'socket.io-client';\n\n"
            "Vue.use(new VueSocketIO({ connection: SocketIO('http://localhost:8000/other') }));\n"
        ),
    })
    hook, component, report = phases(folder)
    assert where(hook) == {("web/src/socket.ts", 3)}  # no second, unresolved socket at main.ts
    assert where(component) == {("web/src/Board.vue", 4)}
    sockets = sorted((s.location.file, s.location.line, s.url) for s in report.project.sockets)
    assert sockets == [("web/src/Inline.ts", 5, "http://localhost:8000/other"), ("web/src/socket.ts", 3, "http://localhost:8000")]


def test_vue3_provide_and_inject(project):
    folder = project({
        "server/app.py": WS_SERVER.format(path="/ws/chat"),
        "web/src/main.ts": (
            "import { createApp } from 'vue';\nimport App from './App.vue';\n\n"
            "const socket = new WebSocket('ws://localhost:8000/ws/chat');\n"
            "createApp(App).provide('chat', socket).mount('#app');\n"
        ),
        "web/src/App.vue": (
            "<script setup>\nimport { inject } from 'vue';\n\nconst chat = inject('chat');\nchat.send('hi');\n</script>\n"
            "<template><p>chat</p></template>\n"
        ),
    })
    _, component, _ = phases(folder, "/ws/chat")
    assert where(component) == {("web/src/App.vue", 4)}


def test_a_plugin_handle_reaches_only_its_own_app(project):
    folder = project({
        "server/app.py": WS_SERVER.format(path="/ws/x"),
        "admin/src/main.js": "import Vue from 'vue';\nimport VueNativeSock from 'vue-native-websocket';\n\nVue.use(VueNativeSock, 'ws://localhost:8000/ws/x');\n",
        "shop/src/Cart.vue": "<template><p /></template>\n<script>\nexport default { created() { this.$socket.send('x'); } };\n</script>\n",
    })
    hook, component, _ = phases(folder, "/ws/x")
    assert hook.status is Status.PASS and component.status is Status.FAIL


# --- Nuxt ------------------------------------------------------------------------------------

NUXT_CONFIG = "export default defineNuxtConfig({\n  runtimeConfig: { public: { socketUrl: process.env.NUXT_PUBLIC_SOCKET_URL || 'http://localhost:8000' } },\n});\n"
NUXT_PLUGIN = (
    "import { io } from 'socket.io-client';\n\n"
    "export default defineNuxtPlugin(() => {\n"
    "  const config = useRuntimeConfig();\n"
    "  const socket = io(config.public.socketUrl);\n"
    "  return { provide: { socket } };\n"
    "});\n"
)


def test_nuxt_plugin_provides_its_socket_as_dollar_socket():
    plugin = facts("app/plugins/socket.client.ts", NUXT_PLUGIN)
    (site,) = plugin.sockets
    assert (site.binding, site.provides, site.location.line) == ("default", ("$socket",), 5)
    composable = facts("app/composables/useFeed.ts", "export function useFeed() {\n  const { $socket } = useNuxtApp();\n  $socket.on('feed_item', () => {});\n}\n")
    assert [(u.target, u.holder) for u in composable.uses] == [(Ref(APP_HANDLE, "$socket"), "useFeed")]


def test_nuxt_plugin_url_from_runtime_config_and_auto_imported_composables(project):
    folder = project({
        "server/app.py": SIO_SERVER,
        "app/nuxt.config.ts": NUXT_CONFIG,
        "app/plugins/socket.client.ts": NUXT_PLUGIN,
        "app/composables/useFeed.ts": (
            "export function useFeed() {\n  const items = ref([]);\n  const { $socket } = useNuxtApp();\n"
            "  $socket.on('feed_item', (item) => items.value.push(item));\n  return items;\n}\n"
        ),
        "app/components/Feed.vue": "<script setup lang=\"ts\">\nconst items = useFeed();\n</script>\n<template><p v-for=\"i in items\">{{ i }}</p></template>\n",
        "app/pages/status.vue": "<script setup>\nconst online = computed(() => useNuxtApp().$socket.connected);\n</script>\n<template><p>{{ online }}</p></template>\n",
    })
    hook, component, _ = phases(folder)
    assert hook.status is Status.PASS and where(hook) == {("app/plugins/socket.client.ts", 5)}
    assert where(component) == {("app/components/Feed.vue", 2), ("app/pages/status.vue", 2)}


# --- Angular and RxJS ------------------------------------------------------------------------

NGX_SERVICE = (
    "import { Injectable } from '@angular/core';\nimport { Socket } from 'ngx-socket-io';\n\n"
    "@Injectable({ providedIn: 'root' })\n"
    "export class OrdersService {\n"
    "  constructor(private socket: Socket) {}\n"
    "  updates() { return this.socket.fromEvent<Order>('order_update'); }\n"
    "}\n"
)
NGX_COMPONENT = (
    "import { Component, inject } from '@angular/core';\nimport { OrdersService } from '../orders.service';\n\n"
    "@Component({ selector: 'app-orders', template: '<p>orders</p>' })\n"
    "export class OrdersComponent {\n"
    "  private readonly orders = inject(OrdersService);\n"
    "  updates$ = this.orders.updates();\n"
    "}\n"
)


def test_ngx_socket_io_service_facts():
    service = facts("src/app/orders.service.ts", NGX_SERVICE)
    assert [(u.target, u.holder, u.location.line) for u in service.uses] == [(Ref(APP_HANDLE, "ngx-socket-io:Socket"), "OrdersService", 6)]
    assert [(h.name, h.kind.value, h.location.line) for h in service.handled_types] == [("order_update", "listener", 7)]
    assert not service.renders_jsx
    component = facts("src/app/orders/orders.component.ts", NGX_COMPONENT)
    assert component.renders_jsx  # an Angular @Component renders
    assert [(u.target.name, u.holder, u.location.line) for u in component.uses] == [("OrdersService", "OrdersComponent", 6)]


def test_socket_io_module_for_root_and_a_component_injecting_the_service(project):
    folder = project({
        "server/app.py": SIO_SERVER,
        "src/environments/environment.ts": "export const environment = { production: false, wsUrl: 'http://localhost:8000' };\n",
        "src/app/app.module.ts": (
            "import { NgModule } from '@angular/core';\nimport { SocketIoModule } from 'ngx-socket-io';\n"
            "import { environment } from '../environments/environment';\n\n"
            "@NgModule({\n  imports: [SocketIoModule.forRoot({ url: environment.wsUrl, options: {} })],\n})\n"
            "export class AppModule {}\n"
        ),
        "src/app/orders.service.ts": NGX_SERVICE,
        "src/app/orders/orders.component.ts": NGX_COMPONENT,
    })
    hook, component, _ = phases(folder)
    assert where(hook) == {("src/app/app.module.ts", 6)}
    assert where(component) == {("src/app/orders/orders.component.ts", 6)}


def test_a_service_extending_socket_is_its_own_socket(project):
    folder = project({
        "server/app.py": SIO_SERVER,
        "src/app/chat.socket.ts": (
            "import { Injectable } from '@angular/core';\nimport { Socket } from 'ngx-socket-io';\n\n"
            "const CHAT_URL = 'http://localhost:8000';\n\n"
            "@Injectable()\nexport class ChatSocket extends Socket {\n"
            "  constructor() {\n    super({ url: CHAT_URL, options: {} });\n  }\n"
            "  messages() { return this.fromEvent('chat_message'); }\n"
            "}\n"
        ),
        "src/app/chat/chat.component.ts": (
            "import { Component } from '@angular/core';\nimport { ChatSocket } from '../chat.socket';\n\n"
            "@Component({ selector: 'app-chat', templateUrl: './chat.component.html' })\n"
            "export class ChatComponent {\n  constructor(private chat: ChatSocket) {}\n}\n"
        ),
    })
    hook, component, report = phases(folder)
    assert where(hook) == {("src/app/chat.socket.ts", 9)}
    assert where(component) == {("src/app/chat/chat.component.ts", 6)}
    assert [h.name for h in report.project.handled_types] == ["chat_message"]


def test_rxjs_websocket_in_a_module_and_in_a_class(project):
    folder = project({
        "server/app.py": WS_SERVER.format(path="/ws/quotes") + WS_SERVER.format(path="/ws/trades").replace("feed", "trades"),
        "src/streams.ts": (
            "import { webSocket } from 'rxjs/webSocket';\n\n"
            "export const quotes$ = webSocket<Quote>({ url: 'ws://localhost:8000/ws/quotes' });\n"
        ),
        "src/Quotes.tsx": (
            "import { useEffect } from 'react';\nimport { quotes$ } from './streams';\n\n"
            "export function Quotes() {\n"
            "  useEffect(() => {\n    const sub = quotes$.subscribe(console.log);\n    return () => sub.unsubscribe();\n  }, []);\n"
            "  return <table />;\n}\n"
        ),
        "src/trades.service.ts": (
            "import { Injectable } from '@angular/core';\nimport { WebSocketSubject } from 'rxjs/webSocket';\n\n"
            "@Injectable({ providedIn: 'root' })\nexport class TradesService {\n"
            "  private subject = new WebSocketSubject<Trade>('ws://localhost:8000/ws/trades');\n"
            "  feed() { return this.subject.multiplex(() => ({ sub: 1 }), () => ({ unsub: 1 }), () => true); }\n"
            "}\n"
        ),
        "src/trades.component.ts": (
            "import { Component } from '@angular/core';\nimport { TradesService } from './trades.service';\n\n"
            "@Component({ selector: 'app-trades', template: '' })\nexport class TradesComponent {\n"
            "  constructor(private trades: TradesService) {}\n}\n"
        ),
    })
    hook, component, _ = phases(folder, "/ws/quotes")
    assert where(hook) == {("src/streams.ts", 3)} and where(component) == {("src/Quotes.tsx", 6)}
    hook, component, _ = phases(folder, "/ws/trades")
    assert where(hook) == {("src/trades.service.ts", 6)} and where(component) == {("src/trades.component.ts", 6)}


def test_a_module_variable_a_function_assigns_the_socket_to(project):
    folder = project({
        "server/app.py": WS_SERVER.format(path="/ws/jobs"),
        "web/src/jobs.ts": (
            "export let jobs: WebSocket | null = null;\n\n"
            "export function openJobs() {\n  jobs = new WebSocket(`ws://${location.host}/ws/jobs`);\n}\n\n"
            "export function onJob(handler: (job: unknown) => void) {\n"
            "  jobs?.addEventListener('message', (event) => handler(JSON.parse(event.data)));\n}\n"
        ),
        "web/src/main.ts": "import { openJobs } from './jobs';\n\nopenJobs();\n",
        "web/src/JobList.tsx": (
            "import { jobs } from './jobs';\n\n"
            "export function JobList() {\n  jobs?.send('list');\n  return <ul />;\n}\n"
        ),
    })
    hook, component, _ = phases(folder, "/ws/jobs")
    assert where(hook) == {("web/src/jobs.ts", 4)}
    assert where(component) == {("web/src/JobList.tsx", 4)}


def test_a_sockets_setting_is_no_sockets_option_and_use_socket_is_a_use():
    config = facts("web/src/pool.ts", "export default {\n  sockets: { max: 10, idleMs: 5000 },\n  $options: {},\n};\n")
    assert not config.handled_types and not config.uses
    component = facts("web/src/Chat.vue", (
        "<script setup>\nimport { useSocket } from 'vue-socket.io-extended';\n\n"
        "const socket = useSocket();\nsocket.client.emit('join', 'lobby');\n</script>\n<template><p /></template>\n"
    ))
    assert [(u.target, u.location.line) for u in component.uses] == [(Ref(APP_HANDLE, "$socket"), 4)]
    options = facts("web/src/Board.vue", (
        "<template><p /></template>\n<script>\nexport default {\n"
        "  sockets: {\n    board_update: function (data) { this.data = data; },\n    reconnect: () => {},\n  },\n};\n</script>\n"
    ))
    assert [(h.name, h.location.line) for h in options.handled_types] == [("board_update", 5)]
