"""Issue 21 item 2: packages of a monorepo imported by name (npm/yarn/pnpm workspaces, Nx,
Turborepo): package.json facts, entries and `exports` maps, built output led back to its
source, the nearest of two packages with one name, and the order with tsconfig `paths`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import run_scan
from wscheck.cli import main
from wscheck.engine import RunOptions
from wscheck.extract.package_json import extract_package
from wscheck.facts import PackageManifest, ParseFailure
from wscheck.model.aliases import Aliases, How
from wscheck.model.packages import Packages, entry_candidates
from wscheck.modules import CONVENTIONAL_PATTERNS, Specifiers, is_project_module

FIXTURES = Path(__file__).parent / "fixtures"


def _manifest(path: str, data: dict | str) -> PackageManifest:
    facts = extract_package(path, (data if isinstance(data, str) else json.dumps(data)).encode())
    assert isinstance(facts, PackageManifest), facts
    return facts


def _packages(**files: dict) -> Packages:
    return Packages(_manifest(path.replace("__", "/").replace("_json", ".json"), data) for path, data in files.items())


def _resolve(packages: Packages, importer: str, spec: str, known: set[str]) -> str | None:
    return packages.resolve(importer, spec, known)[0]


# --- the package.json facts ---------------------------------------------------------------


def test_entries_and_an_exports_map_with_conditions():
    facts = _manifest("packages/ui/package.json", {
        "name": "@acme/ui", "version": "2.0.0", "main": "dist/index.js", "module": "dist/index.mjs",
        "types": "dist/index.d.ts", "source": "src/index.ts",
        "exports": {
            ".": {"types": "./dist/index.d.ts", "require": "./dist/index.js", "import": {"types": "./dist/index.d.mts", "default": "./dist/index.mjs"}},
            "./button": [{"development": "./src/button.tsx"}, "./dist/button.js"],
            "./icons/*": {"default": "./dist/icons/*.js", "source": "./src/icons/*.tsx"},
            "./internal/*": None,
            "./package.json": "./package.json",
        },
    })
    assert facts.name == "@acme/ui"
    assert facts.entries == ("src/index.ts", "dist/index.mjs", "dist/index.js", "dist/index.d.ts")  # source first
    assert dict(facts.exports) == {
        ".": ("./dist/index.mjs", "./dist/index.d.mts", "./dist/index.js", "./dist/index.d.ts"),  # import, then require, types last
        "./button": ("./src/button.tsx", "./dist/button.js"),
        "./icons/*": ("./src/icons/*.tsx", "./dist/icons/*.js"),
        "./internal/*": (),  # `null`: not exported
        "./package.json": ("./package.json",),
    }
    assert facts.problems == ()


def test_exports_as_a_string_or_conditions_is_the_root_entry():
    assert _manifest("package.json", {"name": "a", "exports": "./src/index.ts"}).exports == ((".", ("./src/index.ts",)),)
    conditions = _manifest("package.json", {"name": "a", "exports": {"require": "./lib/a.cjs", "source": "./src/a.ts"}})
    assert conditions.exports == ((".", ("./src/a.ts", "./lib/a.cjs")),)
    assert _manifest("package.json", {"name": "a"}).exports is None


def test_parts_of_the_wrong_shape_are_ignored_with_a_note():
    facts = _manifest("package.json", {"name": 7, "main": ["x"], "exports": {".": 3, "./a": "./a.js"}, "imports": {"x": "./x.js"}})
    assert (facts.name, facts.entries, dict(facts.exports)) == (None, (), {".": (), "./a": ("./a.js",)})
    assert facts.problems == (
        "`name` is not a string",
        "`exports` entry `.` is not a path, a list or a conditions object",
        "`imports` key `x` does not start with `#`",
    )


def test_a_package_json_that_is_not_json_is_a_failure_with_its_line():
    failure = extract_package("web/package.json", b'{\n  "name": "web",\n  "private": true,\n}\n')
    assert isinstance(failure, ParseFailure)
    assert failure.location.line == 4
    assert "not valid JSON" in failure.reason and "name is not known" in failure.reason
    assert isinstance(extract_package("package.json", b"[1, 2]"), ParseFailure)
    assert isinstance(extract_package("package.json", b"\xff\xfe"), ParseFailure)
    assert isinstance(extract_package("package.json", b"[" * 100_000), ParseFailure)  # too deep: no traceback
    assert extract_package("package.json", b"") == PackageManifest("package.json")


# --- which module a package import names ----------------------------------------------------


def test_a_built_entry_leads_to_the_source_entry():
    packages = _packages(packages__realtime__package_json={"name": "@acme/realtime", "main": "dist/index.js", "types": "dist/index.d.ts"})
    known = {"packages/realtime/src/index", "apps/web/src/App"}
    assert _resolve(packages, "apps/web/src/App.tsx", "@acme/realtime", known) == "packages/realtime/src/index"
    # `lib/commonjs/index.js` (react-native-builder-bob) and `dist/esm/…` map the same way
    bob = _packages(package_json={"name": "rn-lib", "main": "lib/commonjs/index.js", "exports": {".": {"import": "./lib/module/index.js"}}})
    assert "src/index" in entry_candidates(bob.by_name["rn-lib"][0], ".")[:6]


def test_an_entry_that_is_scanned_source_is_taken_as_is():
    packages = _packages(libs__api__package_json={"name": "api-client", "main": "./lib/client.js"})
    known = {"libs/api/lib/client", "libs/api/src/index"}
    assert _resolve(packages, "web/a.ts", "api-client", known) == "libs/api/lib/client"


def test_subpaths_through_exports_patterns_and_without_exports():
    packages = _packages(
        packages__ui__package_json={"name": "@acme/ui", "exports": {".": "./dist/index.js", "./icons/*": "./dist/icons/*.js", "./button": "./dist/button.js"}},
        frontend__package_json={"name": "@acme/app"},
    )
    known = {"packages/ui/src/icons/Bell", "packages/ui/src/button/index", "frontend/src/components/Elements/index"}
    assert _resolve(packages, "x.ts", "@acme/ui/icons/Bell", known) == "packages/ui/src/icons/Bell"
    assert _resolve(packages, "x.ts", "@acme/ui/button", known) == "packages/ui/src/button/index"
    # no `exports`: Node loads the subpath as a file of the package (chainlit's `@chainlit/app/src/…`)
    assert _resolve(packages, "x.ts", "@acme/app/src/components/Elements", known) == "frontend/src/components/Elements/index"
    assert _resolve(packages, "x.ts", "@acme/ui/missing", known) is None
    assert packages.resolve("x.ts", "@acme/ui/missing", known)[1] is not None  # claimed: `--verbose` names it
    assert packages.resolve("x.ts", "@acme/app/src/img/logo.svg", known) == (None, None)  # an asset, no module
    assert _resolve(packages, "x.ts", "react", known) is None


def test_the_nearest_of_two_packages_with_one_name_wins():
    packages = _packages(
        packages__ui__package_json={"name": "@acme/ui", "main": "src/index.ts"},
        apps__legacy__vendor__ui__package_json={"name": "@acme/ui", "main": "src/index.ts"},
        examples__starter__ui__package_json={"name": "@acme/ui", "main": "src/index.ts"},
    )
    known = {"packages/ui/src/index", "apps/legacy/vendor/ui/src/index", "examples/starter/ui/src/index"}
    assert _resolve(packages, "apps/legacy/src/App.tsx", "@acme/ui", known) == "apps/legacy/vendor/ui/src/index"
    assert _resolve(packages, "apps/web/src/App.tsx", "@acme/ui", known) == "apps/legacy/vendor/ui/src/index"  # shares apps/
    assert _resolve(packages, "tools/seed/run.ts", "@acme/ui", known) == "packages/ui/src/index"  # a tie: the shallower
    # the nearest one has no scanned source: the next one serves
    assert _resolve(packages, "apps/legacy/src/App.tsx", "@acme/ui", known - {"apps/legacy/vendor/ui/src/index"}) == "packages/ui/src/index"


def test_subpath_imports_follow_the_importers_own_package():
    packages = _packages(
        apps__web__package_json={"name": "web", "imports": {"#socket": {"browser": "./src/socket.browser.ts", "default": "./src/socket.ts"}, "#lib/*": "./src/lib/*.ts"}},
        apps__admin__package_json={"name": "admin", "imports": {"#socket": "./src/admin-socket.ts"}},
    )
    known = {"apps/web/src/socket", "apps/web/src/lib/api", "apps/admin/src/admin-socket"}
    assert _resolve(packages, "apps/web/src/hooks/useFeed.ts", "#socket", known) == "apps/web/src/socket"
    assert _resolve(packages, "apps/web/src/hooks/useFeed.ts", "#lib/api", known) == "apps/web/src/lib/api"
    assert _resolve(packages, "apps/admin/src/App.tsx", "#socket", known) == "apps/admin/src/admin-socket"
    assert _resolve(packages, "tools/x.ts", "#socket", known) is None


def test_tsconfig_paths_come_first_then_packages_then_the_convention():
    from test_aliases import _config

    aliases = Aliases(
        [_config("apps/web/tsconfig.json", '{"compilerOptions": {"paths": {"@acme/ui": ["./src/ui-shim.ts"], "@/*": ["./src/*"]}}}')],
        _packages(packages__ui__package_json={"name": "@acme/ui", "main": "dist/index.js"}, packages__feed__package_json={"name": "@acme/feed"}),
    )
    known = {"apps/web/src/ui-shim", "packages/ui/src/index", "packages/feed/src/index", "src/x"}
    found = aliases.resolve("apps/web/src/App.tsx", "pkg:@acme/ui", known, [])
    assert (found.module, found.how) == ("apps/web/src/ui-shim", How.PATHS)
    found = aliases.resolve("apps/web/src/App.tsx", "pkg:@acme/feed", known, [])
    assert (found.module, found.how, found.package) == ("packages/feed/src/index", How.PACKAGE, "packages/feed/package.json")
    found = aliases.resolve("apps/admin/src/App.tsx", "pkg:@acme/ui", known, [])
    assert (found.module, found.how) == ("packages/ui/src/index", How.PACKAGE)
    # a package of the tree whose source is not scanned: claimed, so `--verbose` names it
    found = aliases.resolve("apps/admin/src/App.tsx", "pkg:@acme/ui", {"apps/web/src/ui-shim"}, [])
    assert (found.module, found.claimed, found.package) == (None, True, "packages/ui/package.json")


def test_extraction_treats_package_names_as_project_imports():
    packages = _packages(packages__ui__package_json={"name": "@acme/ui"}, apps__web__package_json={"name": "web", "imports": {"#lib/*": "./src/lib/*"}})
    patterns = Aliases((), packages).patterns([])
    assert set(CONVENTIONAL_PATTERNS) <= set(patterns)
    for spec, claimed in (("@acme/ui", True), ("@acme/ui/button", True), ("@acme/uix", False), ("#lib/api", True), ("react", False)):
        assert is_project_module(f"pkg:{spec}", patterns) is claimed, spec


def test_specifiers_match_as_the_patterns_say():
    patterns = ("@/*", "~/*", "src/*", "config", "hooks/*", "@acme/ui", "@acme/ui/*", "#*", "@app*")
    matcher = Specifiers(patterns)
    for bare in ("@/hooks/x", "~/x", "src", "src/a/b", "config", "config/x", "hooks", "hooks/a", "@acme/ui", "@acme/ui/b",
                 "@acme/uix", "#x", "@apples", "@app/x", "react", "@acme"):
        expected = any(bare.startswith(p[:-1]) if p.endswith("*") else bare == p for p in patterns)
        assert matcher.claims(bare) is expected, bare


# --- through a scan -----------------------------------------------------------------------

_SERVER = """
from fastapi import APIRouter, WebSocket
router = APIRouter(prefix="/api")

@router.websocket("/ws/orders")
async def orders(websocket: WebSocket):
    await websocket.accept()
"""
_HOOK = """
import { useEffect, useState } from 'react';
export function useOrders() {
  const [orders, setOrders] = useState([]);
  useEffect(() => {
    const socket = new WebSocket('/api/ws/orders');
    socket.onmessage = (event) => setOrders(JSON.parse(event.data));
    return () => socket.close();
  }, []);
  return orders;
}
"""
_PAGE = "import { useOrders } from '%s';\nexport function Orders() { const orders = useOrders(); return <ul>{orders.length}</ul>; }\n"


def _monorepo(project, manifest: str, page_spec: str = "@acme/live") -> Path:
    return project({
        "server/app.py": _SERVER,
        "packages/live/package.json": manifest,
        "packages/live/src/index.ts": "export { useOrders } from './useOrders';\n",
        "packages/live/src/useOrders.ts": _HOOK,
        "apps/web/src/pages/Orders.tsx": _PAGE % page_spec,
    })


def _phase4(report) -> list[str]:
    return [f.code for f in report.findings if f.code == "WS302"]


def test_a_component_uses_the_hook_of_a_workspace_package(project):
    folder = _monorepo(project, '{"name": "@acme/live", "main": "dist/index.js"}')
    report = run_scan(folder, select=("WS302",))
    assert _phase4(report) == []
    assert [u.module for u in report.project.usages[(("packages/live/src/useOrders", "useOrders"))]] == ["apps/web/src/pages/Orders"]


def test_a_broken_package_json_is_a_note_and_the_scan_goes_on(project, monkeypatch):
    folder = _monorepo(project, '{"name": "@acme/live",\n "main": dist/index.js}')
    report = run_scan(folder, select=("WS001", "WS302"))
    assert [f.code for f in report.findings] == ["WS302"]  # not WS001: a package.json is no code
    assert "  packages/live/package.json:2: not valid JSON (expecting value): the package's name is not known" in report.project.import_notes


def test_a_changed_name_is_read_again_and_other_fields_keep_the_cache(project, tmp_path):
    manifest = {"name": "@acme/live", "version": "1.0.0", "main": "dist/index.js"}
    folder = _monorepo(project, json.dumps(manifest))
    cache = RunOptions(cache_dir=str(tmp_path / "cache"))
    cold = run_scan(folder, run=cache, select=("WS302",))
    assert _phase4(cold) == [] and cold.stats.files_parsed > 0
    # a new version and dependency: no client file is extracted again
    (folder / "packages/live/package.json").write_text(json.dumps({**manifest, "version": "1.1.0", "dependencies": {"ws": "^8"}}))
    again = run_scan(folder, run=cache, select=("WS302",))
    assert _phase4(again) == [] and again.stats.files_parsed == 0
    # a renamed package: the import names it no more
    (folder / "packages/live/package.json").write_text(json.dumps({**manifest, "name": "@acme/live-feed"}))
    assert _phase4(run_scan(folder, run=cache, select=("WS302",))) == ["WS302"]


def test_a_named_re_export_in_a_barrel_is_followed_to_the_fetcher(project):
    folder = project({
        "server/app.py": _SERVER,
        "packages/live/package.json": '{"name": "@acme/live", "exports": {"./api": "./dist/api.js"}}',
        "packages/live/src/api.ts": "export { fetchOrders as loadOrders } from './orders';\n",
        "packages/live/src/orders.ts": "export const fetchOrders = () => fetch('/api/orders').then((r) => r.json());\n",
        "apps/web/src/Board.tsx": (
            "import { loadOrders } from '@acme/live/api';\n"
            "export function Board() { setInterval(loadOrders, 3000); return <p />; }\n"
        ),
    })
    report = run_scan(folder, select=("WS2",))
    assert [(f.code, f.location.file) for f in report.findings] == [("WS203", "apps/web/src/Board.tsx")]


def test_verbose_lists_the_workspace_packages_that_resolved_imports(monkeypatch):
    monkeypatch.chdir(FIXTURES / "client_pnpm_workspace_ok")
    lines = CliRunner().invoke(main, ["--verbose", "--quiet", "--no-cache"]).stderr.splitlines()
    account = lines[lines.index("wscheck: how client imports were resolved"):]
    assert "  package @acme/realtime-client (packages/realtime-client/package.json): 4 imports resolved to its source" in account
