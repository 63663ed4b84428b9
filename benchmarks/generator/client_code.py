"""Ordinary client code: TSX components and TS hook modules that never open a socket."""

from __future__ import annotations

import random
import re

from .vocabulary import NOISE_TS, QUALIFIERS, STATUSES, TS_FIELDS, Dom, camel, lower_camel


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
    """A declaration up to its parameters or value: two blocks with the same one would clash."""
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
    """A React component of roughly `target` lines: row type, sub-components, one useQuery.

    The extra_* arguments are how client_realtime adds a socket hook and polling to it.
    """
    resource = resource or f"/api/v1/{d.p}"
    q = r.choice(QUALIFIERS)
    row = f"{d.C}Row"
    parts = [ts_interface(r, row)]
    parts.append(
        f"interface {name}Props {{\n  title?: string;\n  accountId: string;\n  onSelect?: (id: string) => void;\n}}\n"
    )
    parts.append(f"const PAGE_SIZE = {r.choice([10, 20, 25, 50])};\n")
    # 60: about what the main component below adds
    subs = _component_helpers(r, d, row, sum(p.count("\n") + 1 for p in parts) + 60, target)
    parts += subs
    row_components = [s.split("(", 1)[0].split()[-1] for s in subs if s.startswith("function ") and s.split("(", 1)[0].endswith("Row")]
    used_hooks = "".join(f"  const {lower_camel(h)}Result = {h}(accountId);\n" for _, h in hook_imports)
    rendered = "".join(f"        <{c} />\n" for _, c in comp_imports)
    row_el = (f"<{row_components[0]} key={{item.id}} item={{item}} onSelect={{onSelect}} />" if row_components
              else "<tr key={item.id}><td>{item.id}</td></tr>")
    sort_field = r.choice(["name", "status", "updatedAt"])
    parts.append(
        _component_logic(r, name=name, q=q, d=d, row=row, resource=resource, sort_field=sort_field,
                         hooks=extra_state + used_hooks, query_extra=query_extra)
        + _component_view(d=d, row_el=row_el, extra_jsx=extra_jsx, rendered=rendered)
    )
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


def _component_helpers(r: random.Random, d: Dom, row: str, lines: int, target: int) -> list[str]:
    """Row sub-components and helpers (each name once) until the component reaches `target` lines."""
    subs, seen = [], set()
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
    return subs


def _component_logic(r: random.Random, *, name: str, q: str, d: Dom, row: str, resource: str,
                     sort_field: str, hooks: str, query_extra: str) -> str:
    """The main component's state, query and derived rows, up to its early returns."""
    return (
        f"export default function {name}({{ title = '{camel(q)} {d.p.replace('_', ' ')}', accountId, onSelect }}: {name}Props) {{\n"
        "  const [page, setPage] = useState(0);\n"
        "  const [filter, setFilter] = useState('');\n"
        "  const [sortAsc, setSortAsc] = useState(true);\n"
        f"{hooks}"
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
    )


def _component_view(*, d: Dom, row_el: str, extra_jsx: str, rendered: str) -> str:
    """The main component's JSX, from the loading and error states to the closing brace."""
    return (
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


HOOK_MODULE_HEAD = (
    "import { useCallback, useEffect, useState } from 'react';\n"
    "import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';\n"
    "import { api } from '../lib/api';\n\n"
)


def ts_hook_module(r: random.Random, *, idx: int, target: int, d: Dom, noise: bool) -> tuple[str, list[str]]:
    """Query hooks for one domain, roughly `target` lines; returns (text, exported hook names)."""
    row = f"{d.C}Item{idx}"
    list_hook = f"use{d.C}List{idx}"
    exports = [list_hook]
    parts = [ts_interface(r, row), _query_keys(d, idx), _list_hook(r, d, idx, row, list_hook)]
    optional = _data_hooks(d, idx, row) + _state_hooks(r, d, idx)
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
    return HOOK_MODULE_HEAD + "\n".join(parts), exports


def _query_keys(d: Dom, idx: int) -> str:
    return (
        f"export const {d.s}Keys{idx} = {{\n"
        f"  all: ['{d.p}'] as const,\n"
        f"  list: (filters: Record<string, string>) => [...{d.s}Keys{idx}.all, 'list', filters] as const,\n"
        f"  detail: (id: string) => [...{d.s}Keys{idx}.all, 'detail', id] as const,\n"
        "};\n"
    )


def _list_hook(r: random.Random, d: Dom, idx: int, row: str, name: str) -> str:
    return (
        f"export function {name}(accountId: string, filters: Record<string, string> = {{}}) {{\n"
        "  return useQuery({\n"
        f"    queryKey: {d.s}Keys{idx}.list({{ accountId, ...filters }}),\n"
        f"    queryFn: () => api.get<{row}[]>(`/api/v1/{d.p}?account=${{accountId}}`),\n"
        "    enabled: Boolean(accountId),\n"
        f"    staleTime: {r.choice(['30_000', '60_000', '10 * 60 * 1000'])},\n"
        "    refetchOnWindowFocus: false,\n"
        "  });\n"
        "}\n"
    )


def _data_hooks(d: Dom, idx: int, row: str) -> list[tuple[str, str]]:
    """(name, text) of the optional hooks that read or write the domain's rows."""
    C = d.C
    return [
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
    ]


def _state_hooks(r: random.Random, d: Dom, idx: int) -> list[tuple[str, str]]:
    """(name, text) of the optional hooks that keep local state only."""
    C = d.C
    return [
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


# client/src/lib/: where every hook gets `api` and WS_BASE from.
CONFIG_TS = (
    "const secure = window.location.protocol === 'https:';\n\n"
    "export const API_BASE = '/api/v1';\n"
    "export const WS_BASE = `${secure ? 'wss' : 'ws'}://${window.location.host}`;\n"
)
API_TS = (
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
    "};\n"
)
