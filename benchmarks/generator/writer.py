"""Writing files: the Writer, the ignored bait trees, the metadata files and the manifest."""

from __future__ import annotations

import json
import os
import random

from .plan import Endpoint

GENERATOR_VERSION = 1
MANIFEST_NAME = ".bench-manifest.json"
NODE_MODULES_FILES = 300
DIST_FILES = 40


class Writer:
    """Writes text files under `root` with LF line ends, creating each directory once."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.dirs: set[str] = set()

    def write(self, rel: str, text: str) -> None:
        path = os.path.join(self.root, rel)
        d = os.path.dirname(path)
        if d not in self.dirs:
            os.makedirs(d, exist_ok=True)
            self.dirs.add(d)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)


# Packages the bait node_modules/ holds (names only: the files are generated).
NM_PACKAGES = [
    "react", "react-dom", "@tanstack/react-query", "ws", "socket.io-client", "reconnecting-websocket",
    "lodash", "axios", "swr", "zustand", "clsx", "date-fns", "@apollo/client", "rxjs", "immer",
    "scheduler", "use-sync-external-store", "tslib", "node-gyp", "@reduxjs/toolkit",
]


def write_ignored(w: Writer, seed: int) -> None:
    """node_modules/ and dist/ trees full of bait: scanning them would change the results."""
    r = random.Random(f"{seed}:ignored")
    bait_js = [
        "export function connect(url) {\n  const ws = new WebSocket(url);\n  ws.onmessage = (e) => handlers.forEach((h) => h(JSON.parse(e.data)));\n  return ws;\n}\n",
        "export const defaults = { queries: { refetchInterval: 1000, staleTime: 0 } };\n",
        "export function broadcast(clients, data) {\n  clients.forEach((c) => c.send(data));\n}\n",
        "function emit(event, payload) {\n  listeners[event]?.forEach((fn) => fn(payload));\n}\nmodule.exports = { emit };\n",
        "const poll = setInterval(() => fetch('/api/v1/status'), 1000);\n",
    ]
    per_pkg = NODE_MODULES_FILES // len(NM_PACKAGES)
    n = 0
    for pkg in NM_PACKAGES:
        base = f"node_modules/{pkg}"
        for k in range(per_pkg):
            if k == 0:
                w.write(f"{base}/package.json", json.dumps({"name": pkg, "version": f"{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 9)}", "main": "index.js"}) + "\n")
            elif k == 1:
                w.write(f"{base}/index.d.ts", "export declare function create(options?: Record<string, unknown>): unknown;\n")
            elif pkg == "node-gyp" and k == 2:
                w.write(f"{base}/gyp/pylib/server_bridge.py",
                        "from fastapi import APIRouter, WebSocket\n\nrouter = APIRouter()\n\n\n"
                        '@router.websocket("/ws/leaked-from-node-modules")\nasync def leaked(websocket: WebSocket):\n'
                        '    await websocket.send_json({"type": "leaked_update"})\n')
            else:
                w.write(f"{base}/lib/chunk{k}.js", r.choice(bait_js) * r.randint(1, 20))
            n += 1
    for k in range(NODE_MODULES_FILES - n):
        w.write(f"node_modules/.cache/entry{k}.js", r.choice(bait_js))
    for k in range(DIST_FILES):
        if k % 4 == 0:
            w.write(f"dist/ops_console-2.4.0/server/routes_{k}.py",
                    "from fastapi import APIRouter, WebSocket\n\nrouter = APIRouter()\n\n\n"
                    f'@router.websocket("/ws/stale-build-{k}")\nasync def stale_{k}(websocket: WebSocket):\n'
                    f'    await websocket.send_json({{"type": "stale_{k}_update"}})\n')
        else:
            w.write(f"client/dist/assets/index-{r.getrandbits(32):08x}.js",
                    "".join(r.choice(bait_js).replace("\n", "") for _ in range(30)) + "\n")


def write_metadata(w: Writer) -> None:
    """.gitignore (which hides dist/), pyproject.toml and the client's package files."""
    w.write(".gitignore", "dist/\n__pycache__/\n*.log\n.env\n.venv/\n")
    w.write("pyproject.toml", '[project]\nname = "ops-console"\nversion = "2.4.0"\nrequires-python = ">=3.11"\n'
            'dependencies = ["fastapi", "uvicorn", "pydantic"]\n')
    w.write("client/package.json", json.dumps({
        "name": "ops-console-client", "private": True, "version": "2.4.0",
        "dependencies": {"react": "^18.3.0", "react-dom": "^18.3.0", "@tanstack/react-query": "^5.51.0"},
    }, indent=2) + "\n")
    w.write("client/tsconfig.json", json.dumps({"compilerOptions": {"jsx": "react-jsx", "strict": True, "target": "ES2022"}}, indent=2) + "\n")


def write_manifest(w: Writer, *, files: int, seed: int, relevant_percent: float, counts: dict[str, int],
                   relevant: list[str], endpoints: list[Endpoint], polling_sites: int) -> dict:
    """Record what was built in, for run.py to print next to the scan's numbers; returns it."""
    with_bcast = sum(1 for e in endpoints if e.self_push or all(e.covered.values()))
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "files": files,
        "seed": seed,
        "relevant_percent": relevant_percent,
        "counts": {**counts, "node_modules": NODE_MODULES_FILES, "dist": DIST_FILES},
        "relevant_files": sorted(relevant),
        "expected": {
            "endpoints": len(endpoints),
            "endpoints_with_broadcast": with_bcast,
            "polling_sites": polling_sites,
        },
        "endpoints": [
            {"path": e.full_path, "types": e.types, "covered": e.covered, "self_push": e.self_push,
             "client_path_wrong": e.wrong_path}
            for e in endpoints
        ],
    }
    w.write(MANIFEST_NAME, json.dumps(manifest, indent=1) + "\n")
    return manifest
