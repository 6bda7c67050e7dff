"""`newsld init`: a commented newsld.toml and an empty authority file, to start a site."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..console import detail, error_line, note, say, verbosity_options
from ..errors import InputError
from .common import EXIT_INVALID
from .group import main


@main.command()
@click.argument("directory", required=False, default=Path("."), metavar="[DIR]",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite newsld.toml and entities.csv where DIR has them already "
                                            "(by default neither is touched). Example: --force")
@verbosity_options("Also say which settings to look at first.")
def init(directory: Path, force: bool) -> None:
    """Start a site: write a commented newsld.toml and an empty authority file, entities.csv, into DIR.

    DIR is the current directory unless given, and is created if missing.
    newsld.toml names every setting newsld reads (base, language,
    [publisher], [entities], [nlp], [store], [limits], [validate]), each
    commented out at its default or with an example, under a line saying
    what it does: remove the # to set it. entities.csv holds only the
    authority file's header. A file that is there already is kept (a note
    says so) and the other written; if both are, nothing is written (exit 1).
    --force overwrites them.

    \b
    Examples:
      newsld init
      newsld init site/ && $EDITOR site/newsld.toml
      newsld init site/ --force
    """
    from ..init import existing, files, write_files

    there = existing(directory)
    if len(there) == len(files()) and not force:
        for path in there:
            error_line(InputError(str(path), "already exists; nothing written (--force overwrites it)"))
        sys.exit(EXIT_INVALID)
    try:
        written, kept = write_files(directory, force=force)
    except InputError as exc:
        error_line(exc)
        sys.exit(EXIT_INVALID)
    for path in kept:
        note(f"kept {path}: it was there already (--force overwrites it)")
    for path in written:
        say(f"wrote {path}")
    detail("next: set base and [publisher] in newsld.toml, then: newsld publish STORY --config "
           f"{directory / 'newsld.toml'}")
