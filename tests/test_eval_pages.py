"""The comparison rules of `eval/pages.py`, on small literal examples (not on the corpus)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location("eval_pages", Path(__file__).resolve().parent.parent / "eval" / "pages.py")
pages = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(pages)


# ---------------------------------------------------------------- headline

def test_normalise_casefold_whitespace_quotes_dashes():
    assert pages.normalise("  Apple’s  Vision\u00a0Pro —\tHANDS-ON ") == "apple's vision pro - hands-on"
    assert pages.normalise("„glücklich“") == pages.normalise('"Glücklich"')
    assert pages.normalise(None) == ""


def test_headline_exact_and_alternative():
    assert pages.matches_headline("Apple's Vision Pro", "Apple’s Vision Pro")
    assert pages.matches_headline("Brexit: Nervenkrieg", "Der Nervenkrieg", ["Brexit: Nervenkrieg"])
    assert not pages.matches_headline("Something else", "Der Nervenkrieg", ["Brexit: Nervenkrieg"])


@pytest.mark.parametrize("got", ["PG&E begins shutoff | Times Union", "PG&E begins shutoff - Times Union",
                                 "PG&E begins shutoff — The Site | Section"])
def test_headline_site_suffix_is_stripped(got):
    assert pages.matches_headline(got, "PG&E begins shutoff")


def test_headline_suffix_stripped_only_when_the_rest_matches():
    # the gold itself contains " - ": the whole output must match, not a cut
    gold = "Kim Jong Un: Der Diktator ist zurück - Donald Trump ist glücklich"
    assert pages.matches_headline(gold, gold)
    assert not pages.matches_headline("Kim Jong Un: Der Diktator ist zurück - Donald Trump ist glücklich", "Kim Jong Un")
    assert not pages.matches_headline("Other headline | Site", "PG&E begins shutoff")


def test_headline_missing():
    assert not pages.matches_headline(None, "A headline")
    assert not pages.matches_headline("", "A headline")


# ---------------------------------------------------------------- authors

def test_authors_are_a_set():
    assert pages.matches_authors(["Errin Haines", "meg  kinnard"], ["Meg Kinnard", "Errin Haines"])
    assert not pages.matches_authors(["Meg Kinnard"], ["Meg Kinnard", "Errin Haines"])
    assert not pages.matches_authors(["Meg Kinnard", "Errin Haines", "Associated Press"], ["Meg Kinnard", "Errin Haines"])


def test_authors_empty_matches_empty():
    assert pages.matches_authors([], [])
    assert pages.matches_authors(None, [])
    assert not pages.matches_authors(["Someone"], [])
    assert not pages.matches_authors([], ["Someone"])


def test_authors_alternative_lists():
    alt = [["R.J. Eskow"], ["Richard Eskow"]]
    assert pages.matches_authors(["Richard Eskow"], ["Richard (R.J.) Eskow"], alt)
    assert pages.matches_authors(["Richard (R.J.) Eskow"], ["Richard (R.J.) Eskow"], alt)
    assert not pages.matches_authors(["R.J. Eskow", "Richard Eskow"], ["Richard (R.J.) Eskow"], alt)
    assert pages.matches_authors(["R. Eskow"], ["Richard Eskow"], ["R. Eskow"])  # a plain string: a one-author list


# ---------------------------------------------------------------- datePublished

def test_date_same_day():
    assert pages.matches_datePublished("2019-11-15", "2019-11-15T15:09:20Z")
    assert pages.matches_datePublished("2019-11-15T10:00:00", "2019-11-15")


def test_date_one_day_allowed_without_both_offsets():
    assert pages.matches_datePublished("2019-11-20", "2019-11-19T23:34:00-05:00")
    assert pages.matches_datePublished("2019-11-18", "2019-11-19")
    assert pages.matches_datePublished("2019-11-20T04:34:00", "2019-11-19T23:34:00-05:00")
    assert not pages.matches_datePublished("2019-11-21", "2019-11-19")
    assert not pages.matches_datePublished("2019-11-17T23:00:00Z", "2019-11-19")


def test_date_both_offsets_must_be_the_same_day():
    gold = "2019-11-19T23:34:00-05:00"
    assert pages.matches_datePublished("2019-11-20T04:34:00Z", gold)  # the same instant
    assert pages.matches_datePublished("2019-11-19T08:00:00-05:00", gold)
    assert not pages.matches_datePublished("2019-11-20T23:34:00-05:00", gold)  # one day off: no slack
    assert not pages.matches_datePublished("2019-11-18T23:34:00-05:00", gold)


def test_date_alternatives_and_missing():
    assert pages.matches_datePublished("2020-01-21", "2020-01-25", ["2020-01-21T07:00:00"])
    assert not pages.matches_datePublished(None, "2020-01-25")
    assert not pages.matches_datePublished("not a date", "2020-01-25")
    assert not pages.matches_datePublished("0001-01-01", "2020-01-25")


# ---------------------------------------------------------------- publisher, language, dateline

def test_publisher():
    assert pages.matches_publisher("WIRED", "Wired")
    assert pages.matches_publisher("Associated Press", "Houston Chronicle", ["Associated Press", "Chron"])
    assert not pages.matches_publisher("chron.com", "Houston Chronicle", ["Associated Press", "Chron"])
    assert not pages.matches_publisher(None, "Houston Chronicle")


def test_language_primary_subtag():
    assert pages.matches_language("en-GB", "en")
    assert pages.matches_language("EN", "en")
    assert pages.matches_language("pt_BR", "pt")
    assert not pages.matches_language(None, "en")
    assert not pages.matches_language("de", "en")


def test_dateline():
    assert pages.matches_dateline("HANOI, Vietnam", "HANOI, Vietnam")
    assert pages.matches_dateline("hanoi,  vietnam", "HANOI, Vietnam")
    assert not pages.matches_dateline("HANOI", "HANOI, Vietnam")


def test_null_dateline_matches_only_absent():
    assert pages.matches_dateline(None, None)
    assert pages.matches_dateline("", None)
    assert not pages.matches_dateline("WASHINGTON", None)
    assert not pages.matches_dateline(None, "WASHINGTON")


def test_field_matches_uses_the_alternatives_of_the_ground_truth():
    meta = {"headline": "H", "headline_alt": ["Alt H"], "authors": ["A B"], "author_alt": None,
            "datePublished": "2020-01-01", "date_alt": None, "publisher": "P", "publisher_alt": ["Q"],
            "language": "en", "dateline": None}
    got = {"headline": "Alt H | Site", "authors": ["a b"], "datePublished": "2019-12-31",
           "publisher": "Q", "language": "en-US", "dateline": None}
    assert pages.field_matches(got, meta) == dict.fromkeys(pages.FIELDS, True)
