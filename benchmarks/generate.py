#!/usr/bin/env python3
"""Generate a deterministic synthetic FastAPI + React project for benchmarking wscheck.

    python benchmarks/generate.py OUTDIR --files N [--seed S] [--relevant-percent P]

N counts every source and doc file of the project proper (server Python, client TS/TSX,
tests, Markdown); the ignored trees (`node_modules/`, `dist/`, `client/dist/`) and the
metadata files (`pyproject.toml`, `package.json`, `tsconfig.json`, `.gitignore`,
`.bench-manifest.json`) come on top. About P% of the N files are WebSocket- or
polling-related; every other file is ordinary application code in which none of the
words in FORBIDDEN (generator/vocabulary.py) occurs, case-insensitively, so the byte
prefilter is measured honestly. A few percent of the ordinary files mention "socket" or
"event" (near misses).

The same arguments always produce the same bytes. Only the standard library is used.
The generator itself is the `generator` package next to this file; this is its command
line, and `generate` and `MANIFEST_NAME` stay importable from here for run.py.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from generator import DIST_FILES, MANIFEST_NAME, NODE_MODULES_FILES, generate

__all__ = ["MANIFEST_NAME", "generate", "main"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--files", type=int, required=True, help="source and doc files to generate (>= 40)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--relevant-percent", type=float, default=3.0,
                    help="share of files that are WebSocket- or polling-related (default 3)")
    args = ap.parse_args(argv)
    if os.path.exists(args.outdir) and os.listdir(args.outdir):
        ap.error(f"{args.outdir} exists and is not empty")
    start = time.perf_counter()
    try:
        manifest = generate(args.outdir, args.files, args.seed, args.relevant_percent)
    except ValueError as exc:
        ap.error(str(exc))
    elapsed = time.perf_counter() - start
    exp = manifest["expected"]
    print(
        f"generated {args.files} files ({len(manifest['relevant_files'])} relevant, "
        f"{exp['endpoints']} endpoints, {exp['endpoints_with_broadcast']} with broadcast, "
        f"{exp['polling_sites']} polling sites) + {NODE_MODULES_FILES} node_modules + {DIST_FILES} dist "
        f"in {elapsed:.2f}s -> {args.outdir}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
