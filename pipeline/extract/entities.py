"""Named entities with document-level reasoning over spaCy's mention-level guesses.

The small model errs mention by mention ("Senard" as an organisation,
"Uchida" as a place, "Sharing" as a person). Read as a whole, the story
corrects it: mentions are grouped into entities (surnames and short forms join
the full name), each entity's type is voted over all its mentions and the cues
around them ("said", "Mr.", "Corp.", a job title), and capitalised sentence
starts that are not names are dropped.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator, Sequence

from ..iri import legal_core
from .clusters import NOT_NAMES, Cluster, Mention, is_particle, particle_surname, shouted
from .orgnames import has_naming_head, is_title_part, join_conjoined, without_the
from .places import has_place_head
from .roles import find_role, is_title_word, title_length
from .votes import CONTEXT, HONORIFIC_BEFORE, VOTES, cast, has_group_prefix, heard

if TYPE_CHECKING:
    from spacy.tokens import Span

LABEL_FAMILY = {
    "PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place",
    "PRODUCT": "Product", "EVENT": "Event",
}
_OTHER_SCHEMES = {"PER": "PERSON"}
"""Labels of pipelines trained on another scheme, named as above: WikiNER's PER, in spaCy's German, French,
Spanish, Italian, Portuguese ... pipelines (their LOC and ORG mean what OntoNotes' do; MISC maps to nothing)."""
_COMMON_WORD_ENDINGS = ("ing", "ed", "ly")
_ORG_LEAD = re.compile(r"(?:the\s+)?(?:[a-z]+\s+)*(?=[\"“‘']*[A-Z])")
"""What precedes an organisation's name in the model's span: a lower-case "the" and lower-case words
("the federal Bureau of Prisons"). A capital "The" may be the name's own ("The New York Times")."""


_MENTION_LEAD = re.compile(r"(?:['’]s\b)?[\s\"“”‘’'(<]*")
"""What a model's span may carry before a name: the possessive of the word before ("Vietnam’s Hoa Lo" gave
"’s Hoa Lo") and an opening quote ("the \"Black Death")."""


def mentions_of(ents: Sequence[Span], source: str) -> list[Mention]:
    """The model's mentions of kinds newsld maps, cleaned: no possessive "'s", no quote marks or trailing
    separators around, no "the" before a place, an event or a product; a span across a line break (a headline run into the next line)
    or into the next sentence is no name; a year ends a person's name, and a "person" with another digit in the
    name is a product.
    `ents` are the doc's (`doc.ents`, which spaCy makes anew at each access), `source` the text the model read
    (`doc.text`, rebuilt from every token at each access)."""
    found = []
    for ent in ents:
        label = _OTHER_SCHEMES.get(ent.label_, ent.label_)
        whole = source[ent.start_char:ent.end_char]  # ent.text, without rebuilding it from its tokens
        if label not in LABEL_FAMILY or "\n" in whole.strip() or _runs_into_a_sentence(whole):
            continue
        text, start = whole, ent.start_char
        if label == "PERSON" and (text.startswith(("The ", "THE ")) or has_group_prefix(text)):
            label = "ORG"  # "The Rathcormac Inn have said", "Ngāti Kahungunu": no one's name opens so
        if label in ("GPE", "LOC", "FAC", "EVENT", "PRODUCT") and text.lower().startswith("the "):
            text, start = text[4:], start + 4
        elif label == "ORG":
            lead = _ORG_LEAD.match(text)
            cut = lead.end() if lead else 0  # "the federal Bureau of Prisons"
            cut += len(text[cut:]) - len(without_the(text[cut:]))  # "The Springfield City Council"
            text, start = text[cut:], start + cut
        elif label == "PERSON":
            if len(text.split()) > 1 and all(is_title_word(w) for w in text.split()):
                continue  # "Lt Col" of "Lt Col Alexander Vindman": a title is no name
            title = _title_lead(text)
            text, start = text[title:], start + title  # "Chef Jamie Oliver": the title is found before the name
        lead = _MENTION_LEAD.match(text).end()
        text, start = text[lead:], start + lead
        if label == "PERSON" and (year := _YEAR.search(text)):
            text = text[:year.start()]  # "Holcomb’s 2016 campaign": the year is no part of the name
        text = text.rstrip(" \t\"“”/|,;:–—->")  # "Clayton Aldern /" of a byline, Reuters' "<Donohue Inc>"
        if text.endswith(("'s", "’s")):
            text = text[:-2].rstrip()
        if not text or not any(c.isupper() for c in text) or text in NOT_NAMES:
            continue  # "Government" alone is a noun, not a name
        if re.match(r"-\d", source[start + len(text):start + len(text) + 2]) and not any(c.isdigit() for c in text):
            continue  # "Covid" of "Covid-19": a word of a code
        if label == "PERSON" and ":" in text:
            text = text[:text.index(":")].rstrip()  # "Christopher D. Battin: Dealing in ...": a list's label
        if label == "PERSON" and _has_common_word(text):
            continue  # "the Afghan war": a person's name has no word in lower case but a particle
        if _PREFIXED.match(text):
            continue  # "post-Brexit", "anti-EU": a word made of a name, not a name
        if label == "PERSON" and any(c.isdigit() for c in text):
            label = "PRODUCT"  # "RAV4 Hybrid", "Galaxy S9": no one's name has a digit
        found.append(Mention(start, start + len(text), text, label, _at_sentence_start(source, start)))
    return found


_YEAR = re.compile(r"\s(?:19|20)\d\d\b")
_PREFIXED = re.compile(r"(?:anti|pro|post|pre|non|ex|mid|neo)-")
NAME_PARTICLES = {"de", "da", "do", "dos", "das", "di", "del", "della", "der", "den", "van", "von", "ter", "ten",
                  "du", "la", "le", "bin", "bint", "ibn", "al", "el", "y", "e", "af", "zu", "st."}
"""Lower-case words of people's names ("Ursula von der Leyen", "Mohammed bin Salman", "Bashar al-Assad")."""


def _has_common_word(name: str) -> bool:
    return any(w[:1].islower() and w.split("-")[0].split("'")[0] not in NAME_PARTICLES for w in name.split())
_SENTENCE_AFTER = re.compile(r"[.!?]\s+(\w+)")


def _runs_into_a_sentence(span: str) -> bool:
    """"Sustain. She": the span runs past a full stop into a sentence that opens with "She", "The" or the like
    (after "Rev." or "St." a name goes on)."""
    return any(match[1] in NOT_NAMES for match in _SENTENCE_AFTER.finditer(span))


def _title_lead(name: str) -> int:
    """Where a person's name starts after the job title or honorific the model's span begins with, whatever
    the title ("Chef Jamie Oliver", "Chefs Jamie Oliver and ...", "Ms Truss", "former National Security
    Adviser John Smith"): at least one word of the name is left."""
    words = list(re.finditer(r"\S+", name))
    taken = title_length([w.group() for w in words])
    return words[taken].start() if taken else 0


def _at_sentence_start(text: str, start: int) -> bool:
    """After a full stop, a line break or an opening quote, and not after "Mr."."""
    before = text[max(0, start - 40):start]
    if HONORIFIC_BEFORE.search(before):
        return False
    before = before.rstrip(" \t\"“”‘’'(")
    return not before or before.endswith((".", "!", "?", "\n", ":"))


_NAME = r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?\.?)"
_SPEAKER_NAME = re.compile(rf"(?<![\w.])(?P<a>{_NAME}(?: {_NAME}){{1,5}}) (?:said|says|told|added)\b"
                           rf"|\b(?:said|says|added) (?P<b>{_NAME}(?: {_NAME}){{1,5}})(?![\w-])")


def speakers_by_attribution(text: str, taken: list[Mention]) -> list[Mention]:
    """"... ," Elon Musk said", "said Foreign Minister Ana Lopez": a capitalised two- or three-word name next
    to a speech verb, after its title if any, is a person, where the model saw nothing."""
    found = []
    for match in _SPEAKER_NAME.finditer(text):
        name = match["a"] or match["b"]
        start = match.start("a") if match["a"] else match.start("b")
        words = name.split()
        if (title := title_length(words)) and title <= len(words) - 2:
            start += len(" ".join(words[:title])) + 1
            words = words[title:]
            name = " ".join(words)
        if (len(words) > 3 or words[0] in NOT_NAMES or _runs_into_a_sentence(name)
                or any(is_title_word(w) for w in words)):
            continue
        if any(m.start < start + len(name) and start < m.end for m in taken):
            continue
        found.append(Mention(start, start + len(name), name, "PERSON", _at_sentence_start(text, start)))
    return found


def resolve(ents: Sequence[Span], text: str, places: tuple[str, ...] = (), body_start: int = 0) -> list[Cluster]:
    """Group the model's mentions (`ents`, its doc's entities) into entities, find the mentions it missed, vote
    each entity's type. `text` is what the model read; `places` are the dateline's place names, which name places
    wherever the story uses them; the body starts at `body_start`, after the headline."""
    clusters: list[Cluster] = []
    holders: dict[str, set[int]] = {}  # a full name or word form: the clusters (by position) whose mentions have it
    mentions = mentions_of(ents, text)
    mentions += speakers_by_attribution(text, mentions)
    mentions = [m for m in join_conjoined(mentions, text) if not is_title_part(m, text)]
    for mention in sorted(mentions, key=lambda m: (-len(m.text.split()), m.start)):
        position = _find_cluster(clusters, holders, mention)
        if position is None:
            position = len(clusters)
            clusters.append(Cluster([mention]))
        else:
            clusters[position].mentions.append(mention)
        for key in mention.names | mention.forms:
            holders.setdefault(key, set()).add(position)
    dateline = {p.casefold() for p in places}
    for cluster in clusters:
        cluster.mentions.sort(key=lambda m: m.start)
        cluster.dateline = cluster.written_name.casefold() in dateline
    clusters = [c for c in clusters if not _is_common_word(c, text)]
    _add_missed_mentions(clusters, text)
    for cluster in clusters:
        _vote(cluster, text)
        find_role(cluster, clusters, text)
    for cluster in _complete_surnames(clusters, text, body_start):
        if cluster.job_title is None:
            find_role(cluster, clusters, text)
    clusters.sort(key=lambda c: c.mentions[0].start)
    return clusters


def _find_cluster(clusters: list[Cluster], holders: dict[str, set[int]], mention: Mention) -> int | None:
    """The position of the entity a mention refers to: same name, same core name, same place ("U.S.", "United
    States"), or a surname / brand of a fuller name; of several, the one mentioned last before it (the first
    of those in `clusters`' order on a tie). `holders` gives the clusters of each name and word form."""
    found: set[int] = set()
    for name in mention.names | {mention.text}:
        found.update(holders.get(name, ()))
    if not found:
        return None
    return max(sorted(found), key=lambda position: max(
        (m.start for m in clusters[position].mentions if m.start < mention.start), default=-1))


_GIVEN_NAMES = re.compile(r"((?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)? ){1,2})$")
_NOT_GIVEN_NAMES = {
    "When", "If", "As", "After", "Before", "While", "Since", "Although", "Though", "Because", "So", "Then", "Yet",
    "Or", "For", "On", "In", "At", "By", "With", "Without", "From", "To", "Of", "Last", "Next", "Today",
    "Yesterday", "Meanwhile", "Still", "Now", "Only", "Even", "Also", "Both", "Neither", "Where", "Why", "How",
    "What", "Who", "Until", "Under", "Over", "Like", "Unlike", "Said", "Says", "Asked", "Monday", "Tuesday",
    "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May",
    "June", "July", "August", "September", "October", "November", "December",
}
"""Capitalised words that open a sentence or a phrase before a surname and are no one's given name."""
_OPENING_QUOTES = {"\"", "'", "“", "‘"}


def _complete_surnames(clusters: list[Cluster], text: str, body_start: int) -> list[Cluster]:
    """A person known by one word ("Roe") whom the story names in full anywhere ("Jane Roe", which the model
    did not see as a name) takes the full name: one or two capitalised words right before a mention in the
    body, that are no title, no other entity's, no sentence's opening word, no word the story writes in lower
    case too ("Get Brexit"), and do not open a quotation (a nickname: "Gucci Grace"); a headline's capitals
    name nothing. Where the story gives two different full names, neither is taken. Returns the clusters
    completed."""
    taken = bytearray(len(text))
    for cluster in clusters:
        for mention in cluster.mentions:
            taken[mention.start:mention.end] = b"\x01" * (mention.end - mention.start)
    completed = []
    for cluster in clusters:
        if cluster.family != "Person" or " " in cluster.written_name:
            continue
        full: dict[int, Mention] = {}  # the surname's mention's id: its full form
        for mention in cluster.mentions:
            given = _GIVEN_NAMES.search(text, max(body_start, mention.start - 60), mention.start)
            if given is None:
                continue
            words = given[1].split()
            while words and (words[0] in NOT_NAMES or words[0] in _NOT_GIVEN_NAMES or is_title_word(words[0])):
                words.pop(0)
            start = mention.start - len(" ".join(words)) - 1
            if (not words or any(is_title_word(w) for w in words) or taken.find(1, start, mention.start) != -1
                    or text[start - 1:start] in _OPENING_QUOTES
                    or any(next(_whole_word(text, w.lower()), None) for w in words)):
                continue
            name = text[start:mention.end]
            full[id(mention)] = Mention(start, mention.end, name, "PERSON", _at_sentence_start(text, start))
        if len({m.text for m in full.values()}) == 1:
            cluster.mentions = [full.get(id(m), m) for m in cluster.mentions]
            completed.append(cluster)
    return completed


def _is_common_word(cluster: Cluster, text: str) -> bool:
    """"Sharing components ... will benefit": a capitalised sentence start, not a name; "ARGENTINA COULD
    SUSPEND DEBT PAYMENTS": a word of a headline in capitals, not a name.

    A one-word entity seen only at sentence starts, or only in capitals (five letters or more: "US" and
    "NASA" are names), is dropped when the word looks like an ordinary one (an -ing/-ed/-ly form, or used
    in lower case elsewhere).
    """
    named = [m for m in cluster.mentions if m.label]
    if any(len(m.text.split()) > 1 or not (m.sentence_start or shouted(m.text)) for m in named):
        return False
    word = named[0].text
    lower = word.lower()
    return lower.endswith(_COMMON_WORD_ENDINGS) or next(_whole_word(text, lower), None) is not None




def _add_missed_mentions(clusters: list[Cluster], text: str) -> None:
    """Mentions the model missed ("Ghosn made it ...") by whole-word search for each entity's names."""
    taken = bytearray(len(text))  # 1 where a mention already covers the character
    for cluster in clusters:
        for mention in cluster.mentions:
            taken[mention.start:mention.end] = b"\x01" * (mention.end - mention.start)
    for cluster in clusters:
        for key in sorted(cluster.keys(), key=lambda key: (-len(key), key)):  # longest first, ties by text
            for start, end in _whole_word(text, key):
                if taken.find(1, start, end) != -1:
                    continue
                cluster.mentions.append(Mention(start, end, key, None))
                taken[start:end] = b"\x01" * (end - start)
        cluster.mentions.sort(key=lambda m: m.start)


def _whole_word(text: str, key: str) -> Iterator[tuple[int, int]]:
    """Spans of `key` in `text` with no letter, digit, "_" or "-" either side, left to right without overlap:
    what `(?<![\\w-])key(?![\\w-])` finds, without compiling a pattern per name (Python's regex cache holds
    512, and a batch has thousands of names)."""
    start = text.find(key)
    while start != -1:
        end = start + len(key)
        if not _joins(text[start - 1:start]) and not _joins(text[end:end + 1]):
            yield start, end
            start = text.find(key, end)
        else:
            start = text.find(key, start + 1)


def _joins(char: str) -> bool:
    return char != "" and (char.isalnum() or char in "_-")


_NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
"""A word of a person's name: letters first, then letters, hyphens, apostrophes, stops ("O'Neill", "J.")."""


def _surname_speaks(name: str, speakers: list[str]) -> bool:
    """Whether `name`, a full name of capitalised words of names and surname particles only (no "&", no
    digit, no "of": "Johnson & Johnson", "University of Smith" are no one's), ends with a surname that the
    model calls a person and that speaks elsewhere: "Te Whāiti said" after "Tāmati Te Whāiti"."""
    words = name.split()
    if len(words) < 2 or not all(_NAME_WORD.fullmatch(w) and (w[0].isupper() or is_particle(w)) for w in words):
        return False
    surnames = {words[-1], particle_surname(words, person=False)}
    return any(s in surnames for s in speakers)


def _speaks(mention: Mention, text: str) -> bool:
    before, after = text[max(0, mention.start - 40):mention.start], text[mention.end:mention.end + 40]
    return heard("speech", before, after, mention.label, mention.text)


def _vote(cluster: Cluster, text: str) -> None:
    """Each mention votes its label's family, its name's words and the cues around it theirs (`votes.VOTES`);
    the surname of a full name the model calls a person votes Person whatever its own label ("Maxwell" of
    "Robert Maxwell"), and so does a full name whose surname alone the model calls a person ("Tāmati Te
    Whāiti", an organisation to the small English model, then "Te Whāiti said", a person)."""
    speakers = [m.text for m in cluster.mentions if m.label == "PERSON" and _speaks(m, text)]
    surnames = {m.text.split()[-1] for m in cluster.mentions if m.label == "PERSON" and len(m.text.split()) > 1}
    multiword_person = bool(surnames)
    for mention in cluster.mentions:
        before, after = text[max(0, mention.start - 40):mention.start], text[mention.end:mention.end + 40]
        if mention.label:
            family = LABEL_FAMILY[mention.label]
            if mention.text in surnames or (mention.label == "ORG" and _surname_speaks(mention.text, speakers)):
                family = "Person"
            weak = family == "Person" and len(mention.text.split()) == 1 and not multiword_person
            cast(cluster.votes, "lone person" if weak else "label", family)
        if legal_core(mention.text) != mention.text:
            cluster.corporate = True
            cast(cluster.votes, "legal form")
        elif mention.label and has_naming_head(mention.text):
            cast(cluster.votes, "naming head")
        elif mention.label and has_place_head(mention.text):
            cast(cluster.votes, "place head")
        elif mention.label and has_group_prefix(mention.text):
            cast(cluster.votes, "group prefix")
        for cue in CONTEXT:
            if heard(cue, before, after, mention.label, mention.text):
                cast(cluster.votes, cue)
                cluster.city |= VOTES[cue].city
