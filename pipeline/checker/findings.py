"""What the checker says about one item: a `Finding`, whichever stage (reading, a shape layer) found it."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from rdflib import Namespace

RULE = Namespace("urn:newsld:rule:")
"""Every shape that can report is named in this namespace; the rest of its IRI is the rule's id
(`urn:newsld:rule:search/image` is rule `search/image`), and `rdfs:seeAlso` on it links the rule's documentation."""

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" | "warning" | "info"
    rule: str  # a stable id such as "schemaorg/unknown-property" or "jsonld/trailing-comma"
    message: str  # plain language, for a newsroom developer
    node: str | None = None  # the node's @id, or a path such as "NewsArticle > author[1]"
    path: str | None = None  # the property, compact: "schema:headline"
    value: str | None = None
    see: str | None = None  # a link to the rule's documentation

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)
