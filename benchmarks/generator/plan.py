"""The plan: how many files of each kind, the WebSocket groups, and which file slot plays which role."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .vocabulary import DOMAINS, WS_TOPICS, Dom, camel

MODULES_PER_PACKAGE = 40


@dataclass
class Endpoint:
    name: str  # slug, e.g. "system-status"
    types: list[str]  # message types it sends: [<snake>_update, maybe <snake>_alert]
    covered: dict[str, bool]  # type -> broadcast somewhere in production code
    self_push: bool  # endpoint sends updates itself inside a loop
    wrong_path: bool = False  # the client hook forgets the /api/v1 prefix

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
    """Endpoints that share one constants module, one router and one broadcaster module."""

    endpoints: list[Endpoint]
    consts_style: str  # "consts" | "enum" | "literal"
    bcast_style: str  # "loop" | "http" | "service"
    consts_slot: int = -1


@dataclass
class Plan:
    layout: dict[str, int]
    groups: list[Group]
    manager_slot: int = -1
    # slot -> role, per kind of file; a slot without a role gets ordinary code
    modules: dict[int, tuple[str, Group | None]] = field(default_factory=dict)  # "manager" | "consts" | "router" | "bcast"
    tests: dict[int, Group] = field(default_factory=dict)
    hooks: dict[int, Endpoint] = field(default_factory=dict)
    components: dict[int, tuple[str, Endpoint | Group]] = field(default_factory=dict)  # ("ws", e) | ("poll", g)
    api_modules: set[int] = field(default_factory=set)  # ordinary modules that are HTTP routers

    @property
    def server_modules(self) -> int:
        """Server module slots: every server file but server/main.py."""
        return self.layout["server"] - 1

    @property
    def endpoints(self) -> list[Endpoint]:
        return [e for g in self.groups for e in g.endpoints]

    @property
    def manager_module(self) -> str:
        return module_name(self.manager_slot) if self.groups else ""


def module_name(i: int) -> str:
    return f"server.pkg_{i // MODULES_PER_PACKAGE}.mod_{i}"


def module_path(i: int) -> str:
    return f"server/pkg_{i // MODULES_PER_PACKAGE}/mod_{i}.py"


def layout(n: int) -> dict[str, int]:
    docs = max(2, min(20, n // 500))
    tests = max(1, n * 4 // 100)
    rest = n - docs - tests
    server = rest // 2  # includes server/main.py
    client = rest - server  # includes client/src/lib/{api,config}.ts
    hooks = max(1, (client - 2) * 3 // 10)
    comps = client - 2 - hooks
    return {"docs": docs, "tests": tests, "server": server, "hooks": hooks, "components": comps}


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


def make_plan(files: int, seed: int, relevant_percent: float) -> Plan:
    """Everything decided before a file is written; all of it comes from one seeded stream."""
    lay = layout(files)
    pr = random.Random(f"{seed}:plan")
    groups = plan_groups(pr, round(files * relevant_percent / 100))
    plan = Plan(lay, groups)
    assign_slots(pr, plan)
    plan.api_modules = {i for i in range(plan.server_modules) if i not in plan.modules and pr.random() < 0.2}
    return plan


def plan_groups(pr: random.Random, budget: int) -> list[Group]:
    """Add groups until the next one would exceed `budget` relevant files (always at least one)."""
    groups: list[Group] = []
    if budget <= 0:
        return groups
    used = 3  # server/main.py, connection manager, docs/realtime.md
    n_eps = 0
    while True:
        gi = len(groups)
        size = pr.choice([1, 2, 2, 3])
        cost_py = 3 + (1 if gi % 2 == 0 else 0)  # consts, router, broadcaster (+test every other)
        cost_ts = 2 * size + (1 if gi % 3 == 0 else 0)  # hook + component each (+polling component)
        if groups and used + cost_py + cost_ts > budget:
            break
        eps = [make_endpoint(pr, n_eps + k) for k in range(size)]
        n_eps += size
        groups.append(Group(eps, pr.choice(["consts", "consts", "enum", "literal"]),
                            pr.choice(["loop", "loop", "http", "service"])))
        used += cost_py + cost_ts
    all_eps = [e for g in groups for e in g.endpoints]
    if len(all_eps) >= 5:
        all_eps[len(all_eps) // 2].wrong_path = True
    return groups


def assign_slots(pr: random.Random, plan: Plan) -> None:
    """Scatter the groups' files over random slots of each kind."""
    lay, groups = plan.layout, plan.groups
    py_needed = (1 + sum(3 for g in groups)) if groups else 0
    test_needed = sum(1 for i in range(len(groups)) if i % 2 == 0)
    hooks_needed = sum(len(g.endpoints) for g in groups)
    comps_needed = hooks_needed + sum(1 for i in range(len(groups)) if i % 3 == 0)
    if (py_needed > plan.server_modules or test_needed > lay["tests"] or hooks_needed > lay["hooks"]
            or comps_needed > lay["components"]):
        raise ValueError("relevant-percent too high for this many files")
    it_mod = iter(pr.sample(range(plan.server_modules), py_needed))
    it_test = iter(pr.sample(range(lay["tests"]), test_needed))
    it_hook = iter(pr.sample(range(lay["hooks"]), hooks_needed))
    it_comp = iter(pr.sample(range(lay["components"]), comps_needed))
    if groups:
        plan.manager_slot = next(it_mod)
        plan.modules[plan.manager_slot] = ("manager", None)
    for gi, g in enumerate(groups):
        g.consts_slot = next(it_mod)
        plan.modules[g.consts_slot] = ("consts", g)
        plan.modules[next(it_mod)] = ("router", g)
        plan.modules[next(it_mod)] = ("bcast", g)
        if gi % 2 == 0:
            plan.tests[next(it_test)] = g
        for e in g.endpoints:
            plan.hooks[next(it_hook)] = e
            plan.components[next(it_comp)] = ("ws", e)
        if gi % 3 == 0:
            plan.components[next(it_comp)] = ("poll", g)
