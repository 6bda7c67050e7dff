"""The report of one publish run: report.json, deterministic so that reruns compare equal."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import __version__


@dataclass
class RunReport:
    """What report.json and `--report json` say about one run; no timestamps, so reruns compare equal."""

    base: str
    out: str
    articles: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        statuses = [a["status"] for a in self.articles]
        return {
            "inputs": len(self.articles) + len(self.errors),
            "published": statuses.count("published"),
            "invalid": statuses.count("invalid"),
            "errors": len(self.errors),
            "triples": sum(a["triples"] for a in self.articles if a["status"] == "published"),
            "warnings": sum(a["warnings"] for a in self.articles),
        }

    def as_dict(self) -> dict[str, Any]:
        return {"newsld": __version__, "base": self.base, "output": self.out,
                "summary": self.summary(), "articles": self.articles, "errors": self.errors}
