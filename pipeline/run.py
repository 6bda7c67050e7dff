"""The report of one publish run: report.json, deterministic so that reruns compare equal."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from . import __version__
from .outcome import ArticleOutcome, Status


@dataclass
class RunReport:
    """What report.json and `--report json` say about one run; no timestamps, so reruns compare equal."""

    base: str
    out: str
    articles: list[ArticleOutcome] = field(default_factory=list)  # read: published or invalid
    errors: list[ArticleOutcome] = field(default_factory=list)  # not read, or refused

    def summary(self) -> dict[str, int]:
        published = [a for a in self.articles if a.status is Status.PUBLISHED]
        return {
            "inputs": len(self.articles) + len(self.errors),
            "published": len(published),
            "invalid": sum(a.status is Status.INVALID for a in self.articles),
            "errors": len(self.errors),
            "triples": sum(a.triples for a in published),
            "warnings": sum(a.count("Warning") for a in self.articles),
        }

    def warning_kinds(self) -> list[dict[str, Any]]:
        """The run's warnings counted by property and message, most frequent first: what to fix first."""
        counts = Counter((r.path, r.message) for a in self.articles for r in a.results if r.severity == "Warning")
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0][0] or "", item[0][1]))
        return [{"path": path, "message": message, "count": count} for (path, message), count in ranked]

    def as_dict(self) -> dict[str, Any]:
        return {"newsld": __version__, "base": self.base, "output": self.out, "summary": self.summary(),
                "warnings_by_kind": self.warning_kinds(),
                "articles": [a.record() for a in self.articles], "errors": [e.record() for e in self.errors]}
