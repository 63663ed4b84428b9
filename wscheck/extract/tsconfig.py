"""tsconfig extraction: what one tsconfig.json / jsconfig.json says about module resolution.

A pure function of the file's bytes, cached like any file's facts. The file is JSONC
(comments, trailing commas), read with a JSON5 parser; a file that cannot be read is a
ParseFailure (WS001), and parts of unexpected shape are ignored with a note.
"""

from __future__ import annotations

from wscheck.facts import Location, ParseFailure, TsConfig

_BOM = "\ufeff"


def extract_tsconfig(path: str, source: bytes) -> TsConfig | ParseFailure:
    """The facts of one config file (`path` is its display path). Never raises."""
    import pyjson5  # here: only scans with a config file load it

    try:
        text = source.decode("utf-8").removeprefix(_BOM)
    except UnicodeDecodeError:
        return ParseFailure(path, Location(path, 1, 1), "not valid UTF-8: its path aliases are not followed")
    try:
        data = pyjson5.loads(text) if text.strip() else {}
    except (pyjson5.Json5Exception, ValueError, RecursionError) as error:
        return ParseFailure(path, _error_location(path, text, error), f"not valid JSONC ({_reason(error)}): its path aliases are not followed")
    if not isinstance(data, dict):
        return ParseFailure(path, Location(path, 1, 1), "not a JSON object: its path aliases are not followed")
    return _config(path, data)


def _config(path: str, data: dict) -> TsConfig:
    problems: list[str] = []
    options = data.get("compilerOptions", {})
    if not isinstance(options, dict):
        problems.append("`compilerOptions` is not an object")
        options = {}
    base_url = options.get("baseUrl")
    if base_url is not None and not isinstance(base_url, str):
        problems.append("`baseUrl` is not a string")
        base_url = None
    paths = options.get("paths")
    if paths is not None and not isinstance(paths, dict):
        problems.append("`paths` is not an object")
        paths = None
    return TsConfig(
        path=path,
        base_url=base_url,
        paths=tuple(_paths(paths or {}, problems)),
        has_paths=paths is not None,
        extends=_strings(data.get("extends"), "extends", problems, single=True) or (),
        references=tuple(_references(data.get("references"), problems)),
        include=_strings(data.get("include"), "include", problems),
        files=_strings(data.get("files"), "files", problems),
        problems=tuple(problems),
    )


def _paths(paths: dict, problems: list[str]):
    for pattern, targets in paths.items():
        if isinstance(targets, str):  # not what TypeScript accepts, but meant plainly
            targets = [targets]
        if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
            problems.append(f"`paths` entry `{pattern}` is not a list of strings")
            continue
        yield pattern, tuple(targets)


def _strings(value, key: str, problems: list[str], single: bool = False) -> tuple[str, ...] | None:
    """A list of strings (or, for `extends`, one string); None when the key is not set."""
    if value is None:
        return None
    if single and isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    problems.append(f"`{key}` is not {'a string or ' if single else ''}a list of strings")
    return None


def _references(value, problems: list[str]):
    if value is None:
        return
    if not isinstance(value, list):
        problems.append("`references` is not a list")
        return
    for reference in value:
        if isinstance(reference, dict) and isinstance(reference.get("path"), str):
            yield reference["path"]
        else:
            problems.append("a `references` entry has no `path` string")


def _message(error: Exception) -> str:
    return str(getattr(error, "message", None) or (error.args[0] if error.args else error))


def _reason(error: Exception) -> str:
    """pyjson5's message, readable: `Expected b'comma' or U+007d near 59` -> "expected comma or `}`"."""
    words = []
    for word in _message(error).split(" near ")[0].split():
        if word.startswith("U+") and len(word) == 6:
            word = f"`{chr(int(word[2:], 16))}`"
        words.append(word.removeprefix("b'").removesuffix("'"))
    return " ".join(words).lower().removesuffix(" starting")


def _error_location(path: str, text: str, error: Exception) -> Location:
    """Where the parser stopped: pyjson5 says `near <offset>` (1-based) in its message."""
    message = _message(error)
    offset = message.rpartition(" near ")[2].split()[0].rstrip(",") if " near " in message else ""
    if not offset.isdigit():
        return Location(path, 1, 1)
    index = max(0, min(int(offset) - 1, len(text)))
    line_start = text.rfind("\n", 0, index) + 1
    return Location(path, text.count("\n", 0, index) + 1, index - line_start + 1)
