"""One set of conventions across commands: --format for the output format (the old --report still accepted,
hidden), -q/--quiet and -v/--verbose everywhere, "did you mean" for a mistyped front-matter key, and publish's
warnings counted by kind."""
from __future__ import annotations

import json

import pytest

from cli_helpers import DATED_STORY, SEED, newsld, out_dir, story, workdir  # noqa: F401 - fixtures
from pipeline.cli import main

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_takes_quiet_and_verbose(newsld, command):
    help_text = newsld(command, "--help").output
    assert "-q, --quiet" in help_text and "-v, --verbose" in help_text


@pytest.mark.parametrize("command", COMMANDS)
def test_no_command_names_an_output_format_other_than_format(newsld, command):
    help_text = newsld(command, "--help").output
    assert "--report" not in help_text


def test_quiet_and_verbose_together_is_a_usage_error(newsld):
    result = newsld("publish", SEED, "-q", "-v", "--no-load")
    assert result.exit_code == 2
    assert "choose one" in result.output


def test_publish_format_json_is_the_run_report(newsld, out_dir):
    result = newsld("publish", SEED, "--out", out_dir, "--no-load", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"]["published"] == 1


def test_publish_still_accepts_the_old_report_option(newsld, out_dir):
    result = newsld("publish", SEED, "--out", out_dir, "--no-load", "--report", "json")
    assert json.loads(result.stdout)["summary"]["published"] == 1


def test_validate_still_accepts_the_old_report_option(newsld, out_dir):
    newsld("publish", SEED, "--out", out_dir, "--no-load")
    result = newsld("validate", out_dir / "000-76c7baf359d68961.jsonld", "--report", "junit")
    assert result.stdout.startswith("<?xml")


def test_load_and_prune_answer_in_json(newsld, out_dir):
    newsld("publish", SEED, "--out", out_dir, "--no-load")
    loaded = newsld("load", out_dir, "--store", out_dir / "store", "--format", "json")
    assert json.loads(loaded.stdout)["loaded"]
    pruned = newsld("prune", "--out", out_dir, "--format", "json")
    assert json.loads(pruned.stdout) == {"dry_run": True, "articles": [], "pruned": 0}


def test_quiet_publish_prints_only_errors(newsld, story, out_dir):
    result = newsld("publish", story("good.txt", DATED_STORY), story("empty.txt", ""), "--out", out_dir,
                    "--no-load", "-q")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert [line.split(": ")[1] for line in result.stderr.splitlines()] == ["error"]
    assert (out_dir / "good.ttl").exists()


def test_verbose_publish_lists_each_warning_under_its_article(newsld, out_dir):
    result = newsld("publish", SEED, "--out", out_dir, "--no-load", "-v")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("ok ")
    assert any(line.strip().startswith("Warning: schema:author:") for line in lines[1:])


def test_publish_summary_counts_warnings_by_kind(newsld, story, out_dir):
    result = newsld("publish", story("a.txt", DATED_STORY), story("b.txt", DATED_STORY.replace("26", "27")),
                    "--out", out_dir, "--no-load")
    kinds = result.stdout.split("warnings by kind", 1)[1].splitlines()[1:]
    author = [line for line in kinds if "schema:author:" in line]
    assert author and author[0].split()[0] == "2"  # both stories name no author
    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    assert {"path": "schema:author", "message": "A NewsArticle should name an author", "count": 2} \
        in report["warnings_by_kind"]


def test_quiet_load_prints_nothing_and_verbose_lists_each_graph(newsld, out_dir):
    newsld("publish", SEED, "--out", out_dir, "--no-load")
    quiet = newsld("load", out_dir, "--store", out_dir / "store", "-q")
    assert quiet.exit_code == 0 and quiet.stdout == ""
    verbose = newsld("load", out_dir, "--store", out_dir / "other", "-v")
    assert "new      https://newsld.example/article/000-76c7baf359d68961" in verbose.stdout


def test_a_mistyped_front_matter_key_says_what_it_meant(newsld, story, out_dir):
    result = newsld("publish", story("s.txt", "---\ndatePublishd: 2024-03-01\n---\n" + DATED_STORY), "--out",
                    out_dir, "--no-load")
    assert result.exit_code == 1
    assert "unknown key 'datePublishd'; did you mean datePublished?" in result.stderr


def test_quiet_validate_lists_only_errors(newsld, story):
    page = story("p.html", '<html><head><script type="application/ld+json">{"@context": "https://schema.org", '
                           '"@type": "NewsArticle", "headline": "H", "author": 42}</script></head><body></body></html>')
    loud = newsld("validate", page)
    quiet = newsld("validate", page, "-q")
    assert loud.exit_code == quiet.exit_code == 1
    assert "warning" in loud.stdout and "checked 1 input" in loud.stdout
    findings = [line for line in quiet.stdout.splitlines() if line.startswith("  ")]
    assert findings and all(line.split()[0] == "error" for line in findings), quiet.stdout
    assert "checked" not in quiet.stdout


def test_format_and_the_old_report_option_that_disagree_are_a_usage_error(newsld, out_dir):
    for order in (["--format", "text", "--report", "json"], ["--report", "json", "--format", "text"]):
        result = newsld("publish", SEED, "--out", out_dir, "--no-load", *order)
        assert result.exit_code == 2 and "give one" in result.output, order


def test_publish_of_paths_that_are_all_missing_writes_nothing(newsld, workdir):
    result = newsld("publish", "typo.txt")
    assert result.exit_code == 2
    assert not (workdir / "output").exists()


def test_prune_of_an_output_directory_that_is_not_there_is_a_usage_error(newsld, workdir):
    result = newsld("prune", "--out", "typo", "--yes")
    assert result.exit_code == 2
    assert not (workdir / "typo").exists()


@pytest.mark.parametrize("base", ["https://x.example/#frag", "https://x.example/ld#", "https://user:pw@x.example/"])
def test_a_base_that_cannot_mint_iris_is_a_usage_error(newsld, out_dir, base):
    result = newsld("publish", SEED, "--out", out_dir, "--no-load", "--base", base)
    assert result.exit_code == 2
    assert "pw" not in result.stderr


def test_a_key_other_tools_use_says_what_newsld_calls_it(newsld, story, out_dir):
    result = newsld("publish", story("s.txt", "---\ntitle: Budget\n---\n" + DATED_STORY), "--out", out_dir,
                    "--no-load")
    assert "unknown key 'title'; did you mean headline?" in result.stderr


def test_an_id_that_is_not_a_slug_says_what_it_became(newsld, out_dir):
    result = newsld("publish", "-", "--id", "Budget 2026", "--out", out_dir, "--no-load", input=DATED_STORY)
    assert result.exit_code == 0
    assert "'budget-2026'" in result.stderr and (out_dir / "budget-2026.ttl").exists()
