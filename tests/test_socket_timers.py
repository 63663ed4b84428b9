"""Polling means HTTP: a timer that sends over the socket (a pull or a keep-alive) is no
polling site and no finding, but a fact the map lists under the client side; a timer
that only reads local data or updates the UI is nothing at all; a timer that fetches is
polling (both directions)."""

from __future__ import annotations

import json
import textwrap

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, run_scan
from wscheck.cli import main
from wscheck.extract.client import extract_client
from wscheck.facts import Message, Num, Obj, PollingKind, Ref, Role, Str
from wscheck.model.entities import SocketTimerKind

PULL_TIMERS = FIXTURES / "client_socket_pull_timers_ok"


def extract(source: str, path: str = "src/hooks/useStatus.ts"):
    return extract_client(path, textwrap.dedent(source).encode(), Role.CLIENT)


def test_timers_sending_over_the_socket_are_socket_timers_not_polling():
    facts = extract("""
        import { socket } from '../lib/socket';
        export function useStatus(url) {
          useEffect(() => {
            const ws = new WebSocket(url);
            const pull = setInterval(() => ws.send(JSON.stringify({ type: 'get_status' })), 5000);
            const ping = setInterval(() => socket.emit('ping_status'), 10_000);
            function heartbeat() { ws.send('ping'); setTimeout(heartbeat, 30_000); }
            heartbeat();
            const ask = setInterval(requestStatus, 15_000);
          }, []);
        }
        function requestStatus() { socket.volatile.emit('get_status', { verbose: true }); }
        """)
    assert facts.polling == ()
    assert [(t.kind, t.interval, t.location.line, t.messages, t.sockets) for t in facts.socket_timers] == [
        (PollingKind.SET_INTERVAL, Num(5000), 6, (Obj((("type", Str("get_status")),)),), ()),
        (PollingKind.SET_INTERVAL, Num(10_000), 7, (Message(Str("ping_status")),), (Ref("src/lib/socket", "socket"),)),
        (PollingKind.SET_TIMEOUT, Num(30_000), 8, (Str("ping"),), ()),
        (PollingKind.SET_INTERVAL, Num(15_000), 10, (Message(Str("get_status")),), (Ref("src/lib/socket", "socket"),)),
    ]
    assert dict((f.name, f.sends) for f in facts.functions)["requestStatus"] == (Message(Str("get_status")),)


def test_socket_hooks_send_functions_and_socket_refs():
    facts = extract("""
        import useWebSocket from 'react-use-websocket';
        export function useTicker(url) {
          const { sendJsonMessage } = useWebSocket(url);
          const wsRef = useRef(null);
          useEffect(() => {
            const a = setInterval(() => sendJsonMessage({ event: 'quotes.refresh' }), 2000);
            const b = setInterval(() => wsRef.current?.send(JSON.stringify({ type: 'heartbeat' })), 25_000);
          }, []);
        }
        """)
    assert facts.polling == ()
    assert [(t.location.line, t.messages) for t in facts.socket_timers] == [
        (7, (Obj((("event", Str("quotes.refresh")),)),)),
        (8, (Obj((("type", Str("heartbeat")),)),)),
    ]


@pytest.mark.parametrize("body", [
    "setNow(Date.now())",  # a clock
    "setDraft(localStorage.getItem('draft') ?? '')",  # local data
    "setRows(readCachedRows())",  # a local function reading a cache
    "store.dispatch({ type: 'tick' })",  # the UI's own state
    "setOffline(!navigator.onLine)",
    "emitter.emit('tick')",  # an event bus, not a socket
])
def test_a_timer_that_only_reads_local_data_or_updates_the_ui_is_nothing(body):
    facts = extract(f"""
        import {{ fetchRows }} from '../api/rows';
        function readCachedRows() {{ return JSON.parse(sessionStorage.getItem('rows') ?? '[]'); }}
        export function Panel() {{
          useEffect(() => {{ const id = setInterval(() => {body}, 1000); return () => clearInterval(id); }}, []);
        }}
        """, "src/components/Panel.tsx")
    assert facts.polling == () and facts.socket_timers == ()


@pytest.mark.parametrize("body", [
    "fetch('/api/rows').then((r) => r.json()).then(setRows)",
    "axios.get('/api/rows').then(({ data }) => setRows(data))",
    "fetchRows().then(setRows)",
    "queryClient.invalidateQueries({ queryKey: ['rows'] })",
    "loadRows()",  # a local function that fetches
])
def test_a_timer_that_makes_an_http_request_is_polling(body):
    facts = extract(f"""
        import {{ fetchRows }} from '../api/rows';
        async function loadRows() {{ setRows(await (await fetch('/api/rows')).json()); }}
        export function Panel() {{
          useEffect(() => {{ const id = setInterval(() => {body}, 1000); return () => clearInterval(id); }}, []);
        }}
        """, "src/components/Panel.tsx")
    assert [p.kind for p in facts.polling] == [PollingKind.SET_INTERVAL] and facts.socket_timers == ()


def test_the_model_resolves_kinds_intervals_types_and_the_socket_module(project):
    folder = project({
        "src/config.ts": "export const PULL_MS = 5_000;\nexport const Msg = { STATUS: 'get_status' } as const;\n",
        "src/lib/socket.ts": (
            "import { io } from 'socket.io-client';\nexport const socket = io('/live');\n"
            "export function requestJobs() { socket.emit('get_jobs'); }\n"
        ),
        "src/components/StatusBar.tsx": (
            "import { socket, requestJobs } from '../lib/socket';\nimport { PULL_MS, Msg } from '../config';\n"
            "export function StatusBar() {\n  useEffect(() => {\n"
            "    const a = setInterval(() => socket.emit(Msg.STATUS), PULL_MS);\n"
            "    const b = setInterval(() => socket.emit('ping'), 25_000);\n"
            "    const c = setInterval(requestJobs, 60_000);\n"
            "    const d = setInterval(() => socket.send(JSON.stringify(buildFrame())), 1_000);\n"
            "  }, []);\n  return <span />;\n}\n"
        ),
    })
    report = run_scan(folder)
    assert report.findings == [] and report.project.polling == ()
    assert [(t.location.line, t.kind, t.interval_ms, t.message_types, t.socket_modules) for t in report.project.socket_timers] == [
        (5, SocketTimerKind.PULL, 5000, ("get_status",), ("src/lib/socket",)),
        (6, SocketTimerKind.KEEP_ALIVE, 25_000, ("ping",), ("src/lib/socket",)),
        (7, SocketTimerKind.PULL, 60_000, ("get_jobs",), ("src/lib/socket",)),
        (8, SocketTimerKind.UNKNOWN, 1000, (), ("src/lib/socket",)),
    ]


def test_the_map_lists_them_under_the_client_side_in_every_format(monkeypatch):
    monkeypatch.chdir(PULL_TIMERS)
    text = CliRunner().invoke(main, ["map"]).output
    client = text.split("client connects from", 1)[1]
    assert "pulls over the socket every 5 s: get_status (client/src/hooks/usePrinterFarm.ts:17)" in client
    assert "keep-alive every 30 s: ping (client/src/hooks/usePrinterFarm.ts:20)" in client
    assert "HTTP polling: 0 site(s)" in text and "no endpoint's socket found" not in text
    document = json.loads(CliRunner().invoke(main, ["map", "--format", "json"]).output)
    (endpoint,) = document["endpoints"]
    assert endpoint["client"]["socket_timers"] == [
        {"file": "client/src/hooks/usePrinterFarm.ts", "line": 17, "kind": "pull", "interval_ms": 5000, "message_types": ["get_status"]},
        {"file": "client/src/hooks/usePrinterFarm.ts", "line": 20, "kind": "keep-alive", "interval_ms": 30000, "message_types": ["ping"]},
    ]
    assert document["socket_timers_without_endpoint"] == [] and document["polling"] == []
    markdown = CliRunner().invoke(main, ["map", "--format", "markdown"]).output
    assert "- Client timers on the socket (not HTTP polling):\n" \
           "  - pulls over the socket every 5 s: get_status (`client/src/hooks/usePrinterFarm.ts`)\n" \
           "  - keep-alive every 30 s: ping (`client/src/hooks/usePrinterFarm.ts`)\n" in markdown


def test_a_timer_on_a_socket_no_endpoint_matches_is_listed_on_its_own(monkeypatch, project):
    folder = project({
        "src/feed.ts": (
            "export function useFeed() {\n  const ws = new WebSocket('wss://feeds.example.com/v2');\n"
            "  setInterval(() => ws.send(JSON.stringify({ op: 'refresh' })), 20_000);\n}\n"
        ),
    })
    monkeypatch.chdir(folder)
    text = CliRunner().invoke(main, ["map"]).output
    assert "client timers sending over a socket (not HTTP polling) on no endpoint's socket found" in text
    assert "sends over the socket every 20 s (what it sends is not resolved) (src/feed.ts:3)" in text
