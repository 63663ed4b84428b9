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
# A timer that sends over the socket (a pull or a keep-alive, for the map): a send on
# something named like a socket, or a socket hook's send function.
_SOCKET_SENDS = (b"ocket.send(", b"ocket.emit(", b"ws.send(", b".current.send(", b".current?.send(", b"sendJsonMessage(", b"sendMessage(")
PREFILTER_PAIRS = (
    (b"setInterval", _HTTP + _DATA + _HOOK_EXPORTS + _SOCKET_SENDS),
    (b"useInterval", _HTTP + _DATA),  # usehooks-ts, ahooks, react-use, Mantine, VueUse useIntervalFn
    (b"setTimeout", _HTTP + _SOCKET_SENDS),  # a re-armed timeout: `isLoading` alone says nothing
    (b"rxjs", (b"interval(", b"timer(")),
)
# Every pattern above, and the first word of every pair, holds one of these (tests hold it):
# a file holding none is not worth parsing, found in 6 scans of its bytes instead of 12.
_GATES = (b"Interval", b"ocket", b"Polling", b"wscheck:", b"setTimeout", b"rxjs")
FACTS_VERSION = "8"  # bump when what a client file's facts hold changes (cache key)


_MINIFIED_LINE = 400  # average bytes per line above which a file is a bundle


# A re-armed `setTimeout` polls when the function it re-runs fetches. A timeout whose
# callback sets React state (`setTimeout(() => setDebounced(v), ms)`, a debounce) or
# resolves a promise (`new Promise(r => setTimeout(r, ms))`, a sleep) re-runs nothing: such
# a file is not parsed on its account. (A prefilter only: the parser decides.)
_TIMEOUT_CALLBACK = re.compile(rb"setTimeout\(\s*(?:(?:async\s*)?\([^)]*\)\s*=>\s*\{?\s*)?([A-Za-z_$][\w$.]*)")
_NOT_RE_ARMING = re.compile(rb"set[A-Z]\w*|resolve|r|res|done|next")


# Signs of a built file (a bundle, a minified or compiled copy), read from its head and
# tail only: a bundler's banner near the top, a source map comment at the end, or lines
# that average over _BUILT_LINE bytes (minified code) in the sampled head and tail.
_BANNERS = (
    b"webpackBootstrap", b"webpackUniversalModuleDefinition",  # webpack's runtime, dev and library builds
    b"/*! For license information please see ",  # webpack + terser's extracted licences
    b".webpackChunk", b'["webpackChunk', b".webpackJsonp", b'["webpackJsonp',  # webpack 5 and 4 chunks (Next.js, CRA)
    b"parcelRequire",  # Parcel
    b"function r(e,n,t){function o(i,f){", b"(function e(t,n,r){function s(o,u){",  # browserify's prelude
)  # fmt: skip
# on a line of its own, as bundlers and compilers write it: `//# …`, `/*# … */`, the old `//@ …`
_SOURCE_MAPS = (b"\n//# sourceMappingURL=", b"\n/*# sourceMappingURL=", b"\n//@ sourceMappingURL=")
_HEAD = 4096  # bytes a banner stands within
_TAIL = 512  # bytes a source map comment stands within
_SAMPLE = 16384  # bytes of head and of tail whose lines are measured
_BUILT_LINE = 500
_SMALLEST_MINIFIED = 2048  # below this, one long line is a data literal, not a build


def built(source: bytes) -> str | None:
    """Why a client file is build output rather than the app's source, or None. Bytes only,
    at most the head and the tail; asked only of the files the analysis would parse."""
    size = len(source)
    tail = max(0, size - _TAIL)
    if any(source.find(comment, tail) >= 0 for comment in _SOURCE_MAPS):
        return "a source map comment"
    head = min(size, _HEAD)
    if any(source.find(banner, 0, head) >= 0 for banner in _BANNERS):
        return "a bundler's banner"
    if size < _SMALLEST_MINIFIED:
        return None
    if size <= 2 * _SAMPLE:
        lines = source.count(b"\n") + 1
        sampled = size
    else:
        lines = source.count(b"\n", 0, _SAMPLE) + source.count(b"\n", size - _SAMPLE) + 2
        sampled = 2 * _SAMPLE
    return f"minified: lines of {sampled // lines:,} bytes on average" if sampled > _BUILT_LINE * lines else None


def worth_parsing(source: bytes, bundles: bool = False) -> bool:
    """`bundles`: a file the `include` setting names is read for its timers even if minified."""
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
    return timers and (bundles or len(source) < _MINIFIED_LINE * (source.count(b"\n") + 1))


def _may_re_arm(source: bytes) -> bool:
    return any(not _NOT_RE_ARMING.fullmatch(m.group(1)) for m in _TIMEOUT_CALLBACK.finditer(source))
