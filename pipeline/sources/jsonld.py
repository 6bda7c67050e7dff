"""JSON-LD text as pages publish it, read and repaired where the repair cannot change what the publisher
meant: one reader for `publish` and `validate`.

Safe repairs (each reported as a `Repair`):

* HTML comment or CDATA markers around the JSON (`<!-- ... -->`, `<![CDATA[ ... ]]>`,
  `//<![CDATA[ ... //]]>`, Drupal's `<!--//--><![CDATA[//><!-- ... //--><!]]>`);
* raw control characters (newlines, tabs) inside strings: `json` reads them with `strict=False`;
* a trailing comma before `}` or `]`.

Anything else is a `JsonProblem`: single-quoted strings, and whatever still does not parse.

Every repair overwrites what it removes with spaces, so a line and column in the
repaired text are the same line and column in the publisher's text. The scan is
token-aware: a string that contains `",}"` or `"<!--"` is never touched.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Repair:
    rule: str  # "jsonld/html-comment" | "jsonld/cdata" | "jsonld/control-character" | "jsonld/trailing-comma"
    message: str  # what was repaired, without where
    line: int  # of the first place repaired, 1-based, in the text given
    column: int
    count: int = 1


class JsonProblem(ValueError):
    """JSON that cannot be read, even after the safe repairs."""

    def __init__(self, rule: str, message: str, line: int, column: int) -> None:
        super().__init__(f"{message} (line {line}, column {column})")
        self.rule = rule
        self.message = message
        self.line = line
        self.column = column


_LEADING = ("<!--", "-->", "<![CDATA[", "//", ">")
_TRAILING = ("-->", "]]>", "<!--", "<!", "//")
_MARKERS = {"<!--": "jsonld/html-comment", "-->": "jsonld/html-comment",
            "<![CDATA[": "jsonld/cdata", "]]>": "jsonld/cdata"}
_WRAPPERS = {"jsonld/html-comment": "HTML comment markers (<!-- -->)", "jsonld/cdata": "CDATA markers (<![CDATA[ ]]>)"}
# A string (to its end, or to the end of the text if it never ends), a single quote, or a comma that only
# whitespace separates from a closing bracket; everything between them is skipped by the search.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|\'|,(?=\s*[}\]])', re.S)
_CONTROL = re.compile(r"[\x00-\x1f]")


MAX_JSON_DEPTH = 50
"""Real JSON-LD nests a few levels; far deeper is hostile, and would exhaust the recursion of the code reading it."""
_TOO_DEEP = "nested deeper than {limit} levels"


def json_problem(data: Any, limit: int) -> str | None:
    """What makes parsed JSON unusable though it parsed: nesting past `limit`, or a "\\ud800" escape (no Unicode)."""
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if not value.isascii() and any("\ud800" <= c <= "\udfff" for c in value):
                return "a lone surrogate escape, not Unicode text"
        elif isinstance(value, (list, dict)):
            if depth >= limit:
                return _TOO_DEEP.format(limit=limit)
            stack.extend((v, depth + 1) for v in (value.values() if isinstance(value, dict) else value))
            if isinstance(value, dict):
                stack.extend((k, depth + 1) for k in value)
    return None


def parse_json(text: str) -> tuple[Any, list[Repair]]:
    """The JSON value in `text` and the repairs it took; `JsonProblem` if it cannot be read."""
    try:
        data = json.loads(text)
        if json_problem(data, MAX_JSON_DEPTH) is None:
            return data, []
    except (ValueError, RecursionError):  # the repairs below, then the real reason
        pass
    chars = list(text)
    repairs = _unwrap(text, chars)
    repairs += _scan("".join(chars), chars)
    repaired = "".join(chars)
    try:
        data = json.loads(repaired, strict=False)
    except json.JSONDecodeError as exc:
        raise JsonProblem("jsonld/invalid-json", exc.msg, exc.lineno, exc.colno) from None
    except RecursionError:  # past json's own recursion limit, and so past ours
        raise JsonProblem("jsonld/invalid-json", _TOO_DEEP.format(limit=MAX_JSON_DEPTH), 1, 1) from None
    except ValueError as exc:  # a number past Python's digit limit
        raise JsonProblem("jsonld/invalid-json", str(exc).split(":")[0], 1, 1) from None
    if problem := json_problem(data, MAX_JSON_DEPTH):
        raise JsonProblem("jsonld/invalid-json", problem, 1, 1)
    return data, repairs


def _unwrap(text: str, chars: list[str]) -> list[Repair]:
    """Blank comment and CDATA markers before the JSON starts and after it ends; only when a real marker is there
    (a lone `//` or `>` is left for the parser to report)."""
    blanked: list[tuple[int, str]] = []
    start, end = 0, len(text)
    while True:
        while start < end and text[start].isspace():
            start += 1
        token = next((t for t in _LEADING if text.startswith(t, start, end)), None)
        if token is None:
            break
        blanked.append((start, token))
        start += len(token)
    while True:
        while end > start and text[end - 1].isspace():
            end -= 1
        token = next((t for t in _TRAILING if text.endswith(t, start, end)), None)
        if token is None:
            break
        end -= len(token)
        blanked.append((end, token))
    rules = {_MARKERS[token] for _, token in blanked if token in _MARKERS}
    if not rules:
        return []
    for position, token in blanked:
        chars[position:position + len(token)] = " " * len(token)
    firsts = sorted((min(p for p, t in blanked if _MARKERS.get(t) == rule), rule) for rule in rules)
    return [Repair(rule, f"{_WRAPPERS[rule]} around the JSON were ignored", *_position(text, first))
            for first, rule in firsts]


def _scan(text: str, chars: list[str]) -> list[Repair]:
    controls: list[int] = []  # where each raw control character is
    commas: list[int] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token == "'":
            raise JsonProblem("jsonld/single-quotes", "a single-quoted string: JSON strings take double quotes",
                              *_position(text, match.start()))
        if token == ",":
            commas.append(match.start())
            chars[match.start()] = " "
        else:
            controls += [match.start() + c.start() for c in _CONTROL.finditer(token)]
    repairs = []
    if controls:
        repairs.append(Repair("jsonld/control-character",
                              "raw control characters (line breaks, tabs) inside strings were read as they are; "
                              "JSON wants them escaped (\\n, \\t)", *_position(text, controls[0]), len(controls)))
    if commas:
        repairs.append(Repair("jsonld/trailing-comma", "a comma before a closing } or ] was ignored",
                              *_position(text, commas[0]), len(commas)))
    return repairs


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
