"""The pipeline's layering, as STYLE.md draws it: only extract/server imports libcst (and only its
libcst_compat touches libcst's private API), only extract/client imports tree_sitter, and a scan
with nothing to parse loads neither."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "wscheck"


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
    return roots


def test_parsers_are_imported_only_by_their_extractors():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        roots = imported_roots(path)
        if "libcst" in roots:
            assert relative.startswith("extract/server/"), relative
        if "tree_sitter" in roots or "tree_sitter_typescript" in roots:
            assert relative.startswith("extract/client/"), relative
        if "pyjson5" in roots:  # tsconfig.json's JSONC
            assert relative == "extract/tsconfig.py", relative


def _libcst_private_names() -> set[str]:
    """The private attributes of libcst's node, visitor and code-generation classes."""
    import libcst as cst

    classes, pending = set(), [cst.CSTNode, cst.CSTVisitor, cst.CSTTransformer]
    while pending:
        kind = pending.pop()
        if kind not in classes:
            classes.add(kind)
            pending.extend(kind.__subclasses__())
    names = {name for kind in classes for klass in kind.__mro__ if klass.__module__.startswith("libcst")
             for name in vars(klass) if name.startswith("_") and not name.startswith("__")}
    return (names - {"_abc_impl", "_name"}) | {"co_consts"}  # _name and _abc_impl are too common to be libcst's


def test_only_the_compat_module_touches_libcst_private_api():
    """libcst's private modules and attributes (and the bytecode of its methods) are read in
    extract/server/libcst_compat.py alone, which checks them at import against the public API."""
    private = _libcst_private_names()
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative == "extract/server/libcst_compat.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "libcst":
                modules = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names if alias.name.split(".")[0] == "libcst"]
            else:
                modules = []
            for module in modules:
                assert not any(part.startswith("_") for part in module.split(".")), f"{relative}:{node.lineno} imports {module}"
            if isinstance(node, ast.Attribute):
                assert node.attr not in private, f"{relative}:{node.lineno} reads libcst's private {node.attr}"


def test_reporters_know_nothing_of_parsers():
    for path in sorted((PACKAGE / "reporters").rglob("*.py")):
        assert not {"libcst", "tree_sitter"} & imported_roots(path), path


def test_a_scan_with_nothing_to_parse_loads_no_parser(project):
    folder = project({"app/util.py": "def add(a, b):\n    return a + b\n", "web/src/math.ts": "export const two = 1 + 1;\n"})
    code = (
        "import sys, os\nfrom pathlib import Path\nfrom wscheck.config import Settings\nfrom wscheck.engine import scan\n"
        "report = scan([Path('.')], Settings(), os.getcwd())\n"
        "print(report.project.files_scanned, 'libcst' in sys.modules, 'tree_sitter' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["2", "False", "False"]


def test_wscheck_rule_loads_no_parser():
    code = "import sys\nfrom wscheck.cli import main\nprint('libcst' in sys.modules, 'tree_sitter' in sys.modules)\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def _modules_importing(prefix: str, path: Path) -> set[str]:
    """Every `wscheck.*` module a file imports, top-level or late (inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level and node.module.startswith(prefix):
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith(prefix)}
    return found


def test_the_model_imports_nothing_from_extraction_demand_or_the_engine():
    for path in sorted((PACKAGE / "model").rglob("*.py")):
        for module in _modules_importing("wscheck.", path):
            assert not module.startswith(("wscheck.extract", "wscheck.demand", "wscheck.engine", "wscheck.discovery")), (path, module)


# What the engine owns to answer fast: the index, other processes, the files' bytes, the cache.
SPEED_MACHINERY = ("wscheck.search", "wscheck.executor", "wscheck.sources", "wscheck.cache")
FILE_READS = frozenset({"open", "read_bytes", "read_text", "scandir", "listdir", "walk", "stat"})


def test_the_model_asks_and_never_searches_nor_reads_a_file():
    """The model asks its questions (model.texts.Questions) of whatever the engine hands it:
    it imports no index, process or cache, nor the modules that open files, nor opens one."""
    for path in sorted((PACKAGE / "model").rglob("*.py")):
        for module in _modules_importing("wscheck.", path):
            assert not module.startswith(SPEED_MACHINERY), (path, module)
        assert not {"os", "io", "pathlib", "multiprocessing", "mmap", "shutil", "glob"} & imported_roots(path), path
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                assert called not in FILE_READS, f"{path}:{node.lineno} calls {called}"


def test_the_model_is_not_told_how_many_processes_to_use():
    import inspect

    from wscheck.model.project import build_project

    assert list(inspect.signature(build_project).parameters) == ["server_facts", "client_facts", "texts", "settings", "ask", "aliases"]
    for path in sorted((PACKAGE / "model").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.arg):
                assert node.arg not in ("jobs", "cores", "workers", "executor", "pool"), f"{path}:{node.lineno}"


def test_no_module_keeps_state_in_a_global_it_assigns():
    """State a scan needs (an index, a pool, a cache) is owned by the engine and handed down:
    a module-level variable set with `global` would be shared by every scan in the process."""
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            assert not isinstance(node, ast.Global), f"{path.relative_to(PACKAGE)}:{node.lineno} declares global {node.names}"


def test_reporters_read_the_report_not_the_model():
    for path in sorted((PACKAGE / "reporters").rglob("*.py")):
        for module in _modules_importing("wscheck.", path):
            assert not module.startswith(("wscheck.model", "wscheck.extract", "wscheck.demand", "wscheck.engine")), (path, module)


# Web framework and client library APIs: only their framework modules name them.
FRAMEWORK_NAMES = frozenset({
    "websocket_route", "add_api_websocket_route", "add_websocket_route", "WebSocketRoute", "Mount",
    "include_router", "APIRouter", "FastAPI", "Starlette", "Router", "send_json", "send_text", "send_bytes", "send_str",
    "receive_text", "receive_json", "receive_bytes", "iter_text", "iter_json", "iter_bytes", "group_send",
    "refetchInterval", "QueryClient", "defaultOptions", "setDefaultOptions", "queryKey", "queryFn",
    "socket.io-client", "react-use-websocket", "reconnecting-websocket", "ReconnectingWebSocket", "onerror", "onclose",
    "refreshInterval", "SWRConfig", "pollInterval", "startPolling", "ApolloClient", "pollingInterval",
    "setInterval", "setTimeout", "useInterval", "rxjs", "switchMap", "invalidateQueries",
})
FRAMEWORK_MODULES = frozenset({
    "extract/server/fastapi.py", "extract/server/pubsub.py", "extract/server/patterns.py",
    "extract/server/channels.py", "extract/server/socketio.py", "extract/server/aiohttp_web.py",
    "extract/server/litestar.py", "extract/server/frameworks.py", "extract/server/websockets_lib.py",
    "extract/server/quart_ws.py", "extract/server/flask_sock.py", "extract/server/sanic_ws.py",
    "extract/server/blueprints.py", "extract/server/plain_sockets.py", "extract/server/starlette_mounts.py",
    "extract/client/tanstack.py", "extract/client/sockets.py", "extract/client/patterns.py",
    "extract/client/swr.py", "extract/client/apollo.py", "extract/client/rtk_query.py",
    "extract/client/timers.py", "extract/client/rxjs.py", "extract/client/fetching.py",
    "config.py",  # the documented defaults of `broadcast-functions`
})


def test_only_framework_modules_name_framework_apis():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative in FRAMEWORK_MODULES or relative.startswith(("rules/", "docs")):
            continue  # rule examples are source code, not knowledge
        tree = ast.parse(path.read_text(encoding="utf-8"))
        enum_values = {  # an Enum's values are vocabulary shown to users (`PollingKind.REFETCH_INTERVAL`)
            id(constant) for cls in ast.walk(tree) if isinstance(cls, ast.ClassDef)
            and any("Enum" in ast.unparse(base) for base in cls.bases) for constant in ast.walk(cls)
        }
        for node in ast.walk(tree):
            if id(node) in enum_values:
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
                text = node.value.decode() if isinstance(node.value, bytes) else node.value
                assert text.rstrip("(").lstrip(".") not in FRAMEWORK_NAMES, f"{relative}:{node.lineno} names {text!r}"


# --- no import circles --------------------------------------------------------------------

# Known circles, each a pair of modules, that this test tolerates for now. None today.
KNOWN_CIRCLES: set[frozenset[str]] = set()


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, modules: set[str]) -> set[str]:
    """The wscheck modules `path` imports, at the top or inside functions. `from pkg import
    sub` counts as importing `pkg.sub` (not `pkg`); importing `pkg.sub` does not count its
    parent package, whose `__init__` importing its own submodules is no circle."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:  # `import wscheck.x.y` names the module, not an attribute
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    modules = set(paths)
    return {name: imported_modules(path, modules) for name, path in paths.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every circle found by a depth-first walk, as the path that closes it."""
    found: list[list[str]] = []
    state: dict[str, str] = {}  # "open" on the current path, "done" when fully explored

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph[node]):
            if frozenset((node, target)) in KNOWN_CIRCLES:
                continue
            if state.get(target) == "open":
                chain = path + [node]
                found.append(chain[chain.index(target):] + [target])
            elif target not in state:
                visit(target, path + [node])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return found


def test_the_import_graph_is_built_from_the_source():
    graph = import_graph()
    assert "wscheck.findings" in graph["wscheck.config"]
    assert "wscheck.config" in graph["wscheck.rules.base"]
    assert "wscheck.reporters" in graph["wscheck.outputs"]  # imported inside a function: counted
    assert "wscheck.extract.client.sites" in graph["wscheck.extract.client.extractor"]  # `from pkg import sub`


def test_no_module_imports_in_a_circle():
    assert circles(import_graph()) == []


def test_a_circle_is_found():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c", "a"]]


# --- one house for persistence -------------------------------------------------------------

def test_only_the_cache_package_writes_between_runs():
    """Facts, reports and replay records go through `wscheck.cache` (whole entries, its own
    directory, one fingerprint of wscheck's code): nothing else serialises to disk."""
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if not relative.startswith("cache/"):
            assert not {"pickle", "marshal", "shelve", "dbm"} & imported_roots(path), relative


def test_the_replay_path_loads_only_the_light_core_of_the_cache():
    """A replay runs before anything else: the cache's core and its reading side import the
    standard library's lightest modules and nothing of wscheck beyond them."""
    allowed = {"os", "sys", "marshal", "zlib", "__future__", "wscheck"}
    for name in ("__init__.py", "replay.py"):
        path = PACKAGE / "cache" / name
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):  # names for annotations only (`if TYPE_CHECKING:`) load nothing
            if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
                node.body = []
        roots = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        roots |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert roots <= allowed, (name, roots - allowed)
        assert _modules_importing("wscheck.", path) <= {"wscheck.cache", "wscheck.cache.directory", "wscheck.cache.status"}, name


# --- one executor -------------------------------------------------------------------------

def test_only_the_executor_starts_processes_and_only_the_engine_makes_one():
    """What runs where is the executor's choice, on its thresholds: nothing else forks, sets
    a timer, or reaches past its interface; the engine owns it and hands it down."""
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("executor/"):
            continue
        source = path.read_text(encoding="utf-8")
        assert "multiprocessing" not in imported_roots(path), relative
        for call in ("os.fork(", "setitimer(", "os.nice(", "Executor("):
            assert call not in source or (call == "Executor(" and relative == "engine.py"), (relative, call)
        internals = {m for m in _modules_importing("wscheck.executor", path) if m.count(".") >= 2 and not m.endswith(("Executor", "default_jobs"))}
        assert not internals, (relative, internals)


def test_every_threshold_of_parallel_work_lives_in_the_executor():
    named = ("SHARD", "WORKER", "EARLY", "PARTS", "JOBS", "SPLIT")
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("executor/"):
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, (ast.Assign, ast.AnnAssign)) or not isinstance(node.value, ast.Constant):
                continue
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                name = getattr(target, "id", "")
                assert not (isinstance(node.value.value, (int, float)) and any(w in name for w in named)), f"{relative}: {name}"


# --- shared resolution ----------------------------------------------------------------------

def test_the_demand_and_the_model_share_one_module_of_resolution_helpers():
    """Which parameter an argument binds, and which client types concern the socket, are
    written once, at the level of the facts, and read alike by the demand and the model."""
    shared = PACKAGE / "resolution.py"
    assert {m.rsplit(".", 1)[0] for m in _modules_importing("wscheck.", shared)} <= {"wscheck", "wscheck.facts"}
    users = {path.relative_to(PACKAGE).parts[0] for path in PACKAGE.rglob("*.py") if "wscheck.resolution" in _modules_importing("wscheck.", path)}
    assert {"demand", "model"} <= users
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == shared or path.is_relative_to(PACKAGE / "extract"):
            continue
        source = path.read_text(encoding="utf-8")
        assert "params[1:]" not in source and "HandledKind.TYPE:" not in source, path  # binding a method's `self`; a message-like container
