"""Polling words: the names that say a function fetches, for a callback whose body
cannot be seen (a prop, a hook's result, a module that was not scanned)."""

from __future__ import annotations

import re

_FETCHING_NAME = re.compile(r"^(re)?(fetch|load|poll|refresh|reload|revalidate|invalidate|sync|request)", re.I)


def fetching_name(name: str) -> bool:
    """`fetchStatus`, `refetch`, `loadJobs`, `refreshData`; not `tick`, `updateClock`."""
    return bool(_FETCHING_NAME.match(name))
