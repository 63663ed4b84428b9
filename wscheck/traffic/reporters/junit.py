"""JUnit: one test case per input (`no HTTP polling in FILE`), failing with the paths polled
in it, so a CI smoke test of a staging log shows what polls and where."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TextIO

from wscheck.reporters.junit import write_document
from wscheck.traffic.report import TrafficReport


def document(report: TrafficReport) -> ET.Element:
    root = ET.Element("testsuites", name="wscheck traffic")
    suite = ET.SubElement(root, "testsuite", name="wscheck traffic")
    failures = errors = 0
    for summary in report.inputs:
        case = ET.SubElement(suite, "testcase", name=f"no HTTP polling in {summary.name}", classname="traffic",
                             file=summary.name)
        found = [f for f in report.findings if f.origin[0] == summary.name]
        if summary.error is not None and not summary.requests:
            errors += 1
            ET.SubElement(case, "error", message=summary.error, type="unreadable")
        elif found:
            failures += 1
            failure = ET.SubElement(case, "failure", message="; ".join(f"{f.code} {f.method} {f.path}" for f in found),
                                    type=found[0].code)
            failure.text = "\n".join(_line(f) for f in found)
    for element in (root, suite):
        element.set("tests", str(len(report.inputs)))
        element.set("failures", str(failures))
        element.set("errors", str(errors))
        element.set("skipped", "0")
    return root


def _line(finding) -> str:
    where = f"{finding.location.file}:{finding.location.line}: " if finding.location else ""
    return f"{where}{finding.code} {finding.message}"


def render(report: TrafficReport, out: TextIO) -> None:
    write_document(document(report), out)
