"""The generator's entry point: make the plan, then write the project one part at a time."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .client_code import API_TS, CONFIG_TS, ts_hook_module, tsx_component
from .client_realtime import render_live_component, render_polling_component, render_ws_hook
from .docs import render_guide, render_realtime_doc
from .plan import Plan, make_plan, module_name, module_path
from .python_modules import Exports, py_module, render_test_module
from .python_realtime import (
    render_broadcaster, render_consts, render_main, render_manager, render_router, render_ws_test,
)
from .vocabulary import AREAS, DOMAINS, dom
from .writer import Writer, write_ignored, write_manifest, write_metadata


@dataclass
class Output:
    """The writer, plus what the manifest needs to know about the project files written so far."""

    writer: Writer
    seed: int
    relevant: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {"python": 0, "ts": 0, "tsx": 0, "md": 0, "tests": 0})
    polling_sites: int = 0

    def rng(self, key: str) -> random.Random:
        """A stream per file, so that no file's choices shift another's."""
        return random.Random(f"{self.seed}:{key}")

    def write(self, rel: str, text: str, kind: str, relevant: bool = False) -> None:
        self.writer.write(rel, text)
        self.counts[kind] += 1
        if relevant:
            self.relevant.append(rel)


def generate(outdir: str, files: int, seed: int = 0, relevant_percent: float = 3.0) -> dict:
    """Write the project into `outdir`; returns the manifest, which is written there too."""
    if files < 40:
        raise ValueError("--files must be at least 40")
    if not 0 <= relevant_percent <= 50:
        raise ValueError("--relevant-percent must be between 0 and 50")
    plan = make_plan(files, seed, relevant_percent)
    out = Output(Writer(outdir), seed)
    write_server(out, plan)
    write_tests(out, plan)
    write_client(out, plan)
    write_docs(out, plan)
    write_ignored(out.writer, seed)
    write_metadata(out.writer)
    assert sum(out.counts.values()) == files, (out.counts, files)
    return write_manifest(out.writer, files=files, seed=seed, relevant_percent=relevant_percent,
                          counts=out.counts, relevant=out.relevant, endpoints=plan.endpoints,
                          polling_sites=out.polling_sites)


def write_server(out: Output, plan: Plan) -> None:
    """server/pkg_<k>/mod_<i>.py in slot order (a module imports from earlier ones), then server/main.py."""
    exports = Exports()
    ws_routers: list[str] = []
    bcast_routers: list[str] = []
    loops: list[tuple[str, str]] = []  # (module, background loop function)
    for i in range(plan.server_modules):
        rel = module_path(i)
        r = out.rng(rel)
        role = plan.modules.get(i)
        if role is None:
            doms = [dom(x) for x in r.sample(DOMAINS, r.randint(1, 3))]
            target = int(r.triangular(40, 360, 110))
            text = py_module(r, target=target, doms=doms, api=i in plan.api_modules, noise=r.random() < 0.03,
                             imports_from=exports.pick(r, r.randint(0, 3)))
            exports.add(module_name(i), text)
            out.write(rel, text, "python")
            continue
        kind, g = role
        if kind == "manager":
            text = render_manager()
        elif kind == "consts":
            text = render_consts(g)
        elif kind == "router":
            text = render_router(r, g, plan.manager_module, exports.pick(r, r.randint(0, 2)))
            ws_routers.append(module_name(i))
        else:
            text, fns, has_router = render_broadcaster(r, g, plan.manager_module, exports.pick(r, r.randint(0, 2)))
            loops += [(module_name(i), fn) for fn in fns]
            if has_router:
                bcast_routers.append(module_name(i))
        out.write(rel, text, "python", relevant=True)
    api_modules = [module_name(i) for i in sorted(plan.api_modules)][:60]
    out.write("server/main.py", render_main(ws_routers, bcast_routers, loops, api_modules), "python",
              relevant=bool(plan.groups))


def write_tests(out: Output, plan: Plan) -> None:
    for i in range(plan.layout["tests"]):
        r = out.rng(f"test{i}")
        d = dom(r.choice(DOMAINS))
        g = plan.tests.get(i)
        text = render_ws_test(g, plan.manager_module) if g is not None else render_test_module(r, d)
        out.write(f"tests/test_{d.p}_{i}.py", text, "tests", relevant=g is not None)


def write_client(out: Output, plan: Plan) -> None:
    out.write("client/src/lib/config.ts", CONFIG_TS, "ts")
    out.write("client/src/lib/api.ts", API_TS, "ts")
    hook_exports, socket_hooks = write_hooks(out, plan)
    write_components(out, plan, hook_exports, socket_hooks)


def write_hooks(out: Output, plan: Plan) -> tuple[list[tuple[int, str]], dict[str, tuple[int, str]]]:
    """client/src/hooks/use<i>.ts. Returns (slot, first hook) of each ordinary module, and
    (slot, hook) of each endpoint's socket hook by endpoint name."""
    ordinary: list[tuple[int, str]] = []
    socket_hooks: dict[str, tuple[int, str]] = {}
    for i in range(plan.layout["hooks"]):
        rel = f"client/src/hooks/use{i}.ts"
        r = out.rng(rel)
        e = plan.hooks.get(i)
        if e is not None:
            text, name = render_ws_hook(r, e)
            socket_hooks[e.name] = (i, name)
        else:
            d = dom(r.choice(DOMAINS))
            text, exports = ts_hook_module(r, idx=i, target=int(r.triangular(30, 200, 70)), d=d,
                                           noise=r.random() < 0.03)
            ordinary.append((i, exports[0]))
        out.write(rel, text, "ts", relevant=e is not None)
    return ordinary, socket_hooks


def write_components(out: Output, plan: Plan, hook_exports: list[tuple[int, str]],
                     socket_hooks: dict[str, tuple[int, str]]) -> None:
    """client/src/<area>/Comp<i>.tsx, using ordinary hooks and earlier ordinary components."""
    earlier: list[tuple[str, str]] = []  # (module, component)
    for i in range(plan.layout["components"]):
        r = out.rng(f"comp{i}")
        area = AREAS[i % len(AREAS)]
        rel = f"client/src/{area}/Comp{i}.tsx"
        name = f"Comp{i}"
        d = dom(r.choice(DOMAINS))
        hooks = [(f"../hooks/use{j}", h) for j, h in r.sample(hook_exports, min(len(hook_exports), r.randint(0, 2)))]
        comps = []
        if earlier and r.random() < 0.4:
            comps = [earlier[r.randrange(max(0, len(earlier) - 300), len(earlier))]]
        target = int(r.triangular(40, 300, 110))
        role = plan.components.get(i)
        if role is None:
            text = tsx_component(r, name=name, target=target, d=d, noise=r.random() < 0.03,
                                 hook_imports=hooks, comp_imports=comps)
            earlier.append((f"../{area}/{name}", name))
        elif role[0] == "ws":
            e = role[1]
            text, polls = render_live_component(r, name=name, target=target, e=e, hook=socket_hooks[e.name],
                                                hook_imports=hooks, comp_imports=comps)
            out.polling_sites += int(polls)
        else:
            text = render_polling_component(r, name=name, target=target, g=role[1],
                                            hook_imports=hooks, comp_imports=comps)
            out.polling_sites += 1
        out.write(rel, text, "tsx", relevant=role is not None)


def write_docs(out: Output, plan: Plan) -> None:
    """README.md, docs/realtime.md when there are endpoints, and guides."""
    endpoints = plan.endpoints
    for i in range(plan.layout["docs"]):
        r = out.rng(f"doc{i}")
        if i == 1 and endpoints:
            out.write("docs/realtime.md", render_realtime_doc(r, endpoints), "md", relevant=True)
            continue
        rel = "README.md" if i == 0 else f"docs/{r.choice(DOMAINS)}-{r.choice(['guide', 'runbook', 'design', 'faq'])}-{i}.md"
        out.write(rel, render_guide(r, dom(r.choice(DOMAINS))), "md")
