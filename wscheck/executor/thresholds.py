"""Thresholds: every number the executor decides by, in one place, each with what it rests
on. The costs were measured with `benchmarks/executor.py` on a shared two-core machine
(Python 3.11; the files the examples' and the benchmark corpora's scans parse); run it
again where the parsers or the machine change."""

from __future__ import annotations

# --- passes over many files, split across forked processes (executor.forks) --------------
# A fork and the pickled answer of its part cost a few milliseconds; a part must hold
# more work than that. Splitting a code file into words (the search index) and the byte
# tests of the demand's first pass cost about 10 µs a file; looking for endpoint paths and
# types in a test or doc file (decoded, often larger) about ten times that.
SPLIT_FROM = {
    "prefilter": 2000,  # the demand's first pass over every code file
    "words": 2000,  # splitting code files into words for the search index
    "mentions": 200,  # first mentions in test and doc files
}

# --- parse workers (executor.workers) ------------------------------------------------------
# What extracting a file here costs, by parser: (seconds a file, bytes a CPU second), fitted
# over the ~530 files those scans parse; and what loading the parser costs a process, once
# (libcst ~130 ms, tree-sitter ~13 ms). A module not listed costs what Python does.
PYTHON, TYPESCRIPT = "wscheck.extract.server.extractor", "wscheck.extract.client.extractor"
PARSE_COSTS = {PYTHON: (0.006, 1_400_000), TYPESCRIPT: (0.0003, 2_200_000)}
IMPORT_SECONDS = {PYTHON: 0.13, TYPESCRIPT: 0.013}
# Starting a worker costs ~9 ms from the fork to its first answer, and a task's round trip
# ~3 ms at most (less as tasks queue): a worker pays for itself when it takes over at least
# twice that (~25 ms measured; 30 for a busy machine), so two workers halve a batch from
# ~60 ms of parsing here. One that must load its parser itself pays from that much more.
WORKER_PAYS_FROM = 0.03  # seconds of parsing here, per worker
# From this many code files a scan starts all its workers before reading them: the
# workers load the parsers meanwhile, on the core the reading leaves idle (the batches of
# such a scan are big, and every later one goes to the warm workers).
EARLY_WORKERS = 2000
WORKER_NICENESS = 5  # the parent's work between batches is the critical path: workers give way to it
QUEUED_BYTES = 32_000  # a queued task this small fits the pipe's buffer (64 kB and more) beside nothing else
# A file runs here only if its parsers' native steps (`ast.parse`, libcst's parser, tree-sitter),
# which the timer cannot interrupt, stay well within the budget: libcst, the slowest, reads
# about 200 kB a second on a slow, busy machine, so 20 kB per second of budget keeps the overrun
# under a tenth of it (200 kB for the default 10 s).
HERE_BYTES_PER_SECOND = 20_000
