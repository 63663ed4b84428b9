"""Guards: refuse, before libcst sees it, a file that would crash it or take minutes.

libcst's native parser crashes the whole process on a couple of thousand nested
brackets and grows super-linearly on very long operator chains (a 5,000-term `1+1+…`
takes it seconds, then its visitors run out of stack). The stdlib `ast` reads such
files in milliseconds and says what is wrong with them, so it speaks first.
"""

from __future__ import annotations

import ast

MAX_DEPTH = 200  # nested expressions or brackets; real code stays far below
# Below this many characters, `ast` needs a few hundred megabytes at most (about 150 bytes a
# character): a MemoryError then means an expression nested too deep, never a lack of memory.
NESTING_OR_MEMORY = 2_000_000
_TOO_DEEP = "too deeply nested to parse (an expression nests deeper than Python's own parser allows)"
_NESTING_ERRORS = ("too many nested parentheses", "too many levels of indentation", "too complex", "too many statically nested")


def first_pass(text: str) -> tuple[ast.Module | None, str | None]:
    """(the `ast` tree, None), (None, why the file is refused), or (None, None) when `ast`
    cannot read it for another reason (newer syntax, or a syntax error libcst will name)."""
    try:
        tree = ast.parse(text)
    except SyntaxError as error:
        if any(words in (error.msg or "") for words in _NESTING_ERRORS):
            return None, f"too deeply nested to parse ({error.msg}, line {error.lineno})"
        return None, (_refuse_brackets(text) if _bracket_depth(text) > MAX_DEPTH else None)
    except RecursionError:
        return None, _TOO_DEEP
    except MemoryError:  # what CPython's parser raises when its stack overflows, on a deep expression
        if len(text) > NESTING_OR_MEMORY:  # or a file big enough to take all the memory a parse worker may use
            raise
        return None, _TOO_DEEP
    except ValueError as error:  # null bytes
        return None, f"cannot parse: {error}"
    depth, line = _deepest(tree)
    if depth > MAX_DEPTH:
        return None, f"too deeply nested to analyse (expressions {depth} levels deep at line {line}; the limit is {MAX_DEPTH})"
    return tree, None


def _refuse_brackets(text: str) -> str:
    return f"too deeply nested to parse (brackets more than {MAX_DEPTH} levels deep)"


def _bracket_depth(text: str) -> int:
    """The deepest bracket nesting, counted on the raw text (strings included: a cheap
    upper bound that only matters when `ast` has already failed)."""
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth = max(0, depth - 1)
    return deepest


def _deepest(tree: ast.AST) -> tuple[int, int]:
    """(the deepest expression nesting, the line it is on) where it is over MAX_DEPTH, else
    a lower bound; walked without recursion. Each level of nesting takes at least one
    character, so an expression on one line too short to reach the limit is not entered."""
    deepest, line = 0, 0
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, ast.expr):
            depth += 1
            if depth > deepest:
                deepest, line = depth, getattr(node, "lineno", 0)
            if node.end_lineno == node.lineno and depth + (node.end_col_offset or 0) - node.col_offset <= MAX_DEPTH:
                continue
        stack.extend((child, depth) for child in ast.iter_child_nodes(node))
    return deepest, line
