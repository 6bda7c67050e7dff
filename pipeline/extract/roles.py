"""Job titles around a person's name: "Jean-Dominique Senard, the alliance's chairman,"
and "Nissan Chief Executive Officer Makoto Uchida" (title and employer)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .entities import Cluster

_HEADS = {
    "chairman", "chairwoman", "chair", "ceo", "cfo", "coo", "president", "director", "minister", "spokesman",
    "spokeswoman", "spokesperson", "secretary", "governor", "senator", "mayor", "analyst", "economist",
    "professor", "founder", "co-founder", "head", "manager", "officer", "editor", "chief", "executive",
    "lawyer", "attorney", "coach", "commissioner", "ambassador", "chancellor", "treasurer", "general",
    "deputy", "representative", "judge", "leader", "strategist", "adviser", "advisor", "partner", "owner",
    "chef", "actor", "actress", "singer",
}
_MODIFIERS = {
    "vice", "deputy", "senior", "managing", "prime", "foreign", "finance", "defense", "defence", "interior",
    "trade", "economy", "economic", "executive", "general", "chief", "operating", "financial", "technology",
    "marketing", "state", "assistant", "associate", "acting", "former", "board", "non-executive", "lead",
    "political", "research", "investment", "co", "principal",
}
TITLE_WORDS = _HEADS | _MODIFIERS

_APPOSITION = re.compile(
    r"^,\s+(?:(?:the|a|an|its|their)\s+)?(?:(?P<owner>[\w.&'’ -]{2,40}?)(?:'s|’s)\s+)?"
    r"(?P<title>(?:[\w-]+\s+){0,3}?[\w-]+)(?:\s+(?:of|at)\s+(?P<org>[A-Z][\w.&' -]{1,40}?))?\s*[,.]",
)


def find_role(cluster: Cluster, clusters: list[Cluster], text: str) -> None:
    """Record the first title the story gives the entity, and the employer named with it; a title is a person cue."""
    for mention in cluster.mentions:
        title, employer_end = _title_before(text, mention.start)
        employer = _cluster_ending_at(clusters, text, employer_end) if employer_end is not None else None
        if title is None:
            title, employer = _title_after(text, mention.end, clusters)
        if title:
            cluster.votes["Person"] += 3
            cluster.job_title = cluster.job_title or title
            cluster.works_for = cluster.works_for or employer
            return


def _is_title(words: list[str]) -> bool:
    lowered = [w.lower() for w in words]
    return bool(lowered) and lowered[-1] in _HEADS and all(w in _HEADS or w in _MODIFIERS for w in lowered)


def _title_before(text: str, start: int) -> tuple[str | None, int | None]:
    """"Nissan Chief Executive Officer |Makoto Uchida": the longest run of title words right before the name."""
    words = list(re.finditer(r"[\w-]+", text[max(0, start - 80):start]))
    if not words or text[max(0, start - 80) + words[-1].end():start].strip():
        return None, None
    taken: list[re.Match[str]] = []
    for word in reversed(words):
        if word.group().lower() in TITLE_WORDS:
            taken.insert(0, word)
        else:
            break
    while taken and taken[-1].group().lower() not in _HEADS:
        taken.pop()
    if not taken or not _is_title([w.group() for w in taken]):
        return None, None
    offset = max(0, start - 80)
    title_start = offset + taken[0].start()
    return text[title_start:offset + taken[-1].end()], title_start


def _title_after(text: str, end: int, clusters: list[Cluster]) -> tuple[str | None, Cluster | None]:
    """"Senard|, the alliance's chairman," or "Jones|, chief executive of Acme Corp.,"."""
    match = _APPOSITION.match(text[end:end + 120])
    if not match or not _is_title(match["title"].split()):
        return None, None
    employer = None
    for name in (match["org"], match["owner"]):
        if name:
            employer = next((c for c in clusters if name.strip() in c.keys()), None) or employer
    return match["title"], employer


def _cluster_ending_at(clusters: list[Cluster], text: str, position: int) -> Cluster | None:
    """The entity named right before a title ("Nissan| Chief Executive Officer")."""
    for cluster in clusters:
        if any(0 <= position - m.end <= 2 and not text[m.end:position].strip() for m in cluster.mentions):
            return cluster
    return None
