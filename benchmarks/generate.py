#!/usr/bin/env python3
"""Generate a deterministic synthetic FastAPI + React project for benchmarking wscheck.

    python benchmarks/generate.py OUTDIR --files N [--seed S] [--relevant-percent P]

N counts every source and doc file of the project proper (server Python, client TS/TSX,
tests, Markdown); the ignored trees (`node_modules/`, `dist/`, `client/dist/`) and the
metadata files (`pyproject.toml`, `package.json`, `tsconfig.json`, `.gitignore`,
`.bench-manifest.json`) come on top. About P% of the N files are WebSocket- or
polling-related; every other file is ordinary application code in which none of the
words in FORBIDDEN occurs (case-insensitively), so the byte prefilter is measured
honestly. A few percent of the ordinary files mention "socket" or "event" (near misses).

The same arguments always produce the same bytes. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from dataclasses import dataclass, field

GENERATOR_VERSION = 1
MANIFEST_NAME = ".bench-manifest.json"

# Words that must never appear in an ordinary (irrelevant) file, compared lowercase.
FORBIDDEN = ("websocket", "broadcast", "refetchinterval", "publish", "emit")

MODULES_PER_PACKAGE = 40
NODE_MODULES_FILES = 300
DIST_FILES = 40

# --- vocabulary --------------------------------------------------------------------

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
WS_TOPICS = [
    "system-status", "order-book", "queue", "inventory-levels", "alerts", "job-progress",
    "notifications", "price-ticker", "fleet-positions", "chat", "presence", "metrics",
    "deployments", "audit-trail", "build-log", "incidents", "payments", "shipments",
    "sensor-readings", "webhook-status", "support-tickets", "leaderboard", "approvals",
    "exports", "imports", "sync-status", "health", "workers", "usage", "billing-events",
]
CONTROL_TS_CASES = ["pong", "error", "connected"]


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
    s: str  # singular snake
    p: str  # plural snake
    C: str  # CamelCase singular
    U: str  # UPPER singular


def dom(word: str) -> Dom:
    return Dom(word, plural(word), camel(word), word.upper())


# --- Python blocks (ordinary code) --------------------------------------------------
# Each returns (text, needed_imports). Imports are header lines deduplicated later.

IMP_LOG = "import logging"
IMP_ASYNC = "import asyncio"
IMP_DC = "from dataclasses import dataclass, field"
IMP_DT = "from datetime import datetime, timedelta, timezone"
IMP_ENUM = "from enum import Enum"
IMP_CACHE = "from functools import lru_cache"
IMP_TYPING = "from typing import Any, Iterable, Optional"
IMP_FASTAPI = "from fastapi import APIRouter, Depends, HTTPException, Query"
IMP_JSON = "import json"
IMP_PYDANTIC = "from pydantic import BaseModel, Field"


def py_constants(r: random.Random, d: Dom, q: str) -> tuple[str, set]:
    statuses = r.sample(list(STATUSES), r.randint(3, 6))
    lines = [
        f"DEFAULT_{d.U}_PAGE_SIZE = {r.choice([20, 25, 50, 100])}",
        f"MAX_{q.upper()}_{d.U}_RETRIES = {r.randint(2, 6)}",
        f"{q.upper()}_{d.U}_CACHE_TTL = timedelta(seconds={r.choice([30, 60, 300, 900, 3600])})",
        "",
        f"{q.upper()}_{d.U}_STATUS_LABELS = {{",
    ]
    lines += [f'    "{s}": "{STATUSES[s]}",' for s in statuses]
    lines += ["}", "", f"{d.U}_TRANSITIONS: dict[str, tuple[str, ...]] = {{"]
    for s in statuses:
        nxt = tuple(x for x in statuses if x != s)[: r.randint(1, 3)]
        lines.append(f'    "{s}": {nxt!r},')
    lines.append("}")
    return "\n".join(lines) + "\n", {IMP_DT}


def py_enum(r: random.Random, d: Dom, q: str) -> tuple[str, set]:
    statuses = r.sample(list(STATUSES), r.randint(3, 7))
    lines = [f"class {camel(q)}{d.C}State(str, Enum):", f'    """Lifecycle states of a {q} {d.s}."""', ""]
    lines += [f'    {s.upper()} = "{s}"' for s in statuses]
    lines += [
        "",
        "    @property",
        "    def is_terminal(self) -> bool:",
        f"        return self in ({', '.join(f'{camel(q)}{d.C}State.{s.upper()}' for s in statuses[-2:])})",
    ]
    return "\n".join(lines) + "\n", {IMP_ENUM}


def py_dataclass(r: random.Random, d: Dom, q: str) -> tuple[str, set]:
    fields = r.sample(PY_FIELDS, r.randint(4, 9))
    name = f"{camel(q)}{d.C}Record"
    lines = ["@dataclass", f"class {name}:", f'    """A {d.s} row as the service layer sees it."""', "", "    id: int"]
    lines += [f"    {f}: {t} = {dflt}" for f, t, dflt in fields]
    lines += [
        "    tags: list[str] = field(default_factory=list)",
        "    created_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))",
        "",
        "    def to_dict(self) -> dict[str, Any]:",
        "        return {",
        '            "id": self.id,',
    ]
    lines += [f'            "{f}": self.{f},' for f, _, _ in fields]
    lines += [
        '            "tags": list(self.tags),',
        '            "created_at": self.created_at.isoformat(),',
        "        }",
        "",
        "    @classmethod",
        f'    def from_row(cls, row: dict[str, Any]) -> "{name}":',
        "        return cls(",
        '            id=int(row["id"]),',
    ]
    lines += [f'            {f}=row.get("{f}", {dflt}),' for f, _, dflt in fields]
    lines += ['            tags=list(row.get("tags") or []),', "        )"]
    return "\n".join(lines) + "\n", {IMP_DC, IMP_DT, IMP_TYPING}


def _method(r: random.Random, d: Dom, q: str, kind: int) -> list[str]:
    if kind == 0:
        return [
            f"    def list_{q}_{d.p}(self, status: Optional[str] = None, limit: int = 50) -> list[dict[str, Any]]:",
            f'        """Return at most ``limit`` {d.p}, newest first."""',
            "        results = []",
            "        for row in self.repository.fetch_all(order_by=\"-created_at\"):",
            "            if status is not None and row.get(\"status\") != status:",
            "                continue",
            "            results.append(self._to_row(row))",
            "            if len(results) >= limit:",
            "                break",
            "        return results",
        ]
    if kind == 1:
        return [
            f"    def get_{d.s}(self, {d.s}_id: int) -> dict[str, Any]:",
            f"        cached = self._cache.get({d.s}_id)",
            "        if cached is not None:",
            "            return cached",
            f"        row = self.repository.get({d.s}_id)",
            "        if row is None:",
            f'            raise KeyError(f"{d.s} {{{d.s}_id}} not found")',
            f"        self._cache[{d.s}_id] = row",
            "        return row",
        ]
    if kind == 2:
        f1, f2 = r.sample(PY_FIELDS, 2)
        return [
            f"    def create_{d.s}(self, payload: dict[str, Any]) -> dict[str, Any]:",
            "        errors = []",
            f'        if not payload.get("{f1[0]}"):',
            f'            errors.append("{f1[0]} is required")',
            f'        if "{f2[0]}" in payload and payload["{f2[0]}"] is None:',
            f'            errors.append("{f2[0]} must not be null")',
            "        if errors:",
            '            raise ValueError("; ".join(errors))',
            "        row = {**payload, \"created_at\": datetime.now(timezone.utc).isoformat()}",
            "        row_id = self.repository.add(row)",
            f'        logger.info("created {d.s} %s", row_id)',
            '        return {**row, "id": row_id}',
        ]
    if kind == 3:
        return [
            f"    def update_{d.s}(self, {d.s}_id: int, changes: dict[str, Any]) -> dict[str, Any]:",
            f"        current = dict(self.get_{d.s}({d.s}_id)) if hasattr(self, \"get_{d.s}\") else {{}}",
            "        for key, value in changes.items():",
            "            if key in self.READ_ONLY_FIELDS:",
            '                raise ValueError(f"{key} is read-only")',
            "            current[key] = value",
            f"        self.repository.update({d.s}_id, current)",
            f"        self._cache.pop({d.s}_id, None)",
            "        return current",
        ]
    if kind == 4:
        fields = r.sample(PY_FIELDS, r.randint(3, 6))
        out = ["    def _to_row(self, row: dict[str, Any]) -> dict[str, Any]:", "        return {", '            "id": row.get("id"),']
        out += [f'            "{f}": row.get("{f}", {dflt}),' for f, _, dflt in fields]
        out += ["        }"]
        return out
    if kind == 5:
        return [
            f"    async def refresh_{q}_{d.p}(self) -> int:",
            "        async with self._lock:",
            "            rows = await self.repository.fetch_all_async()",
            "            self._cache = {row[\"id\"]: row for row in rows}",
            f'            logger.debug("refreshed %d {d.p}", len(rows))',
            "            return len(rows)",
        ]
    return [
        f"    def count_by_status(self) -> dict[str, int]:",
        "        counts: dict[str, int] = {}",
        "        for row in self.repository.fetch_all():",
        "            key = row.get(\"status\", \"unknown\")",
        "            counts[key] = counts.get(key, 0) + 1",
        "        return dict(sorted(counts.items()))",
    ]


def py_service(r: random.Random, d: Dom, q: str, force: tuple = ()) -> tuple[str, set]:
    name = f"{camel(q)}{d.C}Service"
    lines = [
        f"class {name}:",
        f'    """Business logic for {q} {d.p}.',
        "",
        f"    {r.choice(SENTENCES)}",
        '    """',
        "",
        '    READ_ONLY_FIELDS = frozenset({"id", "created_at"})',
        "",
        "    def __init__(self, repository, cache: Optional[dict] = None) -> None:",
        "        self.repository = repository",
        "        self._cache: dict[int, dict[str, Any]] = cache if cache is not None else {}",
        "        self._lock = asyncio.Lock()",
    ]
    for kind in sorted(set(r.sample(range(7), r.randint(3, 6))) | set(force)):
        lines.append("")
        lines += _method(r, d, q, kind)
    return "\n".join(lines) + "\n", {IMP_ASYNC, IMP_DT, IMP_TYPING, IMP_LOG}


def py_aggregate(r: random.Random, d: Dom, q: str) -> tuple[str, set]:
    f = r.choice(["total", "amount", "price", "score"])
    return (
        f"def summarize_{q}_{d.p}(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:\n"
        f'    """Totals per status and region for the {q} {d.s} report."""\n'
        "    by_status: dict[str, float] = {}\n"
        "    by_region: dict[str, int] = {}\n"
        "    count = 0\n"
        "    for row in rows:\n"
        "        count += 1\n"
        '        status = row.get("status", "unknown")\n'
        f'        by_status[status] = by_status.get(status, 0.0) + float(row.get("{f}") or 0)\n'
        '        region = row.get("region") or "unassigned"\n'
        "        by_region[region] = by_region.get(region, 0) + 1\n"
        "    top = sorted(by_status.items(), key=lambda item: item[1], reverse=True)[:5]\n"
        "    return {\n"
        '        "count": count,\n'
        '        "by_status": by_status,\n'
        '        "by_region": by_region,\n'
        '        "top": [name for name, _ in top],\n'
        "    }\n",
        {IMP_TYPING},
    )


def py_validate(r: random.Random, d: Dom, q: str) -> tuple[str, set]:
    fields = r.sample(PY_FIELDS, r.randint(2, 5))
    lines = [
        f"def validate_{q}_{d.s}(payload: dict[str, Any]) -> list[str]:",
        f'    """Return the list of problems with a {d.s} payload (empty when valid)."""',
        "    problems = []",
    ]
    for fname, ftype, _ in fields:
        if ftype == "str":
            lines += [f'    if not isinstance(payload.get("{fname}"), str):', f'        problems.append("{fname} must be a string")']
        elif ftype in ("int", "float"):
            lines += [f'    value = payload.get("{fname}")', "    if value is not None and value < 0:", f'        problems.append("{fname} must not be negative")']
        else:
            lines += [f'    if "{fname}" not in payload:', f'        problems.append("{fname} is missing")']
    lines += ["    return problems"]
    return "\n".join(lines) + "\n", {IMP_TYPING}


def py_parse(r: random.Random, d: Dom, q: str) -> tuple[str, set]:
    return (
        f"def parse_{q}_{d.s}_rows(lines: Iterable[str]) -> tuple[list[dict[str, Any]], int]:\n"
        f'    """Parse JSON lines exported by the legacy {d.s} system; count the bad ones."""\n'
        "    rows, skipped = [], 0\n"
        "    for number, line in enumerate(lines, start=1):\n"
        "        line = line.strip()\n"
        '        if not line or line.startswith("#"):\n'
        "            continue\n"
        "        try:\n"
        "            row = json.loads(line)\n"
        "        except json.JSONDecodeError:\n"
        f'            logger.warning("skipping malformed {d.s} row on line %d", number)\n'
        "            skipped += 1\n"
        "            continue\n"
        '        row.setdefault("status", "pending")\n'
        "        rows.append(row)\n"
        "    return rows, skipped\n",
        {IMP_JSON, IMP_LOG, IMP_TYPING},
    )


def py_paginate(r: random.Random, d: Dom, q: str) -> tuple[str, set]:
    return (
        f"def paginate_{q}_{d.p}(items: list[Any], page: int = 1, size: int = {r.choice([20, 25, 50])}) -> dict[str, Any]:\n"
        "    if page < 1:\n"
        '        raise ValueError("page starts at 1")\n'
        "    start = (page - 1) * size\n"
        "    chunk = items[start : start + size]\n"
        "    return {\n"
        '        "items": chunk,\n'
        '        "page": page,\n'
        '        "size": size,\n'
        '        "total": len(items),\n'
        '        "has_next": start + size < len(items),\n'
        "    }\n",
        {IMP_TYPING},
    )


def py_gather(r: random.Random, d: Dom, q: str) -> tuple[str, set]:
    return (
        f"async def {r.choice(VERBS)}_{q}_{d.p}_concurrently(client, ids: list[int], limit: int = {r.choice([4, 8, 16])}) -> list[dict]:\n"
        f'    """Fetch many {d.p} with bounded concurrency."""\n'
        "    semaphore = asyncio.Semaphore(limit)\n"
        "\n"
        "    async def one(item_id: int) -> dict:\n"
        "        async with semaphore:\n"
        f'            response = await client.get(f"/{d.p}/{{item_id}}")\n'
        "            response.raise_for_status()\n"
        "            return response.json()\n"
        "\n"
        "    results = await asyncio.gather(*(one(i) for i in ids), return_exceptions=True)\n"
        "    failures = [r for r in results if isinstance(r, Exception)]\n"
        "    if failures:\n"
        f'        logger.warning("%d of %d {d.s} lookups failed", len(failures), len(ids))\n'
        "    return [r for r in results if not isinstance(r, Exception)]\n",
        {IMP_ASYNC, IMP_LOG},
    )


def py_cached(r: random.Random, d: Dom, q: str) -> tuple[str, set]:
    keys = r.sample(list(STATUSES), 3)
    return (
        f"@lru_cache(maxsize={r.choice([64, 128, 256, 1024])})\n"
        f"def {q}_{d.s}_weight(status: str, priority: int = 3) -> float:\n"
        "    base = {" + ", ".join(f'"{k}": {r.randint(1, 9)}.0' for k in keys) + "}.get(status, 1.0)\n"
        "    if priority <= 1:\n"
        "        return base * 2\n"
        "    if priority >= 5:\n"
        "        return base / 2\n"
        "    return base\n",
        {IMP_CACHE},
    )


def py_schema(r: random.Random, d: Dom, q: str) -> tuple[str, set]:
    fields = r.sample(PY_FIELDS, r.randint(3, 7))
    lines = [f"class {camel(q)}{d.C}In(BaseModel):"]
    lines += [f"    {f}: {t} = {dflt}" for f, t, dflt in fields]
    lines += ["", "", f"class {camel(q)}{d.C}Out({camel(q)}{d.C}In):", "    id: int", "    created_at: datetime"]
    return "\n".join(lines) + "\n", {IMP_PYDANTIC, IMP_DT}


def py_http_routes(r: random.Random, d: Dom, q: str) -> tuple[str, set]:
    svc = f"{camel(q)}{d.C}Service"
    return (
        f'router = APIRouter(prefix="/{d.p}", tags=["{d.p}"])\n'
        "\n"
        "\n"
        f"def get_{d.s}_service() -> {svc}:\n"
        f"    return {svc}(repository=None)\n"
        "\n"
        "\n"
        '@router.get("")\n'
        f"async def list_{d.p}(status: Optional[str] = Query(None), service: {svc} = Depends(get_{d.s}_service)):\n"
        f"    return service.list_{q}_{d.p}(status=status)\n"
        "\n"
        "\n"
        f'@router.get("/{{{d.s}_id}}")\n'
        f"async def read_{d.s}({d.s}_id: int, service: {svc} = Depends(get_{d.s}_service)):\n"
        "    try:\n"
        f"        return service.get_{d.s}({d.s}_id)\n"
        "    except KeyError as exc:\n"
        "        raise HTTPException(status_code=404, detail=str(exc)) from exc\n"
        "\n"
        "\n"
        '@router.post("", status_code=201)\n'
        f"async def create_{d.s}(payload: dict, service: {svc} = Depends(get_{d.s}_service)):\n"
        "    try:\n"
        f"        return service.create_{d.s}(payload)\n"
        "    except ValueError as exc:\n"
        "        raise HTTPException(status_code=422, detail=str(exc)) from exc\n",
        {IMP_FASTAPI, IMP_TYPING},
    )


PY_BLOCKS = [py_constants, py_enum, py_dataclass, py_service, py_aggregate, py_validate,
             py_parse, py_paginate, py_gather, py_cached, py_schema]
# service classes are the bulk of real backends: weight them up
PY_WEIGHTS = [3, 2, 3, 5, 2, 2, 2, 1, 2, 1, 2]
IMPORT_ORDER = [
    "from __future__ import annotations", IMP_ASYNC, IMP_JSON, IMP_LOG, "import socket",
    IMP_DC, IMP_DT, IMP_ENUM, IMP_CACHE, IMP_TYPING, IMP_FASTAPI, IMP_PYDANTIC,
]


def py_module(r: random.Random, *, target: int, doms: list[Dom], api: bool, noise: bool,
              imports_from: list[tuple[str, str]], extra_imports=(), extra_blocks=(),
              title: str | None = None) -> str:
    """Assemble an ordinary-looking module of roughly `target` lines."""
    blocks: list[str] = []
    needed: set = set(extra_imports)
    lines = 0
    d0 = doms[0]
    if api:
        svc_text, svc_imp = py_service(r, d0, "core", force=(0, 1, 2))
        blocks.append(svc_text)
        needed |= svc_imp
        routes, imp = py_http_routes(r, d0, "core")
        blocks.append(routes)
        needed |= imp
        lines += svc_text.count("\n") + routes.count("\n")
    for text in extra_blocks:
        blocks.append(text)
        lines += text.count("\n") + 2
    while lines < target:
        fn = r.choices(PY_BLOCKS, PY_WEIGHTS)[0]
        text, imp = fn(r, r.choice(doms), r.choice(QUALIFIERS))
        blocks.append(text)
        needed |= imp
        lines += text.count("\n") + 2
    if noise:
        imp, text = r.choice(NOISE_PY)
        if imp:
            needed.add(imp)
        blocks.insert(r.randrange(len(blocks) + 1), text)
    if title is None:
        title = f"{camel(r.choice(QUALIFIERS))} {d0.s} handling: {r.choice(VERBS)} and {r.choice(VERBS)} {d0.p}."
    head = [f'"""{title}', "", r.choice(SENTENCES), '"""', "", "from __future__ import annotations", ""]
    std = [i for i in IMPORT_ORDER[1:] if i in needed]
    third = [i for i in std if i in (IMP_FASTAPI, IMP_PYDANTIC)]
    head += [i for i in std if i not in third]
    head += [i for i in sorted(needed) if i not in IMPORT_ORDER]
    if third:
        head += [""] + third
    if imports_from:
        head.append("")
        head += [f"from {mod} import {name}" for mod, name in imports_from]
    if IMP_LOG in needed:
        head += ["", "logger = logging.getLogger(__name__)"]
    return "\n".join(head) + "\n\n\n" + "\n\n".join(blocks)


# --- TypeScript / TSX blocks (ordinary code) ----------------------------------------


def ts_interface(r: random.Random, name: str) -> str:
    fields = r.sample(TS_FIELDS, r.randint(4, 9))
    body = "\n".join(f"  {f}{'?' if r.random() < 0.2 else ''}: {t};" for f, t in fields)
    return f"export interface {name} {{\n  id: string;\n{body}\n}}\n"


def ts_helpers(r: random.Random, d: Dom, q: str) -> str:
    kind = r.randrange(4)
    if kind == 0:
        return (
            f"function format{camel(q)}Amount(value: number, currency = 'USD'): string {{\n"
            "  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(value);\n"
            "}\n"
        )
    if kind == 1:
        return (
            f"function compare{camel(q)}{d.C}(a: {{ name: string; priority?: number }}, b: {{ name: string; priority?: number }}): number {{\n"
            "  const byPriority = (a.priority ?? 99) - (b.priority ?? 99);\n"
            "  if (byPriority !== 0) {\n"
            "    return byPriority;\n"
            "  }\n"
            "  return a.name.localeCompare(b.name);\n"
            "}\n"
        )
    if kind == 2:
        return (
            f"function formatDate{camel(q)}(iso?: string): string {{\n"
            "  if (!iso) {\n"
            "    return '—';\n"
            "  }\n"
            "  const date = new Date(iso);\n"
            "  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });\n"
            "}\n"
        )
    statuses = r.sample(list(STATUSES), r.randint(3, 6))
    colors = ["green", "amber", "red", "gray", "blue", "violet"]
    body = "\n".join(f"  {s}: '{r.choice(colors)}'," for s in statuses)
    return f"const {q.upper()}_{d.U}_COLORS: Record<string, string> = {{\n{body}\n}};\n"


def _sig(text: str) -> str:
    return re.split(r"[(=:]", text, maxsplit=1)[0]


def tsx_subcomponent(r: random.Random, d: Dom, q: str, row: str) -> str:
    name = f"{camel(q)}{d.C}Row"
    cols = r.sample([f for f, _ in TS_FIELDS], r.randint(2, 5))
    cells = "\n".join(f"      <td className=\"cell-{c}\">{{String(item.{c} ?? '')}}</td>" for c in cols)
    return (
        f"function {name}({{ item, onSelect }}: {{ item: {row}; onSelect?: (id: string) => void }}) {{\n"
        "  return (\n"
        "    <tr onClick={() => onSelect?.(item.id)}>\n"
        f"{cells}\n"
        "    </tr>\n"
        "  );\n"
        "}\n"
    )


def tsx_component(r: random.Random, *, name: str, target: int, d: Dom, noise: bool,
                  hook_imports: list[tuple[str, str]], comp_imports: list[tuple[str, str]],
                  extra_imports=(), extra_state: str = "", query_extra: str = "",
                  extra_jsx: str = "", resource: str = "") -> str:
    resource = resource or f"/api/v1/{d.p}"
    q = r.choice(QUALIFIERS)
    row = f"{d.C}Row"
    parts = [ts_interface(r, row)]
    parts.append(
        f"interface {name}Props {{\n  title?: string;\n  accountId: string;\n  onSelect?: (id: string) => void;\n}}\n"
    )
    parts.append(f"const PAGE_SIZE = {r.choice([10, 20, 25, 50])};\n")
    subs, seen = [], set()
    lines = sum(p.count("\n") + 1 for p in parts) + 60
    while lines < target:
        if r.random() < 0.5:
            text = tsx_subcomponent(r, d, r.choice(QUALIFIERS), row)
        else:
            text = ts_helpers(r, d, r.choice(QUALIFIERS))
        sig = _sig(text)
        if sig not in seen:
            seen.add(sig)
            subs.append(text)
        lines += text.count("\n") + 1
    parts += subs
    row_components = [s.split("(", 1)[0].split()[-1] for s in subs if s.startswith("function ") and s.split("(", 1)[0].endswith("Row")]
    used_hooks = "".join(f"  const {lower_camel(h)}Result = {h}(accountId);\n" for _, h in hook_imports)
    rendered = "".join(f"        <{c} />\n" for _, c in comp_imports)
    row_el = (f"<{row_components[0]} key={{item.id}} item={{item}} onSelect={{onSelect}} />" if row_components
              else "<tr key={item.id}><td>{item.id}</td></tr>")
    sort_field = r.choice(["name", "status", "updatedAt"])
    main = (
        f"export default function {name}({{ title = '{camel(q)} {d.p.replace('_', ' ')}', accountId, onSelect }}: {name}Props) {{\n"
        "  const [page, setPage] = useState(0);\n"
        "  const [filter, setFilter] = useState('');\n"
        "  const [sortAsc, setSortAsc] = useState(true);\n"
        f"{extra_state}"
        f"{used_hooks}"
        "  const { data, isLoading, error } = useQuery({\n"
        f"    queryKey: ['{d.p}', accountId, page],\n"
        f"    queryFn: () => api.get<{row}[]>(`{resource}?account=${{accountId}}&page=${{page}}&size=${{PAGE_SIZE}}`),\n"
        f"    staleTime: {r.choice(['30_000', '60_000', '5 * 60 * 1000', '0'])},\n"
        f"{query_extra}"
        "  });\n"
        "\n"
        "  const rows = useMemo(() => {\n"
        "    const needle = filter.trim().toLowerCase();\n"
        "    const visible = (data ?? []).filter((item) => !needle || String(item.name ?? '').toLowerCase().includes(needle));\n"
        f"    return [...visible].sort((a, b) => (sortAsc ? 1 : -1) * String(a.{sort_field} ?? '').localeCompare(String(b.{sort_field} ?? '')));\n"
        "  }, [data, filter, sortAsc]);\n"
        "\n"
        "  useEffect(() => {\n"
        "    setPage(0);\n"
        "  }, [filter]);\n"
        "\n"
        "  const toggleSort = useCallback(() => setSortAsc((value) => !value), []);\n"
        "\n"
        "  if (isLoading) {\n"
        "    return <div className=\"spinner\" aria-busy=\"true\" />;\n"
        "  }\n"
        "  if (error) {\n"
        "    return <div role=\"alert\" className=\"error-banner\">{String(error)}</div>;\n"
        "  }\n"
        "\n"
        "  return (\n"
        f"    <section className=\"{d.s}-panel\">\n"
        "      <header className=\"panel-header\">\n"
        "        <h2>{title}</h2>\n"
        "        <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder=\"Filter…\" />\n"
        "        <button type=\"button\" onClick={toggleSort}>\n"
        "          {sortAsc ? 'Ascending' : 'Descending'}\n"
        "        </button>\n"
        "      </header>\n"
        f"{extra_jsx}"
        "      <table>\n"
        "        <tbody>\n"
        "          {rows.map((item) => (\n"
        f"            {row_el}\n"
        "          ))}\n"
        "        </tbody>\n"
        "      </table>\n"
        "      <footer>\n"
        "        <button type=\"button\" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>\n"
        "          Previous\n"
        "        </button>\n"
        "        <span>Page {page + 1}</span>\n"
        "        <button type=\"button\" disabled={rows.length < PAGE_SIZE} onClick={() => setPage((p) => p + 1)}>\n"
        "          Next\n"
        "        </button>\n"
        f"{rendered}"
        "      </footer>\n"
        "    </section>\n"
        "  );\n"
        "}\n"
    )
    parts.append(main)
    if noise:
        parts.insert(r.randrange(1, len(parts)), r.choice(NOISE_TS))
    head = [
        "import React, { useCallback, useEffect, useMemo, useState } from 'react';",
        "import { useQuery } from '@tanstack/react-query';",
        "import { api } from '../lib/api';",
    ]
    head += list(extra_imports)
    head += [f"import {{ {h} }} from '{m}';" for m, h in hook_imports]
    head += [f"import {c} from '{m}';" for m, c in comp_imports]
    return "\n".join(head) + "\n\n" + "\n".join(parts)


def ts_hook_module(r: random.Random, *, idx: int, target: int, d: Dom, noise: bool) -> tuple[str, list[str]]:
    C = d.C
    row = f"{C}Item{idx}"
    exports = []
    parts = [ts_interface(r, row)]
    parts.append(
        f"export const {d.s}Keys{idx} = {{\n"
        f"  all: ['{d.p}'] as const,\n"
        f"  list: (filters: Record<string, string>) => [...{d.s}Keys{idx}.all, 'list', filters] as const,\n"
        f"  detail: (id: string) => [...{d.s}Keys{idx}.all, 'detail', id] as const,\n"
        "};\n"
    )
    list_hook = f"use{C}List{idx}"
    exports.append(list_hook)
    parts.append(
        f"export function {list_hook}(accountId: string, filters: Record<string, string> = {{}}) {{\n"
        "  return useQuery({\n"
        f"    queryKey: {d.s}Keys{idx}.list({{ accountId, ...filters }}),\n"
        f"    queryFn: () => api.get<{row}[]>(`/api/v1/{d.p}?account=${{accountId}}`),\n"
        "    enabled: Boolean(accountId),\n"
        f"    staleTime: {r.choice(['30_000', '60_000', '10 * 60 * 1000'])},\n"
        "    refetchOnWindowFocus: false,\n"
        "  });\n"
        "}\n"
    )
    optional = [
        (
            f"use{C}Detail{idx}",
            f"export function use{C}Detail{idx}(id?: string) {{\n"
            "  return useQuery({\n"
            f"    queryKey: {d.s}Keys{idx}.detail(id ?? ''),\n"
            f"    queryFn: () => api.get<{row}>(`/api/v1/{d.p}/${{id}}`),\n"
            "    enabled: id !== undefined,\n"
            "  });\n"
            "}\n",
        ),
        (
            f"useUpdate{C}{idx}",
            f"export function useUpdate{C}{idx}() {{\n"
            "  const queryClient = useQueryClient();\n"
            "  return useMutation({\n"
            f"    mutationFn: (changes: Partial<{row}> & {{ id: string }}) => api.patch(`/api/v1/{d.p}/${{changes.id}}`, changes),\n"
            "    onSuccess: () => {\n"
            f"      queryClient.invalidateQueries({{ queryKey: {d.s}Keys{idx}.all }});\n"
            "    },\n"
            "  });\n"
            "}\n",
        ),
        (
            f"useDebounced{idx}",
            f"export function useDebounced{idx}<T>(value: T, delayMs = {r.choice([200, 250, 300, 500])}): T {{\n"
            "  const [debounced, setDebounced] = useState(value);\n"
            "  useEffect(() => {\n"
            "    const handle = setTimeout(() => setDebounced(value), delayMs);\n"
            "    return () => clearTimeout(handle);\n"
            "  }, [value, delayMs]);\n"
            "  return debounced;\n"
            "}\n",
        ),
        (
            f"useStoredState{idx}",
            f"export function useStoredState{idx}(key: string, initial: string) {{\n"
            "  const [value, setValue] = useState<string>(() => window.localStorage.getItem(key) ?? initial);\n"
            "  const update = useCallback(\n"
            "    (next: string) => {\n"
            "      window.localStorage.setItem(key, next);\n"
            "      setValue(next);\n"
            "    },\n"
            "    [key],\n"
            "  );\n"
            "  return [value, update] as const;\n"
            "}\n",
        ),
        (
            f"use{C}Selection{idx}",
            f"export function use{C}Selection{idx}() {{\n"
            "  const [selected, setSelected] = useState<Set<string>>(() => new Set());\n"
            "  const toggle = useCallback((id: string) => {\n"
            "    setSelected((current) => {\n"
            "      const next = new Set(current);\n"
            "      if (next.has(id)) {\n"
            "        next.delete(id);\n"
            "      } else {\n"
            "        next.add(id);\n"
            "      }\n"
            "      return next;\n"
            "    });\n"
            "  }, []);\n"
            "  const clear = useCallback(() => setSelected(new Set()), []);\n"
            "  return { selected, toggle, clear, count: selected.size };\n"
            "}\n",
        ),
    ]
    r.shuffle(optional)
    lines = sum(p.count("\n") + 1 for p in parts)
    for hname, text in optional:
        if lines >= target:
            break
        parts.append(text)
        exports.append(hname)
        lines += text.count("\n") + 1
    seen = set()
    while lines < target:
        text = ts_helpers(r, d, r.choice(QUALIFIERS))
        if _sig(text) not in seen:
            seen.add(_sig(text))
            parts.append("export " + text if text.startswith("function") else text)
        lines += text.count("\n") + 1
    if noise:
        parts.append(r.choice(NOISE_TS))
    head = (
        "import { useCallback, useEffect, useState } from 'react';\n"
        "import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';\n"
        "import { api } from '../lib/api';\n\n"
    )
    return head + "\n".join(parts), exports


# --- WebSocket plan -----------------------------------------------------------------


@dataclass
class Endpoint:
    name: str  # slug, e.g. "system-status"
    types: list[str]  # message types it sends: [<snake>_update, maybe <snake>_alert]
    covered: dict[str, bool]  # type -> broadcast somewhere in production code
    self_push: bool  # endpoint sends updates itself inside a loop
    router_idx: int = -1
    hook_slot: int = -1
    comp_slot: tuple = ()
    wrong_path: bool = False

    @property
    def snake(self) -> str:
        return self.name.replace("-", "_")

    @property
    def path(self) -> str:
        return f"/ws/{self.name}"

    @property
    def full_path(self) -> str:
        return f"/api/v1/ws/{self.name}"


@dataclass
class Group:
    endpoints: list[Endpoint]
    consts_style: str  # "consts" | "enum" | "literal"
    bcast_style: str  # "loop" | "http" | "service"
    router_slot: int = -1
    consts_slot: int = -1
    bcast_slot: int = -1
    test_slot: int = -1
    polling_slot: tuple = ()


@dataclass
class Plan:
    groups: list[Group] = field(default_factory=list)
    manager_slot: int = -1


def topic_name(i: int) -> str:
    """The i-th endpoint slug: the plain topics first, then "<domain>-<topic>", then numbered."""
    base = WS_TOPICS[i % len(WS_TOPICS)]
    rnd = i // len(WS_TOPICS)
    if rnd == 0:
        return base
    prefix = DOMAINS[(rnd - 1) % len(DOMAINS)]
    suffix = "" if rnd <= len(DOMAINS) else f"-{(rnd - 1) // len(DOMAINS) + 1}"
    return f"{prefix}-{base}{suffix}"


def make_endpoint(r: random.Random, i: int) -> Endpoint:
    name = topic_name(i)
    snake = name.replace("-", "_")
    types = [f"{snake}_update"]
    if r.random() < 0.3:
        types.append(f"{snake}_alert")
    self_push = r.random() < 0.1
    covered = {t: (r.random() < (0.8 if t.endswith("_update") else 0.7)) for t in types}
    return Endpoint(name, types, covered, self_push)


def topic_dom(e: Endpoint) -> Dom:
    return Dom(e.snake, e.snake, camel(e.snake), e.snake.upper())


# --- Python templates (relevant) ----------------------------------------------------


def type_ref(g: Group, t: str) -> str:
    if g.consts_style == "consts":
        return t.upper()
    if g.consts_style == "enum":
        return f"MessageType.{t.upper()}.value"
    return f'"{t}"'


def consts_import(g: Group, mods: dict, types: list[str]) -> list[tuple[str, str]]:
    if g.consts_style == "consts":
        return [(mods[g.consts_slot], ", ".join(t.upper() for t in types))]
    if g.consts_style == "enum":
        return [(mods[g.consts_slot], "MessageType")]
    return []


def render_consts(r: random.Random, g: Group) -> str:
    types = [t for e in g.endpoints for t in e.types]
    if g.consts_style == "enum":
        body = "class MessageType(str, Enum):\n    \"\"\"Every message type the server pushes over WebSocket connections.\"\"\"\n\n"
        body += "\n".join(f'    {t.upper()} = "{t}"' for t in types) + "\n"
        body += '    PING = "ping"\n    PONG = "pong"\n'
        head = "from enum import Enum\n"
    else:
        body = "\n".join(f'{t.upper()} = "{t}"' for t in types) + "\n"
        body += 'PING = "ping"\nPONG = "pong"\n\nALL_TYPES = (\n' + "".join(f"    {t.upper()},\n" for t in types) + ")\n"
        head = ""
    return (
        '"""Message types shared by the WebSocket routes and the background tasks."""\n\n'
        "from __future__ import annotations\n\n" + head + "\n" + body
    )


def render_manager() -> str:
    return '''"""Tracks open WebSocket connections and fans messages out to them."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from fastapi import WebSocket

logger = logging.getLogger(__name__)


class ConnectionManager:
    """Keeps the set of live connections; safe to share between routes and tasks."""

    def __init__(self) -> None:
        self.active: list[WebSocket] = []
        self._lock = asyncio.Lock()

    async def connect(self, websocket: WebSocket) -> None:
        await websocket.accept()
        async with self._lock:
            self.active.append(websocket)
        logger.info("client connected (%d open)", len(self.active))

    def disconnect(self, websocket: WebSocket) -> None:
        if websocket in self.active:
            self.active.remove(websocket)
        logger.info("client disconnected (%d open)", len(self.active))

    async def broadcast(self, message: dict[str, Any]) -> None:
        stale = []
        for connection in list(self.active):
            try:
                await connection.send_json(message)
            except Exception:
                logger.exception("dropping connection after a failed send")
                stale.append(connection)
        for connection in stale:
            self.disconnect(connection)

    @property
    def count(self) -> int:
        return len(self.active)


manager = ConnectionManager()
'''


def render_router(r: random.Random, g: Group, mods: dict, registry_pick: list) -> str:
    imports = [("fastapi", "APIRouter, WebSocket, WebSocketDisconnect"), (mods["manager"], "manager")]
    imports += consts_import(g, mods, [t for e in g.endpoints for t in e.types])
    imports += registry_pick
    parts = []
    for e in g.endpoints:
        upd = type_ref(g, e.types[0])
        alert = ""
        if len(e.types) > 1:
            alert = (
                '        if snapshot.get("alerts"):\n'
                f'            await websocket.send_json({{"type": {type_ref(g, e.types[1])}, "alerts": snapshot["alerts"]}})\n'
            )
        if e.self_push:
            loop = (
                "        while True:\n"
                f"            await asyncio.sleep({r.choice([2, 5, 10])})\n"
                f"            snapshot = await load_{e.snake}_snapshot()\n"
                f'            await websocket.send_json({{"type": {upd}, "data": snapshot}})\n'
            )
        elif r.random() < 0.6:
            loop = (
                "        while True:\n"
                "            message = await websocket.receive_json()\n"
                '            if message.get("type") == "ping":\n'
                '                await websocket.send_json({"type": "pong"})\n'
            )
        else:
            loop = "        while True:\n            await websocket.receive_text()\n"
        if r.random() < 0.1:
            handler = "    except Exception:\n        pass\n"
        else:
            handler = f'    except Exception:\n        logger.exception("{e.name} socket failed")\n        manager.disconnect(websocket)\n'
        parts.append(
            f"async def load_{e.snake}_snapshot() -> dict[str, Any]:\n"
            f'    """Current {e.name.replace("-", " ")} state, sent when a client connects."""\n'
            f'    return {{"items": [], "generated_at": datetime.now(timezone.utc).isoformat(), "alerts": []}}\n'
        )
        parts.append(
            f'@router.websocket("{e.path}")\n'
            f"async def websocket_{e.snake}(websocket: WebSocket) -> None:\n"
            "    await manager.connect(websocket)\n"
            "    try:\n"
            f"        snapshot = await load_{e.snake}_snapshot()\n"
            f'        await websocket.send_json({{"type": {upd}, "data": snapshot}})\n'
            f"{alert}{loop}"
            "    except WebSocketDisconnect:\n"
            "        manager.disconnect(websocket)\n"
            f"{handler}"
        )
    d = dom(r.choice(DOMAINS))
    filler, imp = py_aggregate(r, d, r.choice(QUALIFIERS))
    parts.append(filler)
    head = (
        f'"""Real-time routes: {", ".join(e.path for e in g.endpoints)}."""\n\n'
        "from __future__ import annotations\n\nimport asyncio\nimport logging\n"
        "from datetime import datetime, timezone\nfrom typing import Any, Iterable\n\n"
        + "".join(f"from {m} import {n}\n" for m, n in imports)
        + "\nlogger = logging.getLogger(__name__)\nrouter = APIRouter()\n\n\n"
    )
    return head + "\n\n".join(parts)


def render_broadcaster(r: random.Random, g: Group, mods: dict, registry_pick: list) -> tuple[str, list[str], bool]:
    """Returns (text, names of background loop functions, whether it defines a router)."""
    covered = [(e, t) for e in g.endpoints for t in e.types if e.covered[t]]
    imports = [(mods["manager"], "manager")]
    if covered:
        imports += consts_import(g, mods, [t for _, t in covered])
    imports += registry_pick
    parts, loops, has_router = [], [], False
    first = g.endpoints[0].snake
    if not covered:
        # the post-mortem's bug: a loop that only keeps connections alive, no updates
        parts.append(
            f"async def {first}_keepalive_loop(interval: float = 30.0) -> None:\n"
            "    while True:\n"
            '        await manager.broadcast({"type": "heartbeat", "ts": time.time()})\n'
            "        await asyncio.sleep(interval)\n"
        )
        loops.append(f"{first}_keepalive_loop")
    elif g.bcast_style == "service":
        parts.append(
            "class UpdateNotifier:\n"
            '    """Pushes fresh state to every connected client."""\n\n'
            "    def __init__(self, interval: float = 5.0) -> None:\n"
            "        self.interval = interval\n\n"
            "    async def _push(self, message_type: str, data: dict[str, Any]) -> None:\n"
            '        await manager.broadcast({"type": message_type, "data": data, "sent_at": time.time()})\n\n'
            "    async def run_forever(self) -> None:\n"
            "        while True:\n"
            "            try:\n"
            + "".join(
                f"                await self._push(\"{t}\", await collect_{t}())\n" for _, t in covered
            )
            + "            except Exception:\n"
            '                logger.exception("update notifier iteration failed")\n'
            "            await asyncio.sleep(self.interval)\n"
        )
        parts.append(
            f"notifier = UpdateNotifier()\n\n\nasync def run_{first}_notifier() -> None:\n    await notifier.run_forever()\n"
        )
        loops.append(f"run_{first}_notifier")
    elif g.bcast_style == "http":
        has_router = True
        parts.append('router = APIRouter(prefix="/refresh", tags=["refresh"])\n')
        for e, t in covered:
            parts.append(
                f'@router.post("/{t}")\n'
                f"async def trigger_{t}() -> dict[str, str]:\n"
                f"    data = await collect_{t}()\n"
                f'    await manager.broadcast({{"type": {type_ref(g, t)}, "data": data}})\n'
                '    return {"status": "queued"}\n'
            )
    else:
        for e, t in covered:
            guarded = r.random() >= 0.15
            if guarded:
                body = (
                    "        try:\n"
                    f"            data = await collect_{t}()\n"
                    f'            await manager.broadcast({{"type": {type_ref(g, t)}, "data": data}})\n'
                    "        except Exception:\n"
                    f'            logger.exception("{t} loop failed")\n'
                )
            else:
                body = (
                    f"        data = await collect_{t}()\n"
                    f'        await manager.broadcast({{"type": {type_ref(g, t)}, "data": data}})\n'
                )
            parts.append(
                f"async def {t}_loop(interval: float = {r.choice(['2.0', '5.0', '10.0', '30.0'])}) -> None:\n"
                f'    """Push {t.replace("_", " ")} messages to every open connection."""\n'
                "    while True:\n" + body + "        await asyncio.sleep(interval)\n"
            )
            loops.append(f"{t}_loop")
    collectors = [
        f"async def collect_{t}() -> dict[str, Any]:\n"
        f'    return {{"items": [], "count": 0, "source": "{e.name}"}}\n'
        for e, t in covered
    ]
    head = (
        '"""Background tasks that keep connected clients up to date."""\n\n'
        "from __future__ import annotations\n\nimport asyncio\nimport logging\nimport time\nfrom typing import Any\n\n"
        + ("from fastapi import APIRouter\n" if has_router else "")
        + "".join(f"from {m} import {n}\n" for m, n in imports)
        + "\nlogger = logging.getLogger(__name__)\n\n\n"
    )
    return head + "\n\n".join(collectors + parts), loops, has_router


def render_main(ws_routers: list[str], bcast_routers: list[str], loops: list[tuple[str, str]],
                api_modules: list[str]) -> str:
    lines = [
        '"""Application entry point: builds the FastAPI app and starts background tasks."""',
        "",
        "from __future__ import annotations",
        "",
        "import asyncio",
        "from contextlib import asynccontextmanager",
        "",
        "from fastapi import FastAPI",
        "from fastapi.middleware.cors import CORSMiddleware",
        "",
    ]
    aliases = {}
    for i, mod in enumerate(ws_routers + bcast_routers + api_modules):
        pkg, name = mod.rsplit(".", 1)
        alias = f"{name}_{pkg.rsplit('_', 1)[-1]}"
        aliases[mod] = alias
        lines.append(f"from {pkg} import {name} as {alias}")
    for mod, fn in loops:
        lines.append(f"from {mod} import {fn}")
    lines += [
        "",
        "",
        "@asynccontextmanager",
        "async def lifespan(app: FastAPI):",
        "    tasks = [",
    ]
    lines += [f"        asyncio.create_task({fn}())," for _, fn in loops]
    lines += [
        "    ]",
        "    try:",
        "        yield",
        "    finally:",
        "        for task in tasks:",
        "            task.cancel()",
        "",
        "",
        'app = FastAPI(title="Operations Console", version="2.4.0", lifespan=lifespan)',
        'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["*"], allow_headers=["*"])',
        "",
    ]
    for mod in ws_routers + bcast_routers + api_modules:
        lines.append(f'app.include_router({aliases[mod]}.router, prefix="/api/v1")')
    lines += ["", "", '@app.get("/healthz")', "async def healthz() -> dict[str, str]:", '    return {"status": "ok"}', ""]
    return "\n".join(lines)


def render_ws_test(r: random.Random, g: Group, mods: dict) -> str:
    parts = []
    for e in g.endpoints:
        parts.append(
            f"def test_{e.snake}_sends_initial_snapshot():\n"
            f'    with client.websocket_connect("{e.full_path}") as ws:\n'
            "        message = ws.receive_json()\n"
            f'        assert message["type"] == "{e.types[0]}"\n'
            '        assert "data" in message\n'
        )
        missing = [t for t in e.types if not e.covered[t]]
        if missing:
            # a test that broadcasts is not broadcasting logic (counts for phase 5 only)
            parts.append(
                f"@pytest.mark.asyncio\nasync def test_{e.snake}_fan_out():\n"
                f'    await manager.broadcast({{"type": "{missing[0]}", "data": {{}}}})\n'
            )
    return (
        '"""WebSocket contract tests."""\n\nimport pytest\nfrom fastapi.testclient import TestClient\n\n'
        f"from server.main import app\nfrom {mods['manager']} import manager\n\nclient = TestClient(app)\n\n\n"
        + "\n\n".join(parts)
    )


# --- TS templates (relevant) --------------------------------------------------------


def render_ws_hook(r: random.Random, e: Endpoint, idx: int) -> tuple[str, str]:
    name = f"use{camel(e.snake)}Feed"
    path = f"/ws/{e.name}" if e.wrong_path else e.full_path
    msg_iface = f"{camel(e.snake)}Message"
    union = " | ".join(f"{{ type: '{t}'; data?: unknown; alerts?: unknown[] }}" for t in e.types)
    if r.random() < 0.15:
        cfg = f"const ENDPOINTS = {{ feed: '{path}' }} as const;\n\n"
        url = "WS_BASE + ENDPOINTS.feed"
    else:
        cfg = ""
        url = f"`${{WS_BASE}}{path}`"
    if r.random() < 0.5:
        handler = (
            "      switch (msg.type) {\n"
            + "".join(f"        case '{t}':\n" for t in e.types)
            + "          setLastMessage(msg);\n          break;\n"
            + "        case 'pong':\n          break;\n        default:\n          break;\n      }\n"
        )
    else:
        handler = "".join(
            f"      {'else ' if i else ''}if (msg.type === '{t}') {{\n        setLastMessage(msg);\n      }}\n"
            for i, t in enumerate(e.types)
        ).replace("}\n      else", "} else")
    text = (
        "import { useEffect, useRef, useState } from 'react';\n"
        "import { WS_BASE } from '../lib/config';\n\n"
        f"{cfg}"
        f"export type {msg_iface} = {union} | {{ type: 'pong' }};\n\n"
        f"export function {name}() {{\n"
        "  const [isConnected, setIsConnected] = useState(false);\n"
        f"  const [lastMessage, setLastMessage] = useState<{msg_iface} | null>(null);\n"
        "  const socketRef = useRef<WebSocket | null>(null);\n\n"
        "  useEffect(() => {\n"
        f"    const ws = new WebSocket({url});\n"
        "    socketRef.current = ws;\n"
        "    ws.onopen = () => setIsConnected(true);\n"
        "    ws.onclose = () => setIsConnected(false);\n"
        "    ws.onerror = () => setIsConnected(false);\n"
        "    ws.onmessage = (event: MessageEvent) => {\n"
        f"      const msg = JSON.parse(event.data) as {msg_iface};\n"
        f"{handler}"
        "    };\n"
        "    const ping = setInterval(() => {\n"
        "      if (ws.readyState === WebSocket.OPEN) {\n"
        "        ws.send(JSON.stringify({ type: 'ping' }));\n"
        "      }\n"
        f"    }}, {r.choice(['25_000', '30_000', '20_000'])});\n"
        "    return () => {\n"
        "      clearInterval(ping);\n"
        "      ws.close();\n"
        "    };\n"
        "  }, []);\n\n"
        "  return { isConnected, lastMessage };\n"
        "}\n"
    )
    return text, name


# --- assembly -----------------------------------------------------------------------


class Writer:
    def __init__(self, root: str) -> None:
        self.root = root
        self.dirs: set[str] = set()
        self.count = 0

    def write(self, rel: str, text: str) -> None:
        path = os.path.join(self.root, rel)
        d = os.path.dirname(path)
        if d not in self.dirs:
            os.makedirs(d, exist_ok=True)
            self.dirs.add(d)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        self.count += 1


def frng(seed: int, key: str) -> random.Random:
    return random.Random(f"{seed}:{key}")


def layout(n: int) -> dict[str, int]:
    docs = max(2, min(20, n // 500))
    tests = max(1, n * 4 // 100)
    rest = n - docs - tests
    server = rest // 2  # includes server/main.py
    client = rest - server  # includes client/src/lib/{api,config}.ts
    hooks = max(1, (client - 2) * 3 // 10)
    comps = client - 2 - hooks
    return {"docs": docs, "tests": tests, "server": server, "hooks": hooks, "components": comps}


def generate(outdir: str, files: int, seed: int = 0, relevant_percent: float = 3.0) -> dict:
    if files < 40:
        raise ValueError("--files must be at least 40")
    if not 0 <= relevant_percent <= 50:
        raise ValueError("--relevant-percent must be between 0 and 50")
    lay = layout(files)
    pr = random.Random(f"{seed}:plan")
    n_mods = lay["server"] - 1
    budget = round(files * relevant_percent / 100)

    # -- plan WebSocket groups against the relevant-file budget --
    plan = Plan()
    groups: list[Group] = []
    if budget > 0:
        used = 3  # server/main.py, connection manager, docs/realtime.md
        gi = n_eps = 0
        while True:
            size = pr.choice([1, 2, 2, 3])
            cost_py = 3 + (1 if gi % 2 == 0 else 0)  # consts, router, broadcaster (+test every other)
            cost_ts = 2 * size + (1 if gi % 3 == 0 else 0)
            if groups and used + cost_py + cost_ts > budget:
                break
            eps = [make_endpoint(pr, n_eps + k) for k in range(size)]
            n_eps += size
            groups.append(Group(eps, pr.choice(["consts", "consts", "enum", "literal"]),
                                pr.choice(["loop", "loop", "http", "service"])))
            used += cost_py + cost_ts
            gi += 1
        all_eps = [e for g in groups for e in g.endpoints]
        if len(all_eps) >= 5:
            all_eps[len(all_eps) // 2].wrong_path = True
    plan.groups = groups

    # -- assign relevant files to slots --
    py_needed = (1 + sum(3 for g in groups)) if groups else 0
    test_needed = sum(1 for i in range(len(groups)) if i % 2 == 0)
    hooks_needed = sum(len(g.endpoints) for g in groups)
    comps_needed = hooks_needed + sum(1 for i in range(len(groups)) if i % 3 == 0)
    if py_needed > n_mods or test_needed > lay["tests"] or hooks_needed > lay["hooks"] or comps_needed > lay["components"]:
        raise ValueError("relevant-percent too high for this many files")
    mod_slots = pr.sample(range(n_mods), py_needed)
    test_slots = pr.sample(range(lay["tests"]), test_needed)
    hook_slots = pr.sample(range(lay["hooks"]), hooks_needed)
    comp_slots = pr.sample(range(lay["components"]), comps_needed)
    it_mod, it_test, it_hook, it_comp = iter(mod_slots), iter(test_slots), iter(hook_slots), iter(comp_slots)
    roles: dict[int, tuple] = {}  # module slot -> role
    test_roles: dict[int, Group] = {}
    hook_roles: dict[int, Endpoint] = {}
    comp_roles: dict[int, tuple] = {}
    if groups:
        plan.manager_slot = next(it_mod)
        roles[plan.manager_slot] = ("manager", None)
    for gi, g in enumerate(groups):
        g.consts_slot, g.router_slot, g.bcast_slot = next(it_mod), next(it_mod), next(it_mod)
        # constants must exist before importers in generation order only for realism; any order parses
        roles[g.consts_slot] = ("consts", g)
        roles[g.router_slot] = ("router", g)
        roles[g.bcast_slot] = ("bcast", g)
        if gi % 2 == 0:
            g.test_slot = next(it_test)
            test_roles[g.test_slot] = g
        for e in g.endpoints:
            e.hook_slot = next(it_hook)
            hook_roles[e.hook_slot] = e
            cs = next(it_comp)
            comp_roles[cs] = ("ws", e)
        if gi % 3 == 0:
            cs = next(it_comp)
            comp_roles[cs] = ("poll", g)

    def mod_name(i: int) -> str:
        return f"server.pkg_{i // MODULES_PER_PACKAGE}.mod_{i}"

    def mod_path(i: int) -> str:
        return f"server/pkg_{i // MODULES_PER_PACKAGE}/mod_{i}.py"

    mods: dict = {"manager": mod_name(plan.manager_slot) if groups else ""}
    for g in groups:
        mods[g.consts_slot] = mod_name(g.consts_slot)

    # which ordinary modules are HTTP APIs, and which files are near-miss noise
    api_set = {i for i in range(n_mods) if i not in roles and pr.random() < 0.2}

    w = Writer(outdir)
    relevant: list[str] = []
    counts = {"python": 0, "ts": 0, "tsx": 0, "md": 0, "tests": 0}
    expected_polling = 0
    registry: list[tuple[str, str]] = []  # (module, exported name) of earlier ordinary modules
    ws_router_mods, bcast_router_mods, loop_fns = [], [], []

    def pick_imports(r: random.Random, k: int) -> list[tuple[str, str]]:
        if not registry:
            return []
        out, seen = [], set()
        for _ in range(k):
            mod, name = registry[r.randrange(max(0, len(registry) - 400), len(registry))]
            if mod not in seen:
                seen.add(mod)
                out.append((mod, name))
        return out

    # -- server --
    for i in range(n_mods):
        rel = mod_path(i)
        r = frng(seed, rel)
        role = roles.get(i)
        if role is None:
            doms = [dom(x) for x in r.sample(DOMAINS, r.randint(1, 3))]
            target = int(r.triangular(40, 360, 110))
            text = py_module(r, target=target, doms=doms, api=i in api_set, noise=r.random() < 0.03,
                             imports_from=pick_imports(r, r.randint(0, 3)))
            # export the first class (or function) defined for later modules to import
            for line in text.splitlines():
                if line.startswith("class ") or line.startswith("def "):
                    registry.append((mod_name(i), line.split()[1].split("(")[0].split(":")[0]))
                    break
        else:
            kind, g = role
            relevant.append(rel)
            if kind == "manager":
                text = render_manager()
            elif kind == "consts":
                text = render_consts(r, g)
            elif kind == "router":
                text = render_router(r, g, mods, pick_imports(r, r.randint(0, 2)))
                ws_router_mods.append(mod_name(i))
            else:
                text, loops, has_router = render_broadcaster(r, g, mods, pick_imports(r, r.randint(0, 2)))
                loop_fns += [(mod_name(i), fn) for fn in loops]
                if has_router:
                    bcast_router_mods.append(mod_name(i))
        w.write(rel, text)
        counts["python"] += 1
    api_mods = [mod_name(i) for i in sorted(api_set)][:60]
    w.write("server/main.py", render_main(ws_router_mods, bcast_router_mods, loop_fns, api_mods))
    counts["python"] += 1
    if groups:
        relevant.append("server/main.py")

    # -- tests --
    for i in range(lay["tests"]):
        r = frng(seed, f"test{i}")
        d = dom(r.choice(DOMAINS))
        rel = f"tests/test_{d.p}_{i}.py"
        g = test_roles.get(i)
        if g is not None:
            text = render_ws_test(r, g, mods)
            relevant.append(rel)
        else:
            q = r.choice(QUALIFIERS)
            agg, _ = py_aggregate(r, d, q)
            val, _ = py_validate(r, d, q)
            cases = []
            for k in range(r.randint(3, 12)):
                st = r.choice(list(STATUSES))
                amt = r.randint(1, 500)
                cases.append(
                    f"def test_{q}_{d.s}_case_{k}():\n"
                    f'    rows = [{{"status": "{st}", "total": {amt}, "amount": {amt}, "price": {amt}, "score": {amt}, "region": "eu"}}]\n'
                    f"    summary = summarize_{q}_{d.p}(rows)\n"
                    '    assert summary["count"] == 1\n'
                    f'    assert summary["by_status"]["{st}"] == {float(amt)}\n'
                )
            text = (
                f'"""Tests for the {q} {d.s} helpers."""\n\nfrom __future__ import annotations\n\nfrom typing import Any, Iterable\n\nimport pytest\n\n\n'
                + agg + "\n\n" + val + "\n\n" + "\n\n".join(cases)
                + f"\n\n@pytest.mark.parametrize(\"payload\", [{{}}, {{\"name\": 1}}])\ndef test_{q}_{d.s}_rejects(payload):\n    assert validate_{q}_{d.s}(payload) or payload == {{}}\n"
            )
        w.write(rel, text)
        counts["tests"] += 1

    # -- client --
    w.write("client/src/lib/config.ts",
            "const secure = window.location.protocol === 'https:';\n\n"
            "export const API_BASE = '/api/v1';\n"
            "export const WS_BASE = `${secure ? 'wss' : 'ws'}://${window.location.host}`;\n")
    w.write("client/src/lib/api.ts",
            "import { API_BASE } from './config';\n\n"
            "async function request<T>(method: string, url: string, body?: unknown): Promise<T> {\n"
            "  const path = url.startsWith('/api/v1') ? url : `${API_BASE}${url}`;\n"
            "  const response = await fetch(path, {\n"
            "    method,\n"
            "    headers: { 'Content-Type': 'application/json' },\n"
            "    body: body === undefined ? undefined : JSON.stringify(body),\n"
            "  });\n"
            "  if (!response.ok) {\n"
            "    throw new Error(`${method} ${path} failed with ${response.status}`);\n"
            "  }\n"
            "  return (await response.json()) as T;\n"
            "}\n\n"
            "export const api = {\n"
            "  get: <T>(url: string) => request<T>('GET', url),\n"
            "  post: <T>(url: string, body: unknown) => request<T>('POST', url, body),\n"
            "  patch: <T>(url: string, body: unknown) => request<T>('PATCH', url, body),\n"
            "};\n")
    counts["ts"] += 2
    hook_registry: list[tuple[int, str]] = []
    ws_hook_names: dict[str, tuple[int, str]] = {}
    for i in range(lay["hooks"]):
        rel = f"client/src/hooks/use{i}.ts"
        r = frng(seed, rel)
        e = hook_roles.get(i)
        if e is not None:
            text, hname = render_ws_hook(r, e, i)
            ws_hook_names[e.name] = (i, hname)
            relevant.append(rel)
        else:
            d = dom(r.choice(DOMAINS))
            text, exports = ts_hook_module(r, idx=i, target=int(r.triangular(30, 200, 70)), d=d,
                                           noise=r.random() < 0.03)
            hook_registry.append((i, exports[0]))
        w.write(rel, text)
        counts["ts"] += 1
    comp_registry: list[tuple[str, str]] = []
    for i in range(lay["components"]):
        r = frng(seed, f"comp{i}")
        area = AREAS[i % len(AREAS)]
        rel = f"client/src/{area}/Comp{i}.tsx"
        d = dom(r.choice(DOMAINS))
        hooks = [(f"../hooks/use{j}", h) for j, h in r.sample(hook_registry, min(len(hook_registry), r.randint(0, 2)))]
        comps = []
        if comp_registry and r.random() < 0.4:
            comps = [comp_registry[r.randrange(max(0, len(comp_registry) - 300), len(comp_registry))]]
        target = int(r.triangular(40, 300, 110))
        role = comp_roles.get(i)
        if role is None:
            text = tsx_component(r, name=f"Comp{i}", target=target, d=d, noise=r.random() < 0.03,
                                 hook_imports=hooks, comp_imports=comps)
            comp_registry.append((f"../{area}/Comp{i}", f"Comp{i}"))
        elif role[0] == "ws":
            e = role[1]
            hidx, hname = ws_hook_names[e.name]
            x = r.random()
            if x < 0.6:
                interval = r.choice(["3000", "5000", "3_000", "2 * 1000"])
            elif x < 0.75:
                interval = r.choice(["60_000", "60 * 1000"])
            else:
                interval = None
            query_extra = f"    refetchInterval: isConnected ? false : {interval},\n" if interval else ""
            expected_polling += 1 if interval else 0
            text = tsx_component(
                r, name=f"Comp{i}", target=min(target, 160), d=topic_dom(e), noise=False,
                hook_imports=hooks, comp_imports=comps, resource=f"/api/v1/{e.name}",
                extra_imports=[f"import {{ {hname} }} from '../hooks/use{hidx}';"],
                extra_state=f"  const {{ isConnected, lastMessage }} = {hname}();\n",
                query_extra=query_extra,
                extra_jsx="      <p className=\"live-status\">{isConnected ? 'Live' : 'Offline'} {lastMessage ? lastMessage.type : ''}</p>\n",
            )
            relevant.append(rel)
        else:
            g = role[1]
            interval = r.choice(["30_000", "5 * 60 * 1000", "10000", "15_000"])
            expected_polling += 1
            e0 = g.endpoints[0]
            text = tsx_component(r, name=f"Comp{i}", target=min(target, 160), d=topic_dom(e0),
                                 noise=False, hook_imports=hooks, comp_imports=comps,
                                 resource=f"/api/v1/{e0.name}" + r.choice(["", "/history"]),
                                 query_extra=f"    refetchInterval: {interval},\n")
            relevant.append(rel)
        w.write(rel, text)
        counts["tsx"] += 1

    # -- docs --
    all_eps = [e for g in groups for e in g.endpoints]
    for i in range(lay["docs"]):
        r = frng(seed, f"doc{i}")
        if i == 0:
            rel = "README.md"
        elif i == 1 and all_eps:
            rel = "docs/realtime.md"
        else:
            rel = f"docs/{r.choice(DOMAINS)}-{r.choice(['guide', 'runbook', 'design', 'faq'])}-{i}.md"
        if rel == "docs/realtime.md":
            documented = [e for e in all_eps if r.random() < 0.6]
            text = (
                "# Real-time updates\n\nThe server pushes state over WebSocket connections; the "
                "client falls back to HTTP only while a socket is down.\n\n"
                "| endpoint | message types |\n|---|---|\n"
                + "".join(f"| `{e.full_path}` | {', '.join(f'`{t}`' for t in e.types)} |\n" for e in documented)
                + "\nBackground tasks call `await manager.broadcast({\"type\": ..., \"data\": ...})`.\n"
            )
            relevant.append(rel)
        else:
            d = dom(r.choice(DOMAINS))
            sections = []
            for k in range(r.randint(3, 8)):
                sections.append(
                    f"## {camel(r.choice(VERBS))} {d.p}\n\n"
                    + " ".join(r.choice(SENTENCES) for _ in range(r.randint(2, 6)))
                    + f"\n\n```bash\ncurl -s localhost:8000/api/v1/{d.p}?page={k + 1} | jq '.items | length'\n```\n"
                )
            text = f"# {camel(d.s)} {r.choice(['guide', 'notes', 'runbook'])}\n\n" + "\n".join(sections)
        w.write(rel, text)
        counts["md"] += 1

    # -- ignored trees and metadata --
    write_ignored(w, seed)
    w.write(".gitignore", "dist/\n__pycache__/\n*.log\n.env\n.venv/\n")
    w.write("pyproject.toml", '[project]\nname = "ops-console"\nversion = "2.4.0"\nrequires-python = ">=3.11"\n'
            'dependencies = ["fastapi", "uvicorn", "pydantic"]\n')
    w.write("client/package.json", json.dumps({
        "name": "ops-console-client", "private": True, "version": "2.4.0",
        "dependencies": {"react": "^18.3.0", "react-dom": "^18.3.0", "@tanstack/react-query": "^5.51.0"},
    }, indent=2) + "\n")
    w.write("client/tsconfig.json", json.dumps({"compilerOptions": {"jsx": "react-jsx", "strict": True, "target": "ES2022"}}, indent=2) + "\n")

    project_files = counts["python"] + counts["ts"] + counts["tsx"] + counts["md"] + counts["tests"]
    assert project_files == files, (project_files, files)
    endpoints = [
        {"path": e.full_path, "types": e.types, "covered": e.covered, "self_push": e.self_push,
         "client_path_wrong": e.wrong_path}
        for e in all_eps
    ]
    with_bcast = sum(1 for e in all_eps if e.self_push or all(e.covered.values()))
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "files": files,
        "seed": seed,
        "relevant_percent": relevant_percent,
        "counts": {**counts, "node_modules": NODE_MODULES_FILES, "dist": DIST_FILES},
        "relevant_files": sorted(relevant),
        "expected": {
            "endpoints": len(all_eps),
            "endpoints_with_broadcast": with_bcast,
            "polling_sites": expected_polling,
        },
        "endpoints": endpoints,
    }
    w.write(MANIFEST_NAME, json.dumps(manifest, indent=1) + "\n")
    return manifest


NM_PACKAGES = [
    "react", "react-dom", "@tanstack/react-query", "ws", "socket.io-client", "reconnecting-websocket",
    "lodash", "axios", "swr", "zustand", "clsx", "date-fns", "@apollo/client", "rxjs", "immer",
    "scheduler", "use-sync-external-store", "tslib", "node-gyp", "@reduxjs/toolkit",
]


def write_ignored(w: Writer, seed: int) -> None:
    """node_modules/ and dist/ trees full of bait: scanning them would change the results."""
    r = random.Random(f"{seed}:ignored")
    bait_js = [
        "export function connect(url) {\n  const ws = new WebSocket(url);\n  ws.onmessage = (e) => handlers.forEach((h) => h(JSON.parse(e.data)));\n  return ws;\n}\n",
        "export const defaults = { queries: { refetchInterval: 1000, staleTime: 0 } };\n",
        "export function broadcast(clients, data) {\n  clients.forEach((c) => c.send(data));\n}\n",
        "function emit(event, payload) {\n  listeners[event]?.forEach((fn) => fn(payload));\n}\nmodule.exports = { emit };\n",
        "const poll = setInterval(() => fetch('/api/v1/status'), 1000);\n",
    ]
    per_pkg = NODE_MODULES_FILES // len(NM_PACKAGES)
    n = 0
    for p, pkg in enumerate(NM_PACKAGES):
        base = f"node_modules/{pkg}"
        for k in range(per_pkg):
            if k == 0:
                w.write(f"{base}/package.json", json.dumps({"name": pkg, "version": f"{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 9)}", "main": "index.js"}) + "\n")
            elif k == 1:
                w.write(f"{base}/index.d.ts", f"export declare function create(options?: Record<string, unknown>): unknown;\n")
            elif pkg == "node-gyp" and k == 2:
                w.write(f"{base}/gyp/pylib/server_bridge.py",
                        "from fastapi import APIRouter, WebSocket\n\nrouter = APIRouter()\n\n\n"
                        '@router.websocket("/ws/leaked-from-node-modules")\nasync def leaked(websocket: WebSocket):\n'
                        '    await websocket.send_json({"type": "leaked_update"})\n')
            else:
                w.write(f"{base}/lib/chunk{k}.js", r.choice(bait_js) * r.randint(1, 20))
            n += 1
    for k in range(NODE_MODULES_FILES - n):
        w.write(f"node_modules/.cache/entry{k}.js", r.choice(bait_js))
    for k in range(DIST_FILES):
        if k % 4 == 0:
            w.write(f"dist/ops_console-2.4.0/server/routes_{k}.py",
                    "from fastapi import APIRouter, WebSocket\n\nrouter = APIRouter()\n\n\n"
                    f'@router.websocket("/ws/stale-build-{k}")\nasync def stale_{k}(websocket: WebSocket):\n'
                    f'    await websocket.send_json({{"type": "stale_{k}_update"}})\n')
        else:
            w.write(f"client/dist/assets/index-{r.getrandbits(32):08x}.js",
                    "".join(r.choice(bait_js).replace("\n", "") for _ in range(30)) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--files", type=int, required=True, help="source and doc files to generate (>= 40)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--relevant-percent", type=float, default=3.0,
                    help="share of files that are WebSocket- or polling-related (default 3)")
    args = ap.parse_args(argv)
    if os.path.exists(args.outdir) and os.listdir(args.outdir):
        ap.error(f"{args.outdir} exists and is not empty")
    start = time.perf_counter()
    try:
        manifest = generate(args.outdir, args.files, args.seed, args.relevant_percent)
    except ValueError as exc:
        ap.error(str(exc))
    elapsed = time.perf_counter() - start
    exp = manifest["expected"]
    print(
        f"generated {args.files} files ({len(manifest['relevant_files'])} relevant, "
        f"{exp['endpoints']} endpoints, {exp['endpoints_with_broadcast']} with broadcast, "
        f"{exp['polling_sites']} polling sites) + {NODE_MODULES_FILES} node_modules + {DIST_FILES} dist "
        f"in {elapsed:.2f}s -> {args.outdir}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
