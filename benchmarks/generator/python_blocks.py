"""Building blocks of ordinary server modules: each returns (text, the import lines it needs)."""

from __future__ import annotations

import random

from .vocabulary import PY_FIELDS, SENTENCES, STATUSES, VERBS, Dom, camel

# Import lines a block needs; python_modules.py deduplicates and orders them in the header.
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


def _list_method(r: random.Random, d: Dom, q: str) -> list[str]:
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


def _get_method(r: random.Random, d: Dom, q: str) -> list[str]:
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


def _create_method(r: random.Random, d: Dom, q: str) -> list[str]:
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


def _update_method(r: random.Random, d: Dom, q: str) -> list[str]:
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


def _to_row_method(r: random.Random, d: Dom, q: str) -> list[str]:
    fields = r.sample(PY_FIELDS, r.randint(3, 6))
    out = ["    def _to_row(self, row: dict[str, Any]) -> dict[str, Any]:", "        return {", '            "id": row.get("id"),']
    out += [f'            "{f}": row.get("{f}", {dflt}),' for f, _, dflt in fields]
    out += ["        }"]
    return out


def _refresh_method(r: random.Random, d: Dom, q: str) -> list[str]:
    return [
        f"    async def refresh_{q}_{d.p}(self) -> int:",
        "        async with self._lock:",
        "            rows = await self.repository.fetch_all_async()",
        "            self._cache = {row[\"id\"]: row for row in rows}",
        f'            logger.debug("refreshed %d {d.p}", len(rows))',
        "            return len(rows)",
    ]


def _count_method(r: random.Random, d: Dom, q: str) -> list[str]:
    return [
        "    def count_by_status(self) -> dict[str, int]:",
        "        counts: dict[str, int] = {}",
        "        for row in self.repository.fetch_all():",
        "            key = row.get(\"status\", \"unknown\")",
        "            counts[key] = counts.get(key, 0) + 1",
        "        return dict(sorted(counts.items()))",
    ]


# A service's methods by kind: py_service picks 3 to 6 of kinds 0-6, plus the forced ones.
METHODS = (_list_method, _get_method, _create_method, _update_method, _to_row_method,
           _refresh_method, _count_method)


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
        lines += METHODS[kind](r, d, q)
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


