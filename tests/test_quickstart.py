"""The README's quick start works as written: its `newsld` commands, taken from the README itself, run in a fresh
directory against a saved page, a page served on 127.0.0.1 for the URL and an Oxigraph server for the endpoint."""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SiteHandler, local_site
from servers import start_oxigraph

README = ROOT / "README.md"
HEADING = "## Quick start"
NEWSLD = str(Path(sys.executable).with_name("newsld"))
MAX_LINES = 40

# The page the reader saved (`story.html`) and the page behind the URL: two stories, two canonical addresses.
SAVED_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour bridge reopens after repairs | Example News</title>
<link rel="canonical" href="https://news.example.com/2024/05/06/bridge">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-05-06T09:00:00Z">
</head><body><article><h1>Harbour bridge reopens after repairs</h1><p>By Ann Lee</p>
<p>PORTSMOUTH — The harbour bridge reopened to traffic on Monday after eight months of repairs, the city council
said, ahead of the summer season.</p>
<p>"We are glad to give the bridge back to the people of Portsmouth," council leader Gerald Vernon-Jackson said.</p>
</article></body></html>"""

SERVED_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Ferry strike ends after talks | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-05-07T10:00:00Z">
</head><body><article><h1>Ferry strike ends after talks</h1><p>By Bo Chen</p>
<p>SOUTHAMPTON — Ferry crews returned to work on Tuesday after a week-long strike, the union said, once the operator
agreed to talks on pay and rosters.</p>
<p>"The crews have shown what they are worth," union official Mary Rowe said at the harbour.</p>
</article></body></html>"""


class Site(SiteHandler):
    """Any path is the served story, as a news site answers its article's URL."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.send(SERVED_PAGE.encode("utf-8"), "text/html; charset=utf-8")


def quick_start() -> str:
    """The README's quick-start section: from its heading to the next heading of its level."""
    text = README.read_text(encoding="utf-8")
    start = text.index(HEADING)
    end = text.find("\n## ", start + len(HEADING))
    return text[start:] if end == -1 else text[start:end + 1]


def command_lines(section: str) -> list[str]:
    """Every line of the section's fenced blocks, stripped."""
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", section, re.S | re.M)
    return [line.strip() for block in blocks for line in block.splitlines()]


def newsld_commands(section: str) -> list[list[str]]:
    """The section's newsld command lines as argument lists, comments dropped."""
    return [shlex.split(line, comments=True) for line in command_lines(section)
            if line.startswith(("newsld ", ".venv/bin/newsld "))]


def server_address(section: str) -> str:
    """http://HOST:PORT of the `oxigraph serve --bind HOST:PORT` line the quick start starts its server with."""
    for line in command_lines(section):
        words = shlex.split(line, comments=True)
        if words[:2] == ["oxigraph", "serve"] and "--bind" in words:
            return "http://" + words[words.index("--bind") + 1]
    raise AssertionError("the quick start starts no `oxigraph serve --bind HOST:PORT`")


def as_run_here(words: list[str], site: str, endpoint: str) -> list[str]:
    """A README command as this test runs it: the venv's newsld, the local site for the URL (on loopback, which
    publish fetches from only when allowed) and the test's Oxigraph server for the endpoint."""
    argv = [NEWSLD]
    for previous, word in zip(words, words[1:]):
        if previous == "--endpoint":
            argv.append(endpoint)
        elif re.match(r"https?://", word):
            argv += [site + re.sub(r"^https?://[^/]+", "", word), "--allow-private-addresses"]
        else:
            argv.append(word)
    return argv


def test_the_quick_start_is_at_most_forty_lines_and_publishes_loads_queries_and_embeds():
    section = quick_start()
    assert len(section.rstrip("\n").splitlines()) <= MAX_LINES
    verbs = [words[1] for words in newsld_commands(section)]
    assert verbs.count("publish") >= 3 and {"load", "query", "embed"} <= set(verbs)


def test_the_quick_start_endpoint_is_the_server_it_starts():
    section = quick_start()
    endpoints = {words[words.index("--endpoint") + 1] for words in newsld_commands(section) if "--endpoint" in words}
    assert endpoints == {server_address(section)}


@pytest.mark.slow  # an Oxigraph server, and spaCy loaded by each command
def test_the_quick_start_commands_run_as_written_and_the_query_answers(tmp_path):
    for directory in ("examples", "queries"):
        shutil.copytree(ROOT / directory, tmp_path / directory)
    (tmp_path / "story.html").write_text(SAVED_PAGE, encoding="utf-8")
    server = start_oxigraph(tmp_path / "oxigraph")
    try:
        with local_site(Site) as site:
            runs = []
            for words in newsld_commands(quick_start()):
                argv = as_run_here(words, site, server.base_url)
                run = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=300)
                assert run.returncode == 0, f"{shlex.join(words)}\n{run.stdout}\n{run.stderr}"
                runs.append((words, run))
    finally:
        server.stop()
    answers = [run.stdout for words, run in runs if words[1] == "query"]
    assert answers and all(int(re.search(r"^\((\d+) rows?\)$", out, re.M).group(1)) >= 1 for out in answers)
    embed = next(words for words, run in runs if words[1] == "embed")
    page = tmp_path / embed[embed.index("-o") + 1]
    assert "data-newsld" in page.read_text(encoding="utf-8")
