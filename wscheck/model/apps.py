"""Apps: the FastAPI/Starlette apps one scan holds, grouped by where they live.

Scanning a folder that holds two apps (`wscheck examples`: the post-mortem's app and its
fix) checks them as one: the fixed app's broadcasts then cover the broken app's endpoints
and the incident disappears. Apps whose directories do not nest, each with endpoints of
its own below it, are taken for separate apps, and the report says so.
"""

from __future__ import annotations

import posixpath

from wscheck.facts import Location
from wscheck.model.entities import Endpoint


def separate_apps(apps: tuple[Location, ...], endpoints: tuple[Endpoint, ...]) -> list[Location]:
    """One app declaration per separate app that serves endpoints; fewer than two: one app."""
    roots: dict[str, Location] = {}
    for app in sorted(apps, key=lambda a: (_directory(a.file).count("/"), a)):
        directory = _directory(app.file)
        if not any(_within(directory, root) for root in roots):
            roots[directory] = app
    serving = [app for root, app in roots.items() if any(_within(_directory(e.location.file), root) for e in endpoints)]
    return serving if len(serving) > 1 else []


def _directory(path: str) -> str:
    return posixpath.dirname(path)


def _within(directory: str, root: str) -> bool:
    return root == "" or directory == root or directory.startswith(root + "/")
