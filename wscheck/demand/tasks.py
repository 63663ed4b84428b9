"""Tasks: one file's extraction as a plain value — which function, on which bytes, with
which options — so that it can be looked up in the cache, sent to a worker process, or
run here, and always give the same facts."""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass
from typing import Callable

from wscheck import __version__
from wscheck.facts import Location, ParseFailure

# Raised whenever what the extractors put in the facts changes, so that a cache written by
# an older extractor of the same release is not reused (2: Channels, Socket.IO, aiohttp, Litestar; 3: acknowledged broad excepts; 4: PythonFacts.whole;
# 5: Handshake; 6-7: Tornado, Call.fan_out, Channels routes inline in asgi.py, consumer and namespace classes on project bases, aiohttp views;
# 8: `super()` call targets, imports inside functions, socket classes' property and getter returns, Starlette mounts of named
# routers, route lists and factory routers; 9: HandledType.function; 10: client SocketSite.binding/provides,
# ClientFacts.uses/provides; 11: skeletons cut at Python's line breaks, PythonFacts.unread from `ast` for valid
# Python libcst cannot read).
FACTS_SCHEMA = "12"

@dataclass(frozen=True)
class Task:
    path: str
    source: bytes
    function: str  # "module:function", imported only when the task really runs
    args: tuple  # after (path, source)
    salt: str  # everything else the facts depend on: side, options, what earlier rounds found

    def cache_key(self) -> str:
        digest = hashlib.sha256()
        for part in (__version__, FACTS_SCHEMA, self.path, self.function, self.salt):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(self.source)
        return digest.hexdigest()


_FUNCTIONS: dict[str, Callable] = {}


def function_of(task: Task) -> Callable:
    found = _FUNCTIONS.get(task.function)
    if found is None:
        module, _, name = task.function.partition(":")
        found = _FUNCTIONS[task.function] = getattr(importlib.import_module(module), name)
    return found


def run(task: Task):
    """The task's facts; a bug in an extractor costs this file, not the run."""
    try:
        return function_of(task)(task.path, task.source, *task.args)
    except RecursionError:
        return failure(task, "too deeply nested to analyse")
    except MemoryError:  # not the file's fault alone: the executor reports it, and keeps it from the cache
        raise
    except Exception as error:
        return failure(task, f"internal error: {type(error).__name__}: {error}")


@dataclass(frozen=True)
class Abandoned(ParseFailure):
    """A file given up on for this run (over its time budget, or its parser crashed):
    reported like any parse failure, but never cached, since another run may succeed."""


def failure(task: Task, reason: str, transient: bool = False) -> ParseFailure:
    kind = Abandoned if transient else ParseFailure
    return kind(task.path, Location(task.path, 1, 1), reason)
