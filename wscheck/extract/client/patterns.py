"""Patterns: the bytes that make a client file worth parsing, checked before any parser loads."""

PREFILTER = (
    b"WebSocket", b"refetchInterval", b"socket.io", b"wscheck:",
    b"refreshInterval", b"pollInterval", b"pollingInterval", b"startPolling",  # SWR, Apollo, RTK Query
    b"setInterval", b"useInterval",  # timers (kept only when the callback fetches)
)  # fmt: skip
# (word, any of these): a recursive `setTimeout` or an RxJS ticker is polling only when
# the file also makes an HTTP call; alone, each is everyday code (debounce, animation).
PREFILTER_PAIRS = (
    (b"setTimeout", (b"fetch", b"axios", b"ky.", b"ky(", b"http", b"api.", b"Api.", b"Service", b"poll", b"refetch")),
    (b"rxjs", (b"interval(", b"timer(")),
)
FACTS_VERSION = "2"  # bump when what a client file's facts hold changes (cache key)


def worth_parsing(source: bytes) -> bool:
    return any(p in source for p in PREFILTER) or any(
        word in source and any(other in source for other in others) for word, others in PREFILTER_PAIRS
    )
