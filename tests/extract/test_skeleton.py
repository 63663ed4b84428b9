"""Skeleton: a function that starts background work is kept only when what it starts may
be WebSocket work (a function kept for its own words); an app's logging tasks are not."""

from __future__ import annotations

import ast
import textwrap

from wscheck.extract.server.extractor import STARTER_WORDS
from wscheck.extract.server.skeleton import build_skeleton

SOURCE = textwrap.dedent('''\
    import asyncio

    class Relay:
        async def _watch(self):
            while True:
                await manager.broadcast({"type": "alert"})

        def start(self):
            self.task = asyncio.create_task(self._watch())

    async def transcribe(request):
        asyncio.create_task(log_usage(request))
        return await run_model(request)
''')


def test_a_starter_is_kept_only_when_it_starts_a_kept_function():
    skeleton = build_skeleton(SOURCE, ast.parse(SOURCE), (".broadcast(",), STARTER_WORDS)
    assert "def start(self):" in skeleton.text and "self._watch()" in skeleton.text
    assert "transcribe" not in skeleton.text and "log_usage" not in skeleton.text
    kept_start = skeleton.text.splitlines().index("    def start(self):")
    assert skeleton.line_map[kept_start] == 8  # back to its own line


def test_without_starter_words_every_kept_word_keeps_its_function():
    skeleton = build_skeleton(SOURCE, ast.parse(SOURCE), (".broadcast(", "create_task("))
    assert "def start(self):" in skeleton.text and "async def transcribe(request):" in skeleton.text


def test_a_started_function_nested_in_another_is_found():
    source = textwrap.dedent('''\
        import asyncio

        def make_pump(manager):
            if manager:
                async def pump():
                    await manager.broadcast({"type": "alert"})
            return pump

        async def start(pump):
            asyncio.create_task(pump())

        async def log(request):
            asyncio.create_task(write_log(request))
    ''')
    skeleton = build_skeleton(source, ast.parse(source), (".broadcast(",), STARTER_WORDS)
    assert "async def start(pump):" in skeleton.text
    assert "write_log" not in skeleton.text
