"""Answers: what a checklist phase says about one endpoint — pass, fail or n/a, with evidence.

The model's phase queries return them, the checklist and the rules read them, and the
reporters print them; so they live apart from all three.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from wscheck.facts import Location


class Status(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    NA = "n/a"


@dataclass(frozen=True)
class Evidence:
    location: Location
    note: str
    message_type: str | None = None  # set on phase-2 evidence that is a broadcast of that type


@dataclass
class Answer:
    status: Status
    evidence: list[Evidence] = field(default_factory=list)
    note: str = ""
