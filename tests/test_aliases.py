"""Issue 21 item 2: path aliases from tsconfig.json / jsconfig.json (`paths`, `baseUrl`,
`extends`, references), the nearest config winning, and the `@/` convention otherwise."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import run_scan, write_files
from wscheck.cli import main
from wscheck.config import Settings
from wscheck.discovery import discover
from wscheck.engine import RunOptions
from wscheck.extract.tsconfig import extract_tsconfig
from wscheck.facts import ParseFailure, Role, TsConfig
from wscheck.model.aliases import Aliases, How
from wscheck.modules import CONVENTIONAL_PATTERNS, is_project_module, match_pattern

FIXTURES = Path(__file__).parent / "fixtures"


def _config(path: str, text: str) -> TsConfig:
    facts = extract_tsconfig(path, text.encode())
    assert isinstance(facts, TsConfig), facts
    return facts


def _aliases(**files: str) -> Aliases:
    return Aliases(_config(path.replace("__", "/").replace("_", "."), text) for path, text in files.items())


def _resolve(aliases: Aliases, importer: str, spec: str, known: set[str]):
    found = aliases.resolve(importer, f"pkg:{spec}", known, [])
    return found.module, found.how


# --- the tsconfig facts -------------------------------------------------------------------


def test_jsonc_with_comments_and_trailing_commas_is_read():
    facts = _config("web/tsconfig.json", """{
      // Next.js writes these
      "compilerOptions": {
        "baseUrl": ".", /* the app's root */
        "paths": { "@/*": ["./src/*",], },
      },
      "extends": "./tsconfig.base.json",
      "references": [{ "path": "./tsconfig.node.json" }],
      "include": ["src/**/*"],
    }""")
    assert facts.base_url == "." and facts.paths == (("@/*", ("./src/*",)),) and facts.has_paths
    assert facts.extends == ("./tsconfig.base.json",)
    assert facts.references == ("./tsconfig.node.json",)
    assert facts.include == ("src/**/*",) and facts.files is None


def test_broken_jsonc_is_a_parse_failure_with_its_line():
    failure = extract_tsconfig("tsconfig.json", b'{\n  "compilerOptions": {\n    "paths": { "@/*": ["./src/*"] x\n  }\n}\n')
    assert isinstance(failure, ParseFailure)
    assert failure.location.line == 3
    assert "not valid JSONC" in failure.reason and "aliases are not followed" in failure.reason


def test_parts_of_the_wrong_shape_are_ignored_with_a_note():
    facts = _config("tsconfig.json", '{"compilerOptions": {"baseUrl": 3, "paths": {"@/*": "src/*", "~/*": 7}}, "extends": ["./a.json", "./b.json"]}')
    assert facts.base_url is None
    assert facts.paths == (("@/*", ("src/*",)),)
    assert facts.extends == ("./a.json", "./b.json")
    assert facts.problems == ("`baseUrl` is not a string", "`paths` entry `~/*` is not a list of strings")


# --- resolution ---------------------------------------------------------------------------


def test_pattern_match_takes_the_one_star():
    assert match_pattern("@/*", "@/hooks/useOrders") == "hooks/useOrders"
    assert match_pattern("@app/*.vue", "@app/Button.vue") == "Button"
    assert match_pattern("@acme/api", "@acme/api") == ""
    assert match_pattern("@acme/api", "@acme/api/x") is None


def test_paths_patterns_longest_prefix_and_exact_first():
    aliases = _aliases(web__tsconfig_json=json.dumps({"compilerOptions": {"paths": {
        "@/*": ["./src/*"],
        "@/ui/*": ["./src/components/ui/*"],
        "@api": ["../packages/api-client/src/index.ts"],
        "@api/*": ["./src/legacy-api/*"],
    }}}))
    known = {"web/src/hooks/index", "web/src/components/ui/Button", "packages/api-client/src/index", "web/src/ui/Button"}
    assert _resolve(aliases, "web/src/app/page.tsx", "@/hooks", known) == ("web/src/hooks/index", How.PATHS)
    assert _resolve(aliases, "web/src/app/page.tsx", "@/ui/Button", known) == ("web/src/components/ui/Button", How.PATHS)
    assert _resolve(aliases, "web/src/app/page.tsx", "@api", known) == ("packages/api-client/src/index", How.PATHS)
    assert _resolve(aliases, "web/src/app/page.tsx", "react", known) == (None, None)


def test_several_substitutions_are_tried_in_order():
    aliases = _aliases(tsconfig_json='{"compilerOptions": {"paths": {"@/*": ["src/*", "generated/*"]}}}')
    assert _resolve(aliases, "src/App.tsx", "@/client", {"generated/client"}) == ("generated/client", How.PATHS)


def test_base_url_makes_bare_specifiers_project_modules():
    aliases = _aliases(tsconfig_json='{"compilerOptions": {"baseUrl": "src"}}')
    known = {"src/hooks/useOrders", "src/lib/api/index"}
    assert _resolve(aliases, "src/pages/Orders.tsx", "hooks/useOrders", known) == ("src/hooks/useOrders", How.BASE_URL)
    assert _resolve(aliases, "src/pages/Orders.tsx", "lib/api", known) == ("src/lib/api/index", How.BASE_URL)
    assert _resolve(aliases, "src/pages/Orders.tsx", "swr", known) == (None, None)
    # extraction learns which bare names are the project's: the directories under baseUrl
    patterns = aliases.patterns(known | {"src/App"})
    assert {"hooks/*", "lib/*", "App"} <= set(patterns) and set(CONVENTIONAL_PATTERNS) <= set(patterns)
    assert is_project_module("pkg:hooks/useOrders", patterns) and not is_project_module("pkg:swr", patterns)


def test_paths_are_relative_to_base_url_when_there_is_one():
    aliases = _aliases(app__tsconfig_json='{"compilerOptions": {"baseUrl": "./src", "paths": {"#/*": ["shared/*"]}}}')
    assert _resolve(aliases, "app/src/x.ts", "#/util", {"app/src/shared/util"}) == ("app/src/shared/util", How.PATHS)


def test_extends_chain_paths_in_the_base_relative_to_the_base():
    aliases = _aliases(
        frontend__tsconfig_json='{"extends": "./tsconfig.app.json", "compilerOptions": {"strict": true}}',
        frontend__tsconfig_app_json='{"extends": "../tsconfig.base", "compilerOptions": {"types": []}}',
        tsconfig_base_json='{"compilerOptions": {"paths": {"@shared/*": ["shared/*"], "@/*": ["frontend/src/*"]}}}',
    )
    known = {"shared/api/alerts", "frontend/src/config"}
    assert _resolve(aliases, "frontend/src/App.vue", "@shared/api/alerts", known) == ("shared/api/alerts", How.PATHS)
    assert _resolve(aliases, "frontend/src/App.vue", "@/config", known) == ("frontend/src/config", How.PATHS)
    options = aliases.options_for("frontend/src/App.vue")
    assert options.read == ("frontend/tsconfig.json", "frontend/tsconfig.app.json", "tsconfig.base.json")


def test_nearer_config_overrides_what_it_extends():
    aliases = _aliases(
        tsconfig_json='{"extends": "./base.tsconfig.json", "compilerOptions": {"paths": {"@/*": ["app/*"]}}}',
        base_tsconfig_json='{"compilerOptions": {"paths": {"@/*": ["src/*"]}, "baseUrl": "lib"}}',
    )
    # the inherited baseUrl anchors the nearer paths, as in TypeScript
    assert _resolve(aliases, "app/x.ts", "@/y", {"lib/app/y", "lib/src/y"}) == ("lib/app/y", How.PATHS)
    assert aliases.options_for("app/x.ts").base_url == "lib"


def test_a_cycle_in_extends_is_followed_once_and_said():
    aliases = _aliases(
        tsconfig_json='{"extends": "./tsconfig.base.json"}',
        tsconfig_base_json='{"extends": "./tsconfig.json", "compilerOptions": {"paths": {"@/*": ["src/*"]}}}',
    )
    assert _resolve(aliases, "src/a.ts", "@/b", {"src/b"}) == ("src/b", How.PATHS)
    notes = aliases.options_for("src/a.ts").notes
    assert notes == ("tsconfig.base.json extends tsconfig.json, which extends it back: the cycle is followed once",)


def test_a_package_extends_is_noted_and_the_rest_applies():
    aliases = _aliases(tsconfig_json='{"extends": "@vue/tsconfig/tsconfig.dom.json", "compilerOptions": {"paths": {"@/*": ["./src/*"]}}}')
    assert _resolve(aliases, "src/main.ts", "@/App.vue", {"src/App"}) == ("src/App", How.PATHS)
    assert aliases.options_for("src/main.ts").notes == (
        "tsconfig.json extends `@vue/tsconfig/tsconfig.dom.json` from a package: not read (it seldom sets paths)",
    )


def test_a_missing_extends_target_is_noted():
    aliases = _aliases(tsconfig_json='{"extends": "./.nuxt/tsconfig.json"}')
    assert aliases.options_for("app.vue").notes == (
        "tsconfig.json extends ./.nuxt/tsconfig.json, which is not among the scanned files: its options are not followed",
    )
    # Nuxt's `~/` then means the app's root, as its generated config would have said
    assert _resolve(aliases, "pages/index.vue", "~/composables/useFeed", {"composables/useFeed"}) == ("composables/useFeed", How.CONVENTION)


def test_the_nearest_config_wins_in_a_monorepo():
    aliases = _aliases(
        apps__web__tsconfig_json='{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}',
        apps__admin__jsconfig_json='{"compilerOptions": {"paths": {"@/*": ["./app/*"]}}}',
        tsconfig_json='{"compilerOptions": {"paths": {"@/*": ["./packages/*"]}}}',
    )
    known = {"apps/web/src/lib/api", "apps/admin/app/lib/api", "packages/lib/api"}
    assert _resolve(aliases, "apps/web/src/pages/a.tsx", "@/lib/api", known) == ("apps/web/src/lib/api", How.PATHS)
    assert _resolve(aliases, "apps/admin/app/pages/b.jsx", "@/lib/api", known) == ("apps/admin/app/lib/api", How.PATHS)
    assert _resolve(aliases, "tools/c.ts", "@/lib/api", known) == ("packages/lib/api", How.PATHS)


def test_tsconfig_beats_jsconfig_in_one_directory():
    aliases = _aliases(
        jsconfig_json='{"compilerOptions": {"paths": {"@/*": ["js/*"]}}}',
        tsconfig_json='{"compilerOptions": {"paths": {"@/*": ["ts/*"]}}}',
    )
    assert _resolve(aliases, "x.ts", "@/y", {"js/y", "ts/y"}) == ("ts/y", How.PATHS)


def test_a_solution_config_defers_to_the_reference_that_includes_the_file():
    aliases = _aliases(
        tsconfig_json='{"files": [], "references": [{"path": "./tsconfig.node.json"}, {"path": "./tsconfig.app.json"}]}',
        tsconfig_node_json='{"include": ["vite.config.*"], "compilerOptions": {"paths": {"@/*": ["./build/*"]}}}',
        tsconfig_app_json='{"include": ["src/**/*", "src/**/*.vue"], "compilerOptions": {"paths": {"@/*": ["./src/*"], "@ui/*": ["./src/ui/*"]}}}',
    )
    known = {"src/ui/Button", "build/ui/Button"}
    assert _resolve(aliases, "src/App.vue", "@ui/Button", known) == ("src/ui/Button", How.PATHS)
    assert aliases.options_for("src/App.vue").read == ("tsconfig.json", "tsconfig.app.json")


def test_the_convention_holds_only_where_no_pattern_claims_the_import():
    # no config: `@/` is src/, the importer's own src/ first
    aliases = Aliases()
    known = {"admin/src/lib/api", "web/src/lib/api"}
    assert aliases.resolve("web/src/a.ts", "pkg:@/lib/api", known, ["admin/src", "web/src"]).module == "web/src/lib/api"
    # a config whose `@/*` names a module that is not there: not guessed elsewhere
    claimed = _aliases(web__tsconfig_json='{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}')
    found = claimed.resolve("web/src/a.ts", "pkg:@/generated/api", {"admin/src/generated/api"}, ["admin/src", "web/src"])
    assert (found.module, found.claimed) == (None, True)
    # a config with other aliases only: `@/` still means src/, by convention
    other = _aliases(tsconfig_json='{"compilerOptions": {"paths": {"@shared/*": ["../shared/*"]}}}')
    assert _resolve(other, "src/a.ts", "@/b", {"src/b"}) == ("src/b", How.CONVENTION)


# --- through a scan -----------------------------------------------------------------------

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
_SERVER = """
from fastapi import APIRouter, WebSocket
router = APIRouter(prefix="/api")

@router.websocket("/ws/orders")
async def orders(websocket: WebSocket):
    await websocket.accept()
"""
_PAGE = "import { useOrders } from '%s';\nexport function Orders() { const orders = useOrders(); return <ul>{orders.length}</ul>; }\n"


def _phase4(report) -> list[str]:
    return [f.code for f in report.findings if f.code == "WS302"]


def test_a_component_imports_the_hook_through_a_base_url(project):
    folder = project({
        "server/app.py": _SERVER,
        "web/tsconfig.json": '{"compilerOptions": {"baseUrl": "src"}}',
        "web/src/hooks/useOrders.ts": _HOOK,
        "web/src/pages/Orders.tsx": _PAGE % "hooks/useOrders",
    })
    assert _phase4(run_scan(folder, select=("WS302",))) == []


def test_without_the_config_the_bare_specifier_stays_a_package(project):
    folder = project({
        "server/app.py": _SERVER,
        "web/src/hooks/useOrders.ts": _HOOK,
        "web/src/pages/Orders.tsx": _PAGE % "hooks/useOrders",
    })
    assert _phase4(run_scan(folder, select=("WS302",))) == ["WS302"]


def test_a_broken_tsconfig_is_ws001_and_the_convention_goes_on(project):
    folder = project({
        "server/app.py": _SERVER,
        "web/tsconfig.json": '{\n  "compilerOptions": {\n    "paths": {"@/*": ["./src/*"]\n',
        "web/src/hooks/useOrders.ts": _HOOK,
        "web/src/pages/Orders.tsx": _PAGE % "@/hooks/useOrders",
    })
    report = run_scan(folder, select=("WS001", "WS302"))
    assert [(f.location.file, f.code) for f in report.findings] == [("web/tsconfig.json", "WS001")]
    assert "not valid JSONC" in report.findings[0].message
    assert any("by convention" in line for line in report.project.import_notes)


def test_config_files_are_not_counted_as_scanned_code(project):
    folder = project({"web/tsconfig.json": "{}", "web/src/a.ts": "export const A = 1;\n"})
    report = run_scan(folder)
    assert (report.project.files_scanned, report.project.client_files) == (1, 1)


# --- what --verbose says ------------------------------------------------------------------


def _alias_account(folder, monkeypatch) -> list[str]:
    monkeypatch.chdir(folder)
    lines = CliRunner().invoke(main, ["--verbose", "--quiet", "--no-cache"]).stderr.splitlines()
    return lines[lines.index("wscheck: how client imports were resolved"):]


def test_verbose_names_the_configs_read(monkeypatch):
    assert _alias_account(FIXTURES / "client_vue_tsconfig_paths", monkeypatch) == [
        "wscheck: how client imports were resolved",
        "  frontend/tsconfig.json, extending frontend/tsconfig.base.json: paths @/*, @composables/*, @shared/*;"
        " baseUrl frontend; 4 imports resolved through it",
        "  frontend/tsconfig.base.json extends `@vue/tsconfig/tsconfig.dom.json` from a package: not read (it seldom sets paths)",
    ]


def test_verbose_says_when_the_convention_was_assumed(project, monkeypatch):
    folder = project({
        "server/app.py": _SERVER,
        "web/src/hooks/useOrders.ts": _HOOK,
        "web/src/pages/Orders.tsx": _PAGE % "@/hooks/useOrders",
        "web/src/pages/Stale.tsx": (
            "import { useOrders } from '@/hooks/useOrders';\nimport { useGone } from '@/hooks/useGone';\n"
            "export const S = () => <p>{useOrders()}{useGone()}</p>;\n"
        ),
    })
    assert _alias_account(folder, monkeypatch) == [
        "wscheck: how client imports were resolved",
        "  `@/` and `~/` taken as src/ by convention (no tsconfig.json or jsconfig.json maps them): 2 imports,"
        " e.g. `@/hooks/useOrders` in web/src/pages/Orders.tsx, `@/hooks/useOrders` in web/src/pages/Stale.tsx",
        "  aliased imports that name no scanned module: 1 import, e.g. `@/hooks/useGone` in web/src/pages/Stale.tsx",
    ]


def test_discovery_finds_config_files_and_honours_excludes(tmp_path):
    write_files(tmp_path, [(name, "{}") for name in (
        "web/tsconfig.json", "web/tsconfig.app.json", "web/jsconfig.json", "web/package.json",
        "web/node_modules/lib/tsconfig.json", "legacy/tsconfig.json", "e2e/tsconfig.json",
        "web/node_modules/lib/package.json", "web/data.json",
    )])
    found = discover([tmp_path], Settings(extend_exclude=("legacy",)), str(tmp_path))
    assert {f.path: f.role for f in found.files} == {
        "e2e/tsconfig.json": Role.CONFIG,
        "web/jsconfig.json": Role.CONFIG,
        "web/package.json": Role.CONFIG,  # a package's name and entries (wscheck.model.packages)
        "web/tsconfig.app.json": Role.CONFIG,
        "web/tsconfig.json": Role.CONFIG,
    }


def test_a_changed_tsconfig_is_read_again_with_the_cache_on(project, tmp_path):
    folder = project({
        "server/app.py": _SERVER,
        "web/tsconfig.json": '{"compilerOptions": {"paths": {"@app/*": ["./src/*"]}}}',
        "web/src/hooks/useOrders.ts": _HOOK,
        "web/src/pages/Orders.tsx": _PAGE % "@app/hooks/useOrders",
    })
    cache = RunOptions(cache_dir=str(tmp_path / "cache"))
    assert _phase4(run_scan(folder, run=cache, select=("WS302",))) == []
    (folder / "web/tsconfig.json").write_text('{"compilerOptions": {"paths": {"@app/*": ["./legacy/*"]}}}', encoding="utf-8")
    assert _phase4(run_scan(folder, run=cache, select=("WS302",))) == ["WS302"]
