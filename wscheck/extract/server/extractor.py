"""Server extraction: one Python module -> PythonFacts, read with libcst over a skeleton."""

from __future__ import annotations

import ast
import io
import tokenize

import libcst as cst

from wscheck.extract.server.ast_facts import ast_facts
from wscheck.extract.server.comments import python_directives
from wscheck.extract.server.guards import first_pass
from wscheck.extract.server.options import ServerOptions
from wscheck.extract.server.patterns import PLAIN_SOCKET_MODULES, PLAIN_SOCKET_WORDS, PREFILTER, ROUTER_MOUNTS
from wscheck.extract.server.skeleton import Skeleton, build_skeleton, source_lines
from wscheck.extract.server.visitor import ModuleVisitor
from wscheck.extract.server.walk import walk
from wscheck.facts import Location, ParseFailure, PythonFacts, Role

# Besides the prefilter's words, a skeleton keeps the functions that wire things up: app
# factories (`include_router(`, `app.mount(`) and starters of background work, so that a
# broadcast loop's liveness follows the method that starts it (`self._tasks.append(
# asyncio.create_task(self._watch()))` in a `start()` nothing calls is not started).
SKELETON_WORDS = (".mount(",)
STARTER_WORDS = ("create_task(", "ensure_future(", "start_soon(", "add_task(")  # kept when they start a kept function
# A skeleton keeping most of a file saves little parsing, and the file is read again each
# time a later round's hints would keep more of it; read whole, it is read once.
WHOLE_ABOVE = 0.6  # of the file's characters
KEEP = tuple(p.decode() for p in PREFILTER + ROUTER_MOUNTS)
PLAIN_KEEP = tuple(p.decode() for p in PLAIN_SOCKET_WORDS)


def decode_python(source: bytes) -> str:
    """Decode honouring a PEP 263 coding cookie and a BOM (raises on bad bytes)."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    return source.decode(encoding)


def extract_python(path: str, source: bytes, module: str, is_package: bool, options: ServerOptions) -> PythonFacts | ParseFailure:
    try:
        return _extract(path, module, is_package, source, options)
    except RecursionError:
        return ParseFailure(path, Location(path, 1, 1), "too deeply nested to analyse")
    except MemoryError:  # the pool says how much memory there was, and keeps it from the cache
        raise
    except Exception as error:  # a bug here must cost one file, not the run
        return ParseFailure(path, Location(path, 1, 1), f"internal error: {type(error).__name__}: {error}")


def _extract(path: str, module: str, is_package: bool, source: bytes, options: ServerOptions) -> PythonFacts | ParseFailure:
    try:
        text = decode_python(source)
    except (UnicodeDecodeError, LookupError, SyntaxError) as error:
        return ParseFailure(path, Location(path, 1, 1), f"cannot decode: {error}")
    text = text.lstrip("\ufeff")
    keep = KEEP + SKELETON_WORDS + options.hints
    if any(marker in source for marker in PLAIN_SOCKET_MODULES):
        keep += PLAIN_KEEP
    first, refused = first_pass(text)
    if refused is not None:
        return ParseFailure(path, Location(path, 1, 1), refused)
    # a hint that names a class (the demand's socket classes) keeps the classes deriving from it whole
    skeleton = build_skeleton(text, first, keep, STARTER_WORDS, options.hints) if first is not None else None
    if skeleton is not None and len(skeleton.text) > WHOLE_ABOVE * len(text):
        skeleton = None
    try:
        tree, line_map, error = _read(text, skeleton)
    except RecursionError:
        return ParseFailure(path, Location(path, 1, 1), "too deeply nested to parse")
    if tree is None:
        line, column, message = _where(error)
        if first is not None:  # valid Python, as `ast` read it: libcst is stricter in corners
            unread = ParseFailure(path, Location(path, line, column), f"libcst: {message}", valid_python=True)
            return ast_facts(path, module, is_package, text, first, unread)
        line, column, message = _ast_error(text) or (line, column, message)  # names the offending line more precisely
        return ParseFailure(path, Location(path, line, column), f"syntax error: {message}")
    suppressions, annotations = python_directives(text)
    lines = [line.rstrip("\r\n") for line in source_lines(text)]
    visitor = ModuleVisitor(path, module, is_package, tree, options, line_map, lines, annotations)
    walk(tree, visitor)
    return PythonFacts(
        path=path,
        module=module,
        role=Role.SERVER,
        imports=tuple(visitor.imports.items()),
        symbols=tuple(visitor.symbols + visitor.frameworks.symbols),
        classes=tuple(visitor.classes),
        functions=tuple(visitor.functions),
        endpoints=tuple(visitor.routes.endpoints + visitor.frameworks.endpoints()),
        routers=tuple(visitor.routes.routers + visitor.frameworks.routers()),
        includes=tuple(visitor.routes.includes + visitor.frameworks.includes()),
        suppressions=suppressions,
        router_groups=tuple(visitor.routes.groups),
        whole=line_map is None,
        handshakes=tuple(visitor.frameworks.handshakes),
    )


def _read(text: str, skeleton: Skeleton | None) -> tuple[cst.Module | None, tuple[int, ...] | None, Exception | None]:
    """(libcst's tree, the skeleton's line map or None, None), of the skeleton, or of the
    whole text when there is none or libcst cannot read it: a mistake in cutting a file down
    must not cost its facts. (None, None, libcst's error) when it cannot read the whole text."""
    if skeleton is not None:
        try:
            return cst.parse_module(skeleton.text), skeleton.line_map, None
        except (cst.ParserSyntaxError, cst.CSTValidationError):
            pass
    try:
        return cst.parse_module(text), None, None
    except (cst.ParserSyntaxError, cst.CSTValidationError) as error:  # an identifier it rejects, for one
        return None, None, error
    except BaseException as error:  # a panic in its native parser is no Exception (pyo3's PanicException)
        if type(error).__name__ != "PanicException":
            raise
        return None, None, error


def _where(error: Exception) -> tuple[int, int, str]:
    if isinstance(error, cst.ParserSyntaxError):
        return max(error.raw_line, 1), max(error.raw_column + 1, 1), error.message
    return 1, 1, str(error)


def _ast_error(text: str) -> tuple[int, int, str] | None:
    try:
        ast.parse(text)
    except SyntaxError as error:
        return (error.lineno or 1, error.offset or 1, error.msg)
    except (ValueError, RecursionError, MemoryError):
        return None
    return None
