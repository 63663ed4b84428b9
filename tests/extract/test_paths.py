"""Client module names and import specifiers, including the `@/` alias for src/."""

from __future__ import annotations

from conftest import run_scan
from wscheck.modules import module_candidates, resolve_specifier, src_roots


def test_relative_and_aliased_specifiers():
    roots = src_roots(["web/src/hooks/useWs", "web/src/config", "other/lib/x"])
    assert roots == ["web/src"]
    assert module_candidates(resolve_specifier("web/src/hooks/useWs", "../config"), roots) == ["web/src/config", "web/src/config/index"]
    assert module_candidates("pkg:@/config/polling", roots) == ["web/src/config/polling", "web/src/config/polling/index"]
    assert module_candidates("pkg:react", roots) == []


def test_an_interval_imported_through_the_alias_is_resolved(project):
    folder = project({
        "web/src/config/polling.ts": "export const POLL_MS = 4 * 1000;\n",
        "web/src/hooks/useQueue.ts": (
            "import { useQuery } from '@tanstack/react-query';\nimport { POLL_MS } from '@/config/polling';\n\n"
            "export const useQueue = () => useQuery({ queryKey: ['q'], queryFn: load, refetchInterval: POLL_MS });\n"
        ),
    })
    report = run_scan(folder, select=("WS201",))
    assert [(f.location.file, f.code) for f in report.findings] == [("web/src/hooks/useQueue.ts", "WS201")]
    assert "every 4 s" in report.findings[0].message
