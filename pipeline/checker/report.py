"""The checker's reports: text for people, JSON for programs, JUnit XML for CI systems.

A page's terms are the page's to choose, control characters and all; no report writes those raw (`printable`).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from xml.etree import ElementTree as ET

from ..errors import NOT_ASCII_UNSAFE, printable
from .findings import SEVERITIES, Finding

_UNSAFE_IN_JSON = re.compile(f"[{NOT_ASCII_UNSAFE}]")  # json.dumps escapes the C0 controls itself


@dataclass
class PageResult:
    """One input as checked: its items and findings, or why it could not be read at all."""

    name: str
    items: list[tuple[str, list[str]]] = field(default_factory=list)  # (node, types)
    syntaxes: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    unreadable: str | None = None  # the problem, when nothing could be read
    seconds: float = 0.0

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def failed(self) -> bool:
        return self.failed_at("error")

    def failed_at(self, threshold: str) -> bool:
        """Unreadable, or a finding at `threshold` ("error", "warning") or worse; "never" fails on nothing read."""
        if self.unreadable is not None:
            return True
        worse = {"error": ("error",), "warning": ("error", "warning"), "never": ()}[threshold]
        return any(self.count(severity) for severity in worse)

    def without_unknown(self, names: frozenset[str]) -> PageResult:
        """The result with the unknown-term findings of a site's own extensions (`names`) left out."""
        from .vocabulary import local_name

        def own(finding: Finding) -> bool:
            term = finding.value if finding.rule == "schemaorg/unknown-type" else finding.path
            return finding.rule in UNKNOWN_TERM_RULES and term is not None and local_name(term) in names

        return replace(self, findings=[f for f in self.findings if not own(f)])

    def as_dict(self) -> dict:
        counts = {f"{s}s": self.count(s) for s in SEVERITIES}
        return {"name": self.name, "unreadable": self.unreadable, **counts, "syntaxes": self.syntaxes,
                "items": [{"node": node, "types": types} for node, types in self.items],
                "findings": [f.as_dict() for f in self.findings]}


UNKNOWN_TERM_RULES = frozenset({"schemaorg/unknown-type", "schemaorg/unknown-property"})


def summary(results: list[PageResult]) -> dict:
    """Totals, and errors and warnings by rule: the table the corpus evaluation prints."""
    by_rule: Counter[tuple[str, str]] = Counter((f.severity, f.rule) for r in results for f in r.findings)
    return {"pages": len(results), "unreadable": sum(r.unreadable is not None for r in results),
            "failed": sum(r.failed for r in results), "items": sum(len(r.items) for r in results),
            **{f"{s}s": sum(r.count(s) for r in results) for s in SEVERITIES},
            "by_rule": [{"severity": s, "rule": rule, "count": n}
                        for (s, rule), n in sorted(by_rule.items(), key=lambda kv: (SEVERITIES.index(kv[0][0]),
                                                                                    -kv[1], kv[0][1]))]}


def as_json(results: list[PageResult]) -> str:
    """The results as JSON, unsafe characters as \\u escapes: the same strings to a program, inert on a terminal."""
    text = json.dumps({"pages": [r.as_dict() for r in results], "summary": summary(results)},
                      ensure_ascii=False, indent=2)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m[0]):04x}", text) + "\n"


def as_text(results: list[PageResult], verbose: bool = False, quiet: bool = False) -> str:
    """Per page a heading line, then one line per finding (infos only with `verbose`); a total at the end.
    `quiet`: only the errors, under their pages' headings. Inputs that could not be read are only counted: the
    command names each on stderr."""
    lines = []
    for result in results:
        if result.unreadable is not None or (quiet and not result.count("error")):
            continue  # said on stderr, as every command says a bad input; counted in the total below
        kinds = ", ".join(sorted({t for _, types in result.items for t in types})) or "no items"
        counts = ", ".join(f"{result.count(s)} {s}{'' if result.count(s) == 1 else 's'}" for s in SEVERITIES)
        lines.append(printable(f"{result.name}: {len(result.items)} item{'' if len(result.items) == 1 else 's'} "
                               f"({kinds}); {counts}"))
        for finding in result.findings:
            if (finding.severity == "info" and not verbose) or (quiet and finding.severity != "error"):
                continue
            lines.append("  " + _line(finding))
    if quiet:
        return "".join(line + "\n" for line in lines)
    total = summary(results)
    lines.append(f"checked {total['pages']} input{'' if total['pages'] == 1 else 's'}: {total['items']} items, "
                 f"{total['errors']} errors, {total['warnings']} warnings, {total['infos']} infos"
                 + (f", {total['unreadable']} unreadable" if total["unreadable"] else ""))
    return "\n".join(lines) + "\n"


def as_junit(results: list[PageResult]) -> str:
    """One test case per input: a failure listing its errors, warnings and infos as system-out."""
    total = summary(results)
    suite = ET.Element("testsuite", name="newsld validate", tests=str(total["pages"]),
                       failures=str(sum(r.unreadable is None and r.failed for r in results)),
                       errors=str(total["unreadable"]), skipped="0",
                       time=f"{sum(r.seconds for r in results):.3f}")
    for result in results:
        case = ET.SubElement(suite, "testcase", classname="newsld.validate", name=printable(result.name),
                             time=f"{result.seconds:.3f}")
        if result.unreadable is not None:
            problem = printable(result.unreadable)
            ET.SubElement(case, "error", message=problem, type="unreadable").text = problem
            continue
        errors = [f for f in result.findings if f.severity == "error"]
        if errors:
            failure = ET.SubElement(case, "failure", message=f"{len(errors)} structured-data error(s)",
                                    type="structured-data")
            failure.text = "\n".join(_line(f) for f in errors)
        others = [f for f in result.findings if f.severity != "error"]
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in others)
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"


def _line(finding: Finding) -> str:
    """`severity node property = value: message [rule] link`, the parts a finding has, `printable`."""
    where = " ".join(filter(None, (finding.node, finding.path)))
    value = f" = {finding.value!r}" if finding.value is not None and finding.value != finding.node else ""
    subject = f"{where}{value}: " if where or value else ""
    return printable(f"{finding.severity:<7} {subject}{finding.message} [{finding.rule}]"
                     + (f" {finding.see}" if finding.see else ""))
