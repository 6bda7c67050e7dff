"""Plain-text wire stories into `Article`: date line, headline, byline, dateline, body, credits.

The layers run top-down over the story's head and then paragraph by paragraph
over its tail; front matter, read by the source, wins over all of them.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

from ..bylines import split_byline
from ..config import Config
from ..iri import titled_slug
from ..language import detect_language
from ..kinds import byline_cue
from ..model import Article, Correction, Document, MediaObject, Notice, Organization, PageMeta, Person
from .boilerplate import claim_boilerplate
from .credits import Credits, claim_credit, is_organisation_name, parse_byline, split_names
from .dateline import Dateline, split_dateline, tentative_dateline
from .headline import derive_headline

_DATE_LINE = re.compile(
    r"\A\s*date\s+(?P<date>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)[ \t]*",
    re.I,
)
_TERMINAL = ('.', '!', '?', '"', '”', "'", '’', ':', ';', ',')


def extract_wire(doc: Document, config: Config) -> Article:
    """Front matter wins, then what a web page states about itself (`doc.page`), then what the text gives."""
    meta = doc.meta
    page = doc.page or PageMeta()
    notices = list(doc.notices)
    text = doc.text
    line_date = None
    if match := _DATE_LINE.match(text):
        line_date = match["date"].replace(" ", "T")
        text = text[match.end():]

    paragraphs = _paragraphs(text)
    headline = None
    if doc.page is None and len(paragraphs) > 1 and _looks_like_headline(paragraphs[0], paragraphs[1:3]):
        headline = paragraphs.pop(0)
    byline = parse_byline(paragraphs[0]) if len(paragraphs) > 1 else None
    byline_text = paragraphs.pop(0) if byline else None

    dateline = None
    if paragraphs:  # empty when the story is a date line alone
        dateline, paragraphs = _dateline(paragraphs)
        if dateline is None and (tentative := tentative_dateline(paragraphs[0])):
            language = meta.get("language") or page.language or detect_language("\n\n".join(paragraphs)) \
                or config.language
            if _read_as_place(tentative[0].text, paragraphs[0], config.models.get(language.split("-")[0].lower())):
                dateline, paragraphs[0] = tentative

    media: list[MediaObject] = []
    credits = Credits()
    body = [p for p in paragraphs if not (claim_boilerplate(p, media) or claim_credit(p, credits))]
    body = _bracket_byline(body, credits)

    article = Article(slug=doc.slug, source=doc.name, body="\n\n".join(body), notices=notices, media=media)
    article.id = meta.get("id") or meta.get("url") or page.url
    article.url = meta.get("url") or (meta["id"] if meta.get("id", "").startswith(("http://", "https://")) else page.url)
    article.date_published = meta.get("datePublished") or page.date_published or line_date
    article.date_modified = _not_before(meta.get("dateModified") or page.date_modified, article.date_published,
                                        notices)
    article.language = meta.get("language") or page.language or detect_language(article.body) or config.language
    article.section = meta.get("section") or page.section
    article.genre = meta.get("genre")
    article.corrections = corrections(meta.get("correction", ""))
    article.free = (meta["access"].lower() == "free") if meta.get("access") else page.free
    article.paywall = tuple(meta["paywall"].split("\n")) if meta.get("paywall") else page.paywall
    article.guid = page.guid
    if article.paywall and article.free is None:
        article.free = False  # a paywalled part makes the article paywalled
    article.kind = meta.get("type") or page.kind
    if not article.kind and (cued := byline_cue(page.byline or (byline_text or ""))):
        article.kind = cued
        article.notices.append(Notice("Info", "@type", f"{cued}: the byline begins "
                                                       f"{(page.byline or byline_text or '').split()[0]!r}"))
    article.description = page.description
    article.keywords = page.keywords
    images = [image_line(line) for line in meta["image"].split("\n")] if meta.get("image") else [page.image]
    article.image, article.more_images = images[0], [i for i in images[1:] if i]
    article.notices += [notice for image in images if image for notice in image_advice(image)]
    article.publisher = page.publisher or config.publisher
    article.editors = credits.editors
    article.contributors = credits.contributors
    article.authors = _authors(meta, page, byline, credits)
    article.source_organizations = _unique(
        ([dateline.agency] if dateline and dateline.agency else [])
        + ([byline[1]] if byline and byline[1] else [])
        + credits.sources
    )
    if dateline:
        article.dateline = dateline.text
        article.location = dateline.place
        _check_dateline_day(article, dateline)
    article.headline = meta.get("headline") or page.headline or headline
    if not article.headline and body:
        article.headline = derive_headline(body[0])
        article.headline_derived = True
        notices.append(Notice("Info", "headline", "no headline given: derived from the lead sentence"))
    if doc.titled:
        article.slug = titled_slug(article.headline, article.date_published, doc.slug)
    return article


def _not_before(modified: str | None, published: str | None, notices: list[Notice]) -> str | None:
    """dateModified, unless it is earlier than datePublished (a page's stale or swapped markup): an article is
    not changed before it is published, and search engines warn of it. Days are compared where either is a day."""
    changed, out = _instant(modified), _instant(published)
    if changed is None or out is None:
        return modified
    earlier = changed < out if "T" in modified and "T" in published else changed.date() < out.date()
    if earlier:
        notices.append(Notice("Warning", "dateModified", f"dateModified {modified} is earlier than datePublished "
                                                         f"{published}: left out"))
        return None
    return modified


def _instant(value: str | None) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
    except ValueError:
        return None
    return parsed if parsed is None or parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


_SIZE = re.compile(r"(\d{1,5})\s*[x×]\s*(\d{1,5})")


def image_line(line: str) -> MediaObject:
    """Front matter `image:`: "URL", or "URL | 1200x800 | caption" (size and caption each optional)."""
    url, *rest = [part.strip() for part in line.split("|")]
    size = next((m for part in rest if (m := _SIZE.fullmatch(part))), None)
    caption = next((part for part in rest if part and not _SIZE.fullmatch(part)), None)
    return MediaObject("ImageObject", url, int(size[1]) if size else None, int(size[2]) if size else None, caption)


IMAGE_ADVICE = {"min_width": 1200, "min_pixels": 50_000, "ratios": ((16, 9), (4, 3), (1, 1)), "tolerance": 0.02}
"""Google's advice for article images: at least 1,200 px wide, 50,000 pixels, in 16x9, 4x3 or 1x1."""


def image_advice(image: MediaObject) -> list[Notice]:
    """Warnings where an image of known size misses Google's advice (`IMAGE_ADVICE`)."""
    if not image.width or not image.height:
        return []
    advice, found = IMAGE_ADVICE, []
    if image.width < advice["min_width"]:
        found.append(f"is {image.width} px wide; Google advises at least {advice['min_width']}")
    if image.width * image.height < advice["min_pixels"]:
        found.append(f"has {image.width * image.height:,} pixels; Google advises at least {advice['min_pixels']:,}")
    ratio = image.width / image.height
    if not any(abs(ratio - w / h) <= advice["tolerance"] * (w / h) for w, h in advice["ratios"]):
        found.append(f"is {image.width}x{image.height}; Google advises the ratios 16x9, 4x3 or 1x1")
    return [Notice("Warning", "image", f"the image {image.url} {problem}") for problem in found]


_CORRECTION_DATE = re.compile(r"(\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?)\s*[:|–—-]?\s+")


def corrections(text: str) -> list[Correction]:
    """Front matter `correction:` lines, each "text" or "2025-03-05 text" (the date it was made)."""
    found = []
    for line in filter(None, (line.strip() for line in text.split("\n"))):
        match = _CORRECTION_DATE.match(line)
        found.append(Correction(line[match.end():], match[1]) if match else Correction(line))
    return found


_KICKER = re.compile(r"(?:[A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+){0,2}|[A-Z][a-z]+):[ ]+")
"""A kicker in capitals or a one-word label before the dateline in the same paragraph: "EXCLUSIVE: TOKYO (Reuters)
-", "Location: TOKYO -" (never "Mr Smith said: ...")."""
MAX_LABEL_WORDS = 8


def _dateline(paragraphs: list[str]) -> tuple[Dateline | None, list[str]]:
    """The dateline of the lead, and the paragraphs without it. It may follow a kicker or a location label in
    the lead ("EXCLUSIVE: TOKYO (Reuters) - ...", which goes), or a short line of its own before it (a label or
    a standfirst, which stays in the body)."""
    dateline, lead = split_dateline(paragraphs[0])
    if dateline:
        return dateline, [lead, *paragraphs[1:]]
    if kicker := _KICKER.match(paragraphs[0]):
        dateline, lead = split_dateline(paragraphs[0][kicker.end():])
        if dateline:
            return dateline, [lead, *paragraphs[1:]]
    label = paragraphs[0]
    if len(paragraphs) > 2 and len(label.split()) <= MAX_LABEL_WORDS and not label.endswith(_TERMINAL):
        dateline, lead = split_dateline(paragraphs[1])
        if dateline:
            return dateline, [label, lead, *paragraphs[2:]]
    return None, paragraphs


PLACE_LABELS = frozenset({"GPE", "LOC"})
"""What spaCy's models call places (the English models both, the French and German ones LOC)."""


def _read_as_place(word: str, lead: str, model: str | None) -> bool:
    """The language's named-entity model reads `word`, at the start of the lead, as a place; no model, no place."""
    if model is None:
        return False
    from ..nlp import load_model

    doc = load_model(model)(lead[:200])
    return any(ent.start_char == 0 and ent.text == word and ent.label_ in PLACE_LABELS for ent in doc.ents)


_BRACKET_BYLINE = re.compile(r"\[(?P<outlet>[^=\[\]]{1,30})=(?P<name>[^\[\]]{1,30})\]\s*")
"""Korean news opens its text with its outlet and writer in brackets: "[서울=뉴시스]홍길동 기자 =", "[엔터미디어=
정덕현의 이슈공감]" (the writer's column, after the possessive 의)."""
_WRITER_AFTER = re.compile(r"(?P<writer>[^\s=\[\]]{2,5}(?: [^\s=\[\]]{2,5})?) 기자\s*=\s*")
BRACKET_LEAD = 6
"""Paragraphs at the head of a story where such a bracket is looked for (page furniture may come first)."""


def _bracket_byline(body: list[str], credits: Credits) -> list[str]:
    """The writer a leading "[Outlet=Name]" names, as an author; the bracket leaves the text."""
    for number, paragraph in enumerate(body[:BRACKET_LEAD]):
        if match := _BRACKET_BYLINE.match(paragraph):
            rest = paragraph[match.end():]
            if writer := _WRITER_AFTER.match(rest):  # "[서울=뉴시스]홍길동 기자 =": place=agency, then the writer
                names, rest = [writer["writer"]], rest[writer.end():]
            else:
                names = split_byline(re.split(r"의\s", match["name"])[0])
            if names:
                credits.authors.extend(Person(name) for name in names)
                return body[:number] + [rest] + body[number + 1:]
    return body


def _paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; in Reuters copy an indented line starts one and wrapped lines continue it.
    In the story's first block, hard-wrapped agency copy with no blank lines, a byline is a line of its own
    (the line before it is the headline) and a line that opens with a dateline starts a paragraph."""
    paragraphs: list[str] = []
    for number, block in enumerate(re.split(r"\n[ \t]*\n", text)):
        current: list[str] = []
        lines = block.split("\n")
        for index, line in enumerate(lines):
            stripped = line.strip()
            head = number == 0 and bool(stripped) and (index == 1 and _headline_line(lines[0]) or index == 2 and
                                                       paragraphs and parse_byline(paragraphs[-1]) is not None)
            byline = bool(head) and index == 1 and parse_byline(stripped) is not None
            opens = bool(re.match(r"[ \t]+\S", line)) or byline or (bool(head) and split_dateline(stripped)[0] is not None)
            if current and opens:
                paragraphs.append(" ".join(current))
                current = []
            if stripped:
                current.append(stripped)
            if byline:
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
    return [re.sub(r"[ \t]+", " ", p) for p in paragraphs]


_FUNCTION_WORDS = frozenset({"and", "or", "the", "a", "an", "of", "to", "by", "with", "in", "on", "for", "at", "from"})


def _headline_line(line: str) -> bool:
    """A first line that can be a headline of its own: a sentence's start ends neither with punctuation that goes on
    nor with a word that needs the next one ("... said on Monday, and", "... the coast and")."""
    words = line.split()
    return 0 < len(words) <= 30 and not line.rstrip().endswith(_TERMINAL) and words[-1].lower() not in _FUNCTION_WORDS


def _looks_like_headline(paragraph: str, following: list[str]) -> bool:
    """A short unpunctuated first line; one with a dash ("... DEBT PAYMENTS - DEPUTY") only when the dateline follows."""
    next_has_dateline = any(split_dateline(p)[0] for p in following)
    return (
        0 < len(paragraph.split()) <= 30
        and not paragraph.endswith(_TERMINAL)
        and parse_byline(paragraph) is None
        and (next_has_dateline or split_dateline(paragraph)[0] is None)
    )


def _authors(meta: dict[str, str], page: PageMeta, byline: tuple[list[Person], Organization | None] | None,
             credits: Credits) -> list[Person]:
    if page.authors and not meta.get("author"):
        return list(page.authors)
    if meta.get("author"):
        return [Person(n) for n in split_names(meta["author"]) if not is_organisation_name(n)] or [
            Person(meta["author"])]
    return (byline[0] if byline else []) + credits.authors


def _unique(orgs: list[Organization]) -> list[Organization]:
    return list(dict.fromkeys(orgs))


def _check_dateline_day(article: Article, dateline: Dateline) -> None:
    """A dateline's "March 2" must agree with the date the story is published under."""
    if not dateline.month_day:
        return
    if not article.date_published:
        article.notices.append(Notice(
            "Violation", "datePublished",
            f"dateline gives {dateline.month_day[0]:02d}-{dateline.month_day[1]:02d} but no year: "
            "add 'datePublished: YYYY-MM-DD' in front matter"))
        return
    try:
        published = date.fromisoformat(article.date_published[:10])
    except ValueError:
        return  # the shapes report the unparseable date
    if (published.month, published.day) != dateline.month_day:
        article.notices.append(Notice(
            "Warning", "dateline",
            f"dateline day {dateline.month_day[0]:02d}-{dateline.month_day[1]:02d} differs from datePublished {published}"))
