"""`newsld init [DIR]`: a commented newsld.toml that config.py reads, as written and with every setting
uncommented, and an empty authority file; a file already there is kept (both there: nothing written, exit 1)
unless --force."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from cli_helpers import DATED_STORY, assert_no_traceback, assert_one_error_line, stderr_lines
from pipeline.authority import load_authority
from pipeline.cli import main
from pipeline.config import DEFAULT_BASE, DEFAULT_MODELS, TRUST_PROPERTIES, Config, Limits, StoreConfig, load_config

SETTING = re.compile(r"^#?(\[[\w.]+\]|\w+ = .*)$")
"""A line that is a setting or a table header, commented out (`#key = value`) or not."""


def init(*arguments: str):
    return CliRunner().invoke(main, ["init", *arguments])


def uncommented(text: str) -> str:
    """The template with every setting uncommented, as a user would: `#key = value` -> `key = value`; the
    explanations (`# ...`) stay comments."""
    return re.sub(r"(?m)^#(?=[^\s#])", "", text)


def written(tmp_path: Path) -> Path:
    result = init(str(tmp_path))
    assert result.exit_code == 0, result.output
    return tmp_path / "newsld.toml"


def test_init_writes_newsld_toml_and_an_empty_authority_file_into_dir(tmp_path):
    result = init(str(tmp_path))
    assert_no_traceback(result)
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entities.csv", "newsld.toml"]
    assert result.stdout.splitlines() == [f"wrote {tmp_path / 'newsld.toml'}", f"wrote {tmp_path / 'entities.csv'}"]


def test_init_without_dir_writes_into_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert init().exit_code == 0
    assert (tmp_path / "newsld.toml").is_file() and (tmp_path / "entities.csv").is_file()


def test_init_creates_a_dir_that_is_not_there(tmp_path):
    assert init(str(tmp_path / "site" / "ld")).exit_code == 0
    assert (tmp_path / "site" / "ld" / "newsld.toml").is_file()


def test_a_dir_that_is_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "site").write_text("", encoding="utf-8")
    result = init(str(tmp_path / "site"))
    assert result.exit_code == 2
    assert_no_traceback(result)


def test_newsld_toml_as_written_is_the_defaults_and_the_authority_file(tmp_path):
    config = load_config(written(tmp_path))
    assert config == Config(authority=(tmp_path / "entities.csv").resolve())


def test_newsld_toml_with_every_setting_uncommented_loads(tmp_path):
    path = written(tmp_path)
    path.write_text(uncommented(path.read_text(encoding="utf-8")), encoding="utf-8")
    config = load_config(path)
    assert config.publisher is not None and config.publisher.kind == "NewsMediaOrganization"
    assert {key for key, _ in config.publisher.trust} == {*TRUST_PROPERTIES, "sameAs", "foundingDate"}
    assert config.store.endpoint == "http://localhost:7878"
    assert config.store.directory == (tmp_path / "output" / "store").resolve()
    assert config.models["de"] == "de_core_news_sm"
    assert config.ignore_unknown == {"paywallTier"}


def test_the_defaults_the_template_shows_are_configs_defaults(tmp_path):
    path = written(tmp_path)
    path.write_text(uncommented(path.read_text(encoding="utf-8")), encoding="utf-8")
    config = load_config(path)
    assert config.base == DEFAULT_BASE and config.language == Config().language
    assert config.models["en"] == DEFAULT_MODELS["en"]
    assert config.limits == Limits()
    assert config.fail_on == Config().fail_on


def test_the_template_names_every_setting_config_reads(tmp_path):
    data = tomllib.loads(uncommented(written(tmp_path).read_text(encoding="utf-8")))
    assert {"base", "language"} <= set(data)
    assert set(data["publisher"]) == {"name", "url", "logo", "type", "foundingDate", "sameAs", *TRUST_PROPERTIES}
    assert set(data["entities"]) == {"authority"}
    assert set(data["nlp"]) == {"model", "models"}
    assert set(data["store"]) == {f.name for f in fields(StoreConfig)}
    assert set(data["limits"]) == {f.name for f in fields(Limits)}
    assert set(data["validate"]) == {"ignore_unknown", "fail_on"}


def test_every_setting_has_a_comment_line_above_it(tmp_path):
    lines = written(tmp_path).read_text(encoding="utf-8").splitlines()
    settings = [n for n, line in enumerate(lines) if SETTING.match(line) and "=" in line]
    assert len(settings) > 30
    for n in settings:
        assert lines[n - 1].startswith("# "), f"no comment above {lines[n]!r}"


def test_every_setting_but_the_authority_file_is_commented_out(tmp_path):
    lines = written(tmp_path).read_text(encoding="utf-8").splitlines()
    active = [line for line in lines if SETTING.match(line) and "=" in line and not line.startswith("#")]
    assert active == ['authority = "entities.csv"']


def test_the_authority_file_is_its_header_alone_and_loads_empty(tmp_path):
    written(tmp_path)
    path = tmp_path / "entities.csv"
    assert path.read_text(encoding="utf-8") == "name,type,iri,aliases,sameAs\n"
    assert load_authority(path).entries == {}


def test_a_row_under_the_header_is_read_as_the_authority_format_says(tmp_path):
    written(tmp_path)
    path = tmp_path / "entities.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("Nissan,Corporation,nissan,Nissan Motor Co.|Nissan Motor,https://www.wikidata.org/wiki/Q20165\n")
    entry = load_authority(path).lookup(["nissan motor"])
    assert entry is not None
    assert (entry.name, entry.kind, entry.slug) == ("Nissan", "Corporation", "nissan")
    assert entry.same_as == ("https://www.wikidata.org/wiki/Q20165",)


def test_publish_runs_with_the_files_init_wrote(tmp_path):
    config = written(tmp_path)
    (tmp_path / "story.txt").write_text(DATED_STORY, encoding="utf-8")
    result = CliRunner().invoke(main, ["publish", str(tmp_path / "story.txt"), "--config", str(config),
                                       "--out", str(tmp_path / "out"), "--no-load"])
    assert result.exit_code == 0, result.output


def test_with_newsld_toml_there_init_keeps_it_and_writes_the_authority_file(tmp_path):
    (tmp_path / "newsld.toml").write_text('base = "https://news.example.com/"\n', encoding="utf-8")
    result = init(str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "newsld.toml").read_text(encoding="utf-8") == 'base = "https://news.example.com/"\n'
    assert (tmp_path / "entities.csv").read_text(encoding="utf-8") == "name,type,iri,aliases,sameAs\n"


def test_with_the_authority_file_there_init_keeps_it_and_writes_newsld_toml(tmp_path):
    (tmp_path / "entities.csv").write_text("name,type\nNissan,Corporation\n", encoding="utf-8")
    result = init(str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "entities.csv").read_text(encoding="utf-8") == "name,type\nNissan,Corporation\n"
    assert load_config(tmp_path / "newsld.toml") == Config(authority=(tmp_path / "entities.csv").resolve())


def test_init_says_which_file_it_kept_and_which_it_wrote(tmp_path):
    (tmp_path / "entities.csv").write_text("name,type\n", encoding="utf-8")
    result = init(str(tmp_path))
    assert result.stderr.splitlines() == [f"newsld: note: kept {tmp_path / 'entities.csv'}: it was there already "
                                          "(--force overwrites it)"]
    assert result.stdout.splitlines() == [f"wrote {tmp_path / 'newsld.toml'}"]


def test_with_both_files_there_init_writes_nothing_and_exits_1(tmp_path):
    (tmp_path / "newsld.toml").write_text('base = "https://news.example.com/"\n', encoding="utf-8")
    (tmp_path / "entities.csv").write_text("name,type\n", encoding="utf-8")
    result = init(str(tmp_path))
    assert result.exit_code == 1
    assert (tmp_path / "newsld.toml").read_text(encoding="utf-8") == 'base = "https://news.example.com/"\n'
    assert (tmp_path / "entities.csv").read_text(encoding="utf-8") == "name,type\n"


def test_a_newsld_toml_that_is_a_directory_is_one_error_line_naming_it_and_nothing_is_written(tmp_path):
    (tmp_path / "newsld.toml").mkdir()
    result = init(str(tmp_path), "--force")
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert_one_error_line(result, str(tmp_path / "newsld.toml"), "directory")
    assert [p.name for p in tmp_path.iterdir()] == ["newsld.toml"]


@contextmanager
def read_only(directory: Path) -> Iterator[None]:
    """`directory` read-only for this process: mode 555, and for root (whom modes do not stop) the immutable
    attribute; skipped where neither stops a write (root on a file system without chattr)."""
    directory.chmod(0o555)
    immutable = os.geteuid() == 0 and shutil.which("chattr") is not None and \
        subprocess.run(["chattr", "+i", str(directory)], capture_output=True).returncode == 0
    try:
        try:
            (directory / "probe").touch()
        except OSError:
            yield
        else:
            (directory / "probe").unlink()
            pytest.skip("no way to make a directory read-only for this user here")
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(directory)], check=True)
        directory.chmod(0o755)


def test_a_read_only_dir_is_an_error_naming_newsld_toml_not_its_temporary_file(tmp_path):
    with read_only(tmp_path):
        result = init(str(tmp_path))
    assert_no_traceback(result)
    assert result.exit_code == 1
    line = assert_one_error_line(result, str(tmp_path / "newsld.toml"), "cannot be written")
    assert ".tmp" not in line


def test_init_names_each_file_it_refuses_to_overwrite(tmp_path):
    written(tmp_path)
    result = init(str(tmp_path))
    assert result.exit_code == 1
    assert [line.split(": ")[2] for line in stderr_lines(result)] == [str(tmp_path / "newsld.toml"),
                                                                      str(tmp_path / "entities.csv")]


def test_init_force_overwrites_both(tmp_path):
    (tmp_path / "newsld.toml").write_text("broken = [", encoding="utf-8")
    (tmp_path / "entities.csv").write_text("name\nX\n", encoding="utf-8")
    result = init(str(tmp_path), "--force")
    assert result.exit_code == 0, result.output
    assert load_config(tmp_path / "newsld.toml") == Config(authority=(tmp_path / "entities.csv").resolve())
    assert load_authority(tmp_path / "entities.csv").entries == {}


def test_init_help_has_an_example():
    result = CliRunner().invoke(main, ["init", "--help"])
    assert result.exit_code == 0
    assert "newsld init site/" in result.output and "Example: --force" in result.output


def test_init_is_listed_among_the_commands():
    assert "init" in CliRunner().invoke(main, ["--help"]).output
