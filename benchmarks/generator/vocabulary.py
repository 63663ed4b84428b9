"""Words and names the generated code is made of, and the words ordinary files must avoid."""

from __future__ import annotations

from dataclasses import dataclass

# Words that must never appear in an ordinary (irrelevant) file, compared lowercase:
# they are the byte prefilter's triggers, so ordinary files must not trip it.
FORBIDDEN = ("websocket", "broadcast", "refetchinterval", "publish", "emit")

DOMAINS = [
    "order", "invoice", "customer", "product", "shipment", "payment", "account",
    "report", "inventory", "warehouse", "supplier", "ticket", "user", "profile",
    "catalog", "discount", "refund", "vendor", "contract", "budget", "expense",
    "employee", "project", "task", "asset", "location", "carrier", "quote", "lead",
    "campaign", "audit", "tenant", "team", "device", "sensor", "reading", "schedule",
    "booking", "review", "coupon", "region", "category", "document", "approval",
]
QUALIFIERS = [
    "pending", "active", "archived", "overdue", "recent", "daily", "monthly", "regional",
    "priority", "default", "external", "internal", "bulk", "draft", "open", "closed",
    "weekly", "flagged", "primary", "legacy",
]
VERBS = [
    "load", "fetch", "compute", "validate", "normalize", "summarize", "merge", "export",
    "archive", "sync", "reconcile", "resolve", "render", "parse", "build", "apply",
    "filter", "group", "rank", "score", "clean", "enrich", "index", "match", "split",
    "collect", "prepare", "refresh", "estimate", "format",
]
STATUSES = {
    "pending": "Pending review", "active": "Active", "archived": "Archived",
    "overdue": "Overdue", "draft": "Draft", "approved": "Approved",
    "rejected": "Rejected", "cancelled": "Cancelled", "on_hold": "On hold",
    "completed": "Completed", "in_progress": "In progress", "failed": "Failed",
}
PY_FIELDS = [
    ("name", "str", '""'), ("status", "str", '"pending"'), ("owner_id", "int", "0"),
    ("total", "float", "0.0"), ("quantity", "int", "0"), ("price", "float", "0.0"),
    ("currency", "str", '"USD"'), ("region", "str", '"eu-west"'), ("priority", "int", "3"),
    ("notes", "str", '""'), ("reference", "str", '""'), ("score", "float", "0.0"),
    ("label", "str", '""'), ("email", "str", '""'), ("country", "str", '"DE"'),
    ("version", "int", "1"), ("is_active", "bool", "True"), ("amount", "float", "0.0"),
    ("code", "str", '""'),
]
TS_FIELDS = [
    ("name", "string"), ("status", "string"), ("ownerId", "string"), ("total", "number"),
    ("quantity", "number"), ("price", "number"), ("currency", "string"),
    ("region", "string"), ("priority", "number"), ("notes", "string"),
    ("reference", "string"), ("score", "number"), ("label", "string"),
    ("email", "string"), ("country", "string"), ("version", "number"),
    ("isActive", "boolean"), ("amount", "number"), ("code", "string"),
    ("updatedAt", "string"), ("createdAt", "string"),
]
AREAS = [
    "dashboard", "orders", "settings", "billing", "reports", "users", "inventory",
    "analytics", "admin", "shared", "catalog", "support",
]
SENTENCES = [
    "Keeps the read path cheap by caching lookups for a short time.",
    "All amounts are stored in minor units and converted at the edge.",
    "The repository is injected so tests can pass an in-memory fake.",
    "Rows are returned in a stable order so exports are reproducible.",
    "Validation errors are collected and raised together.",
    "Timestamps are always timezone-aware and stored in UTC.",
    "Callers are expected to paginate; nothing here loads a whole table.",
    "This module has no side effects at import time.",
    "Retries use a capped exponential backoff.",
    "Status transitions are checked against the allowed table below.",
]
# Near misses: ordinary code that mentions "socket" or "event" but none of FORBIDDEN.
# Python entries are (import line or "", block).
NOISE_PY = [
    ("import socket", "def local_hostname() -> str:\n    \"\"\"Hostname used to tag metrics; the raw socket module is enough here.\"\"\"\n    return socket.gethostname()\n"),
    ("", "class EventLog:\n    \"\"\"Append-only audit trail of domain events, kept in memory per request.\"\"\"\n\n    def __init__(self) -> None:\n        self.events: list[dict] = []\n\n    def record_event(self, kind: str, **details) -> None:\n        # event kinds are free-form strings, e.g. 'created' or 'deleted'\n        self.events.append({\"kind\": kind, **details})\n\n    def __len__(self) -> int:\n        return len(self.events)\n"),
    ("", "# The SMTP relay closes idle socket connections after 60 seconds, so we reconnect lazily.\nSMTP_IDLE_TIMEOUT_SECONDS = 55\n"),
    ("", "def on_event(name: str, handler, registry: dict | None = None) -> dict:\n    \"\"\"Register a local event handler (in-process only).\"\"\"\n    registry = registry if registry is not None else {}\n    registry.setdefault(name, []).append(handler)\n    return registry\n"),
]
NOISE_TS = [
    "// The proxy drops idle socket connections after 60s; requests retry on their own.\n",
    "export function useEventListener(name: string, handler: (event: Event) => void) {\n  useEffect(() => {\n    window.addEventListener(name, handler);\n    return () => window.removeEventListener(name, handler);\n  }, [name, handler]);\n}\n",
    "const socketTimeoutMs = 15_000; // upstream socket timeout, shown in the help text\n",
    "function handleEvent(event: { kind: string }): string {\n  return event.kind.toUpperCase();\n}\n",
]
# Endpoint slugs; plan.topic_name() prefixes them with a domain once they run out.
WS_TOPICS = [
    "system-status", "order-book", "queue", "inventory-levels", "alerts", "job-progress",
    "notifications", "price-ticker", "fleet-positions", "chat", "presence", "metrics",
    "deployments", "audit-trail", "build-log", "incidents", "payments", "shipments",
    "sensor-readings", "webhook-status", "support-tickets", "leaderboard", "approvals",
    "exports", "imports", "sync-status", "health", "workers", "usage", "billing-events",
]


def plural(word: str) -> str:
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def camel(word: str) -> str:
    return "".join(part.capitalize() for part in word.replace("-", "_").split("_"))


def lower_camel(word: str) -> str:
    c = camel(word)
    return c[0].lower() + c[1:]


@dataclass
class Dom:
    """A domain word in the spellings the templates need."""

    s: str  # singular snake
    p: str  # plural snake
    C: str  # CamelCase singular
    U: str  # UPPER singular


def dom(word: str) -> Dom:
    return Dom(word, plural(word), camel(word), word.upper())

