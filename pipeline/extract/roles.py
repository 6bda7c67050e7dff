"""Job titles around a person's name: "Jean-Dominique Senard, the alliance's chairman,"
and "Nissan Chief Executive Officer Makoto Uchida" (title and employer)."""
from __future__ import annotations

import re

from .clusters import Cluster
from .votes import cast

_HEADS = {
    "chairman", "chairwoman", "chair", "ceo", "cfo", "coo", "president", "director", "minister", "spokesman",
    "spokeswoman", "spokesperson", "secretary", "governor", "senator", "mayor", "analyst", "economist",
    "professor", "founder", "co-founder", "head", "manager", "officer", "editor", "chief", "executive",
    "lawyer", "attorney", "coach", "commissioner", "ambassador", "chancellor", "treasurer", "general",
    "deputy", "representative", "judge", "leader", "strategist", "adviser", "advisor", "partner", "owner",
    "chef", "actor", "actress", "singer", "speaker", "envoy", "prosecutor", "sheriff", "premier",
    "superintendent", "inspector", "administrator", "counsel", "whip", "researcher", "scientist", "engineer",
    "fellow", "lecturer", "historian", "physician",
}
_MODIFIERS = {
    "vice", "deputy", "senior", "managing", "prime", "foreign", "finance", "defense", "defence", "interior",
    "trade", "economy", "economic", "executive", "general", "chief", "operating", "financial", "technology",
    "marketing", "state", "assistant", "associate", "acting", "former", "board", "non-executive", "lead",
    "political", "research", "investment", "co", "principal", "postdoctoral", "visiting", "staff", "senior",
}
PORTFOLIOS = {
    "health", "home", "justice", "education", "energy", "environment", "transport", "transportation", "labor",
    "labour", "agriculture", "commerce", "treasury", "national", "security", "homeland", "veterans", "affairs",
    "culture", "housing", "science", "industry", "immigration", "communications", "tourism", "infrastructure",
    "climate", "budget", "fisheries", "intelligence", "press", "public", "safety", "internal", "external",
    "development", "digital", "cabinet", "legal", "surgeon", "majority", "minority",
}
"""What a title names its holder's field by ("Health Secretary", "National Security Adviser", "Majority
Leader"): part of the title, never an organisation of its own when a title goes on after it."""
_MODIFIERS |= PORTFOLIOS
TITLE_WORDS = _HEADS | _MODIFIERS
_HONORIFICS = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "sir", "dame", "lady", "lord", "gen", "lt", "col",
               "sgt", "capt", "rev", "prof"}

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
            cast(cluster.votes, "job title")
            cluster.job_title = cluster.job_title or title
            cluster.works_for = cluster.works_for or employer
            if employer is not None and employer is not cluster:
                cast(employer.votes, "employer")
            return


def title_length(words: list[str]) -> int:
    """How many of `words` (a name as spaCy spans it) are a title before the name, whatever the title says:
    a run of capitalised words or title words ending in a title's head or an honorific ("former National
    Security Adviser John Smith", "Chief Executive Officer Mary Barra", "Dr. Alan Poe"). At least one word,
    the name, is left; 0 where the words open with no title."""
    end = 0
    for index, word in enumerate(words[:-1]):
        bare = word.rstrip(".").lower()
        if not (word[:1].isupper() or bare in TITLE_WORDS):
            break
        if bare in _HEADS or bare in _HONORIFICS or (bare.endswith("s") and bare[:-1] in _HEADS):
            end = index + 1
    return end


def is_title_word(word: str) -> bool:
    """A word titles use ("Foreign", "Minister", "Dr."), whatever its case."""
    bare = word.rstrip(".").lower()
    return bare in TITLE_WORDS or bare in _HONORIFICS


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
