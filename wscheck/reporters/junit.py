"""JUnit reporter: one test suite per endpoint, one test case per phase; other findings in a suite of their own."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TextIO

from wscheck.checklist import EndpointChecklist, Phase
from wscheck.answers import Answer, Status
from wscheck.report import Report
from wscheck.reporters.common import RenderOptions, phase_findings, related
from wscheck.findings import Finding

OTHER_SUITE = "findings not tied to an endpoint"
# Control characters other than tab and newlines are not allowed in XML 1.0 at all.
NOT_XML = {c: "?" for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))}


def document(report: Report) -> ET.Element:
    root = ET.Element("testsuites", name="wscheck")
    placed: set[Finding] = set()
    for item in report.checklists:
        root.append(_endpoint_suite(item, report.findings, placed))
    others = [f for f in report.findings if f not in placed]
    if others:
        root.append(_suite(OTHER_SUITE, [_finding_case(f) for f in others]))
    _count(root, root.findall("testsuite"))
    return root


def _endpoint_suite(item: EndpointChecklist, findings: list[Finding], placed: set[Finding]) -> ET.Element:
    endpoint = item.endpoint
    cases = []
    for number, phase in enumerate(Phase, 1):
        answer = item.phases[phase]
        case = ET.Element("testcase", name=f"phase {number} {phase.title.lower()}", classname=endpoint.path,
                          file=endpoint.location.file, line=str(endpoint.location.line))
        if answer.status is Status.FAIL:
            matched = phase_findings(phase, answer, endpoint.path, findings)
            placed.update(matched)
            case.append(_phase_failure(answer, matched))
        elif answer.status is Status.NA:
            ET.SubElement(case, "skipped", message=answer.note or "n/a")
        cases.append(case)
    return _suite(endpoint.path, cases)


def _phase_failure(answer: Answer, matched: list[Finding]) -> ET.Element:
    if matched:
        failure = ET.Element("failure", message="; ".join(f"{f.code} {f.message}" for f in matched), type=matched[0].code)
        lines = [line for f in matched for line in _describe(f)]
    else:  # the phase's rule is deselected or suppressed: the checklist still fails
        failure = ET.Element("failure", message=answer.note or "phase failed", type="checklist")
        lines = [answer.note] if answer.note else []
    lines += [f"evidence: {e.location.file}:{e.location.line}: {e.note}" for e in answer.evidence]
    failure.text = "\n".join(lines)
    return failure


def _finding_case(finding: Finding) -> ET.Element:
    where = finding.location
    case = ET.Element("testcase", name=f"{finding.code} {finding.name} at {where.file}:{where.line}:{where.column}",
                      classname=where.file, file=where.file, line=str(where.line))
    failure = ET.SubElement(case, "failure", message=f"{finding.code} {finding.message}", type=finding.code)
    failure.text = "\n".join(_describe(finding))
    return case


def _describe(finding: Finding) -> list[str]:
    where = finding.location
    lines = [f"{where.file}:{where.line}:{where.column}: {finding.code} {finding.message}"]
    for location, note in related(finding):
        lines.append(f"  related: {location.file}:{location.line}" + (f": {note}" if note else ""))
    return lines


def _suite(name: str, cases: list[ET.Element]) -> ET.Element:
    suite = ET.Element("testsuite", name=name)
    suite.extend(cases)
    _count(suite, cases)
    return suite


def _count(element: ET.Element, children: list[ET.Element]) -> None:
    if element.tag == "testsuites":
        totals = {key: sum(int(c.get(key, "0")) for c in children) for key in ("tests", "failures", "errors", "skipped")}
    else:
        totals = {
            "tests": len(children),
            "failures": sum(1 for c in children if c.find("failure") is not None),
            "errors": 0,
            "skipped": sum(1 for c in children if c.find("skipped") is not None),
        }
    for key, value in totals.items():
        element.set(key, str(value))


def render(report: Report, out: TextIO, options: RenderOptions = RenderOptions()) -> None:
    write_document(document(report), out)


def write_document(root: ET.Element, out: TextIO) -> None:
    """A JUnit tree as XML, with the characters XML cannot hold taken out (shared by the
    run-time commands' JUnit output)."""
    for element in root.iter():
        element.text = element.text and element.text.translate(NOT_XML)
        for key, value in element.attrib.items():
            element.set(key, value.translate(NOT_XML))
    ET.indent(root, space="  ")
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
