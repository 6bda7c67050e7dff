"""What became of one input: the typed result that goes from the worker that made it to the writer, the
manifest, the run report and the command line. Nobody compares status strings; `record` is its line of
report.json (and of the manifest, which repeats it for an article carried over)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .validate import Result  # rdflib: not for the command line's start-up


class Status(str, Enum):
    PUBLISHED = "published"  # valid, and written (or to be)
    INVALID = "invalid"  # read, but a violation keeps it from being written
    ERROR = "error"  # not read, or refused (a name another input has)


@dataclass(frozen=True)
class ArticleOutcome:
    source: str  # the input as the user named it
    status: Status
    slug: str = ""
    iri: str = ""
    triples: int = 0
    results: tuple[Result, ...] = ()
    documents: dict[str, str] = field(default_factory=dict)  # file name -> text, in `formats` order (published)
    nquads: str = ""  # its graph for the store and dataset.nq
    trig: str = ""  # its block of dataset.trig
    message: str = ""  # why, for an error
    files: tuple[str, ...] = ()  # the paths written, once written

    @classmethod
    def failed(cls, source: str, message: str) -> ArticleOutcome:
        return cls(source, Status.ERROR, message=message)

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def refused(self, message: str) -> ArticleOutcome:
        """This article turned away before it was written (its name is another's)."""
        return replace(self, status=Status.ERROR, message=message, documents={}, nquads="", trig="")

    def reported(self) -> ArticleOutcome:
        """What the run's report keeps of it: not its serializations, which are written by then (kept, they
        made a run's memory grow with its size: 1.5x the peak at 5,000 articles against 1,000)."""
        return replace(self, documents={}, nquads="", trig="")

    def record(self) -> dict[str, Any]:
        """Its line of report.json; an error's line is its source and message."""
        if self.status is Status.ERROR:
            return {"source": self.source, "message": self.message}
        return {"source": self.source, "slug": self.slug, "iri": self.iri, "status": self.status.value,
                "triples": self.triples, "violations": self.count("Violation"), "warnings": self.count("Warning"),
                "infos": self.count("Info"), "results": [r.as_dict() for r in self.results], "files": list(self.files)}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> ArticleOutcome:
        """An article carried over from an earlier run, as its manifest entry recorded it."""
        from .validate import Result

        return cls(record["source"], Status(record["status"]), record["slug"], record["iri"], record["triples"],
                   tuple(Result(**r) for r in record["results"]), files=tuple(record["files"]))
