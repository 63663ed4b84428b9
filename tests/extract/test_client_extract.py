"""Client extraction: facts read from small TS/TSX/JS/Vue snippets."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from wscheck.extract.client import extract_client
from wscheck.facts import (
    Arith,
    Bool,
    ClientCall,
    ClientFacts,
    ClientParam,
    Conditional,
    Location,
    Num,
    Obj,
    OneOf,
    Opaque,
    Param,
    ParseFailure,
    Ref,
    Role,
    Str,
    Suppression,
    Template,
)


def facts(source: str, path: str = "src/hooks/useWs.ts") -> ClientFacts:
    result = extract_client(path, textwrap.dedent(source).lstrip("\n").encode(), Role.CLIENT)
    assert isinstance(result, ClientFacts), result
    return result


def intervals(source: str, path: str = "src/hooks/useWs.ts") -> list:
    return [site.interval for site in facts(source, path).polling]


def types(source: str, path: str = "src/ws.ts") -> list[tuple[str, int]]:
    return [(handled.name, handled.location.line) for handled in facts(source, path).handled_types]


# --- module, imports, constants -------------------------------------------------


def test_module_is_path_without_extension():
    assert facts("", "src/hooks/useWs.ts").module == "src/hooks/useWs"
    assert facts("const a = 1", "src/App.tsx").module == "src/App"
    assert facts("const a = 1", "src/types.d.ts").module == "src/types"


def test_imports_resolve_relative_specifiers_and_mark_packages():
    result = facts(
        """
        import X from './a';
        import { A as B, C } from '../config';
        import * as ns from '../config/index';
        import Comp from './Panel.vue';
        import { useQuery } from '@tanstack/react-query';
        import React, { useEffect } from 'react';
        import './side-effect';
        """
    )
    assert result.imports == (
        ("X", Ref("src/hooks/a", "default")),
        ("B", Ref("src/config", "A")),
        ("C", Ref("src/config", "C")),
        ("ns", Ref("src/config/index", "*")),
        ("Comp", Ref("src/hooks/Panel", "default")),
        ("useQuery", Ref("pkg:@tanstack/react-query", "useQuery")),
        ("React", Ref("pkg:react", "default")),
        ("useEffect", Ref("pkg:react", "useEffect")),
    )


def test_named_re_exports_count_as_imports():
    result = facts("export { useWs as useSocket } from './useWs';\nexport * as all from './all';", "src/index.ts")
    assert result.imports == (("useSocket", Ref("src/useWs", "useWs")), ("all", Ref("src/all", "*")))


def test_constants_literals_arithmetic_and_references():
    result = facts(
        """
        import { BASE } from './base';
        const MINUTE = 60 * 1_000;
        export const HEX = 0xff;
        const NAME = 'status';
        const ON = true;
        const URL = `${BASE}/ws/${NAME}`;
        const PLAIN = `/ws/plain`;
        const CFG = { url: URL, intervals: { fallback: MINUTE }, ['x' + 1]: 2 };
        const { url } = CFG;
        let mutable = 5;
        const NEG = -(2);
        """
    )
    constants = dict(result.constants)
    module = "src/hooks/useWs"
    assert constants["MINUTE"] == Arith("*", Num(60), Num(1000))
    assert constants["HEX"] == Num(255)
    assert constants["NAME"] == Str("status")
    assert constants["ON"] == Bool(True)
    assert constants["URL"] == Template((Ref("src/hooks/base", "BASE"), Str("/ws/"), Ref(module, "NAME")))
    assert constants["PLAIN"] == Str("/ws/plain")
    assert constants["CFG"] == Obj((("url", Ref(module, "URL")), ("intervals", Obj((("fallback", Ref(module, "MINUTE")),)))))
    assert constants["url"] == Ref(module, "CFG.url")
    assert "mutable" not in constants
    assert constants["NEG"] == Num(-2)


def test_default_export_and_enum_members_are_constants():
    result = facts("enum Msg { Status = 'status_update', Ping = 'ping' }\nexport default { wsUrl: '/ws' };")
    constants = dict(result.constants)
    assert constants["Msg.Status"] == Str("status_update")
    assert constants["default"] == Obj((("wsUrl", Str("/ws")),))


# --- functions and parameters ------------------------------------------------------


def test_functions_and_their_params():
    result = facts(
        """
        export function useWs(url: string, interval = 3000) {}
        const useOther = ({ url, pollingInterval = 3000, onMessage: handler, ...rest }: Options) => {};
        const useThird = async function (a, [b, c], ...more) {};
        function helper() {}
        export { useOther };
        """
    )
    by_name = {function.name: function for function in result.functions}
    assert by_name["useWs"].exported and by_name["useOther"].exported
    assert not by_name["useThird"].exported and not by_name["helper"].exported
    assert by_name["useWs"].location == Location("src/hooks/useWs.ts", 1, 17)
    assert by_name["useWs"].params == (ClientParam(0, "url", None, None), ClientParam(1, "interval", None, Num(3000)))
    assert by_name["useOther"].params == (
        ClientParam(0, "url", "url", None),
        ClientParam(0, "pollingInterval", "pollingInterval", Num(3000)),
        ClientParam(0, "handler", "onMessage", None),
    )
    assert by_name["useThird"].params == (ClientParam(0, "a", None, None), ClientParam(2, "more", None, None))


def test_default_exported_functions():
    named = facts("export default function useWs(url) {}")
    assert [(f.name, f.exported) for f in named.functions] == [("useWs", True)]
    assert dict(named.constants)["default"] == Ref("src/hooks/useWs", "useWs")
    anonymous = facts("export default (url) => {};")
    assert [(f.name, f.exported) for f in anonymous.functions] == [("default", True)]


def test_memo_wrapped_component_is_a_function():
    result = facts("const Panel = memo(({ id }) => <div>{id}</div>);", "src/Panel.tsx")
    assert [(f.name, f.params) for f in result.functions] == [("Panel", (ClientParam(0, "id", "id", None),))]


# --- calls -------------------------------------------------------------------------


def test_calls_to_project_functions_with_resolved_args():
    result = facts(
        """
        import useReliableWebSocket from './useReliableWebSocket';
        import { useQuery } from '@tanstack/react-query';
        import * as api from '../api';
        const PATH = '/ws/system-status';
        function local(x) {}
        export function useStatus(interval = 30000) {
          useReliableWebSocket({ url: PATH, pollingInterval: interval });
          useQuery({ queryKey: ['s'] });
          console.log('x');
          api.fetchStatus(PATH);
          local(1);
        }
        """
    )
    module = "src/hooks/useWs"
    assert result.calls == (
        ClientCall(
            Ref("src/hooks/useReliableWebSocket", "default"),
            (Obj((("url", Ref(module, "PATH")), ("pollingInterval", Num(30000)))),),
            Location("src/hooks/useWs.ts", 7, 3),
            "useStatus",
        ),
        ClientCall(Ref("src/api", "fetchStatus"), (Ref(module, "PATH"),), Location("src/hooks/useWs.ts", 10, 3), "useStatus"),
        ClientCall(Ref(module, "local"), (Num(1),), Location("src/hooks/useWs.ts", 11, 3), "useStatus"),
    )


# --- sockets -----------------------------------------------------------------------


def test_socket_with_template_url():
    result = facts(
        """
        const base = 'ws://localhost:8000';
        export const ws = new WebSocket(`${base}/ws/system-status`);
        """
    )
    (site,) = result.sockets
    assert site.constructor == "WebSocket"
    assert site.url == Template((Ref("src/hooks/useWs", "base"), Str("/ws/system-status")))
    assert site.location == Location("src/hooks/useWs.ts", 2, 19)
    assert site.function is None


def test_wrapper_hook_socket_url_is_a_param():
    result = facts(
        """
        export function useReliableWebSocket({ url, pollingInterval = 3000 }: Options) {
          useEffect(() => {
            const socket = new WebSocket(url);
          }, [url]);
        }
        export function usePlain(path) { return new ReconnectingWebSocket(path); }
        """
    )
    assert [(s.constructor, s.url, s.function) for s in result.sockets] == [
        ("WebSocket", Param("src/hooks/useWs:useReliableWebSocket", "url"), "useReliableWebSocket"),
        ("ReconnectingWebSocket", Param("src/hooks/useWs:usePlain", "path"), "usePlain"),
    ]


def test_nested_function_params_shadow_and_stay_opaque():
    result = facts(
        """
        export function useWs(url) {
          const connect = (url) => new WebSocket(url);
        }
        """
    )
    assert result.sockets[0].url == Opaque("url")


def test_library_sockets():
    result = facts(
        """
        import useWebSocket from 'react-use-websocket';
        import { io } from 'socket.io-client';
        import { WS_URL } from '../config';
        export function useFeed() {
          const { lastJsonMessage } = useWebSocket(WS_URL);
          const socket = io('/events');
        }
        """
    )
    assert [(s.constructor, s.url) for s in result.sockets] == [
        ("useWebSocket", Ref("src/config", "WS_URL")),
        ("io", Str("/events")),
    ]


def test_project_hook_named_useWebSocket_is_a_call_not_a_socket():
    result = facts("import { useWebSocket } from './useWebSocket';\nuseWebSocket('/ws/a');")
    assert result.sockets == ()
    assert [call.callee for call in result.calls] == [Ref("src/hooks/useWebSocket", "useWebSocket")]


# --- polling -----------------------------------------------------------------------


def test_interval_literal_arithmetic_false_and_zero():
    assert intervals(
        """
        useQuery({ refetchInterval: 60 * 1000 });
        useQuery({ refetchInterval: false });
        useQuery({ refetchInterval: 0 });
        useQuery({ 'refetchInterval': 5000 });
        """
    ) == [Arith("*", Num(60), Num(1000)), Bool(False), Num(0), Num(5000)]


def test_interval_via_const_member_and_import():
    module = "src/hooks/useWs"
    assert intervals(
        """
        import { POLL_MS, config } from '../config';
        const FAST = 3000;
        const intervals = { fallback: 60000 };
        export function useA() {
          const local = 10_000;
          const opts = { every: 2000 };
          useQuery({ refetchInterval: FAST });
          useQuery({ refetchInterval: intervals.fallback });
          useQuery({ refetchInterval: POLL_MS });
          useQuery({ refetchInterval: config.intervals.fallback });
          useQuery({ refetchInterval: local });
          useQuery({ refetchInterval: opts.every });
        }
        """
    ) == [
        Ref(module, "FAST"),
        Ref(module, "intervals.fallback"),
        Ref("src/config", "POLL_MS"),
        Ref("src/config", "config.intervals.fallback"),
        Num(10000),
        Num(2000),
    ]


def test_fallback_ternary_with_default_param():
    result = facts(
        """
        export function useReliableWebSocket({ url, pollingInterval = 3000 }) {
          const { data } = useQuery({
            queryKey,
            refetchInterval: state.isConnected ? false : pollingInterval,
          });
        }
        """
    )
    (site,) = result.polling
    assert site.interval == Conditional("state.isConnected", Bool(False), Num(3000))
    assert site.location == Location("src/hooks/useWs.ts", 4, 5)
    assert site.function == "useReliableWebSocket"
    assert not site.global_default


def test_interval_param_without_default_is_a_param():
    assert intervals("export function usePoll(ms) { useQuery({ refetchInterval: ms }); }") == [
        Param("src/hooks/useWs:usePoll", "ms")
    ]


def test_interval_functions_are_evaluated_by_their_result():
    assert intervals(
        """
        useQuery({ refetchInterval: (query) => (query.state.data?.done ? false : 2000) });
        useQuery({ refetchInterval: (q) => { if (q.x) { return false; } return 1000; } });
        useQuery({ refetchInterval: enabled && 4000 });
        useQuery({ refetchInterval: options.interval ?? 5000 });
        """
    ) == [
        Conditional("query.state.data?.done", Bool(False), Num(2000)),
        OneOf((Bool(False), Num(1000))),
        Conditional("enabled", Num(4000), Bool(False)),
        OneOf((Opaque("options.interval"), Num(5000))),
    ]


def test_shorthand_refetch_interval_resolves_the_identifier():
    assert intervals("export function useA() { const refetchInterval = 7000; useQuery({ queryKey, refetchInterval }); }") == [
        Num(7000)
    ]


def test_refetch_interval_in_comment_string_or_type_is_not_a_site():
    result = facts(
        """
        // refetchInterval: 3000 was removed
        /* refetchInterval: 1000 */
        const doc = 'set refetchInterval: 3000 to poll';
        const key = `refetchInterval`;
        interface Options { refetchInterval?: number }
        useQuery({ queryKey: ['refetchInterval'] });
        """
    )
    assert result.polling == ()


def test_query_client_default_options_is_a_global_default():
    result = facts(
        """
        const POLL = 5000;
        export const queryClient = new QueryClient({
          defaultOptions: { queries: { refetchInterval: POLL, staleTime: 0 } },
        });
        const other = new Thing({ defaultOptions: { queries: { refetchInterval: 1 } } });
        useQuery({ refetchInterval: 2 });
        """,
        "src/main.tsx",
    )
    assert [(site.interval, site.global_default, site.location.line) for site in result.polling] == [
        (Ref("src/main", "POLL"), True, 3),
        (Num(1), False, 5),
        (Num(2), False, 6),
    ]


# --- handled message types ---------------------------------------------------------


def test_handled_types_in_comparisons():
    assert types(
        """
        if (msg.type === 'status_update') {}
        if ('queue_update' == data.event) {}
        if (payload?.message_type !== "x") {}
        if (msg['type'] === 'indexed') {}
        if (typeof msg === 'string') {}
        if (msg.kind === 'not_a_type_key') {}
        """
    ) == [("status_update", 1), ("queue_update", 2), ("x", 3), ("indexed", 4)]


def test_handled_types_in_switch():
    assert types(
        """
        switch (msg.type) {
          case 'a':
            break;
          case "b": {
            break;
          }
          case OTHER:
          default:
        }
        switch (mode) { case 'not_a_type': break; }
        """
    ) == [("a", 2), ("b", 4)]


def test_handled_types_in_interfaces_and_type_aliases():
    assert types(
        """
        interface StatusMessage { type: 'status_update'; data: Status }
        type Incoming = { type: 'queue_update' | 'adw_update' } | { type: ('ping') };
        type Other = { kind: 'nope' };
        interface Envelope { payload: { type: 'nested' } }
        """
    ) == [("status_update", 1), ("queue_update", 2), ("adw_update", 2), ("ping", 2), ("nested", 4)]


def test_handled_types_from_socket_listeners():
    assert types(
        """
        socket.on('chat_message', handle);
        socketRef.current.on('presence', handle);
        socket.on('connect', onConnect);
        ws.addEventListener('message', handle);
        emitter.on('change', handle);
        """
    ) == [("chat_message", 1), ("presence", 2)]


# --- JSX, Vue, suppressions, failures ----------------------------------------------


def test_renders_jsx():
    assert facts("export const A = () => <div />;", "src/A.tsx").renders_jsx
    assert facts("export const A = () => <><span>x</span></>;", "src/A.jsx").renders_jsx
    assert not facts("export const a = 1 < 2;", "src/a.ts").renders_jsx


def test_vue_script_setup_keeps_original_lines():
    source = """
        <template>
          <div>{{ status }}</div>
        </template>

        <script setup lang="ts">
        import { useQuery } from '@tanstack/vue-query'
        const ws = new WebSocket('/ws/status')
        const q = useQuery({ queryKey: ['s'], refetchInterval: 5000 })
        if (msg.type === 'status_update') {}
        </script>
        """
    result = facts(source, "src/components/Status.vue")
    assert result.module == "src/components/Status"
    assert result.renders_jsx
    assert result.imports == (("useQuery", Ref("pkg:@tanstack/vue-query", "useQuery")),)
    assert [(s.url, s.location.line, s.location.column) for s in result.sockets] == [(Str("/ws/status"), 7, 12)]
    assert [(p.interval, p.location.line, p.location.column) for p in result.polling] == [(Num(5000), 8, 39)]
    assert [(h.name, h.location.line) for h in result.handled_types] == [("status_update", 9)]


def test_vue_two_script_blocks_on_one_line():
    source = '<script>const A = 1</script><script setup>const ws = new WebSocket("/ws/a")</script>'
    result = facts(source, "src/W.vue")
    assert dict(result.constants)["A"] == Num(1)
    assert [(s.url, s.location.column) for s in result.sockets] == [(Str("/ws/a"), 54)]


def test_vue_without_template_and_script_on_first_line():
    result = facts('<script>import { x } from "./x"; export default { mounted() { new WebSocket(x) } }</script>', "src/W.vue")
    assert not result.renders_jsx
    assert [(s.url, s.location.column) for s in result.sockets] == [(Ref("src/x", "x"), 63)]


def test_vue_markup_that_html_parser_rejects_is_not_a_failure():
    result = extract_client("src/W.vue", b"<template><![a-z]></template><script>const a = 1</script>", Role.CLIENT)
    assert isinstance(result, ClientFacts)


def test_suppression_comments():
    result = facts(
        """
        // wscheck: ignore[WS201, ws202]
        useQuery({ refetchInterval: 3000 }); // wscheck: ignore
        /* wscheck: ignore[WS301] */
        // not a wscheck: ignore directive
        // wscheck: ignored
        """
    )
    assert result.suppressions == (
        Suppression(1, ("WS201", "WS202")),
        Suppression(2, (), own_line=False),  # trailing: covers its own line only
        Suppression(3, ("WS301",)),
    )


def test_columns_count_characters_not_bytes():
    result = facts("const é = '→'; const ws = new WebSocket('/ws');")
    assert result.sockets[0].location == Location("src/hooks/useWs.ts", 1, 27)


def test_non_utf8_bytes_are_a_parse_failure():
    result = extract_client("src/bad.ts", b"const a = 1;\nconst b = '\xff';\n", Role.CLIENT)
    assert result == ParseFailure("src/bad.ts", Location("src/bad.ts", 2, 12), "not valid UTF-8")


def test_empty_file_gives_empty_facts():
    result = extract_client("src/empty.ts", b"", Role.CLIENT)
    assert result == ClientFacts("src/empty.ts", "src/empty", Role.CLIENT, (), (), (), (), (), (), (), False, ())


def test_broken_syntax_still_yields_facts():
    result = facts("const FAST = 1000;\nconst broken = ;\nif (\nuseQuery({ refetchInterval: FAST });")
    assert dict(result.constants)["FAST"] == Num(1000)
    assert len(result.polling) == 1


def test_plain_js_and_jsx_use_the_tsx_grammar():
    result = facts("const x = a < b > (c);\nif (m.type == 'q') {}\nexport const A = () => <b />;", "src/legacy.js")
    assert [h.name for h in result.handled_types] == ["q"]
    assert result.renders_jsx


def test_deep_expressions_do_not_raise():
    source = "const S = " + " + ".join(["'a'"] * 3000) + ";\nuseQuery({ refetchInterval: S });"
    result = facts(source)
    assert len(result.polling) == 1


def test_importing_the_package_does_not_load_tree_sitter():
    code = "import sys, wscheck.extract.client; assert 'tree_sitter' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])
