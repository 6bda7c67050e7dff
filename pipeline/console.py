"""What the commands print, and how much: the conventions every command shares.

Errors always go to standard error. `-q/--quiet` leaves only them (and the output a command was asked for: query
rows, a JSON report, an embedded page); `-v/--verbose` adds each command's details. `--format` names the output
format of every command that has more than one, its old name (`--report`) kept hidden for one version.
"""
from __future__ import annotations

import errno
import os
import sys
from typing import BinaryIO, Callable

import click

from .errors import InputError, printable

QUIET, NORMAL, VERBOSE = -1, 0, 1
_LEVEL = "newsld.verbosity"


def level() -> int:
    """The verbosity of the command running (NORMAL outside one: the library's callers)."""
    context = click.get_current_context(silent=True)
    return context.meta.get(_LEVEL, NORMAL) if context is not None else NORMAL


def quiet() -> bool:
    return level() == QUIET


def verbose() -> bool:
    return level() == VERBOSE


def error_line(error: InputError) -> None:
    click.secho(printable(f"newsld: error: {error.name}: {error.problem}"), fg="red", err=True)


def warning_line(name: str, problem: str) -> None:
    if not quiet():
        click.secho(printable(f"newsld: warning: {name}: {problem}"), fg="yellow", err=True)


def note(text: str) -> None:
    """A remark on standard error that changes nothing (what a run did, why 0 rows came back)."""
    if not quiet():
        click.echo(printable(f"newsld: note: {text}"), err=True)


def say(text: str, err: bool = False) -> None:
    """A line of the command's text output (standard output, or standard error where standard output carries
    data), left out with -q."""
    if not quiet():
        click.echo(printable(text), err=err)


def detail(text: str) -> None:
    """A line only -v prints."""
    if verbose():
        click.echo(printable(text))


def stdout_bytes() -> BinaryIO:
    """Standard output for bytes; an InputError when the shell closed it (`newsld ... >&-`)."""
    if sys.stdout is None or not hasattr(sys.stdout, "buffer"):
        raise InputError("standard output", "is closed: nothing can be written to it")
    return sys.stdout.buffer


class Commands(click.Group):
    """The `newsld` group: what the system says when output cannot be written is one error line, not a
    traceback (a full disk, a closed descriptor); a reader that stops early (`| head`) ends the command
    quietly, as Unix tools do."""

    def invoke(self, context: click.Context):  # type: ignore[override]
        try:
            return super().invoke(context)
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit's flush
            sys.exit(1)
        except InputError as exc:
            error_line(exc)
            sys.exit(1)
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EBADF, errno.EIO, errno.EROFS, errno.EFBIG):
                raise
            error_line(InputError(str(exc.filename or "standard output"), exc.strerror or str(exc)))
            sys.exit(1)


def verbosity_options(verbose_help: str) -> Callable[[Callable], Callable]:
    """-q/--quiet and -v/--verbose, the same on every command; `verbose_help` says what -v adds there."""

    def chosen(wanted: int) -> Callable[[click.Context, click.Parameter, bool], None]:
        def callback(context: click.Context, _: click.Parameter, given: bool) -> None:
            if not given:
                return
            if context.meta.get(_LEVEL, NORMAL) not in (NORMAL, wanted):
                raise click.UsageError("-q/--quiet and -v/--verbose: choose one")
            context.meta[_LEVEL] = wanted
        return callback

    def decorate(command: Callable) -> Callable:
        command = click.option("--verbose", "-v", is_flag=True, expose_value=False, callback=chosen(VERBOSE),
                               help=f"{verbose_help} Example: -v")(command)
        return click.option("--quiet", "-q", is_flag=True, expose_value=False, callback=chosen(QUIET),
                            help="Print only errors (and the output asked for). Example: -q")(command)
    return decorate


def format_option(choices: tuple[str, ...], help_text: str, dest: str = "output_format",
                  old_name: str | None = None) -> Callable[[Callable], Callable]:
    """--format, the first of `choices` by default; `old_name` (such as --report) is still accepted, hidden."""
    remembered = f"newsld.format.{dest}"

    def old_format(context: click.Context, _: click.Parameter, value: str | None) -> None:
        if value is None:
            return
        if dest in context.params and context.params[dest] != value:  # --format came first, and differs
            raise click.UsageError(f"--format {context.params[dest]} and {old_name} {value}: give one (--format)")
        context.meta[remembered] = value  # given: processed before --format's default (click orders given first)

    def new_format(context: click.Context, parameter: click.Parameter, value: str) -> str:
        source = context.get_parameter_source(parameter.name)
        given_old = context.meta.get(remembered)
        if given_old is not None and source is not click.core.ParameterSource.DEFAULT and given_old != value:
            raise click.UsageError(f"--format {value} and {old_name} {given_old}: give one (--format)")
        return given_old if given_old is not None and source is click.core.ParameterSource.DEFAULT else value

    def decorate(command: Callable) -> Callable:
        if old_name:
            command = click.option(old_name, f"old_{dest}", type=click.Choice(choices), hidden=True,
                                   expose_value=False, callback=old_format)(command)
        return click.option("--format", dest, type=click.Choice(choices), default=choices[0], show_default=True,
                            callback=new_format, help=help_text)(command)
    return decorate
