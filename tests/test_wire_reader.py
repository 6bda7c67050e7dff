"""The wire-story reader's rules, one behaviour per test, on small stories written here."""
from __future__ import annotations

import pytest

from pipeline.config import Config
from pipeline.errors import InputError
from pipeline.extract import extract
from pipeline.extract.headline import MAX_HEADLINE, first_sentence
from pipeline.model import Organization, Person, Place
from pipeline.sources import read_text


def article(text: str):
    return extract(read_text(text, name="story.txt", slug="story"), Config())


def test_date_line_gives_date_published_and_leaves_the_body():
    a = article(" date 2022-01-28 TOKYO -- Nissan said on Thursday it would invest.")
    assert a.date_published == "2022-01-28"
    assert "2022" not in a.body


def test_date_line_with_time_and_zone_is_kept_whole():
    a = article("date 2022-01-28T09:30:00+09:00 TOKYO -- Nissan said on Thursday it would invest.")
    assert a.date_published == "2022-01-28T09:30:00+09:00"


@pytest.mark.parametrize(
    ("lead", "dateline", "place", "region"),
    [
        ("TOKYO -- The alliance said", "TOKYO", "Tokyo", None),
        ("PARIS, France -- The alliance said", "PARIS, France", "Paris", "France"),
        ("BERLIN (AP) — The alliance said", "BERLIN", "Berlin", None),
        ("HANOI, Vietnam (AP) – The alliance said", "HANOI, Vietnam", "Hanoi", "Vietnam"),
        ("Dekalb, Ill. — The alliance said", "Dekalb, Ill.", "Dekalb", "Ill."),
        ("BUENOS AIRES, Feb 26 - The alliance said", "BUENOS AIRES", "Buenos Aires", None),
        ("Rio de Janeiro (Reuters) - The alliance said", "Rio de Janeiro", "Rio de Janeiro", None),
    ],
)
def test_dateline_styles_give_dateline_and_location(lead, dateline, place, region):
    a = article(f"date 2022-01-28 {lead} it would invest.")
    assert a.dateline == dateline
    assert a.location == Place(place, Place(region) if region else None)
    assert a.body.startswith("The alliance said")


@pytest.mark.parametrize("lead", ["Tesla - the carmaker - said it would invest.", "The alliance, which grew - fast - said so."])
def test_sentence_with_a_dash_is_not_a_dateline(lead):
    a = article(f"date 2022-01-28 {lead}")
    assert a.dateline is None
    assert a.body == lead


@pytest.mark.parametrize(
    ("lead", "place", "agency"),
    [
        ("新华社北京1月28日电 记者28日获悉，", "北京", [Organization("新华社")]),
        ("中新社华盛顿1月28日电　记者28日获悉，", "华盛顿", [Organization("中新社")]),
        ("本报上海1月28日电 记者28日获悉，", "上海", []),  # "this paper": the publisher's own dispatch
    ],
)
def test_chinese_wire_dateline_gives_place_agency_and_day(lead, place, agency):
    a = article(f"date 2022-01-28 {lead}相关部门持续保障临床用药需求。")
    assert (a.dateline, a.location, a.source_organizations) == (place, Place(place), agency)
    assert a.body.startswith("记者28日获悉")


def test_chinese_text_without_a_dispatch_has_no_dateline():
    a = article("date 2022-01-28 北京是中国的首都，1月28日天气晴。")
    assert a.dateline is None


def test_agency_in_dateline_becomes_source_organization():
    a = article("date 2022-01-28 BERLIN (AP) — The alliance said it would invest.")
    assert a.source_organizations == [Organization("AP")]


def test_video_boilerplate_becomes_associated_media_not_body():
    a = article("date 2022-01-28 TOKYO -- One.\n\n[Video not showing up above? Click here to watch » arkansasonline.com/128nissan/]\n\nTwo.")
    assert [(m.kind, m.url) for m in a.media] == [("VideoObject", "https://arkansasonline.com/128nissan/")]
    assert "Video" not in a.body and a.body == "One.\n\nTwo."


def test_bracketed_editor_note_without_link_stays_in_body():
    a = article("date 2022-01-28 TOKYO -- One.\n\n[This story has been corrected.]")
    assert "[This story has been corrected.]" in a.body


def test_contributed_credit_line_gives_contributors_with_affiliation_and_source():
    a = article("date 2022-01-28 TOKYO -- One.\n\nInformation for this article was contributed by Yuri Kageyama "
                "of The Associated Press and by Stefan Nicola of Bloomberg News (WPNS).")
    assert a.contributors == [Person("Yuri Kageyama", Organization("The Associated Press")),
                              Person("Stefan Nicola", Organization("Bloomberg News"))]
    assert a.source_organizations == [Organization("WPNS")]
    assert a.body == "One."


def test_reuters_reporting_and_editing_credits_give_author_and_editor():
    a = article("date 2019-11-18 WASHINGTON (Reuters) - One.\n\n(Reporting by Will Dunham; Editing by Tom Brown)")
    assert a.authors == [Person("Will Dunham")]
    assert a.editors == [Person("Tom Brown")]
    assert a.body == "One."


def test_contributing_line_gives_contributor():
    a = article("date 2019-11-19 WASHINGTON – One.\n\nContributing: Kristine Phillips")
    assert a.contributors == [Person("Kristine Phillips")]


def test_copyright_line_leaves_the_body():
    a = article("date 2019-11-19 HONOLULU -- One.\n\nCopyright 2019 Hawaii News Now. All rights reserved.")
    assert a.body == "One."


def test_reuters_layout_gives_headline_byline_paragraphs_and_sign_off():
    a = article(
        "QUEBECOR HEAD SEES NEW VENTURES\n"
        "    By Jane Arraf, Reuters\n"
        "    MONTREAL, Feb 26 - Quebecor Inc is likely to launch a new\n"
        "daily newspaper, president Pierre Peladeau said.\n"
        "    The company will also build a mill.\n"
        " Reuter\n"
    )
    assert a.headline == "QUEBECOR HEAD SEES NEW VENTURES"
    assert a.authors == [Person("Jane Arraf", Organization("Reuters"))]
    assert a.dateline == "MONTREAL"
    assert a.body == ("Quebecor Inc is likely to launch a new daily newspaper, president Pierre Peladeau said."
                      "\n\nThe company will also build a mill.")
    assert Organization("Reuters") in a.source_organizations


def test_headline_with_a_dash_is_a_headline_when_the_dateline_follows():
    a = article("ARGENTINA COULD SUSPEND DEBT PAYMENTS - DEPUTY\n    BUENOS AIRES, Feb 26 - Argentina could suspend.")
    assert a.headline == "ARGENTINA COULD SUSPEND DEBT PAYMENTS - DEPUTY"
    assert a.dateline == "BUENOS AIRES"


def test_dateline_without_year_and_no_date_is_a_violation_notice():
    a = article("BERNE, March 2 - Switzerland recorded a surplus.")
    assert a.date_published is None
    assert [(n.severity, n.path) for n in a.notices] == [("Violation", "datePublished"), ("Info", "headline")]


def test_dateline_day_that_disagrees_with_the_date_is_a_warning():
    a = article("---\ndatePublished: 1987-03-03\n---\nBERNE, March 2 - Switzerland recorded a surplus.")
    assert ("Warning", "dateline") in [(n.severity, n.path) for n in a.notices]


def test_front_matter_wins_over_derived_fields():
    a = article("---\nheadline: Given\ndatePublished: 2021-05-06\nauthor: Ann Lee and Bo Chen\nlanguage: fr\n"
                "section: Business\nimage: https://news.example.com/a.jpg\nid: https://news.example.com/a/1\n---\n"
                "date 2022-01-28 TOKYO -- Nissan said on Thursday it would invest.")
    assert (a.headline, a.date_published, a.language, a.section) == ("Given", "2021-05-06", "fr", "Business")
    assert a.authors == [Person("Ann Lee"), Person("Bo Chen")]
    assert a.id == a.url == "https://news.example.com/a/1"
    assert a.image.url == "https://news.example.com/a.jpg"


def test_missing_headline_is_derived_from_the_lead_sentence_and_reported():
    a = article("date 2022-01-28 TOKYO -- Nissan Motor Co. will invest in batteries. It said so Thursday.")
    assert a.headline == "Nissan Motor Co. will invest in batteries"
    assert ("Info", "headline") in [(n.severity, n.path) for n in a.notices]


def test_derived_headline_is_cut_at_a_word_boundary_within_the_limit():
    lead = "The French-Japanese auto alliance of Renault and Nissan plans to invest $26 billion in electric " \
           "vehicle technology over the next five years, the companies said Thursday."
    a = article(f"date 2022-01-28 TOKYO -- {lead}")
    assert len(a.headline) <= MAX_HEADLINE
    assert lead.startswith(a.headline) and lead[len(a.headline)] == " "
    assert "TOKYO" not in a.headline


def test_first_sentence_skips_abbreviations():
    assert first_sentence("Mr. Ghosn met U.S. officials. Then he left.") == "Mr. Ghosn met U.S. officials."


def test_word_count_counts_body_words():
    assert article("date 2022-01-28 TOKYO -- One two three.\n\nFour five.").word_count == 5


def test_language_defaults_to_the_configuration():
    assert article("date 2022-01-28 TOKYO -- One.").language == "en"


@pytest.mark.parametrize(("body", "words"), [("Renault and Nissan plan to invest.", 6),
                                             ("记者17日从国家卫生健康委获悉", 14),
                                             ("東京 — Nissan said 投資する.", 8), ("据了解，短缺药品。", 7)])
def test_word_count_counts_each_chinese_or_japanese_character_as_a_word(body, words):
    from pipeline.model import count_words

    assert count_words(body) == words


LINE_BREAKERS = ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"]
"""What str.splitlines() breaks lines at besides \\n and \\r."""


@pytest.mark.parametrize("char", LINE_BREAKERS)
def test_line_separator_in_a_front_matter_value_is_a_space_not_a_new_line(char):
    document = read_text(f"---\nheadline: Nissan{char}invests\nsection: Business\n---\nNissan said so.",
                         name="story.txt", slug="story")
    assert document.meta == {"headline": "Nissan invests", "section": "Business"}


def test_front_matter_lines_are_numbered_by_newlines_only():
    with pytest.raises(InputError, match="front matter line 3: unknown key 'headlin'"):
        read_text("---\nheadline: One\u2028section: Two\nheadlin: Three\n---\nNissan said so.", name="story.txt", slug="story")


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c"])
def test_line_separator_in_the_body_is_kept(char):
    document = read_text(f"TOKYO -- Nissan said{char}it would invest.".encode(), name="story.txt", slug="story")
    assert document.text == f"TOKYO -- Nissan said{char}it would invest."


@pytest.mark.parametrize("char", ["\x1c", "\x1d", "\x1e", "\x1f"])
def test_information_separator_in_the_body_keeps_the_words_apart(char):
    document = read_text(f"TOKYO -- Nissan said{char}it would invest.".encode(), name="story.txt", slug="story")
    assert document.text == "TOKYO -- Nissan said it would invest."


def test_character_references_in_a_byline_do_not_split_it():
    a = article("By Jos&eacute; Mart&#237;nez &amp; Ann Lee, Reuters\n\nTOKYO, Jan 28 - Nissan said on Thursday.")
    assert a.authors == [Person("José Martínez", Organization("Reuters")), Person("Ann Lee", Organization("Reuters"))]


def test_character_references_in_a_front_matter_author_do_not_split_it():
    a = article("---\nauthor: Jos&eacute; Mart&iacute;nez; Ann Lee\n---\ndate 2022-01-28 TOKYO -- Nissan said so.")
    assert a.authors == [Person("José Martínez"), Person("Ann Lee")]
