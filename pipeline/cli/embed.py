"""`newsld embed`: an article's JSON-LD put into a page's <head>, safely."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..console import error_line, stdout_bytes, verbose, verbosity_options, warning_line
from ..errors import InputError, printable
from .common import EXIT_INVALID
from .group import main


@main.command()
@click.argument("page", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--jsonld", "jsonld_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The article's JSON-LD, as publish wrote it. Example: --jsonld output/story.jsonld")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the page here (default: standard output). Example: -o public/story.html")
@click.option("--in-place", is_flag=True, help="Rewrite PAGE itself, atomically. Example: --in-place")
@click.option("--profile", type=click.Choice(["search", "linked-data"]), default="search", show_default=True,
              help="search: dates as plain strings and numbers as JSON numbers, as search engines' examples "
                   "write them; linked-data: the .jsonld as published, typed values and all. Example: "
                   "--profile linked-data")
@click.option("--replace-existing", is_flag=True,
              help="Remove the page's own JSON-LD Article items (which would make two articles of one page); "
                   "without it, embed warns of them. Example: --replace-existing")
@verbosity_options("Say what was embedded, where (on standard error).")
def embed(page: Path, jsonld_path: Path, output: Path | None, in_place: bool, profile: str,
          replace_existing: bool) -> None:
    """Put an article's JSON-LD into a page's <head>, safely, leaving every other byte as it was.

    The block is a <script type="application/ld+json" data-newsld> element;
    running embed again replaces the block newsld put there before. Text in
    it is escaped so that nothing can end the element or open a comment.
    The --jsonld file must be an article's schema.org JSON-LD: a kind of
    Article as the @type of its top node or of a node of its @graph.
    --in-place through a symbolic link rewrites the file it points to.

    \b
    Examples:
      newsld embed site/story.html --jsonld output/story.jsonld -o public/story.html
      newsld embed site/story.html --jsonld output/story.jsonld --in-place --replace-existing
    """
    from ..embed import (NotArticleJsonLd, embed as embed_document, foreign_articles, read_document,
                        unmatched_selectors, without_ranges)
    from ..serialize import search_profile
    from ..writer import write_bytes

    if output and in_place:
        raise click.UsageError("choose --output or --in-place, not both")
    try:  # the document first: what is no article's JSON-LD never reaches the page
        document = read_document(jsonld_path.read_text(encoding="utf-8"))
    except (NotArticleJsonLd, UnicodeDecodeError, OSError) as exc:
        problem = f"not UTF-8 text: {exc.reason}" if isinstance(exc, UnicodeDecodeError) else (
            exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc))
        error_line(InputError(str(jsonld_path), problem.splitlines()[0]))
        sys.exit(EXIT_INVALID)
    try:
        data = page.read_bytes()
        foreign = foreign_articles(data)
        if foreign and replace_existing:
            data = without_ranges(data, foreign)
        elif foreign:
            warning_line(str(page), f"the page already has {len(foreign)} JSON-LD Article item(s) of its own; with "
                                     "newsld's, search engines read two articles (--replace-existing removes them)")
        result = embed_document(data, search_profile(document) if profile == "search" else document)
        for selector in unmatched_selectors(data, document):
            warning_line(str(page), f"the paywalled part {selector} matches nothing in the page: search engines "
                                     "will not find it")
    except ValueError as exc:
        error_line(InputError(str(page), str(exc).splitlines()[0]))
        sys.exit(EXIT_INVALID)
    target = page.resolve() if in_place else output  # a link to the page stays a link: its target is rewritten
    if verbose():
        click.echo(printable(f"newsld: embedded {jsonld_path} ({profile} profile) into {page}"
                             + (f", {len(foreign)} Article item(s) of the page's own removed" if foreign and
                                replace_existing else "") + f"; written to {target or 'standard output'}"), err=True)
    if target is None:
        stdout_bytes().write(result)
    else:
        write_bytes(target, result)
