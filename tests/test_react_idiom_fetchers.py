"""Issue 21 (5): fetchers behind React idioms and generics. A timer's callback held by
`useCallback`/`useMemo`/`useRef`, taken from a hook's result, or fetching through a call
with type arguments (`await getJson<Order[]>(url)`) is judged by what it does."""

from __future__ import annotations

import textwrap

from conftest import run_scan

from wscheck.extract.client import extract_client
from wscheck.facts import Bool, PollingKind, Ref, Role


def polling(source: str, path: str = "src/components/Panel.tsx"):
    result = extract_client(path, textwrap.dedent(source).encode(), Role.CLIENT)
    return [(p.location.line, p.fetcher) for p in result.polling if p.kind is PollingKind.SET_INTERVAL]


def test_use_callback_and_use_memo_fetchers_poll_and_state_updates_do_not():
    found = polling("""
        import { useCallback, useMemo, useRef } from 'react';
        export function Panel() {
          const checkStatus = useCallback(async () => { await fetch('/api/status'); }, []);
          const tick = useCallback(() => setNow(Date.now()), []);
          const pull = useMemo(() => () => fetch('/api/metrics'), []);
          const build = useMemo(() => { return () => api.get('/api/report'); }, []);
          const count = useMemo(() => () => setCount((c) => c + 1), []);
          const latest = useRef(async () => { await fetch('/api/latest'); });
          useEffect(() => { const id = setInterval(checkStatus, 10000); }, []);
          useEffect(() => { const id = setInterval(tick, 1000); }, []);
          useEffect(() => { const id = setInterval(pull, 7000); }, []);
          useEffect(() => { const id = setInterval(build, 8000); }, []);
          useEffect(() => { const id = setInterval(count, 1000); }, []);
          useEffect(() => { const id = setInterval(() => latest.current(), 9000); }, []);
        }
        """)
    assert found == [(10, None), (12, None), (13, None), (15, None)]


def test_a_destructured_refetch_polls_and_a_project_hook_member_is_left_to_the_model():
    found = polling("""
        import { useQuery } from '@tanstack/react-query';
        import { useOrdersApi } from '../hooks/useOrdersApi';
        import { useClock } from 'clock-kit';
        export function Panel() {
          const { refetch: update } = useQuery({ queryKey: ['x'], queryFn });
          const { doFetch } = useOrdersApi();
          const { advance, reloadFeed } = useClock();
          useEffect(() => { const id = setInterval(update, 8000); }, []);
          useEffect(() => { const id = setInterval(doFetch, 9000); }, []);
          useEffect(() => { const id = setInterval(advance, 1000); }, []);
          useEffect(() => { const id = setInterval(reloadFeed, 5000); }, []);
        }
        """)
    assert found == [(9, None), (10, Ref("src/hooks/useOrdersApi", "useOrdersApi.doFetch")), (12, None)]


def test_a_hook_says_which_of_its_returned_members_fetch():
    source = """
        import { useCallback, useMemo, useState } from 'react';
        export function useOrdersApi() {
          const [orders, setOrders] = useState([]);
          const doFetch = useCallback(async () => setOrders(await (await fetch('/api/orders')).json()), []);
          const clear = useCallback(() => setOrders([]), []);
          function helper() { return { nested: () => fetch('/x') }; }
          return { orders, doFetch, clear, reload: () => doFetch(), save: (o) => setOrders(o) };
        }
        export function useToasts() {
          const [toasts, setToasts] = useState([]);
          const dismiss = useCallback(() => setToasts([]), []);
          const load = useCallback(() => fetch('/api/toasts'), []);
          return useMemo(() => ({ toasts, dismiss, load }), [toasts, dismiss, load]);
        }
        """
    result = extract_client("src/hooks/useOrdersApi.ts", textwrap.dedent(source).encode(), Role.CLIENT)
    returns = {f.name: dict(f.returns) for f in result.functions}
    yes, no = Bool(True), Bool(False)
    assert returns["useOrdersApi"] == {"orders": no, "doFetch": yes, "clear": no, "reload": yes, "save": no}
    assert returns["useToasts"] == {"toasts": no, "dismiss": no, "load": yes}


def test_a_call_with_type_arguments_is_still_a_call():
    found = polling("""
        import { getJson } from '../lib/http';
        export function Panel({ connected }) {
          useEffect(() => {
            if (connected) return;
            const id = setInterval(async () => { const orders = await getJson<Order[]>('/api/orders'); setOrders(orders); }, 5000);
          }, [connected]);
          const id2 = setInterval(() => void getJson<Order[]>('/api/a'), 6000);
          const id3 = setInterval(async () => !(await api.get<Order[]>('/api/b')), 7000);
        }
        """)
    assert found == [(6, Ref("src/lib/http", "getJson")), (8, Ref("src/lib/http", "getJson")), (9, None)]
    result = extract_client("src/x.ts", b"export async function load() { return await getJson<T[]>('/api/x'); }\n", Role.CLIENT)
    assert result.calls == ()  # getJson is no project function of this file: nothing to record
    result = extract_client(
        "src/x.ts",
        b"import { getJson } from './http';\nexport async function load() { return await getJson<T[]>('/api/x'); }\n",
        Role.CLIENT,
    )
    assert [(c.callee, c.args) for c in result.calls] == [(Ref("src/http", "getJson"), (result.calls[0].args[0],))]


def test_hook_members_on_timers_across_modules(project):
    hook = """
        import { useCallback, useState } from 'react';
        export function useOrdersApi() {
          const [orders, setOrders] = useState([]);
          const doFetch = useCallback(async () => setOrders(await (await fetch('/api/orders')).json()), []);
          const clearOrders = useCallback(() => setOrders([]), []);
          return { orders, doFetch, clearOrders };
        }
        """
    board = """
        import { useOrdersApi } from '../hooks/useOrdersApi';
        export function Board() {
          const { doFetch, clearOrders } = useOrdersApi();
          useEffect(() => { const id = setInterval(doFetch, 20000); return () => clearInterval(id); }, [doFetch]);
          useEffect(() => { const id = setInterval(clearOrders, 60000); return () => clearInterval(id); }, []);
          return null;
        }
        """
    files = {"src/hooks/useOrdersApi.ts": textwrap.dedent(hook), "src/components/Board.tsx": textwrap.dedent(board)}
    report = run_scan(project(files), select=("WS2",))
    assert [(f.location.file, f.location.line, f.code) for f in report.findings] == [("src/components/Board.tsx", 5, "WS201")]
