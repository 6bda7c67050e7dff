"""The names in a byline, by conventions that hold across sites and languages; the rules are data.

A byline as pages and wire copy print it ("Analysis by JANE DOE and John Roe, AP Writer, March 3") or as a
page's markup gives it ("admin", "Jean Dupont (avec Marie Curie et Paul Martin)") becomes the list of the
people it names:

* a lead-in goes: "By", "Von", "Por", "Par", "di", and a kind of piece before it ("Analysis by", "Opinion
  by", "Reporting by") or a label with a colon ("Text:", "Texto:", "Words:");
* co-authors are split at commas, semicolons, bars, "&" and the word for "and" of the languages newsrooms
  write in; "e" and "y" only between two full names ("Ana Souza e Silva" is one name, Portuguese style);
  a parenthesis that opens with such a word ("(avec Marie Curie et Paul Martin)", "(with ...)") holds more
  co-authors, and any other parenthesis is part of the name ("Ana (Maria Souza) Lima" -> "Ana Maria Souza
  Lima");
* what is no person's name goes: prose (a part that begins with a lower-case word other than a particle such
  as "van" or "de"), e-mail addresses, a date that follows the name ("... March 3, 2016"),
  roles ("AP National Security Writer"), placeholders of publishing systems ("Username", "No Author",
  "admin", "作者"), account names (one lower-case word, or a run of capitalised words written as one:
  "ExampleDailyApp"), photo credits ("Photo: ...", "Фото из ..."), and a part that is one letter;
* names in capitals are written in title case; one-word parts beside full names are where a correspondent
  files from or an agency's credit ("Ann Lee, dpa"), and go.

A contributor's note closing an opinion piece ("*Jane Doe is a professor of history. John Roe is ...*",
"Andrés Malamud es politólogo ...") names its authors too (`bio_names`).
"""
from __future__ import annotations

import re
from html import unescape

LEAD_IN = re.compile(
    r"^\s*(?:(?:analysis|opinion|commentary|comment|review|interview|reporting|report|written|story|words|photos?|"
    r"text|texto|texte|testo|tekst|column)\s+by\b|by\b|von\b|por\b|par\b|"
    r"(?:text|texto|texte|testo|tekst|words|autor|auteur|autore|author)\s*+:|(?:作者|记者|撰文|文|기자)\s*+[:：])", re.I)
LOWER_LEAD_IN = re.compile(r"^\s*(?:di|door|av|af)\s")
"""Lead-ins only as written in lower case, since "Di", "Av", "Af" begin names too."""

CONJUNCTIONS = ("and", "und", "et", "avec", "mit", "con", "com", "with", "og", "och", "en", "i")
"""Words for "and" (and "with") between co-authors, in the languages newsrooms write in."""
NAME_CONJUNCTIONS = ("e", "y")
"""Words for "and" that are also part of names ("Souza e Silva", "Ortega y Gasset"): split only between full names."""

PLACEHOLDERS = frozenset({
    "username", "user", "admin", "administrator", "author", "authors", "no author", "unknown", "unknown author",
    "anonymous", "guest", "guest author", "webmaster", "editor", "root", "null", "none", "n/a", "na", "submitted",
    "submitted by", "default", "autor", "auteur", "autore", "作者", "著者", "记者", "기자", "автор",
})
"""Names publishing systems fill in when nobody is named (compared case-folded)."""

ROLE_WORDS = re.compile(r"\b(?:writer|correspondent|editor|reporter|contributor|columnist|staff|photographer|"
                        r"producer|updated|published)\b", re.I)
"""Words of a role, not of a name: such a part goes when the byline names someone else."""
PHOTO_CREDIT = re.compile(r"^(?:photo(?:graph)?s?|pictures?|images?|foto(?:s|grafie)?|фото|bild(?:er)?|写真|照片|사진)\b",
                          re.I)
MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                    "nov", "dec"})
"""A month's name ending a name of three words or more is where the page's date began ("Jane Doe March")."""
HANDLE = re.compile(r"(?:[A-Z][a-z]+){3,}")
"""Capitalised words written as one: an app's or an account's handle ("ExampleDailyApp"), not a person."""
MAX_NAME = 80

FOR_OUTLET = re.compile(r"(?i:\s+for\s+(?:the\s+)?)[A-Z][\w.&' ]{0,60}$")
""""A and B for The Mail": the outlet a byline was written for is no co-author."""
_EMAIL = re.compile(r"(?<!\S)\S+@\S+")  # tried only where a word starts: linear on a long run without "@"
_PARENTHESIS = re.compile(r"\(([^()]*)\)")
_SEPARATORS = re.compile(r"\s*(?:[;,|&]|\s(?:" + "|".join(CONJUNCTIONS + tuple(c.upper() for c in CONJUNCTIONS))
                         + r"|And)\s)\s*")
"""Conjunctions as bylines write them, lower case (or in a byline all in capitals): "En Li" is a name."""
_CREDIT_AFTER = re.compile(r"\s*\((?!(?i:" + "|".join(CONJUNCTIONS) + r")\b)[^()]*\)\s*$")
"""A parenthesis that ends a byline is a credit ("Jane Doe (Reuters)"), not part of a name."""
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
MAX_NAME_WORDS = 6
TRAILING_ROLE = re.compile(r"\s*(?:기자|記者|记者|特派員|特派员|칼럼니스트)$")
"""A role written after the name, as Korean, Japanese and Chinese bylines do ("정덕현 기자")."""
_NAME_SEPARATORS = re.compile(r"\s+(?:" + "|".join(NAME_CONJUNCTIONS) + r")\s+")


BIO_VERBS = frozenset({"is", "was", "writes", "teaches", "es", "fue", "est", "ist", "war", "è", "é", "er", "är",
                       "jest", "je"})
"""The verb after the name in a contributor's note, in the languages newsrooms write in ("Jane Doe is a ...")."""
BIO_ROLES = re.compile(
    r"\b(?:professor|lecturer|researcher|fellow|scholar|scientist|journalist|writer|author|editor|columnist|"
    r"correspondent|reporter|analyst|economist|historian|director|founder|contributor|commentator|lawyer|"
    r"attorney|politólog|investigador|periodista|profesor|abogad|analista|escritor|economista|historiador|"
    r"journaliste|écrivain|professeur|chercheu|politologue|avocat|économiste|historien|chroniqueu|"
    r"politikwissenschaftler|historiker|ökonom|redakteur|korrespondent|autor|giornalista|professore|scrittore|"
    r"ricercator|jornalista|pesquisador|cientista)", re.I)
"""What a contributor's note says its people do (in the languages newsrooms write in): "is a professor", "es
politólogo". A note about anyone else ("is survived by", "is a pseudonym", "was 84") names no author."""
ARTICLES = frozenset({"the", "a", "an", "el", "la", "le", "les", "der", "die", "das", "il", "lo", "o", "os", "as"})
"""A note's first word that makes it about a thing or a title ("The President is ..."), not a person."""
MAX_BIO = 600
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def bio_names(note: str) -> list[str]:
    """The people a contributor's note describes, one sentence each ("A is a professor ... B es abogado ..."):
    the full name (two words or more, each capitalised) before the note's verb. [] when any sentence is
    something else, since such a paragraph is the story's own text."""
    sentences = _SENTENCE_END.split(note.strip(" \t\n*—–-"))
    if len(note) > MAX_BIO or not sentences[0]:
        return []
    names = []
    for sentence in sentences:
        words = sentence.split()
        verb = next((i for i, w in enumerate(words[:MAX_NAME_WORDS + 1]) if w.casefold() in BIO_VERBS), 0)
        name = clean_name(" ".join(words[:verb])) if verb >= 2 and words[0].casefold() not in ARTICLES else None
        if name is None or not all(w[0].isupper() or w in PARTICLES for w in words[:verb]) \
                or not BIO_ROLES.search(" ".join(words[verb + 1:])):
            if names:
                continue  # a later sentence about the same people ("Both teach in Lisbon.")
            return []
        names.append(name)
    return list(dict.fromkeys(names))


def split_byline(byline: str) -> list[str]:
    """The people a byline names, in its order, each name cleaned (`clean_name`)."""
    text = _PARENTHESIS.sub(_opened, _CREDIT_AFTER.sub("", FOR_OUTLET.sub("", unescape(byline).strip())))
    parts = [p for part in _SEPARATORS.split(text) for p in _split_between_names(part)]
    names = [n for n in (clean_name(p) for p in parts) if n]
    names = [n for n in names if not ROLE_WORDS.search(n)] or names[:1]
    return list(dict.fromkeys([n for n in names if len(n.split()) > 1] or names))


def clean_name(text: str) -> str | None:
    """One name as a byline gives it, without lead-in, e-mail, trailing date or punctuation; None when it is no
    person's name."""
    name = _EMAIL.sub("", LOWER_LEAD_IN.sub("", LEAD_IN.sub("", text.strip()))).strip(" ,;:|-–—/")
    name = TRAILING_ROLE.sub("", name)
    words = name.split()
    while len(words) > 2 and words[-1].casefold().rstrip(".") in MONTHS:
        words.pop()
    name = " ".join(words)
    if not name or len(name) > MAX_NAME or any(c.isdigit() for c in name) or not is_name(name):
        return None
    letters = [c for c in name if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        name = " ".join(w.capitalize() if "." not in w else w for w in name.split())
    return name


PARTICLES = frozenset({"van", "von", "de", "da", "di", "du", "del", "della", "der", "den", "la", "le", "ter", "ten",
                       "bin", "al", "el", "dos", "das", "do"})
"""Lower-case words a name may begin with ("van der Berg", "de la Cruz"); any other lower-case start is prose."""


def is_name(name: str) -> bool:
    """Not a placeholder, an account, a photo credit, a lone letter, or prose ("clicking Submit")."""
    folded = name.casefold().strip(" .")
    if folded in PLACEHOLDERS or PHOTO_CREDIT.match(name) or sum(c.isalpha() for c in name) < 2:
        return False
    words = name.split()
    if len(words) > MAX_NAME_WORDS or words[0].casefold().strip(",.") in WEEKDAYS:
        return False
    if any(w[0].islower() and w not in PARTICLES and w not in NAME_CONJUNCTIONS for w in words) and " " in name:
        return False  # "clicking Submit", "Friday the negotiators had agreed": prose, not a name
    if " " not in name and (name.islower() or "_" in name or HANDLE.fullmatch(name)):
        return False  # "admin", "web_desk", "ExampleDailyApp"
    return True


def _opened(match: re.Match[str]) -> str:
    """A parenthesis of co-authors ("(avec A et B)") becomes a list; any other one stays as words of the name."""
    inside = match.group(1).strip()
    first = inside.split(" ", 1)[0].casefold()
    return f", {inside.split(' ', 1)[1] if ' ' in inside else ''}" if first in CONJUNCTIONS else f" {inside} "


def _split_between_names(part: str) -> list[str]:
    """"Jean Dupont e Maria Silva" -> two names; "Ana Souza e Silva" stays one."""
    pieces = _NAME_SEPARATORS.split(part)
    if len(pieces) > 1 and all(len(p.split()) > 1 for p in pieces):
        return pieces
    return [part]
