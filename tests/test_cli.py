"""The `newsld` command as a user meets it: files written, lines printed, exit codes.

Exit codes: 0 all published, 1 an article was invalid or unreadable, 2 a usage error.
Every error is one line on stderr, `newsld: error: NAME: problem`, never a traceback.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from cli_helpers import (  # noqa: F401  (fixtures are used by name)
    DATED_STORY,
    SEED,
    SEED_SLUG,
    assert_one_error_line,
    literal,
    newsld,
    out_dir,
    output_files,
    read_json,
    run_module,
    stderr_lines,
    story,
    workdir,
)
from pipeline.sources.text import MAX_BYTES

PUBLISH_OPTIONS = ("--out", "--base", "--language", "--config", "--format", "--verbose", "--quiet", "--id", "--stdout")


# --- publishing the seed -------------------------------------------------------------------------


def test_publishing_the_seed_writes_its_files_and_the_store_and_exits_0(newsld, out_dir):
    result = newsld("publish", SEED, "--out", out_dir)

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out_dir.iterdir() if not p.name.startswith(".")) == sorted([*output_files(SEED_SLUG), "store"])
    for name in output_files(SEED_SLUG):
        assert (out_dir / name).stat().st_size > 0, f"{name} is empty"


def test_publishing_prints_one_line_per_article_with_iri_and_counts(newsld, out_dir):
    result = newsld("publish", SEED, "--out", out_dir)

    iri = f"https://newsld.example/article/{SEED_SLUG}"
    article_lines = [line for line in result.stdout.splitlines() if iri in line]
    assert len(article_lines) == 1, result.stdout
    for field in ("triples=", "violations=", "warnings="):
        assert field in article_lines[0]
    assert "violations=0" in article_lines[0]


def test_publishing_ends_with_a_summary_line_published_1_of_1(newsld, out_dir):
    result = newsld("publish", SEED, "--out", out_dir)

    assert result.stdout.splitlines()[-1].startswith("published 1 of 1")


def test_publishing_twice_gives_byte_identical_files(newsld, out_dir):
    newsld("publish", SEED, "--out", out_dir)
    first = {name: (out_dir / name).read_bytes() for name in output_files(SEED_SLUG)}
    newsld("publish", SEED, "--out", out_dir)
    second = {name: (out_dir / name).read_bytes() for name in output_files(SEED_SLUG)}

    for name in output_files(SEED_SLUG):
        assert first[name] == second[name], f"{name} differs between two runs"


def test_no_temporary_files_remain_in_the_output_directory(newsld, out_dir, story):
    bad = story("in/bad.txt", "")
    story("in/good.txt", DATED_STORY)

    newsld("publish", SEED, bad.parent, "--out", out_dir)

    leftovers = [p.name for p in out_dir.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


# --- bad input: one clear line, the right exit code ----------------------------------------------


def test_empty_file_is_reported_by_name_and_exits_1(newsld, out_dir, story):
    story("empty.txt", "")

    result = newsld("publish", "empty.txt", "--out", out_dir)

    assert result.exit_code == 1
    assert_one_error_line(result, "empty.txt", "empty")


def test_whitespace_only_file_is_reported_as_empty_and_exits_1(newsld, out_dir, story):
    story("blank.txt", "  \n\t\n   \n")

    result = newsld("publish", "blank.txt", "--out", out_dir)

    assert result.exit_code == 1
    assert_one_error_line(result, "blank.txt", "empty")


def test_binary_file_is_refused_as_not_a_text_story_and_exits_1(newsld, out_dir, story):
    story("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x02")

    result = newsld("publish", "picture.png", "--out", out_dir)

    assert result.exit_code == 1
    assert_one_error_line(result, "picture.png", "binary")
    assert not list(out_dir.glob("picture.*"))


LATIN1_STORIES = {
    "one-paragraph": (
        "date 2022-01-28 ZURICH -- A café in Zürich opened on Friday, the owners said. "
        "The café serves coffee to residents of Zürich.\n"
    ),
    "two-paragraphs": (
        "date 2022-01-28 ZURICH -- A café in Zürich opened on Friday, the owners said. "
        "The café serves coffee to residents of Zürich.\n\n"
        "The owners, who moved to Zürich from Genève in 2019, said the café would stay open late "
        "on weekends. \"We wanted a place where people could meet,\" said one of them.\n"
    ),
}


@pytest.mark.parametrize("text", LATIN1_STORIES.values(), ids=LATIN1_STORIES.keys())
def test_latin1_story_is_decoded_and_published_with_an_encoding_warning(newsld, out_dir, story, text):
    story("zurich.txt", text.encode("latin-1"))

    result = newsld("publish", "zurich.txt", "--out", out_dir)

    assert result.exit_code == 0, result.output
    body = read_json(out_dir / "zurich.jsonld")["articleBody"]
    assert "Zürich" in body and "café" in body, f"mis-decoded articleBody: {body[:80]!r}"
    messages = [r["message"] for r in read_json(out_dir / "report.json")["articles"][0]["results"]]
    assert any("UTF-8" in m for m in messages), messages


def test_story_without_a_date_is_a_datePublished_violation_and_exits_1(newsld, out_dir, story):
    story("undated.txt", "TOKYO -- Nissan Motor Co. said on Thursday it would invest in electric cars.\n")

    result = newsld("publish", "undated.txt", "--out", out_dir)

    assert result.exit_code == 1
    article = read_json(out_dir / "report.json")["articles"][0]
    assert article["status"] == "invalid"
    assert any(r["severity"] == "Violation" and r["path"] == "schema:datePublished" for r in article["results"])
    assert not (out_dir / "undated.jsonld").exists()


def test_story_without_a_date_is_named_in_one_error_line_on_stderr(newsld, out_dir, story):
    story("undated.txt", "TOKYO -- Nissan Motor Co. said on Thursday it would invest in electric cars.\n")

    result = newsld("publish", "undated.txt", "--out", out_dir)

    assert_one_error_line(result, "undated.txt", "datePublished")


def test_unclosed_front_matter_is_reported_by_name_and_exits_1(newsld, out_dir, story):
    story("open.txt", "---\nheadline: Never closed\n\n" + DATED_STORY)

    result = newsld("publish", "open.txt", "--out", out_dir)

    assert result.exit_code == 1
    assert_one_error_line(result, "open.txt", "front matter", "never closed")


def test_unknown_front_matter_key_is_reported_with_its_line_number(newsld, out_dir, story):
    story("typo.txt", "---\nheadline: A headline\ndatepublised: 2022-01-01\n---\n" + DATED_STORY)

    result = newsld("publish", "typo.txt", "--out", out_dir)

    assert result.exit_code == 1
    assert_one_error_line(result, "typo.txt", "line 3")


def test_missing_path_exits_2_naming_it_and_still_publishes_the_others(newsld, out_dir, story):
    story("good.txt", DATED_STORY)

    result = newsld("publish", "nowhere.txt", "good.txt", "--out", out_dir)

    assert result.exit_code == 2
    assert_one_error_line(result, "nowhere.txt", "no such file")
    assert (out_dir / "good.jsonld").is_file()
    assert (out_dir / "good.ttl").is_file()


def test_directory_with_one_empty_file_publishes_the_good_ones_and_exits_1(newsld, out_dir, story):
    story("stories/one.txt", DATED_STORY)
    story("stories/two.txt", DATED_STORY.replace("TOKYO", "OSAKA"))
    story("stories/zero.txt", "")

    result = newsld("publish", "stories", "--out", out_dir)

    assert result.exit_code == 1
    assert_one_error_line(result, str(Path("stories") / "zero.txt"), "empty")
    for slug in ("one", "two"):
        assert (out_dir / f"{slug}.jsonld").is_file()
    assert not (out_dir / "zero.jsonld").exists()
    assert read_json(out_dir / "report.json")["summary"]["published"] == 2


def test_oversized_file_is_refused_naming_the_size_limit(newsld, out_dir, workdir):
    big = workdir / "huge.txt"
    with big.open("wb") as handle:  # sparse: MAX_BYTES + 1 bytes without writing them
        handle.truncate(MAX_BYTES + 1)

    result = newsld("publish", "huge.txt", "--out", out_dir)

    assert result.exit_code == 1
    assert_one_error_line(result, "huge.txt", f"{MAX_BYTES:,}", "limit")


# --- standard input, report formats --------------------------------------------------------------


def test_dash_reads_the_story_from_stdin_named_by_its_date_headline_and_content(newsld, out_dir):
    result = newsld("publish", "-", "--out", out_dir, input=DATED_STORY)

    assert result.exit_code == 0, result.output
    digest = hashlib.sha256(DATED_STORY.encode("utf-8")).hexdigest()[:8]
    [document] = out_dir.glob(f"2022-01-28-*-{digest}.jsonld")
    assert read_json(document)["@id"] == f"https://newsld.example/article/{document.stem}"


def test_report_json_prints_the_run_report_on_stdout(newsld, out_dir):
    result = newsld("publish", SEED, "--out", out_dir, "--format", "json")

    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed["summary"]["published"] == 1
    assert printed["articles"][0]["slug"] == SEED_SLUG


def test_report_json_on_stdout_is_report_json_on_disk_plus_load_and_skipped(newsld, out_dir):
    result = newsld("publish", SEED, "--out", out_dir, "--format", "json")

    printed = json.loads(result.stdout)
    assert printed.pop("load")["loaded"] == 1
    assert printed.pop("skipped") == 0
    assert printed == read_json(out_dir / "report.json")


# --- front matter, base IRI, configuration -------------------------------------------------------


FRONT_MATTER_STORY = (
    "---\nheadline: Given headline\ndatePublished: 2021-05-06\nid: https://news.example.com/a/1\n---\n"
    + DATED_STORY
)


def test_front_matter_headline_date_and_id_win_over_the_story_text(newsld, out_dir, story):
    story("given.txt", FRONT_MATTER_STORY)

    result = newsld("publish", "given.txt", "--out", out_dir)

    assert result.exit_code == 0, result.output
    doc = read_json(out_dir / "given.jsonld")
    assert doc["@id"] == "https://news.example.com/a/1"
    assert doc["headline"] == "Given headline"
    assert literal(doc["datePublished"]) == "2021-05-06"
    assert "https://news.example.com/a/1" in result.stdout


def test_base_option_mints_article_iris_under_the_base(newsld, out_dir, story):
    story("alliance.txt", DATED_STORY)

    result = newsld("publish", "alliance.txt", "--out", out_dir, "--base", "https://news.example.com/ld/")

    assert result.exit_code == 0, result.output
    iri = "https://news.example.com/ld/article/alliance"
    assert read_json(out_dir / "alliance.jsonld")["@id"] == iri
    assert iri in result.stdout


def test_base_that_is_not_http_is_a_usage_error_with_one_line(newsld, out_dir, story):
    story("alliance.txt", DATED_STORY)

    result = newsld("publish", "alliance.txt", "--out", out_dir, "--base", "ftp://news.example.com/")

    assert result.exit_code == 2
    assert_one_error_line(result, "--base", "http")
    assert not (out_dir / "alliance.jsonld").exists()


def test_config_publisher_becomes_a_publisher_organization_in_the_jsonld(newsld, out_dir, story, workdir):
    story("alliance.txt", DATED_STORY)
    config = workdir / "site.toml"
    config.write_text(
        '[publisher]\nname = "Example News"\nurl = "https://news.example.com/"\n'
        'logo = "https://news.example.com/logo.png"\n',
        encoding="utf-8",
    )

    result = newsld("publish", "alliance.txt", "--out", out_dir, "--config", config)

    assert result.exit_code == 0, result.output
    publisher = read_json(out_dir / "alliance.jsonld")["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == "Example News"
    assert literal(publisher["url"]) == "https://news.example.com/"
    logo = publisher["logo"]
    assert "https://news.example.com/logo.png" in (json.dumps(logo) if isinstance(logo, dict) else logo)


@pytest.mark.parametrize(("content", "words"), [
    pytest.param('[publisher\nname = "Example News\n', ("TOML",), id="malformed"),
    pytest.param('bse = "https://news.example.com/"\n', ("bse", "did you mean base?"), id="an unknown setting"),
])
def test_a_bad_config_is_a_usage_error_naming_the_file(newsld, out_dir, story, workdir, content, words):
    story("alliance.txt", DATED_STORY)
    config = workdir / "site.toml"
    config.write_text(content, encoding="utf-8")

    result = newsld("publish", "alliance.txt", "--out", out_dir, "--config", config)

    assert result.exit_code == 2
    assert_one_error_line(result, str(config), *words)
    assert not (out_dir / "alliance.jsonld").exists()


UNKNOWN_SETTINGS = [
    pytest.param('bse = "https://news.example.com/"', "does not know bse; did you mean base?", id="top-level key"),
    pytest.param('[publsher]\nname = "Daily"', "does not know [publsher]; did you mean [publisher]?", id="table"),
    pytest.param('[publisher]\nnmae = "Daily"', "[publisher] does not know nmae; did you mean name?",
                 id="[publisher]"),
    pytest.param('[entities]\nauthorty = "entities.csv"', "[entities] does not know authorty; did you mean authority?",
                 id="[entities]"),
    pytest.param('[nlp]\nmodle = "en_core_web_sm"', "[nlp] does not know modle; did you mean model?", id="[nlp]"),
    pytest.param('[store]\nendpiont = "http://localhost:7878"', "[store] does not know endpiont; did you mean endpoint?",
                 id="[store]"),
    pytest.param("[limits]\nfile_byte = 100", "[limits] does not know file_byte; did you mean file_bytes?",
                 id="[limits]"),
    pytest.param('[validate]\nfailon = "never"', "[validate] does not know failon; did you mean fail_on?",
                 id="[validate]"),
    pytest.param('[store.auth]\nuser = "x"', "[store] does not know auth", id="a table inside a table"),
    pytest.param("colour = 3", "does not know colour (it knows base, language)", id="no close match"),
]


@pytest.mark.parametrize(("line", "message"), UNKNOWN_SETTINGS)
def test_an_unknown_setting_in_newsld_toml_is_an_error_naming_the_file_and_the_key(tmp_path, line, message):
    from pipeline.config import load_config
    from pipeline.errors import InputError

    (tmp_path / "newsld.toml").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_config(tmp_path / "newsld.toml")
    assert error.value.name == str(tmp_path / "newsld.toml") and error.value.problem.startswith(message)


def test_language_tags_in_nlp_models_are_not_unknown_settings(tmp_path):
    from pipeline.config import load_config

    (tmp_path / "newsld.toml").write_text('[nlp.models]\nde = "de_core_news_sm"\npt-BR = "pt_core_news_sm"\n',
                                          encoding="utf-8")
    assert load_config(tmp_path / "newsld.toml").models["pt-BR"] == "pt_core_news_sm"


def test_second_input_with_the_same_slug_is_refused_and_the_first_published(newsld, out_dir, story):
    story("a/x.txt", DATED_STORY)
    story("b/x.txt", DATED_STORY.replace("TOKYO", "OSAKA"))

    result = newsld("publish", "a/x.txt", "b/x.txt", "--out", out_dir)

    assert result.exit_code == 1
    assert_one_error_line(result, "b/x.txt", "a/x.txt")
    doc = read_json(out_dir / "x.jsonld")
    assert doc["dateline"] == "TOKYO", "the first input, not the second, owns x.jsonld"


# --- help ----------------------------------------------------------------------------------------


def test_main_help_exits_0_and_shows_an_example(newsld):
    result = newsld("--help")

    assert result.exit_code == 0
    assert "publish" in result.stdout
    assert "Example" in result.stdout


def test_publish_help_exits_0_and_mentions_an_example_and_every_option(newsld):
    result = newsld("publish", "--help")

    assert result.exit_code == 0
    assert "Example" in result.stdout
    missing = [option for option in PUBLISH_OPTIONS if option not in result.stdout]
    assert missing == []


# --- the module entry point, in a real process ---------------------------------------------------


def test_python_m_pipeline_publishes_the_seed_without_a_traceback(tmp_path):
    out = tmp_path / "out"

    proc = run_module("publish", SEED, "--out", out, cwd=tmp_path)

    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout.splitlines()[-1].startswith("published 1 of 1")
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted([*output_files(SEED_SLUG), "store"])


def test_python_m_pipeline_reports_an_empty_file_in_one_line_without_a_traceback(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")

    proc = run_module("publish", "empty.txt", "--out", tmp_path / "out", cwd=tmp_path)

    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert lines == ["newsld: error: empty.txt: empty file: no story to publish"]


def test_python_m_pipeline_reports_a_missing_path_as_usage_error_without_a_traceback(tmp_path):
    proc = run_module("publish", "nowhere.txt", "--out", tmp_path / "out", cwd=tmp_path)

    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("newsld: error: nowhere.txt: ")


def test_python_m_pipeline_reads_stdin_for_dash(tmp_path):
    out = tmp_path / "out"

    proc = run_module("publish", "-", "--out", out, "--format", "json", cwd=tmp_path, input=DATED_STORY.encode())

    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    slug = json.loads(proc.stdout)["articles"][0]["slug"]
    assert slug.startswith("2022-01-28-") and slug.endswith(hashlib.sha256(DATED_STORY.encode()).hexdigest()[:8])
    assert (out / f"{slug}.jsonld").is_file()


@pytest.mark.parametrize("arguments", [["publish", "{missing}", "--no-load"], ["load", "{missing}"],
                                       ["validate", "{missing}"], ["embed", "{missing}", "--jsonld", "{missing}"],
                                       ["site", "{missing}", "--to", "{tmp}/site"]])
def test_a_path_that_is_not_there_is_a_usage_error_for_every_command(tmp_path, arguments):
    import subprocess
    import sys

    newsld = str(Path(sys.executable).with_name("newsld"))
    missing = str(tmp_path / "not-there")
    done = subprocess.run([newsld, *(a.format(missing=missing, tmp=tmp_path) for a in arguments)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
