"""The probe's report: each socket's result, the endpoints skipped, and the findings (WS401,
WS402) with their configured severities. Renderers, one module per format, read it."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from wscheck.config import Settings
from wscheck.findings import Severity
from wscheck.probe.observe import Plan
from wscheck.probe.targets import Skipped
from wscheck.probe.verdicts import Result, Status


@dataclass(frozen=True)
class ProbeFinding:
    code: str
    name: str
    severity: Severity
    url: str
    path: str  # the endpoint's path, or the URL's
    message: str
    file: str | None = None  # the endpoint's source, when the static scan found it
    line: int | None = None
    namespace: str | None = None  # Socket.IO's
    socket: int = 0  # its result's index in the report

    @property
    def where(self) -> str:
        return self.url + (f" (namespace {self.namespace})" if self.namespace not in (None, "/") else "")


@dataclass(frozen=True)
class ProbeReport:
    results: tuple[Result, ...]
    skipped: tuple[Skipped, ...]
    findings: tuple[ProbeFinding, ...]
    plan: Plan
    base_url: str | None
    elapsed_s: float
    fail_on: Severity

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status is status)

    def finding_for(self, index: int) -> ProbeFinding | None:
        return next((f for f in self.findings if f.socket == index), None)

    def fails(self) -> bool:
        return any(f.severity.rank >= self.fail_on.rank for f in self.findings)


def build(results: list[Result], skipped: list[Skipped], plan: Plan, base_url: str | None, elapsed_s: float,
          settings: Settings) -> ProbeReport:
    from wscheck.rules.runtime import runtime_rule

    overrides = dict(settings.severity)
    findings = []
    for index, result in enumerate(results):
        code = result.code
        if code is None or not reported(code, settings):
            continue
        rule, target = runtime_rule(code), result.observation.target
        static = target.static
        findings.append(ProbeFinding(
            code, rule.name, overrides.get(code, rule.severity), target.shown_url, target.path, result.message or "",
            static.file if static else None, static.line if static else None,
            target.namespace if target.socketio else None, index,
        ))
    return ProbeReport(tuple(results), tuple(skipped), tuple(findings), plan, base_url, elapsed_s, settings.fail_on)


def reported(code: str, settings: Settings) -> bool:
    """`ignore` leaves a run-time code out; `select` narrows them only when it names one (a
    `select` written for the static rules must not silence the probe)."""
    from wscheck.report import selected

    if any(code.startswith(prefix) for prefix in settings.ignore):
        return False
    names_one = any(code.startswith(p) or p == "ALL" for p in settings.select)
    return selected(code, settings) if names_one else True


def _late(module: str) -> Callable:
    def render(*args, **kwargs):
        return importlib.import_module(f"wscheck.probe.{module}").render(*args, **kwargs)

    return render


RENDERERS: dict[str, Callable] = {"text": _late("text"), "json": _late("json_format"), "junit": _late("junit")}
