"""`newsld validate`: the structured data of any page or file, checked offline."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..console import error_line, format_option, quiet, verbose, verbosity_options, warning_line
from ..errors import InputError
from .common import allow_private_option, config_or_exit, EXIT_INVALID, EXIT_OK, EXIT_USAGE, follow_links_option
from .group import main


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="PATH_OR_URL...")
@format_option(("text", "json", "junit"), dest="report_format", old_name="--report",
               help_text="text for people, json for programs, junit (JUnit XML) for CI systems to show per page. "
                         "Example: --format junit > structured-data.xml")
@click.option("--layer", "layers", multiple=True, type=click.Choice(["schemaorg", "search", "newsld"]),
              help="Shape layers to run, repeatable (default: schemaorg and search): schemaorg = schema.org "
                   "conformance (unknown terms, ranges, domains), search = what search engines recommend for "
                   "articles, newsld = the policy newsld publish enforces. Example: --layer schemaorg --layer newsld")
@verbosity_options("Also list infos in the text report.")
@click.option("--max-bytes", type=click.IntRange(min=1), metavar="N",
              help="Largest file or page read, in bytes (default 10 MB). Example: --max-bytes 2000000")
@follow_links_option
@allow_private_option
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]),
              help="Exit 1 when a finding is this bad or worse (default: error, or [validate] fail_on); never: only "
                   "an unreadable input fails. Example: --fail-on warning")
@click.option("--ignore-unknown", metavar="NAME,...",
              help="A site's own extension terms, not reported as unknown schema.org terms (also [validate] "
                   "ignore_unknown in newsld.toml). Example: --ignore-unknown paywallTier,internalId")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Configuration file (default ./newsld.toml when present). Example: --config site/newsld.toml")
def validate(inputs: tuple[str, ...], report_format: str, layers: tuple[str, ...],
             max_bytes: int | None, follow_links: bool, allow_private: bool, fail_on: str | None,
             ignore_unknown: str | None, config_path: Path | None) -> None:
    """Check the structured data of any page or file, offline: schema.org terms, search-engine rules.

    PATH_OR_URL is an HTML page (its JSON-LD blocks, one by one, microdata and
    RDFa), a Turtle, N-Triples, N-Quads, TriG or JSON-LD file, a directory of
    them (recursively), or an http(s) URL. JSON-LD broken as pages break it
    (comments or CDATA around it, control characters, trailing commas) is
    repaired with a warning; what cannot be repaired safely is an error. Each
    finding names its node, property, value, rule and the rule's documentation.
    Exit code 1 when any input has a finding at --fail-on or worse (default:
    an error) or cannot be read, 2 for a usage error or a path that is not there.

    \b
    Examples:
      newsld validate site/story.html
      newsld validate output/ --layer newsld
      newsld validate https://news.example.com/2024/story --format json
      newsld validate public/ --format junit > structured-data.xml
    """
    from ..checker.check import DEFAULT_LAYERS, check_input
    from ..checker.read import expand_inputs
    from ..sources.web import allowing
    from ..checker.report import as_json, as_junit, as_text

    arguments, missing, skipped = expand_inputs(list(inputs), follow_links)
    for skipped_name, why in skipped:
        warning_line(skipped_name, why)
    for error in missing:
        error_line(error)
    chosen = tuple(dict.fromkeys(layers)) or DEFAULT_LAYERS
    show_bar = len(arguments) > 1 and sys.stderr.isatty() and not quiet()
    with click.progressbar(arguments, label="checking", file=sys.stderr, show_pos=True, hidden=not show_bar) as bar:
        results = [check_input(argument, chosen, max_bytes, allowing(allow_private)) for argument in bar]
    config = config_or_exit(config_path)
    ignored = config.ignore_unknown | {n.strip() for n in (ignore_unknown or "").split(",") if n.strip()}
    results = [r.without_unknown(frozenset(ignored)) for r in results] if ignored else results
    for result in results:
        if result.unreadable is not None:
            error_line(InputError(result.name, result.unreadable))
    render = {"text": lambda r: as_text(r, verbose(), quiet()), "json": as_json, "junit": as_junit}[report_format]
    click.echo(render(results), nl=False)
    threshold = fail_on or config.fail_on
    sys.exit(EXIT_USAGE if missing else EXIT_INVALID if any(r.failed_at(threshold) for r in results) else EXIT_OK)
