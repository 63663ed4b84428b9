"""The probe's JUnit XML: one test case per socket (a smoke test of a staging deploy in CI);
a skipped endpoint is a skipped case."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TextIO

from wscheck.probe.report import ProbeReport
from wscheck.reporters.junit import write_document

SUITE = "wscheck probe"


def document(report: ProbeReport) -> ET.Element:
    cases = []
    for index, result in enumerate(report.results):
        target = result.observation.target
        case = ET.Element("testcase", name=target.label, classname="wscheck.probe", time=f"{result.observation.watched_s:.3f}")
        if target.static is not None:
            case.set("file", target.static.file)
            case.set("line", str(target.static.line))
        finding = report.finding_for(index)
        if finding is not None:
            failure = ET.SubElement(case, "failure", message=f"{finding.code} {result.verdict}", type=finding.code)
            failure.text = f"{finding.where}: {finding.code} {finding.message}"
        else:
            ET.SubElement(case, "system-out").text = f"{target.shown_url}: {result.verdict}"
        cases.append(case)
    for skipped in report.skipped:
        case = ET.Element("testcase", name=skipped.label, classname="wscheck.probe", time="0")
        ET.SubElement(case, "skipped", message=skipped.reason)
        cases.append(case)
    suite = ET.Element("testsuite", name=SUITE, time=f"{report.elapsed_s:.3f}")
    suite.extend(cases)
    counts = {
        "tests": len(cases),
        "failures": sum(1 for c in cases if c.find("failure") is not None),
        "errors": 0,
        "skipped": len(report.skipped),
    }
    root = ET.Element("testsuites", name="wscheck")
    root.append(suite)
    for element in (suite, root):
        for key, value in counts.items():
            element.set(key, str(value))
    return root


def render(report: ProbeReport, out: TextIO) -> None:
    write_document(document(report), out)
