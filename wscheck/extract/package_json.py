"""package.json extraction: a package's name and where importing it (or a subpath) leads.

A pure function of the file's bytes, cached like any file's facts. Only what module
resolution needs is kept, so a changed version or dependency list changes nothing
downstream. `exports` / `imports` condition objects are flattened into target lists,
the conditions that point at source first. A file that is not JSON is a ParseFailure
(the engine notes it: the package's imports are then not followed).
"""

from __future__ import annotations

import json

from wscheck.facts import Location, PackageManifest, ParseFailure

_BOM = "\ufeff"
# the root fields that name an entry, the one most likely to be source first
ENTRY_FIELDS = ("source", "svelte", "module", "main", "browser", "types", "typings")
# which condition of an `exports` object to follow first: source before built output;
# conditions not listed come after `default` and before `require`
_CONDITION_RANK = {"source": 0, "svelte": 0, "development": 1, "import": 2, "module": 3, "browser": 4, "default": 5, "require": 7, "node": 8, "types": 9}
_OTHER_CONDITION = 6
_MAX_NESTING = 8  # conditions inside conditions: deeper is not a real package


def extract_package(path: str, source: bytes) -> PackageManifest | ParseFailure:
    """The facts of one package.json (`path` is its display path). Never raises."""
    try:
        data = json.loads(source.decode("utf-8").removeprefix(_BOM) or "{}")
    except UnicodeDecodeError:
        return ParseFailure(path, Location(path, 1, 1), "not valid UTF-8: the package's name is not known")
    except json.JSONDecodeError as error:
        reason = f"not valid JSON ({error.msg.lower()}): the package's name is not known"
        return ParseFailure(path, Location(path, error.lineno, error.colno), reason)
    except (ValueError, RecursionError):
        return ParseFailure(path, Location(path, 1, 1), "not valid JSON: the package's name is not known")
    if not isinstance(data, dict):
        return ParseFailure(path, Location(path, 1, 1), "not a JSON object: the package's name is not known")
    problems: list[str] = []
    name = data.get("name")
    if name is not None and not isinstance(name, str):
        problems.append("`name` is not a string")
        name = None
    entries = tuple(data[key] for key in ENTRY_FIELDS if isinstance(data.get(key), str) and data[key])
    exports = None if data.get("exports") is None else tuple(_exports(data["exports"], problems))
    imports = tuple(_imports(data.get("imports"), problems))
    return PackageManifest(path, name or None, entries, exports, imports, tuple(problems))


def _exports(value, problems: list[str]):
    """("." or "./sub" or "./*", targets): a string, a list or a conditions object is the
    "." entry alone; an object of "./…" keys maps subpaths."""
    if isinstance(value, dict) and any(isinstance(key, str) and key.startswith(".") for key in value):
        for key, target in value.items():
            if key.startswith("."):
                yield key, tuple(_targets(target, problems, f"`exports` entry `{key}`"))
            else:
                problems.append(f"`exports` mixes the condition `{key}` with subpaths")
        return
    yield ".", tuple(_targets(value, problems, "`exports`"))


def _imports(value, problems: list[str]):
    if value is None:
        return
    if not isinstance(value, dict):
        problems.append("`imports` is not an object")
        return
    for key, target in value.items():
        if key.startswith("#"):
            yield key, tuple(_targets(target, problems, f"`imports` entry `{key}`"))
        else:
            problems.append(f"`imports` key `{key}` does not start with `#`")


def _targets(value, problems: list[str], where: str, depth: int = 0) -> list[str]:
    """The paths a target names, in the order to try them: an array's fallbacks in turn, a
    conditions object's conditions by preference (stable otherwise); `null` blocks."""
    if isinstance(value, str):
        return [value] if value.startswith("./") else []  # Node accepts only "./…" targets
    if value is None:
        return []
    if depth >= _MAX_NESTING:
        problems.append(f"{where} nests conditions too deeply")
        return []
    if isinstance(value, list):
        return [t for item in value for t in _targets(item, problems, where, depth + 1)]
    if isinstance(value, dict):
        order = sorted(value, key=lambda condition: _CONDITION_RANK.get(condition, _OTHER_CONDITION))
        return [t for condition in order for t in _targets(value[condition], problems, where, depth + 1)]
    problems.append(f"{where} is not a path, a list or a conditions object")
    return []
