"""Client polling recognisers beyond TanStack: which calls and options become polling
sites, with which fetcher evidence and which open (parametric) interval."""

from __future__ import annotations

import textwrap

from wscheck.extract.client import extract_client
from wscheck.facts import Belief, Bool, Conditional, HandledKind, Num, Param, PollingKind, Ref, Role


def polling(source: str, path: str = "src/components/Panel.tsx"):
    result = extract_client(path, textwrap.dedent(source).encode(), Role.CLIENT)
    return [(p.kind, p.interval, p.location.line, p.fetcher, p.parametric) for p in result.polling]


def test_set_interval_needs_a_fetching_callback():
    found = polling("""
        import { loadJobs } from '../api/jobs';
        export function Panel() {
          useEffect(() => { const id = setInterval(() => setNow(Date.now()), 1000); }, []);
          useEffect(() => { const id = setInterval(loadJobs, 5000); }, []);
          useEffect(() => { const id = setInterval(() => queryClient.invalidateQueries({ queryKey: ['x'] }), 9000); }, []);
        }
        """)
    assert found == [
        (PollingKind.SET_INTERVAL, Num(5000), 5, Ref("src/api/jobs", "loadJobs"), None),
        (PollingKind.SET_INTERVAL, Num(9000), 6, None, None),
    ]


def test_set_timeout_counts_only_when_it_rearms_a_fetching_function():
    found = polling("""
        function poll() {
          fetch('/api/state').then(() => setTimeout(poll, 4000));
        }
        function debounce(fn) {
          setTimeout(fn, 300);
        }
        function blink() {
          toggle();
          setTimeout(blink, 500);
        }
        """)
    assert [(kind, interval, line) for kind, interval, line, _, _ in found] == [(PollingKind.SET_TIMEOUT, Num(4000), 3)]


def test_a_hooks_interval_and_callback_stay_open_for_its_call_sites():
    found = polling("""
        export function usePolling(fn, ms = 3000) {
          useEffect(() => { const id = setInterval(fn, ms); return () => clearInterval(id); }, [fn, ms]);
        }
        """, "src/hooks/usePolling.ts")
    assert found == [
        (PollingKind.SET_INTERVAL, Num(3000), 3, Param("src/hooks/usePolling:usePolling", "fn"),
         Param("src/hooks/usePolling:usePolling", "ms")),
    ]


def test_a_socket_guard_makes_a_timer_a_fallback():
    found = polling("""
        export function useStatus(socket) {
          useEffect(() => {
            if (socket.connected) return;
            const id = setInterval(() => fetch('/api/status'), 2000);
          }, []);
        }
        """)
    ((_, interval, _, _, _),) = found
    assert isinstance(interval, Conditional) and interval.then == Num(2000) and interval.otherwise == Bool(False)


def test_rtk_query_option_only_on_a_generated_query_hook():
    source = """
        export function Runners() {
          useGetRunnersQuery(undefined, { pollingInterval: 3000 });
          useLiveData({ pollingInterval: 3000 });
        }
        """
    result = extract_client("src/components/Panel.tsx", textwrap.dedent(source).encode(), Role.CLIENT)
    # a hook of unknown origin is believed by the option's name only (the model drops that
    # belief where it can follow the hook)
    assert [(p.kind, p.location.line, p.belief) for p in result.polling] == [
        (PollingKind.POLLING_INTERVAL, 3, Belief.SEEN),
        (PollingKind.POLLING_INTERVAL, 4, Belief.BY_NAME),
    ]


def test_rxjs_interval_needs_a_flattened_http_call():
    found = polling("""
        import { interval } from 'rxjs';
        import { switchMap, map } from 'rxjs/operators';
        export class S {
          a() { return interval(5000).pipe(switchMap(() => this.http.get('/api/a'))); }
          b() { return interval(1000).pipe(map((n) => n + 1)); }
        }
        """, "src/app/s.service.ts")
    assert [(kind, interval, line) for kind, interval, line, _, _ in found] == [(PollingKind.RXJS_INTERVAL, Num(5000), 5)]


def test_vue_script_blocks_keep_their_lines_and_socket_io_listeners_are_handled_types():
    source = """\
        <template><p>{{ n }}</p></template>
        <script lang="ts">
        export default { name: 'Feed' };
        </script>
        <script setup lang="ts">
        import { io } from 'socket.io-client';
        const socket = io('/feed');
        socket.on('feed_item', (item) => items.push(item));
        setInterval(() => fetch('/api/feed'), 6000);
        </script>
        """
    result = extract_client("src/Feed.vue", textwrap.dedent(source).encode(), Role.CLIENT)
    assert result.renders_jsx  # a .vue file with a template is a component (phase 4)
    assert [(s.constructor, s.location.line) for s in result.sockets] == [("io", 7)]
    assert [(h.name, h.kind, h.location.line) for h in result.handled_types] == [("feed_item", HandledKind.LISTENER, 8)]
    assert [(p.kind, p.location.line) for p in result.polling] == [(PollingKind.SET_INTERVAL, 9)]


def test_prefilter_takes_timers_only_beside_an_http_word_and_never_from_bundles():
    from wscheck.extract.client.patterns import worth_parsing

    source = b"import { fetchStatus } from './api';\nsetInterval(fetchStatus, 5000);\n"
    bundle = b"!function(){" + b"var a=1;" * 200 + b"setInterval(function(){fetch('/x')},5e3)}();"
    assert worth_parsing(source)
    assert not worth_parsing(b"// see https://example.com\nsetInterval(tick, 1000);\n")  # a clock
    assert not worth_parsing(bundle)
    assert worth_parsing(bundle.replace(b"setInterval", b"refetchInterval"))  # the query options still count
    assert not worth_parsing(b"const close = () => setTimeout(hide, 200);\n")  # a timeout alone is a debounce
    assert worth_parsing(b"function poll() {\n  fetch('/api');\n  setTimeout(poll, 5000);\n}\n")


def test_every_prefilter_pattern_holds_one_of_the_gates_that_rule_files_out_first():
    from wscheck.extract.client.patterns import _GATES, PREFILTER, PREFILTER_PAIRS, worth_parsing

    for pattern in PREFILTER + tuple(word for word, _ in PREFILTER_PAIRS):
        assert any(gate in pattern for gate in _GATES), pattern
    for pattern in PREFILTER:
        assert worth_parsing(b"const x = 1;\n" + pattern)
    for word, others in PREFILTER_PAIRS:
        assert worth_parsing(b"function poll() {\n  " + others[0] + b"(1);\n  " + word + b"(poll, 5000);\n}\n")


def test_socket_io_listeners_on_any_bound_socket_and_through_constants():
    source = """
        import { io } from 'socket.io-client';
        import { Events } from './events';
        const EVENTS = { JOB_DONE: 'job_done' } as const;
        const client = io('/jobs');
        client.on(EVENTS.JOB_DONE, (job) => show(job));
        client.on('connect', () => setOnline(true));
        client.once('job_failed', (job) => warn(job));
        emitter.on('job_lost', () => undefined);
        """
    result = extract_client("src/jobs.ts", textwrap.dedent(source).encode(), Role.CLIENT)
    assert [(h.name, h.location.line) for h in result.handled_types] == [("job_done", 6), ("job_failed", 8)]


def test_upkeep_timers_and_reconnect_loops_are_not_polling():
    found = polling("""
        import { refreshToken } from '../auth';
        export function useSession(url) {
          useEffect(() => { const id = setInterval(refreshToken, 600_000); }, []);
          useEffect(() => { const id = setInterval(() => fetch('/api/auth/keepalive'), 60_000); }, []);
          useEffect(() => { const id = setInterval(() => sendHeartbeat(), 30_000); }, []);
          const connect = async () => {
            const { ticket } = await (await fetch('/api/ws-ticket')).json();
            const ws = new WebSocket(`${url}?ticket=${ticket}`);
            ws.onclose = () => setTimeout(connect, 2000);
          };
        }
        """)
    assert found == []
