"""Vendored and built code is not the app: vendored directories, minified and bundled file
names and client files whose bytes show a build are left out and counted (JSON summary,
`--verbose`, the text summary), and `include` (or a configured source root) brings them back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, run_scan
from wscheck.cli import main
from wscheck.config import ConfigError, Settings, settings_from_table
from wscheck.discovery import discover
from wscheck.extract.client.patterns import built, worth_parsing
from wscheck.facts import Role

BUNDLES = FIXTURES / "client_vendored_bundles_ok"
SKIPPED = [
    ("frontend/src/vendor/", "vendored directory"),
    ("server/app/static/assets/index-4f7d2a9c.js", "a source map comment"),
    ("server/app/static/assets/telemetry.worker-2b81e0.js", "minified: lines of 2,167 bytes on average"),
    ("server/vendor/", "vendored directory"),
]
INCLUDE = ("frontend/src/vendor/**", "server/vendor/", "server/app/static/assets/*.js")


def discovered(folder: Path, settings: Settings = Settings()):
    result = discover([folder], settings, str(folder))
    return {f.path: f.role for f in result.files}, [(s.path, s.why) for s in result.skipped]


def test_vendored_directories_and_built_names_are_left_out_and_counted(project):
    folder = project({
        "app/main.py": "",
        "app/_vendor/croniter/croniter.py": "",
        "libs/third_party/socketio/server.py": "",
        "web/src/App.tsx": "",
        "web/src/vendor/bokeh/bokeh.esm.js": "",
        "web/public/js/jquery.min.js": "",
        "web/public/js/charts.bundle.js": "",
        "web/out/index.txt": "",  # a Next.js static export's RSC payload: not documentation
        "web/.output/server/index.mjs": "",  # Nuxt 3's build
        "web/src/vendor-list.ts": "",  # a name, not a vendored directory
        "web/public/js/README.md": "",
    })
    roles, skipped = discovered(folder)
    assert roles == {
        "app/main.py": Role.SERVER, "web/src/App.tsx": Role.CLIENT, "web/src/vendor-list.ts": Role.CLIENT,
        "web/public/js/README.md": Role.DOC,
    }
    assert skipped == [
        ("app/_vendor/", "vendored directory"),
        ("libs/third_party/", "vendored directory"),
        ("web/.output/", "vendored directory"),
        ("web/out/", "vendored directory"),
        ("web/public/js/charts.bundle.js", "minified or bundled file name"),
        ("web/public/js/jquery.min.js", "minified or bundled file name"),
        ("web/src/vendor/", "vendored directory"),
    ]


def test_include_brings_back_only_what_it_names_and_extend_exclude_still_adds(project):
    folder = project({
        "web/src/App.tsx": "",
        "web/src/vendor/bokeh/bokeh.esm.js": "",
        "web/src/vendor/bokeh/bokeh.min.js": "",
        "web/src/vendor/leaflet/leaflet.js": "",
        "web/src/vendor/plotly/plotly.js": "",
        "web/public/app.min.js": "",
    })
    settings = Settings(include=("web/src/vendor/bokeh/**", "*.min.js"), extend_exclude=("web/src/vendor/plotly/",))
    roles, skipped = discovered(folder, settings)
    assert sorted(roles) == ["web/public/app.min.js", "web/src/App.tsx", "web/src/vendor/bokeh/bokeh.esm.js",
                             "web/src/vendor/bokeh/bokeh.min.js"]
    # entered for `include`'s sake, the vendored directory's other files are counted one by one
    assert skipped == [("web/src/vendor/leaflet/leaflet.js", "in a vendored directory")]
    included = {f.path: f.included for f in discover([folder], settings, str(folder)).files}
    assert included == {"web/public/app.min.js": True, "web/src/App.tsx": False,
                        "web/src/vendor/bokeh/bokeh.esm.js": True, "web/src/vendor/bokeh/bokeh.min.js": True}


def test_a_configured_source_root_inside_a_vendored_directory_is_scanned(project):
    folder = project({
        "static/vendor/ourapp/app.js": "", "static/vendor/ourapp/lib/vendor/x.js": "", "static/vendor/ourapp/app.min.js": "",
        "static/vendor/jquery/jquery.js": "", "static/vendor/loader.js": "", "server/main.py": "",
    })
    settings = Settings(client=(str(folder / "static" / "vendor" / "ourapp"),))
    roles, skipped = discovered(folder, settings)  # loader.js is no client file here: not counted
    assert roles == {"static/vendor/ourapp/app.js": Role.CLIENT, "server/main.py": Role.SERVER}
    assert skipped == [
        ("static/vendor/jquery/", "vendored directory"),
        ("static/vendor/ourapp/app.min.js", "minified or bundled file name"),
        ("static/vendor/ourapp/lib/vendor/", "vendored directory"),
    ]


def test_a_configured_source_root_does_not_bring_back_the_vendored_directories_inside_it(project):
    folder = project({"frontend/src/App.tsx": "", "frontend/src/vendor/bokeh/bokeh.esm.js": "", "server/main.py": ""})
    settings = Settings(client=(str(folder / "frontend"),), server=(str(folder / "server"),))
    roles, skipped = discovered(folder, settings)
    assert roles == {"frontend/src/App.tsx": Role.CLIENT, "server/main.py": Role.SERVER}
    assert skipped == [("frontend/src/vendor/", "vendored directory")]


def test_a_file_named_on_the_command_line_is_scanned_as_given(project):
    folder = project({"vendor/lib.min.js": "setInterval(() => fetch('/api/x'), 1000);\n"})
    result = discover([folder / "vendor" / "lib.min.js"], Settings(), str(folder))
    assert [(f.path, f.included) for f in result.files] == [("vendor/lib.min.js", True)] and result.skipped == ()


def test_built_signs_are_read_from_the_head_and_the_tail_only():
    app = b"import { useEffect } from 'react';\n" + b"export const x = 1;\n" * 200
    assert built(app) is None
    assert built(app + b"//# sourceMappingURL=app.js.map\n") == "a source map comment"
    assert built(app + b"/*# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozfQ== */") == "a source map comment"
    assert built(b"/*! For license information please see main.js.LICENSE.txt */\n" + app) == "a bundler's banner"
    assert built(b"/******/ (() => { // webpackBootstrap\n" + app) == "a bundler's banner"
    assert built(b'(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[931],{}]);\n' + app) == "a bundler's banner"
    assert built(b"var x=1;" * 400) == "minified: lines of 3,200 bytes on average"
    # a long data literal in a small file, or among many ordinary lines, is not a build
    assert built(b"export const LOGO = '" + b"A" * 1500 + b"';\n") is None
    assert built(app + b"export const LOGO = '" + b"A" * 60_000 + b"';\n" + app) is None
    # a comment that talks about source maps mid-file is no source map comment
    assert built(b"// emits //# sourceMappingURL= lines\n" + app) is None


def test_include_reads_a_minified_file_for_its_timers():
    bundle = b"!function(){" + b"var a=1;" * 200 + b"setInterval(function(){fetch('/x')},5e3)}();"
    assert not worth_parsing(bundle) and worth_parsing(bundle, bundles=True)


def test_the_fixtures_vendored_copies_and_builds_are_skipped_and_counted():
    report = run_scan(BUNDLES)
    assert report.findings == []
    assert [(s.path, s.why) for s in report.stats.skipped] == SKIPPED
    assert (report.stats.skipped_directories, report.stats.skipped_files) == (2, 2)
    assert [e.path for e in report.project.endpoints] == ["/ws/telemetry"]
    assert not any("vendor" in p.location.file or "static" in p.location.file for p in report.project.polling)
    assert report.project.client_files == 7  # the two built bundles are not counted as the app's client


def test_the_counts_show_in_json_verbose_and_the_text_summary(monkeypatch):
    monkeypatch.chdir(BUNDLES)
    document = json.loads(CliRunner().invoke(main, ["check", "--format", "json", "--no-cache"]).output)
    assert document["summary"]["skipped_vendored"] == {"directories": 2, "files": 2}
    result = CliRunner().invoke(main, ["check", "--no-cache", "--verbose", "--no-progress"])
    assert "skipped as vendored or generated: 2 directories, 2 files." in result.output
    listed = result.output.split("wscheck: skipped as vendored or generated", 1)[1].splitlines()[1:]
    assert [line.strip() for line in listed] == [f"{path}  ({why})" for path, why in SKIPPED]


def test_include_brings_the_vendored_copies_back_with_their_findings(tmp_path):
    folder = tmp_path / "app"
    shutil.copytree(BUNDLES, folder)
    config = folder / "wscheck.toml"
    config.write_text(config.read_text() + "include = " + json.dumps(list(INCLUDE)) + "\n")
    report = run_scan(folder)
    assert report.stats.skipped == ()
    found = {(f.location.file, f.code) for f in report.findings}
    assert ("server/app/static/assets/index-4f7d2a9c.js", "WS201") in found
    assert ("server/app/static/assets/telemetry.worker-2b81e0.js", "WS201") in found
    assert ("server/vendor/socketio/contrib/starlette.py", "WS301") in found
    assert sorted(e.declared_path for e in report.project.endpoints) == ["/socket.io/", "/ws/telemetry"]
    polled = {p.location.file for p in report.project.polling}
    assert {"frontend/src/vendor/plotkit/plotkit.esm.js", "frontend/src/vendor/plotkit/plotkit.min.js"} <= polled


def test_a_built_module_is_set_aside_by_the_prefilter_or_when_the_demand_reaches_it(project):
    folder = project({
        "src/components/Feed.tsx": (
            "import { useFeed } from '../legacy/feed';\n"
            "export function Feed() {\n  const items = useFeed();\n  return <ul>{items.length}</ul>;\n}\n"
        ),
        "src/legacy/feed.js": (  # worth parsing by its bytes (a socket, a polling timer): a build all the same
            "export function useFeed() { const ws = new WebSocket('/ws/feed'); return []; }\n"
            "export function poll() { setInterval(() => fetch('/api/feed'), 2000); }\n"
            "//# sourceMappingURL=feed.js.map\n"
        ),
        "src/legacy/messages.js": (  # nothing for the prefilter: reached through the socket hook's imports
            "export const FEED_TYPES = { ITEM: 'feed_item' };\n//# sourceMappingURL=messages.js.map\n"
        ),
        "src/hooks/useLive.ts": (
            "import { FEED_TYPES } from '../legacy/messages';\n"
            "export function useLive() {\n  const ws = new WebSocket('/ws/live');\n"
            "  ws.onmessage = (e) => { if (JSON.parse(e.data).type === FEED_TYPES.ITEM) render(); };\n}\n"
        ),
    })
    report = run_scan(folder)
    assert [(s.path, s.why) for s in report.stats.skipped] == [
        ("src/legacy/feed.js", "a source map comment"), ("src/legacy/messages.js", "a source map comment"),
    ]
    assert [s.location.file for s in report.project.sockets] == ["src/hooks/useLive.ts"]
    assert report.project.polling == () and report.stats.files_parsed == 1
    assert report.project.client_files == 2


def test_include_is_a_validated_config_key(tmp_path):
    path = tmp_path / "wscheck.toml"
    assert settings_from_table({"include": ["web/vendor/**"]}, path, Settings()).include == ("web/vendor/**",)
    with pytest.raises(ConfigError, match="'include' must be a list of strings"):
        settings_from_table({"include": [3]}, path, Settings())
    with pytest.raises(ConfigError, match="did you mean 'include'"):
        settings_from_table({"includes": ["x"]}, path, Settings())
