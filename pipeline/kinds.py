"""Which kind of article: schema.org's subclasses of Article, as data, and the byline cues for them.

A story names its kind in front matter (`type: AnalysisNewsArticle`), a page in its
own markup (`"@type": "OpinionNewsArticle"`); where both are silent, a byline prefix
such as "Analysis by" or "Opinion:" is a cue, reported as an Info. The article stays
a `schema:NewsArticle` too, so that its shapes, queries and pages find it whatever
its kind.
"""
from __future__ import annotations

import re

from .errors import did_you_mean

ARTICLE_KINDS = frozenset({
    "APIReference", "AdvertiserContentArticle", "AnalysisNewsArticle", "Article", "AskPublicNewsArticle",
    "BackgroundNewsArticle", "BlogPosting", "DiscussionForumPosting", "LiveBlogPosting", "MedicalScholarlyArticle",
    "NewsArticle", "OpinionNewsArticle", "Report", "ReportageNewsArticle", "ReviewNewsArticle", "SatiricalArticle",
    "ScholarlyArticle", "SocialMediaPosting", "TechArticle",
})
"""schema:Article and its subclasses in schema.org release 30.0 (rdfs:subClassOf, transitively)."""

BYLINE_CUES = (
    (re.compile(r"^\s*analysis\s*(?:by\b|:)", re.I), "AnalysisNewsArticle"),
    (re.compile(r"^\s*(?:opinion|commentary|comment|column)\s*(?:by\b|:)", re.I), "OpinionNewsArticle"),
    (re.compile(r"^\s*review(?:ed)?\s*(?:by\b|:)", re.I), "ReviewNewsArticle"),
    (re.compile(r"^\s*(?:explainer|background)\s*(?:by\b|:)", re.I), "BackgroundNewsArticle"),
)
"""A byline's prefix and the kind of article it announces."""


class UnknownKind(ValueError):
    """A `type` that is no kind of article."""


def article_kind(name: str) -> str:
    """The schema.org class `name` names (as written, or a schema.org IRI); UnknownKind, with the kind it most
    likely meant, when it is no subclass of Article."""
    kind = name.strip().rsplit("/", 1)[-1].removeprefix("schema:")
    if kind in ARTICLE_KINDS:
        return kind
    hint = did_you_mean(kind, ARTICLE_KINDS) or f"; one of {', '.join(sorted(ARTICLE_KINDS))}"
    raise UnknownKind(f"type {name!r} is no kind of article in schema.org{hint}")


def byline_cue(byline: str | None) -> str | None:
    """The kind a byline's prefix announces ("Analysis by Jane Doe" -> AnalysisNewsArticle), if any."""
    for pattern, kind in BYLINE_CUES:
        if byline and pattern.match(byline):
            return kind
    return None
