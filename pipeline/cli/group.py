"""The `newsld` group: the command every subcommand hangs from."""
from __future__ import annotations

import click

from .. import __version__
from ..console import Commands


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsld")
def main() -> None:
    """Publish news articles as schema.org linked data (Turtle, JSON-LD, TriG, N-Quads).

    \b
    Example:
      newsld publish examples/
    """
