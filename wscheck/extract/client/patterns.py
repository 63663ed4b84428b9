"""Patterns: the bytes that make a client file worth parsing, checked before any parser loads."""

import re

PREFILTER = (
    b"WebSocket", b"refetchInterval", b"socket.io", b"wscheck:",
    b"refreshInterval", b"pollInterval", b"pollingInterval", b"startPolling",  # SWR, Apollo, RTK Query
    # socket plugins (Vue, Angular, RxJS) and the handles components use them by
    b"vue-native-websocket", b"vue-socketio", b"vue3-socket", b"ngx-socket-io", b"rxjs/webSocket",
    b"$socket", b"sockets:", b"$options.sockets",
)  # fmt: skip
# Timers are everyday UI code (clocks, animations, debounce): polling only when the file
# also holds an HTTP word, and never looked for in minified bundles (every library in one
# ships a `setInterval`, and their line:col help nobody). An RxJS ticker likewise.
# `http.`, not `http`: every file with a `https://` comment has that.
_HTTP = (
    b"fetch", b"Fetch", b"axios", b"ky.", b"ky(", b"http.", b"Http", b"api.", b"api(", b"/api", b"Api", b"Service",
    b"poll", b"Poll", b"getJson", b"getJSON",
)  # fmt: skip
_DATA = (b"load", b"Load", b"refresh", b"Refresh", b"invalidate", b"mutate", b"query", b"Query", b"request", b"Request")
# A project hook that runs what it is given on a timer (`useTimer(fn, ms)`): its call
# sites, found from it, decide whether it polls.
_HOOK_EXPORTS = (b"export function use", b"export const use", b"export default function use")
PREFILTER_PAIRS = (
    (b"setInterval", _HTTP + _DATA + _HOOK_EXPORTS),
    (b"useInterval", _HTTP + _DATA),  # usehooks-ts, ahooks, react-use, Mantine, VueUse useIntervalFn
    (b"setTimeout", _HTTP),  # a re-armed timeout: `isLoading` alone says nothing
    (b"rxjs", (b"interval(", b"timer(")),
)
# Every pattern above, and the first word of every pair, holds one of these (tests hold it):
# a file holding none is not worth parsing, found in 6 scans of its bytes instead of 12.
_GATES = (b"Interval", b"ocket", b"Polling", b"wscheck:", b"setTimeout", b"rxjs")
FACTS_VERSION = "6"  # bump when what a client file's facts hold changes (cache key)


_MINIFIED_LINE = 400  # average bytes per line above which a file is a bundle


# A re-armed `setTimeout` polls when the function it re-runs fetches. A timeout whose
# callback sets React state (`setTimeout(() => setDebounced(v), ms)`, a debounce) or
# resolves a promise (`new Promise(r => setTimeout(r, ms))`, a sleep) re-runs nothing: such
# a file is not parsed on its account. (A prefilter only: the parser decides.)
_TIMEOUT_CALLBACK = re.compile(rb"setTimeout\(\s*(?:(?:async\s*)?\([^)]*\)\s*=>\s*\{?\s*)?([A-Za-z_$][\w$.]*)")
_NOT_RE_ARMING = re.compile(rb"set[A-Z]\w*|resolve|r|res|done|next")


def worth_parsing(source: bytes) -> bool:
    for gate in _GATES:
        if gate in source:
            break
    else:
        return False
    if any(p in source for p in PREFILTER):
        return True
    timers = any(
        word in source and any(o in source for o in others) and (word != b"setTimeout" or _may_re_arm(source))
        for word, others in PREFILTER_PAIRS
    )
    return timers and len(source) < _MINIFIED_LINE * (source.count(b"\n") + 1)


def _may_re_arm(source: bytes) -> bool:
    return any(not _NOT_RE_ARMING.fullmatch(m.group(1)) for m in _TIMEOUT_CALLBACK.finditer(source))
