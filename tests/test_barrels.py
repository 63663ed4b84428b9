"""Issue 21 item 2: `index.ts` barrels. `export { x } from`, `export { default as x } from`
and `export * from` are followed to the module that defines the name."""

from __future__ import annotations

import textwrap

import pytest

from conftest import run_scan
from wscheck.extract.client.extractor import extract_client
from wscheck.facts import ClientFacts, Ref, Role
from wscheck.model.client import ClientIndex


def _facts(path: str, source: str) -> ClientFacts:
    facts = extract_client(path, textwrap.dedent(source).encode(), Role.CLIENT)
    assert isinstance(facts, ClientFacts), facts
    return facts


def test_the_extraction_records_each_re_export_shape():
    facts = _facts("src/hooks/index.ts", """
        export * from './useOrders';
        export * as api from '../lib/api';
        export { default as useFeed } from './useFeed';
        export { useDebounce as useDebounced } from './useDebounce';
        export type { Order } from '../types';
    """)
    assert facts.star_exports == (Ref("src/hooks/useOrders", "*"),)
    assert dict(facts.imports) == {
        "api": Ref("src/lib/api", "*"),
        "useFeed": Ref("src/hooks/useFeed", "default"),
        "useDebounced": Ref("src/hooks/useDebounce", "useDebounce"),
        "Order": Ref("src/types", "Order"),
    }


def _index(files: dict[str, str]) -> ClientIndex:
    return ClientIndex([_facts(path, source) for path, source in files.items()])


HOOKS = {
    "src/hooks/useOrders.ts": "export function useOrders() { return new WebSocket('/ws/orders'); }\n",
    "src/hooks/useFeed.ts": "export default function useFeed() { return new WebSocket('/ws/feed'); }\n",
    "src/hooks/useClock.ts": "function useClock() { return Date.now(); }\nexport default useClock;\n",
}


@pytest.mark.parametrize(("barrel", "name", "defined"), [
    ("export * from './useOrders';\n", "useOrders", ("src/hooks/useOrders", "useOrders")),
    ("export { useOrders } from './useOrders';\n", "useOrders", ("src/hooks/useOrders", "useOrders")),
    ("export { default as useFeed } from './useFeed';\n", "useFeed", ("src/hooks/useFeed", "useFeed")),
    ("export { default as useClock } from './useClock';\n", "useClock", ("src/hooks/useClock", "useClock")),
    ("export * from './inner';\n", "useOrders", ("src/hooks/useOrders", "useOrders")),  # a barrel of barrels
])
def test_a_name_is_followed_through_the_barrel_to_its_function(barrel, name, defined):
    index = _index({**HOOKS, "src/hooks/inner.ts": "export * from './useOrders';\n", "src/hooks/index.ts": barrel})
    assert index.definition(Ref("src/hooks/index", name)) == defined


def test_a_star_export_passes_on_no_default():
    index = _index({**HOOKS, "src/hooks/index.ts": "export * from './useFeed';\n"})
    assert index.definition(Ref("src/hooks/index", "default")) is None


def test_barrels_exporting_each_other_end():
    index = _index({
        "src/a/index.ts": "export * from '../b';\nexport * from './real';\n",
        "src/b/index.ts": "export * from '../a';\n",
        "src/a/real.ts": "export const LIMIT = 5;\n",
    })
    assert index.definition(Ref("src/b/index", "missing")) is None
    assert index.definition(Ref("src/b/index", "LIMIT")) == ("src/a/real", "LIMIT")


SERVER = """
from fastapi import APIRouter, WebSocket
router = APIRouter()

@router.websocket("/ws/orders")
async def orders(websocket: WebSocket):
    await websocket.accept()
"""


@pytest.mark.parametrize("barrel", [
    "export * from './useOrders';\n",
    "export { useOrders } from './useOrders';\n",
    "export { default as useOrders } from './useOrders';\n",
])
def test_a_component_using_the_hook_through_an_aliased_barrel_counts(project, barrel):
    hook = "export function useOrders() { return new WebSocket('/ws/orders'); }\n"
    if "default" in barrel:
        hook = hook.replace("export function", "export default function")
    folder = project({
        "server/app.py": SERVER,
        "web/tsconfig.json": '{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}',
        "web/src/hooks/useOrders.ts": hook,
        "web/src/hooks/index.ts": barrel,
        "web/src/components/Orders.tsx": "import { useOrders } from '@/hooks';\nexport const Orders = () => <p>{String(useOrders())}</p>;\n",
    })
    report = run_scan(folder, select=("WS301", "WS302"))
    assert [f.code for f in report.findings] == []
    assert [u.module for u in report.project.usages[("web/src/hooks/useOrders", "useOrders")]] == ["web/src/components/Orders"]


def test_a_barrel_is_followed_only_for_the_names_asked_of_it(project):
    folder = project({
        "web/src/hooks/useOrders.ts": "export function useOrders() { return new WebSocket('/ws/orders'); }\n",
        "web/src/hooks/index.ts": "export * from './useOrders';\nexport * from './format';\nexport * from './useClock';\n",
        "web/src/hooks/format/index.ts": "export * from './money';\n",  # a barrel of barrels
        "web/src/hooks/format/money.ts": "export function formatTotal(cents: number) { return `$${cents / 100}`; }\n",
        "web/src/hooks/useClock.ts": "export function useClock() { return Date.now(); }\n",
        "web/src/components/Orders.tsx": (
            "import { useOrders, formatTotal } from '@/hooks';\n"
            "export const Orders = () => <p>{String(useOrders())} {formatTotal(100)}</p>;\n"
        ),
    })
    report = run_scan(folder)
    # the hook, the component, both barrels and money.ts, not useClock.ts: nothing asks for it
    assert report.stats.files_parsed == 5
    assert [u.module for u in report.project.usages[("web/src/hooks/useOrders", "useOrders")]] == ["web/src/components/Orders"]
