"""Ordinary server modules and test modules, assembled from python_blocks."""

from __future__ import annotations

import random

from .python_blocks import (
    IMP_ASYNC, IMP_CACHE, IMP_DC, IMP_DT, IMP_ENUM, IMP_FASTAPI, IMP_JSON, IMP_LOG, IMP_PYDANTIC,
    IMP_TYPING, py_aggregate, py_cached, py_constants, py_dataclass, py_enum, py_gather,
    py_http_routes, py_paginate, py_parse, py_schema, py_service, py_validate,
)
from .vocabulary import NOISE_PY, QUALIFIERS, SENTENCES, STATUSES, VERBS, Dom, camel

PY_BLOCKS = [py_constants, py_enum, py_dataclass, py_service, py_aggregate, py_validate,
             py_parse, py_paginate, py_gather, py_cached, py_schema]
# service classes are the bulk of real backends: weight them up
PY_WEIGHTS = [3, 2, 3, 5, 2, 2, 2, 1, 2, 1, 2]
IMPORT_ORDER = [
    "from __future__ import annotations", IMP_ASYNC, IMP_JSON, IMP_LOG, "import socket",
    IMP_DC, IMP_DT, IMP_ENUM, IMP_CACHE, IMP_TYPING, IMP_FASTAPI, IMP_PYDANTIC,
]


def py_module(r: random.Random, *, target: int, doms: list[Dom], api: bool, noise: bool,
              imports_from: list[tuple[str, str]]) -> str:
    """Assemble an ordinary-looking module of roughly `target` lines."""
    blocks: list[str] = []
    needed: set = set()
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


def render_test_module(r: random.Random, d: Dom) -> str:
    """A pytest module for one domain's helpers; the helpers are inlined so it runs alone."""
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
    return (
        f'"""Tests for the {q} {d.s} helpers."""\n\nfrom __future__ import annotations\n\nfrom typing import Any, Iterable\n\nimport pytest\n\n\n'
        + agg + "\n\n" + val + "\n\n" + "\n\n".join(cases)
        + f"\n\n@pytest.mark.parametrize(\"payload\", [{{}}, {{\"name\": 1}}])\ndef test_{q}_{d.s}_rejects(payload):\n    assert validate_{q}_{d.s}(payload) or payload == {{}}\n"
    )


class Exports:
    """Names that earlier ordinary modules define, for later modules to import (as real code does)."""

    # Imports reach back at most this many modules, so they stay near their package.
    WINDOW = 400

    def __init__(self) -> None:
        self.names: list[tuple[str, str]] = []  # (module, exported name)

    def add(self, module: str, text: str) -> None:
        """Record the first class or function `text` defines."""
        for line in text.splitlines():
            if line.startswith("class ") or line.startswith("def "):
                self.names.append((module, line.split()[1].split("(")[0].split(":")[0]))
                break

    def pick(self, r: random.Random, k: int) -> list[tuple[str, str]]:
        """Up to `k` (module, name) imports from recent modules, one per module."""
        if not self.names:
            return []
        out, seen = [], set()
        for _ in range(k):
            mod, name = self.names[r.randrange(max(0, len(self.names) - self.WINDOW), len(self.names))]
            if mod not in seen:
                seen.add(mod)
                out.append((mod, name))
        return out
