"""Patterns: the bytes that make a client file worth parsing, checked before any parser loads."""

PREFILTER = (
    b"WebSocket", b"refetchInterval", b"socket.io", b"wscheck:",
    b"refreshInterval", b"pollInterval", b"pollingInterval", b"startPolling",  # SWR, Apollo, RTK Query
)  # fmt: skip
# Timers: everyday in UI code, polling only when the callback fetches; never looked for in
# minified bundles (whose every library ships a `setInterval`, and whose line:col help nobody).
TIMER_WORDS = (b"setInterval", b"useInterval")
# (word, any of these): a recursive `setTimeout` or an RxJS ticker is polling only when
# the file also makes an HTTP call; alone, each is everyday code (debounce, animation).
PREFILTER_PAIRS = (
    (b"setTimeout", (b"fetch", b"axios", b"ky.", b"ky(", b"http", b"api.", b"Api.", b"Service", b"poll", b"refetch")),
    (b"rxjs", (b"interval(", b"timer(")),
)
FACTS_VERSION = "2"  # bump when what a client file's facts hold changes (cache key)


_MINIFIED_LINE = 400  # average bytes per line above which a file is a bundle


def worth_parsing(source: bytes) -> bool:
    if any(p in source for p in PREFILTER):
        return True
    timers = any(p in source for p in TIMER_WORDS) or any(
        word in source and any(other in source for other in others) for word, others in PREFILTER_PAIRS
    )
    return timers and len(source) < _MINIFIED_LINE * (source.count(b"\n") + 1)
